//! Archive rescue: links that look rotten are offered a snapshot from a
//! Wayback-compatible availability API, as InternetArchiveBot does.
//!
//! A link is asked about when its status is `dead`, `soft_404`,
//! `unreachable` or `timeout` (see [`wants_snapshot`]), once per distinct
//! URL per run: `GET {endpoint}?url={url}`. A snapshot whose recorded status
//! is 2xx becomes the link's `archive_url`. The answer never changes a
//! link's status, and an archive that fails or answers nonsense leaves
//! `archive_url` null.
//!
//! The archive's answer is stored with the verdict in the cache: the
//! snapshot, and which archive answered. A cached dead verdict keeps its
//! `archive_url` and is not asked about again; one without a snapshot is not
//! asked about again by the archive that said it had none, as long as the
//! verdict is fresh. An archive that failed gave no answer and is asked
//! again on the next run.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use url::{Host, Url};

use super::lookup::{summarise, LookupFailure, Named, Service};
use super::{CheckOptions, LinkStatus, Verdict};

/// The public Wayback Machine availability API.
pub const DEFAULT_ENDPOINT: &str = "https://archive.org/wayback/available";

/// The archive, as warnings name it.
pub const ARCHIVE: Named = Named {
    service: "the web archive",
    fields: "archive_url",
    flag: "archive-endpoint",
    off: "archive",
};

/// Whether a link with `status` is worth a snapshot.
///
/// `dead` and `soft_404` are gone; `unreachable` is usually a domain that
/// lapsed or a server that was switched off. `timeout` is included too: a
/// host that never answers is a common form of link rot, and a snapshot is
/// only offered, never a reason to change the status. `blocked` and
/// `server_error` pages exist and are left alone.
#[must_use]
pub fn wants_snapshot(status: LinkStatus) -> bool {
    matches!(
        status,
        LinkStatus::Dead | LinkStatus::Soft404 | LinkStatus::Unreachable | LinkStatus::Timeout
    )
}

/// What asking the archive in one run gave.
#[derive(Debug, Default)]
pub(crate) struct Rescued {
    /// What went wrong, if anything did.
    pub(crate) failure: Option<LookupFailure>,
    /// The URLs the archive answered for, with a snapshot or without one.
    pub(crate) answered: Vec<Url>,
}

/// Asks the archive at `endpoint` about every URL in `verdicts` that wants a
/// snapshot and has none yet, except those it `already_answered`, and sets
/// `archive_url` where one was found.
pub(crate) async fn rescue(
    verdicts: &mut HashMap<Url, Verdict>,
    endpoint: &Url,
    options: &CheckOptions,
    already_answered: &HashSet<Url>,
) -> Rescued {
    let wanted: Vec<Url> = verdicts
        .iter()
        .filter(|(url, v)| {
            wants_snapshot(v.status) && v.archive_url.is_none() && !already_answered.contains(*url)
        })
        .map(|(url, _)| url.clone())
        .collect();
    if wanted.is_empty() {
        return Rescued::default();
    }
    let service = match Service::new(options) {
        Ok(service) => service,
        Err(e) => {
            return Rescued {
                failure: summarise::<()>(&[Err(e)], ARCHIVE),
                answered: Vec::new(),
            }
        }
    };
    let answers = futures_util::future::join_all(wanted.iter().map(|url| {
        let service = &service;
        async move { service.get_json(&availability_query(endpoint, url)).await }
    }))
    .await;
    let mut answered = Vec::new();
    for (url, answer) in wanted.iter().zip(&answers) {
        if let (Ok(answer), Some(verdict)) = (answer, verdicts.get_mut(url)) {
            verdict.archive_url = snapshot(answer, endpoint);
            answered.push(url.clone());
        }
    }
    Rescued {
        failure: summarise(&answers, ARCHIVE),
        answered,
    }
}

/// `{endpoint}?url={url}`, keeping any query the endpoint already has.
fn availability_query(endpoint: &Url, url: &Url) -> Url {
    let mut query = endpoint.clone();
    query.query_pairs_mut().append_pair("url", url.as_str());
    query
}

