//! Asking the optional services — a web archive, an ISBN catalogue, a wiki
//! — for JSON over HTTP: the lookups' policy of the one request engine
//! (`client`).
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

use std::sync::Arc;

use serde_json::Value;
use thiserror::Error;
use url::Url;

pub(crate) use super::client::Answer;
use super::client::{self, read_body, Engine, Failure, Policy, Redirects};
use super::dns::{Resolver, SystemLookup};
use super::http::DNS_TIMEOUT;
use super::options::CheckOptions;
use super::retry;

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

/// Why one attempt at a service stopped short of an answer.
enum Stop {
    /// The engine's failure.
    Failed(Failure),
    /// The answer is larger than any answer of the API we expect.
    TooLarge,
}

/// A JSON API asked with the checker's manners: a policy of the one
/// request engine.
#[derive(Debug)]
pub(crate) struct Service {
    engine: Engine,
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
            options.network.allow_private,
            "application/json, text/html;q=0.9",
        )
    }

    fn build(
        options: &CheckOptions,
        allow_private: bool,
        accept: &'static str,
    ) -> Result<Self, LookupError> {
        let names = options
            .network
            .name_lookup
            .clone()
            .unwrap_or_else(|| Arc::new(SystemLookup));
        let resolver = Resolver::new(
            names,
            options.network.timeout.min(DNS_TIMEOUT),
            allow_private,
        );
        // As the checker: what it reaches, the services reach. The service's
        // host gets a slot of its own; the run's slots are the links'.
        let policy = Policy {
            redirects: Redirects::Follow,
            accept,
            allow_private,
            run_slots: false,
            give_up_when_down: true,
        };
        let engine = Engine::new(&options.network, Arc::new(resolver), policy)
            .map_err(|e| LookupError::Client(e.to_string()))?;
        Ok(Self { engine })
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
        let (result, _) = retry::with_retries(
            self.engine.network(),
            || self.request(url),
            |result, backoff| match result {
                Ok(answer) => client::wait_for_answer(answer, backoff),
                // Refused, unresolvable, a failed handshake: asking again
                // (and asking for the next URL) gives the same answer.
                Err(Stop::Failed(failure)) if !failure.host_unreachable() => {
                    failure.should_retry().then_some(backoff)
                }
                Err(_) => None,
            },
        )
        .await;
        let endpoint = endpoint_name(url);
        let failure = match result {
            Ok(answer) if !answer.status.is_success() => {
                return Err(LookupError::Status {
                    endpoint,
                    status: answer.status.as_u16(),
                })
            }
            Ok(Answer {
                cut_short: Some(reason),
                ..
            }) => Failure::Connect(reason),
            Ok(answer) => return Ok(answer),
            Err(Stop::TooLarge) => {
                return Err(LookupError::NotJson {
                    endpoint,
                    reason: format!("larger than {} MiB", MAX_ANSWER_BYTES >> 20),
                })
            }
            Err(Stop::Failed(failure)) => failure,
        };
        // A service that never answers would make every lookup wait out its
        // timeouts; one that did so after all retries, or that cannot be
        // reached at all, is not asked again in this run.
        if matches!(failure, Failure::Timeout) || failure.host_unreachable() {
            self.engine.mark_down();
        }
        Err(match failure {
            Failure::Timeout => LookupError::Timeout {
                endpoint,
                secs: self.engine.network().timeout.as_secs().max(1),
            },
            other => LookupError::Unreachable {
                endpoint,
                reason: other.to_string(),
            },
        })
    }

    /// One request within the service host's limits; the body is read
    /// whole for a 2xx answer.
    async fn request(&self, url: &Url) -> Result<Answer, Stop> {
        let timeout = self.engine.network().timeout;
        let sent = self
            .engine
            .send(url, timeout, None)
            .await
            .map_err(|(failure, _)| Stop::Failed(failure))?;
        let mut answer = sent.answer;
        if !answer.status.is_success() {
            return Ok(answer);
        }
        let body = read_body(
            sent.response,
            sent.deadline,
            MAX_ANSWER_BYTES + 1,
            &sent.slot,
        )
        .await;
        if body.timed_out {
            return Err(Stop::Failed(Failure::Timeout));
        }
        if body.cut_short.is_none() && !body.ended {
            return Err(Stop::TooLarge);
        }
        answer.cut_short = body.cut_short;
        answer.body = body.bytes;
        Ok(answer)
    }
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
