//! Asking the optional services — a web archive, an ISBN catalogue — for
//! JSON over HTTP.
//!
//! Their endpoints are set by whoever runs citecheck, never taken from an
//! article, so they are not subject to the private-address guard: a test or
//! a mirror on 127.0.0.1 works without `--allow-private`. Otherwise they get
//! the checker's manners: its User-Agent, its per-host limit and minimum
//! interval (the service's host gets a slot of its own, and `[hosts]` in the
//! configuration applies to it), and retries of rate limits, 5xx answers and
//! timeouts.
//!
//! A service that fails never changes a verdict or an ISBN's validity: the
//! caller leaves its field null and reports one [`LookupFailure`] for the
//! run.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT};
use serde_json::Value;
use thiserror::Error;
use tokio::time::{sleep, timeout_at, Instant};
use url::Url;

use super::client::{self, Redirects};
use super::dns::{Resolver, SystemLookup};
use super::fetch::{HostSlots, MAX_REDIRECTS};
use super::http::DNS_TIMEOUT;
use super::{retry, CheckOptions};

/// The largest answer read from a service. A wiki page's HTML runs to a few
/// MiB and a batch of 50 Open Library records is well under one; anything
/// far larger is not the API we expect.
const MAX_ANSWER_BYTES: usize = 16 << 20;

/// Why one request to a service gave no usable answer.
#[derive(Debug, Clone, Error)]
pub enum LookupError {
    /// No complete answer within the run's timeout.
    #[error("{endpoint}: no complete answer within {secs} s")]
    Timeout {
        /// The service's endpoint.
        endpoint: String,
        /// The time allowed, in seconds.
        secs: u64,
    },
    /// The service could not be reached: a name that does not resolve, a
    /// refused connection, a TLS failure.
    #[error("{endpoint}: cannot reach the service: {reason}")]
    Unreachable {
        /// The service's endpoint.
        endpoint: String,
        /// The client's words.
        reason: String,
    },
    /// The service answered with an error status.
    #[error("{endpoint}: the service answered HTTP {status}")]
    Status {
        /// The service's endpoint.
        endpoint: String,
        /// The HTTP status.
        status: u16,
    },
    /// The answer was not the JSON the API sends.
    #[error("{endpoint}: the answer is not the expected JSON ({reason})")]
    NotJson {
        /// The service's endpoint.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be started.
    #[error("cannot start the HTTP client: {0}")]
    Client(String),
}

/// An optional service as warnings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    /// The service, in words ("the web archive").
    pub service: &'static str,
    /// The report fields it fills.
    pub fields: &'static str,
    /// The option naming its endpoint, without dashes.
    pub flag: &'static str,
    /// The option turning it off, without `--no-`.
    pub off: &'static str,
}

/// What went wrong with one optional service in one run. Nothing in the
/// report was changed because of it; the fields it would have filled are
/// null.
#[derive(Debug, Clone, Error)]
#[error(
    "{}: {failed} of {asked} lookups failed, the first with {first}; \
     {} left null (check --{} or turn the lookup off with --no-{})",
    about.service, about.fields, about.flag, about.off
)]
pub struct LookupFailure {
    /// The service.
    pub about: Named,
    /// Requests that were to be made.
    pub asked: usize,
    /// Of those, the ones that failed.
    pub failed: usize,
    /// The first failure.
    pub first: LookupError,
}

/// One request's failure, and whether asking again may help.
struct Failed {
    error: LookupError,
    /// Whether asking again may give another answer.
    transient: bool,
    /// How long the service asked us to wait first, if it did.
    retry_after: Option<Duration>,
}

/// A JSON API asked with the checker's manners.
#[derive(Debug)]
pub(crate) struct Service {
    client: reqwest::Client,
    options: CheckOptions,
    slots: HostSlots,
    /// Set when the service could not be reached at all: the rest of the run
    /// does not ask it again, rather than wait out every request.
    down: AtomicBool,
}

impl Service {
    /// A client for operator-configured services.
    pub(crate) fn new(options: &CheckOptions) -> Result<Self, LookupError> {
        // `allow_private: true`: the endpoint is configured, not cited.
        Self::build(options, true, "application/json")
    }

    /// A client for addresses a user named as input (a wiki page): the
    /// private-address guard applies as for cited links.
    pub(crate) fn for_input(options: &CheckOptions) -> Result<Self, LookupError> {
        Self::build(
            options,
            options.allow_private,
            "application/json, text/html;q=0.9",
        )
    }

    fn build(
        options: &CheckOptions,
        allow_private: bool,
        accept: &'static str,
    ) -> Result<Self, LookupError> {
        let names = options
            .name_lookup
            .clone()
            .unwrap_or_else(|| Arc::new(SystemLookup));
        let resolver = Resolver::new(names, options.timeout.min(DNS_TIMEOUT), allow_private);
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        // As the checker: what it reaches, the services reach.
        let client = client::build(
            options,
            Arc::new(resolver),
            headers,
            Redirects::Follow(MAX_REDIRECTS),
        )
        .map_err(|e| LookupError::Client(e.to_string()))?;
        Ok(Self {
            client,
            options: options.clone(),
            slots: HostSlots::default(),
            down: AtomicBool::new(false),
        })
    }

    /// The JSON answer to `GET url`, asking again after transient failures.
    pub(crate) async fn get_json(&self, url: &Url) -> Result<Value, LookupError> {
        let answer = self.get(url).await?;
        serde_json::from_slice(&answer.body).map_err(|e| LookupError::NotJson {
            endpoint: endpoint_name(url),
            reason: e.to_string(),
        })
    }

