//! The DOI registries: whether a DOI is registered (the DOI handle API,
//! `GET {doi-endpoint}/api/handles/{doi}`: `responseCode` 1 registered, 100
//! not found) and, for a registered one, the work's title as Crossref gives
//! it (`GET {crossref-endpoint}/works/{doi}`, in Crossref's polite pool with
//! `--contact`). Through the one request engine, with the checker's manners.
//!
//! Each distinct DOI is asked about once per run. A bad answer (HTML for
//! JSON, a 5xx, a timeout) leaves the DOI unchecked, never unregistered; a
//! DOI Crossref does not know (DataCite, mEDRA…) is registered, with no
//! title.

use std::collections::{HashMap, HashSet};

use futures_util::stream::{self, StreamExt};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use url::Url;

use super::lookup::{summarise, LookupError, LookupFailure, Named, Service};
use super::options::CheckOptions;

pub use super::options::{DEFAULT_CROSSREF_ENDPOINT, DEFAULT_DOI_ENDPOINT};

/// The handle API, as warnings name it.
pub const REGISTRY: Named = Named {
    service: "the DOI registry",
    fields: "their dois[].registry_title and title_match (status unchecked)",
    flag: "doi-endpoint",
    off: "doi-lookup",
};

/// Crossref, as warnings name it.
pub const CROSSREF: Named = Named {
    service: "Crossref",
    fields: "dois[].registry_title",
    flag: "crossref-endpoint",
    off: "doi-lookup",
};

/// What a DOI's path segment escapes: its `/` stays.
const DOI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// What the registries said of one DOI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// Registered; `title` as Crossref gives it, if Crossref knows it.
    Registered {
        /// The work's title.
        title: Option<String>,
    },
    /// The handle API does not know it.
    Unregistered,
    /// No usable answer: why, in words.
    Unknown(String),
}

/// The registries' answers for one run.
#[derive(Debug, Default)]
pub struct Registry {
    answers: HashMap<String, Registration>,
    /// What went wrong, per service; the DOIs it left are unchecked.
    pub failures: Vec<LookupFailure>,
}

impl Registry {
    /// The answer for `doi` (lower case), `None` when it was not asked.
    #[must_use]
    pub fn answer(&self, doi: &str) -> Option<&Registration> {
        self.answers.get(doi)
    }
}

/// One DOI asked about: the handle API's answer, and Crossref's when it
/// was asked (its title is in the answer; here only whether it failed).
type Asked<'a> = (
    &'a str,
    Result<Registration, LookupError>,
    Option<Result<(), LookupError>>,
);

/// Asks about each distinct DOI once: the handle API at `registry`, then
/// Crossref at `crossref` for a registered one, with `contact` in its
/// polite pool.
pub async fn look_up<'a>(
    dois: impl IntoIterator<Item = &'a str>,
    registry: &Url,
    crossref: Option<&Url>,
    contact: Option<&str>,
    options: &CheckOptions,
) -> Registry {
    let mut seen = HashSet::new();
    let distinct: Vec<&str> = dois.into_iter().filter(|d| seen.insert(*d)).collect();
    let mut out = Registry::default();
    if distinct.is_empty() {
        return out;
    }
    let service = match Service::new(options) {
        Ok(service) => service,
        Err(e) => {
            out.failures.extend(summarise(&[Err::<(), _>(e)], REGISTRY));
            return out;
        }
    };
    let limit = options.network.max_per_host.max(1);
    let asked: Vec<Asked<'_>> = stream::iter(distinct)
        .map(|doi| {
            let service = &service;
            async move {
                let registered = handle(service, registry, doi).await;
                match registered {
                    Ok(true) => match crossref {
                        Some(crossref) => {
                            let titled = title(service, crossref, contact, doi).await;
                            let (title, failed) = match titled {
                                Ok(title) => (title, Some(Ok(()))),
                                Err(e) => (None, Some(Err(e))),
                            };
                            (doi, Ok(Registration::Registered { title }), failed)
                        }
                        None => (doi, Ok(Registration::Registered { title: None }), None),
                    },
                    Ok(false) => (doi, Ok(Registration::Unregistered), None),
                    Err(e) => (doi, Err(e), None),
                }
            }
        })
        .buffer_unordered(limit)
        .collect()
        .await;
    let registry_results: Vec<Result<(), LookupError>> = asked
        .iter()
        .map(|(_, r, _)| r.as_ref().map(|_| ()).map_err(Clone::clone))
        .collect();
    out.failures.extend(summarise(&registry_results, REGISTRY));
    let crossref_results: Vec<Result<(), LookupError>> =
        asked.iter().filter_map(|(_, _, c)| c.clone()).collect();
    out.failures.extend(summarise(&crossref_results, CROSSREF));
    for (doi, answer, _) in asked {
        let answer = answer.unwrap_or_else(|e| Registration::Unknown(e.to_string()));
        out.answers.insert(doi.to_owned(), answer);
    }
    out
}

/// Whether the handle API knows `doi`.
async fn handle(service: &Service, endpoint: &Url, doi: &str) -> Result<bool, LookupError> {
    let url = address(
        endpoint,
        &format!("api/handles/{}", utf8_percent_encode(doi, DOI_PATH)),
    )?;
    match service.get_json(&url).await {
        Ok(answer) => match answer
            .get("responseCode")
            .and_then(serde_json::Value::as_i64)
        {
            Some(1) => Ok(true),
            Some(100) => Ok(false),
            other => Err(LookupError::NotJson {
                endpoint: endpoint.to_string(),
                reason: format!("responseCode {other:?}, not 1 or 100"),
            }),
        },
        // The handle API answers a DOI it does not know with 404 (and
        // `responseCode` 100 in its body).
        Err(LookupError::Status { status: 404, .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The work's title as Crossref gives it; `None` when Crossref does not
/// know the DOI (404) or gives no title.
async fn title(
    service: &Service,
    endpoint: &Url,
    contact: Option<&str>,
    doi: &str,
) -> Result<Option<String>, LookupError> {
    let mut url = address(
        endpoint,
        &format!("works/{}", utf8_percent_encode(doi, DOI_PATH)),
    )?;
    if let Some(contact) = contact {
        url.query_pairs_mut().append_pair("mailto", contact);
    }
    match service.get_json(&url).await {
        Ok(answer) => Ok(answer
            .pointer("/message/title/0")
            .and_then(serde_json::Value::as_str)
            .map(|t| crate::article::one_line(t).into_owned())),
        Err(LookupError::Status { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `endpoint` with `path` after its own.
fn address(endpoint: &Url, path: &str) -> Result<Url, LookupError> {
    let base = endpoint.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}/{path}")).map_err(|e| LookupError::NotJson {
        endpoint: endpoint.to_string(),
        reason: e.to_string(),
    })
}
