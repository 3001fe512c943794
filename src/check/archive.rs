//! Archive rescue: links that look rotten are offered a snapshot from a
//! Wayback-compatible availability API, as InternetArchiveBot does.
//!
//! A link is asked about when its status is `dead`, `soft_404`,
//! `unreachable` or `timeout` (see [`LinkStatus::wants_snapshot`](super::LinkStatus::wants_snapshot)), once per distinct
//! URL per run: `GET {endpoint}?url={url}`, with `&timestamp=YYYYMMDD` when
//! the article says when the source was seen (`access-date=`), or else when
//! the cache first saw it working, so that the snapshot closest to what the
//! editor read is offered. A URL every
//! citation of which already gives an archived copy (`archive-url=`) is not
//! asked about: the article's copy stands. A snapshot whose recorded status
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
use super::options::CheckOptions;
use super::status::Verdict;

/// The public Wayback Machine availability API.
pub const DEFAULT_ENDPOINT: &str = super::options::DEFAULT_ARCHIVE_ENDPOINT;

/// The archive, as warnings name it.
pub const ARCHIVE: Named = Named {
    service: "the web archive",
    fields: "archive_url",
    flag: "archive-endpoint",
    off: "archive",
};

/// What the article says that helps the archive: when each URL was seen
/// (the earliest `access-date`), and which URLs the article already gives
/// an archived copy of everywhere it cites them.
#[derive(Debug, Default)]
pub(crate) struct Hints {
    /// `YYYYMMDD` by URL.
    seen: HashMap<Url, String>,
    /// Whether every citation of the URL gives an archived copy.
    archived: HashMap<Url, bool>,
}

impl Hints {
    /// Takes in one citation of `url`, known to be seen on `seen` when
    /// that is known: the citation's access-date, else `seen`, is when the
    /// URL was seen.
    pub(crate) fn note(
        &mut self,
        url: &Url,
        citation: Option<&crate::article::CitedSource>,
        seen: Option<&str>,
    ) {
        let archived = citation.is_some_and(|c| c.archive_url.is_some());
        let all = self.archived.entry(url.clone()).or_insert(true);
        *all = *all && archived;
        if let Some(date) = citation
            .and_then(|c| c.access_date.as_deref())
            .or(seen)
            .and_then(timestamp)
        {
            let earliest = self.seen.entry(url.clone()).or_insert_with(|| date.clone());
            if date < *earliest {
                *earliest = date;
            }
        }
    }

    /// Whether the article says when `url` was seen.
    pub(crate) fn dated(&self, url: &Url) -> bool {
        self.seen.contains_key(url)
    }

    /// When the cache first saw `url` working: the date asked for when the
    /// article gives none.
    pub(crate) fn seen_working(&mut self, url: &Url, at: chrono::DateTime<chrono::Utc>) {
        self.seen
            .entry(url.clone())
            .or_insert_with(|| at.format("%Y%m%d").to_string());
    }

    fn article_has_copy(&self, url: &Url) -> bool {
        self.archived.get(url).copied().unwrap_or(false)
    }
}

/// A date as editors write it (`11 January 2015`, `January 11, 2015`,
/// `2015-01-11`, `May 2010`, `2015年1月11日`) as the archive's `YYYYMMDD`; a
/// missing day or month counts as the first.
#[must_use]
pub fn timestamp(date: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut numbers: Vec<u32> = Vec::new();
    let mut month_word = None;
    let mut token = String::new();
    for c in date.chars().chain(std::iter::once(' ')) {
        // A token is a run of digits or a run of letters (`1月` is two).
        let same_kind = token
            .bytes()
            .next()
            .is_none_or(|t| t.is_ascii_digit() == c.is_ascii_digit());
        if c.is_ascii_alphanumeric() && same_kind {
            token.push(c);
            continue;
        }
        if !token.is_empty() {
            if let Ok(n) = token.parse::<u32>() {
                numbers.push(n);
            } else {
                let lower = token.to_ascii_lowercase();
                if let Some(m) = MONTHS.iter().position(|m| lower.starts_with(m)) {
                    month_word = Some(u32::try_from(m).unwrap_or(0) + 1);
                }
            }
            token.clear();
        }
        if c.is_ascii_alphanumeric() {
            token.push(c);
        }
    }
    let year_at = numbers.iter().position(|&n| (1900..=2100).contains(&n))?;
    let year = numbers.remove(year_at);
    let (month, day) = match month_word {
        Some(month) => (
            month,
            numbers
                .first()
                .copied()
                .filter(|d| (1..=31).contains(d))
                .unwrap_or(1),
        ),
        // Year first (ISO, CJK): month, then day.
        None if year_at == 0 => (
            numbers
                .first()
                .copied()
                .filter(|m| (1..=12).contains(m))
                .unwrap_or(1),
            numbers
                .get(1)
                .copied()
                .filter(|d| (1..=31).contains(d))
                .unwrap_or(1),
        ),
        None => return None,
    };
    Some(format!("{year:04}{month:02}{day:02}"))
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
    hints: &Hints,
) -> Rescued {
    let wanted: Vec<Url> = verdicts
        .iter()
        .filter(|(url, v)| {
            v.status.wants_snapshot()
                && v.archive_url.is_none()
                && !already_answered.contains(*url)
                && !hints.article_has_copy(url)
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
        let seen = hints.seen.get(url).map(String::as_str);
        async move {
            service
                .get_json(&availability_query(endpoint, url, seen))
                .await
        }
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

/// `{endpoint}?url={url}[&timestamp=YYYYMMDD]`, keeping any query the
/// endpoint already has.
fn availability_query(endpoint: &Url, url: &Url, seen: Option<&str>) -> Url {
    let mut query = endpoint.clone();
    query.query_pairs_mut().append_pair("url", url.as_str());
    if let Some(seen) = seen {
        query.query_pairs_mut().append_pair("timestamp", seen);
    }
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
    use crate::check::LinkStatus;
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
        let query = availability_query(&endpoint(), &url, None);
        let asked: Vec<_> = query.query_pairs().collect();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].1, url.as_str());
    }

    #[test]
    fn access_dates_become_archive_timestamps() {
        assert_eq!(timestamp("11 January 2015").as_deref(), Some("20150111"));
        assert_eq!(timestamp("January 11, 2015").as_deref(), Some("20150111"));
        assert_eq!(timestamp("2015-01-11").as_deref(), Some("20150111"));
        assert_eq!(timestamp("May 2010").as_deref(), Some("20100501"));
        assert_eq!(timestamp("2015年1月11日").as_deref(), Some("20150111"));
        assert_eq!(timestamp("someday"), None);
    }

    #[test]
    fn only_rotten_looking_links_want_a_snapshot() {
        let wanted: Vec<_> = LinkStatus::ALL
            .into_iter()
            .filter(|s| s.wants_snapshot())
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