    /// The answer to `GET url` (body and headers), asking again after
    /// transient failures.
    pub(crate) async fn get(&self, url: &Url) -> Result<Answer, LookupError> {
        let mut retries = 0;
        loop {
            let failed = match self.request(url).await {
                Ok(answer) => return Ok(answer),
                Err(failed) => failed,
            };
            let wait = failed
                .retry_after
                .unwrap_or_else(|| retry::backoff(self.options.retry_base, retries));
            // A service asking for a longer pause than we allow is not asked
            // again early.
            if !failed.transient
                || retries >= self.options.retries
                || wait > self.options.retry_after_cap
            {
                // A service that never answers would make every lookup wait
                // out its timeouts; one that did so after all retries is
                // not asked again in this run.
                if matches!(failed.error, LookupError::Timeout { .. }) {
                    self.down.store(true, Ordering::Relaxed);
                }
                return Err(failed.error);
            }
            sleep(wait).await;
            retries += 1;
        }
    }

    /// One request within the service host's limits.
    async fn request(&self, url: &Url) -> Result<Answer, Failed> {
        let endpoint = endpoint_name(url);
        let unreachable = |reason: String| Failed {
            error: LookupError::Unreachable {
                endpoint: endpoint.clone(),
                reason,
            },
            transient: false,
            retry_after: None,
        };
        let host = url.host_str().unwrap_or_default();
        let slot = self.slots.get(host, self.options.max_for_host(host));
        let _permit = slot
            .permits
            .acquire()
            .await
            .map_err(|_| unreachable("the run was shut down".to_owned()))?;
        // Checked after waiting for the slot: the requests queued behind a
        // failing one learn of its failure here.
        if self.down.load(Ordering::Relaxed) {
            return Err(unreachable(
                "it could not be reached earlier in this run".to_owned(),
            ));
        }
        slot.wait_turn(self.options.min_interval).await;
        let timed_out = || Failed {
            error: LookupError::Timeout {
                endpoint: endpoint.clone(),
                secs: self.options.timeout.as_secs().max(1),
            },
            transient: true,
            retry_after: None,
        };

        let deadline = Instant::now() + self.options.timeout;
        let mut response = match timeout_at(deadline, self.client.get(url.clone()).send()).await {
            Err(_) => return Err(timed_out()),
            Ok(Err(e)) if e.is_timeout() => return Err(timed_out()),
            Ok(Err(e)) if e.is_connect() => {
                // Refused, unresolvable, a failed handshake: asking again
                // (and asking for the next URL) gives the same answer.
                self.down.store(true, Ordering::Relaxed);
                return Err(unreachable(error_chain(&e)));
            }
            // A kept-alive connection the service closed as we reused it,
            // and the like: the request is a GET, so sending it again is safe.
            Ok(Err(e)) => {
                return Err(Failed {
                    transient: true,
                    ..unreachable(error_chain(&e))
                })
            }
            Ok(Ok(response)) => response,
        };
        let status = response.status();
        if !status.is_success() {
            return Err(Failed {
                error: LookupError::Status {
                    endpoint,
                    status: status.as_u16(),
                },
                transient: retry::should_retry_status(status),
                retry_after: retry::retry_after(response.headers(), SystemTime::now()),
            });
        }
        let not_json = |reason: String| Failed {
            error: LookupError::NotJson {
                endpoint: endpoint.clone(),
                reason,
            },
            transient: false,
            retry_after: None,
        };
        let headers = response.headers().clone();
        let mut body = Vec::new();
        loop {
            match timeout_at(deadline, response.chunk()).await {
                Err(_) => return Err(timed_out()),
                // A connection closed mid-answer: worth another try.
                Ok(Err(e)) => {
                    return Err(Failed {
                        transient: true,
                        ..unreachable(error_chain(&e))
                    })
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(chunk))) => {
                    if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                        return Err(not_json(format!(
                            "larger than {} MiB",
                            MAX_ANSWER_BYTES >> 20
                        )));
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
        Ok(Answer { body, headers })
    }
}

/// A service's answer.
#[derive(Debug)]
pub(crate) struct Answer {
    /// The body, whole.
    pub(crate) body: Vec<u8>,
    /// The response's headers.
    pub(crate) headers: HeaderMap,
}

/// Sums up the failures among `results` as one [`LookupFailure`] of
/// `about`, or `None` when all succeeded.
pub(crate) fn summarise<T>(
    results: &[Result<T, LookupError>],
    about: Named,
) -> Option<LookupFailure> {
    let mut errors = results.iter().filter_map(|r| r.as_ref().err());
    let first = errors.next()?.clone();
    Some(LookupFailure {
        about,
        asked: results.len(),
        failed: errors.count() + 1,
        first,
    })
}

/// The endpoint a request went to, without its query: what error messages
/// name.
fn endpoint_name(url: &Url) -> String {
    let mut endpoint = url.clone();
    endpoint.set_query(None);
    endpoint.set_fragment(None);
    endpoint.to_string()
}

/// The error and its causes, joined the way people read them.
fn error_chain(error: &reqwest::Error) -> String {
    let mut words = vec![error.to_string()];
    for cause in client::causes(error) {
        if !words.contains(&cause) {
            words.push(cause);
        }
    }
    words.join(": ")
}

/// Whether `url` may serve as a service endpoint: an absolute http(s) URL.
///
/// # Errors
/// The reason it may not, in words.
pub fn parse_endpoint(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("{text:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("{text:?} is not an http(s) URL"));
    }
    Ok(url)
}
