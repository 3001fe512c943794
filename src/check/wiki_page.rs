//! A wiki page named by its address (`https://en.wikipedia.org/wiki/Title`,
//! `…/w/index.php?title=Title`), fetched from that wiki's MediaWiki REST API
//! (`/w/rest.php/v1/page/{title}` for the wikitext, `…/html` for the HTML),
//! with the same client, User-Agent, timeouts, retries and private-address
//! guard as every other request of the run.

use serde_json::Value;
use thiserror::Error;
use url::Url;

use super::lookup::{LookupError, Service};
use super::options::CheckOptions;
use crate::article::{FetchedPage, Format, Revision};

/// Why a wiki page could not be had.
#[derive(Debug, Error)]
pub enum PageError {
    /// The address does not name a page (`/wiki/Title` or `?title=Title`).
    #[error("{0}: not a wiki page address (expected …/wiki/Title or …/index.php?title=Title)")]
    NotAPage(String),
    /// The wiki has no page by that title.
    #[error("{url}: no page \"{title}\" on {host} (HTTP 404 from its REST API)")]
    Missing {
        /// The address as given.
        url: String,
        /// The title asked for.
        title: String,
        /// The wiki.
        host: String,
    },
    /// The page's address is private and the run may not contact it.
    #[error("{url}: {reason}; pass --allow-private to read a page on a private address")]
    Private {
        /// The address as given.
        url: String,
        /// The guard's words.
        reason: String,
    },
    /// Anything else: the wiki could not be reached, answered an error, or
    /// sent what its API does not.
    #[error("{url}: cannot read the page: {source}")]
    Failed {
        /// The address as given.
        url: String,
        /// What went wrong.
        source: LookupError,
    },
    /// The run is offline.
    #[error("{0}: cannot fetch a wiki page in an offline run")]
    Offline(String),
}

/// Whether an input names a web address rather than a file.
#[must_use]
pub fn is_address(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The page title an address names.
fn title_of(url: &Url) -> Option<String> {
    let from_path = url.path().split_once("/wiki/").map(|(_, t)| t.to_owned());
    let title = from_path.or_else(|| {
        url.query_pairs()
            .find(|(k, _)| k == "title")
            .map(|(_, v)| v.into_owned())
    })?;
    let title = percent_encoding::percent_decode_str(&title)
        .decode_utf8_lossy()
        .replace(' ', "_");
    (!title.is_empty()).then_some(title)
}

/// The REST API address for a page's wikitext or HTML.
fn api_address(url: &Url, title: &str, format: Format) -> Url {
    let mut api = url.clone();
    api.set_query(None);
    api.set_fragment(None);
    let encoded: String =
        percent_encoding::utf8_percent_encode(title, percent_encoding::NON_ALPHANUMERIC).collect();
    let tail = if format == Format::Html { "/html" } else { "" };
    api.set_path(&format!("/w/rest.php/v1/page/{encoded}{tail}"));
    api
}

/// Fetches the page an address names, as wikitext or as HTML.
///
/// # Errors
/// A [`PageError`] naming the address and the cause.
pub async fn fetch(
    address: &str,
    format: Format,
    options: &CheckOptions,
) -> Result<FetchedPage, PageError> {
    if options.offline {
        return Err(PageError::Offline(address.to_owned()));
    }
    let url = Url::parse(address).map_err(|_| PageError::NotAPage(address.to_owned()))?;
    let title = title_of(&url).ok_or_else(|| PageError::NotAPage(address.to_owned()))?;
    let failed = |source: LookupError| match source {
        LookupError::Status { status: 404, .. } => PageError::Missing {
            url: address.to_owned(),
            title: title.replace('_', " "),
            host: url.host_str().unwrap_or("").to_owned(),
        },
        LookupError::Unreachable { reason, .. } if reason.contains("private") => {
            PageError::Private {
                url: address.to_owned(),
                reason,
            }
        }
        source => PageError::Failed {
            url: address.to_owned(),
            source,
        },
    };
    // An address written as an IP never reaches the resolver's guard.
    let literal = match url.host() {
        Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
        _ => None,
    };
    if let Some(ip) =
        literal.filter(|ip| super::guard::is_private(*ip) && !options.network.allow_private)
    {
        return Err(PageError::Private {
            url: address.to_owned(),
            reason: format!("{ip} is a private address"),
        });
    }
    let service = Service::for_input(options).map_err(failed)?;
    let api = api_address(&url, &title, format);
    let answer = service.get(&api).await.map_err(failed)?;
    let not_api = |reason: &str| {
        failed(LookupError::NotJson {
            endpoint: api.to_string(),
            reason: reason.to_owned(),
        })
    };
    if format == Format::Html {
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        // The REST API names the revision in the ETag: `W/"123/…"`.
        let header = |name: &str| {
            answer
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let id = header("etag").and_then(|tag| {
            tag.trim_start_matches("W/")
                .trim_matches('"')
                .split('/')
                .next()
                .and_then(|id| id.parse().ok())
        });
        return Ok(FetchedPage {
            title: title.replace('_', " "),
            format,
            text,
            revision: Revision {
                url: address.to_owned(),
                id,
                timestamp: header("last-modified"),
            },
        });
    }
    let json: Value = serde_json::from_slice(&answer.body).map_err(|e| not_api(&e.to_string()))?;
    let source = json
        .get("source")
        .and_then(Value::as_str)
        .ok_or_else(|| not_api("no \"source\" field"))?;
    let latest = json.get("latest");
    Ok(FetchedPage {
        title: json
            .get("title")
            .and_then(Value::as_str)
            .map_or_else(|| title.replace('_', " "), str::to_owned),
        format,
        text: source.to_owned(),
        revision: Revision {
            url: address.to_owned(),
            id: latest.and_then(|l| l.get("id")).and_then(Value::as_u64),
            timestamp: latest
                .and_then(|l| l.get("timestamp"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_both_address_forms() {
        let url = Url::parse("https://en.wikipedia.org/wiki/Ibn_al-Haytham").unwrap();
        assert_eq!(title_of(&url).as_deref(), Some("Ibn_al-Haytham"));
        let url = Url::parse("https://wiki.example/w/index.php?title=A%20B&oldid=1").unwrap();
        assert_eq!(title_of(&url).as_deref(), Some("A_B"));
        let url = Url::parse("https://zh.wikipedia.org/wiki/%E5%BE%B7").unwrap();
        assert_eq!(title_of(&url).as_deref(), Some("德"));
        assert_eq!(
            title_of(&Url::parse("https://example.com/x").unwrap()),
            None
        );
    }

    #[test]
    fn the_api_address_keeps_the_site() {
        let url = Url::parse("http://127.0.0.1:8080/wiki/A/B?x=1").unwrap();
        assert_eq!(
            api_address(&url, "A/B", Format::Wikitext).as_str(),
            "http://127.0.0.1:8080/w/rest.php/v1/page/A%2FB"
        );
        assert!(api_address(&url, "A", Format::Html)
            .as_str()
            .ends_with("/page/A/html"));
    }
}