/// The snapshot an availability answer offers: the closest one, when it is
/// available, was recorded with a 2xx status and has an http(s) URL. Any
/// other shape of answer offers none.
///
/// The URL is upgraded to https when the archive serves https: archive.org
/// and its subdomains always do (the API answers with `http://` URLs), and
/// so does any host the endpoint itself is reached on over https.
#[must_use]
pub fn snapshot(answer: &Value, endpoint: &Url) -> Option<String> {
    let closest = answer.get("archived_snapshots")?.get("closest")?;
    if closest.get("available").and_then(Value::as_bool) == Some(false) {
        return None;
    }
    let status = match closest.get("status")? {
        Value::String(s) => s.trim().parse::<u16>().ok()?,
        Value::Number(n) => u16::try_from(n.as_u64()?).ok()?,
        _ => return None,
    };
    if !(200..300).contains(&status) {
        return None;
    }
    let mut url = Url::parse(closest.get("url")?.as_str()?.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    if url.scheme() == "http" && serves_https(&url, endpoint) {
        url.set_scheme("https").ok()?;
        // `http://host:80/` would otherwise become `https://host:80/`.
        if url.port() == Some(80) {
            url.set_port(None).ok()?;
        }
    }
    Some(url.to_string())
}

/// Whether the snapshot's host is known to serve https.
fn serves_https(snapshot: &Url, endpoint: &Url) -> bool {
    let Some(Host::Domain(host)) = snapshot.host() else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    host == "archive.org"
        || host.ends_with(".archive.org")
        || (endpoint.scheme() == "https" && endpoint.host_str() == Some(host.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn endpoint() -> Url {
        Url::parse(DEFAULT_ENDPOINT).unwrap()
    }

    fn closest(fields: &Value) -> Value {
        json!({"url": "example.com", "archived_snapshots": {"closest": fields}})
    }

    #[test]
    fn the_closest_available_snapshot_is_offered_over_https() {
        let answer = closest(&json!({
            "status": "200", "available": true, "timestamp": "20130919044612",
            "url": "http://web.archive.org/web/20130919044612/http://example.com/"
        }));
        assert_eq!(
            snapshot(&answer, &endpoint()).as_deref(),
            Some("https://web.archive.org/web/20130919044612/http://example.com/")
        );
    }

    #[test]
    fn snapshots_of_error_pages_or_unavailable_ones_are_not_offered() {
        for fields in [
            json!({"status": "404", "available": true, "url": "http://web.archive.org/web/1/x"}),
            json!({"status": "200", "available": false, "url": "http://web.archive.org/web/1/x"}),
            json!({"available": true, "url": "http://web.archive.org/web/1/x"}),
            json!({"status": "200", "available": true}),
            json!({"status": "200", "available": true, "url": "javascript:alert(1)"}),
            json!({"status": [], "available": true, "url": "http://web.archive.org/web/1/x"}),
        ] {
            assert_eq!(snapshot(&closest(&fields), &endpoint()), None, "{fields}");
        }
        for answer in [
            json!({}),
            json!([]),
            json!("nothing"),
            json!({"archived_snapshots": {}}),
            json!({"archived_snapshots": []}),
        ] {
            assert_eq!(snapshot(&answer, &endpoint()), None, "{answer}");
        }
    }

    #[test]
    fn other_archives_keep_their_scheme_unless_the_endpoint_is_https_on_the_same_host() {
        let fields = |url: &str| closest(&json!({"status": 200, "url": url}));
        let local = Url::parse("http://127.0.0.1:9/available").unwrap();
        assert_eq!(
            snapshot(&fields("http://127.0.0.1:9/web/1/x"), &local).as_deref(),
            Some("http://127.0.0.1:9/web/1/x")
        );
        let mirror = Url::parse("https://arquivo.example/wayback/available").unwrap();
        assert_eq!(
            snapshot(&fields("http://arquivo.example/wayback/1/x"), &mirror).as_deref(),
            Some("https://arquivo.example/wayback/1/x")
        );
    }

    #[test]
    fn the_url_asked_about_is_percent_encoded_into_the_query() {
        let url = Url::parse("https://example.com/a?b=c&d=é").unwrap();
        let query = availability_query(&endpoint(), &url);
        let asked: Vec<_> = query.query_pairs().collect();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].1, url.as_str());
    }

    #[test]
    fn only_rotten_looking_links_want_a_snapshot() {
        let wanted: Vec<_> = LinkStatus::ALL
            .into_iter()
            .filter(|s| wants_snapshot(*s))
            .collect();
        assert_eq!(
            wanted,
            [
                LinkStatus::Dead,
                LinkStatus::Soft404,
                LinkStatus::Timeout,
                LinkStatus::Unreachable
            ]
        );
    }
}
