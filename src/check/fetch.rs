//! Fetching one URL: the request, its redirects followed by hand, retries of
//! transient failures, and a bounded read of the page's head.
//!
//! Politeness is enforced per request: a request first takes a slot of its
//! host (at most `max_per_host` in flight, at least `min_interval` apart),
//! then a slot of the run (`max_concurrency`). Taking the host slot first
//! means that links waiting for a busy host never hold a run slot that
//! another host could use.

use std::collections::{HashMap, HashSet};
use std::error::Error as _;
use std::io;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{Response, StatusCode};
use tokio::sync::Semaphore;
use tokio::time::{sleep, sleep_until, timeout_at, Instant};
use url::{Host, Url};

use super::dns::{GuardedResolve, ResolveError, Resolver};
use super::soft404::{self, ErrorPage, HEAD_BYTES};
use super::{guard, retry, CheckOptions};

/// Redirects followed before giving up.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// The User-Agent sent with every request.
pub(crate) const USER_AGENT: &str = concat!(
    "citecheck/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/citecheck/citecheck)"
);

/// What the server answered to one request (after its retries).
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The HTTP status.
    pub(crate) status: StatusCode,
    /// The `Location` header, as sent.
    pub(crate) location: Option<String>,
    /// How long the server asked us to wait, if it did.
    pub(crate) retry_after: Option<Duration>,
    /// Whether the page's title or heading says it is an error page.
    pub(crate) error_page: Option<ErrorPage>,
}

/// Why a request got no answer, or why following it stopped.
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    /// No answer within the timeout.
    Timeout,
    /// The connection was refused, reset or closed before the answer; the
    /// reason in words.
    Connect(String),
    /// The host name did not resolve.
    Dns(ResolveError),
    /// The TLS handshake failed; the reason in words.
    Tls(String),
    /// The host is, or resolves to, a private address and the run does not
    /// allow those.
    Private {
        /// The host as written in the URL.
        host: String,
        /// The address.
        ip: IpAddr,
    },
    /// A redirect led back to a URL already visited.
    RedirectLoop(Url),
    /// More redirects than [`MAX_REDIRECTS`].
    TooManyRedirects,
    /// A redirect whose `Location` is not a usable URL.
    BadRedirect(String),
    /// A redirect to a scheme other than http(s).
    UnsupportedRedirect(Url),
    /// Anything else the HTTP client reported.
    Other(String),
}

/// One redirect followed.
#[derive(Debug, Clone)]
pub(crate) struct Hop {
    /// The redirect's status (301, 302, 303, 307 or 308).
    pub(crate) status: StatusCode,
    /// Where it pointed.
    pub(crate) to: Url,
}

/// Everything fetching one URL found.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// Redirects followed, in order.
    pub(crate) hops: Vec<Hop>,
    /// The last URL requested.
    pub(crate) final_url: Url,
    /// Attempts made for the last URL (1 when it was not retried).
    pub(crate) attempts: u32,
    /// The last answer, or why there was none.
    pub(crate) result: Result<Answer, Failure>,
}

/// Why the HTTP client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the HTTP client: {0}")]
pub(crate) struct ClientError(#[from] reqwest::Error);

/// The slots of one host: how many requests may be in flight to it, and
/// when the next may start.
#[derive(Debug)]
pub(crate) struct HostSlot {
    /// One permit per request in flight.
    pub(crate) permits: Semaphore,
    /// The earliest time the next request may start, when a minimum interval
    /// is set.
    next_start: Mutex<Option<Instant>>,
}

/// Fetches URLs with one shared client, within the run's limits.
#[derive(Debug)]
pub(crate) struct Fetcher {
    client: reqwest::Client,
    options: CheckOptions,
    global: Semaphore,
    hosts: HostSlots,
}

/// The slots of every host one client talks to, made on first use.
#[derive(Debug, Default)]
pub(crate) struct HostSlots(Mutex<HashMap<String, Arc<HostSlot>>>);

impl HostSlots {
    /// The slot of `host`; `permits` (at least 1) requests may be in flight
    /// to it at once.
    pub(crate) fn get(&self, host: &str, permits: usize) -> Arc<HostSlot> {
        let mut hosts = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(hosts.entry(host.to_owned()).or_insert_with(|| {
            Arc::new(HostSlot {
                permits: Semaphore::new(permits.max(1)),
                next_start: Mutex::new(None),
            })
        }))
    }
}

impl Fetcher {
    /// A fetcher whose client resolves names through `resolver`.
    pub(crate) fn new(
        options: &CheckOptions,
        resolver: Arc<Resolver>,
    ) -> Result<Self, ClientError> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(default_headers())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.timeout)
            .pool_max_idle_per_host(options.max_per_host)
            // A proxy would connect on our behalf and bypass the
            // private-address guard.
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolve(resolver)))
            .build()?;
        Ok(Self {
            client,
            options: options.clone(),
            global: Semaphore::new(options.max_concurrency.max(1)),
            hosts: HostSlots::default(),
        })
    }

    /// Fetches `url`, following redirects by hand.
    pub(crate) async fn fetch(&self, url: &Url) -> Outcome {
        let mut hops = Vec::new();
        let mut visited = HashSet::from([url.clone()]);
        let mut current = url.clone();
        loop {
            let (result, attempts) = self.request_with_retries(&current).await;
            let stop = |result| Outcome {
                hops: hops.clone(),
                final_url: current.clone(),
                attempts,
                result,
            };
            let answer = match result {
                Ok(answer) if is_followed_redirect(answer.status) => answer,
                other => return stop(other),
            };
            // A redirect without a Location is judged as the answer it is.
            let Some(location) = answer.location.clone() else {
                return stop(Ok(answer));
            };
            let mut next = match current.join(&location) {
                Ok(next) => next,
                Err(e) => return stop(Err(Failure::BadRedirect(format!("{location} ({e})")))),
            };
            // The fragment never reaches the server; `#a` and `#b` are one page.
            next.set_fragment(None);
            let status = answer.status;
            let result = if !matches!(next.scheme(), "http" | "https") {
                Some(Failure::UnsupportedRedirect(next.clone()))
            } else if !visited.insert(next.clone()) {
                Some(Failure::RedirectLoop(next.clone()))
            } else if hops.len() >= MAX_REDIRECTS {
                Some(Failure::TooManyRedirects)
            } else {
                None
            };
            hops.push(Hop {
                status,
                to: next.clone(),
            });
            if let Some(failure) = result {
                return Outcome {
                    hops,
                    final_url: next,
                    attempts,
                    result: Err(failure),
                };
            }
            current = next;
        }
    }

    /// One URL, tried again after transient failures. Returns the last result
    /// and the number of attempts.
    async fn request_with_retries(&self, url: &Url) -> (Result<Answer, Failure>, u32) {
        let mut retries = 0;
        loop {
            let result = self.request(url).await;
            let wait = match &result {
                Ok(answer) if retry::should_retry_status(answer.status) => answer
                    .retry_after
                    .unwrap_or_else(|| retry::backoff(self.options.retry_base, retries)),
                Err(failure) if failure.should_retry() => {
                    retry::backoff(self.options.retry_base, retries)
                }
                _ => return (result, retries + 1),
            };
            // A server asking for a longer pause than we allow is not asked
            // again early: that would only prolong the refusal.
            if retries >= self.options.retries || wait > self.options.retry_after_cap {
                return (result, retries + 1);
            }
            sleep(wait).await;
            retries += 1;
        }
    }

    /// One request within the host's and the run's limits.
    async fn request(&self, url: &Url) -> Result<Answer, Failure> {
        if let Some(private) = self.private_literal(url) {
            return Err(private);
        }
        let slot = self.host_slot(url.host_str().unwrap_or_default());
        let closed = |_| Failure::Other("the checker was shut down".to_owned());
        let _host_permit = slot.permits.acquire().await.map_err(closed)?;
        slot.wait_turn(self.options.min_interval).await;
        let _run_permit = self.global.acquire().await.map_err(closed)?;

        let deadline = Instant::now() + self.options.timeout;
        // `Url` is sent as `url.as_str()`: already percent-encoded the way a
        // browser encodes non-ASCII paths and queries (UTF-8).
        let response = match timeout_at(deadline, self.client.get(url.clone()).send()).await {
            Err(_) => return Err(Failure::Timeout),
            Ok(Err(e)) => return Err(classify(&e, url)),
            Ok(Ok(response)) => response,
        };
        let status = response.status();
        let headers = response.headers();
        // Location may carry raw UTF-8 bytes; browsers read them as UTF-8 and
        // `Url::join` percent-encodes them.
        let location = headers
            .get(LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned());
        let retry_after = retry::retry_after(headers, SystemTime::now());
        let error_page = if status.is_success() && is_html(headers) {
            let content_type = headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let head = read_head(response, deadline).await?;
            soft404::error_page(&soft404::decode(&head, content_type.as_deref()))
        } else {
            // Dropping an unread body closes the connection instead of
            // downloading what nobody needs.
            None
        };
        Ok(Answer {
            status,
            location,
            retry_after,
            error_page,
        })
    }

    /// The guard for hosts written as IP addresses, which reqwest connects to
    /// without asking the resolver.
    fn private_literal(&self, url: &Url) -> Option<Failure> {
        if self.options.allow_private {
            return None;
        }
        let ip = match url.host()? {
            Host::Ipv4(v4) => IpAddr::V4(v4),
            Host::Ipv6(v6) => IpAddr::V6(v6),
            Host::Domain(_) => return None,
        };
        guard::is_private(ip).then(|| Failure::Private {
            host: url.host_str().unwrap_or_default().to_owned(),
            ip,
        })
    }

    fn host_slot(&self, host: &str) -> Arc<HostSlot> {
        self.hosts.get(host, self.options.max_for_host(host))
    }
}

impl HostSlot {
    /// Waits until the host's minimum interval since the previous request
    /// has passed, and books the next start.
    pub(crate) async fn wait_turn(&self, interval: Duration) {
        if interval.is_zero() {
            return;
        }
        let start = {
            let mut next = self
                .next_start
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let start = next.map_or(now, |n| n.max(now));
            *next = Some(start + interval);
            start
        };
        sleep_until(start).await;
    }
}

fn default_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    // Some servers answer 406 to a request without Accept.
    headers.insert(
        ACCEPT,
        reqwest::header::HeaderValue::from_static(
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        ),
    );
    headers
}

fn is_followed_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Whether the body may be an HTML page worth reading: declared HTML, or not
/// declared at all.
fn is_html(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).is_none_or(|v| {
        v.to_str()
            .is_ok_and(|t| t.to_ascii_lowercase().contains("html"))
    })
}

/// The first [`HEAD_BYTES`] of the decoded body at most, less when the title
/// and heading are complete sooner. Chunks are read one at a time and the
/// response is dropped at the cap, so a huge page or a compression bomb costs
/// no more memory than a small page.
async fn read_head(mut response: Response, deadline: Instant) -> Result<Vec<u8>, Failure> {
    let mut head = Vec::new();
    while head.len() < HEAD_BYTES {
        match timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                let room = HEAD_BYTES - head.len();
                head.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if soft404::head_complete(&head) {
                    break;
                }
            }
            // The deadline passed before the title arrived: the page is not
            // complete enough to judge, so this is a timeout, not an `ok`.
            // With the title in hand, judge by what arrived.
            Err(_) if !soft404::has_title(&head) => return Err(Failure::Timeout),
            // The end of the body, a broken or undecodable body: the status
            // is known, so judge by what arrived.
            _ => break,
        }
    }
    Ok(head)
}

/// Maps a client error onto a failure, reading the whole chain of causes:
/// reqwest wraps hyper, which wraps the I/O error or our resolver's error.
fn classify(error: &reqwest::Error, url: &Url) -> Failure {
    if error.is_timeout() {
        return Failure::Timeout;
    }
    let mut io_kind = None;
    let mut cause: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(err) = cause {
        if let Some(resolve) = err.downcast_ref::<ResolveError>() {
            return match resolve {
                ResolveError::Private { ip, .. } => Failure::Private {
                    host: url.host_str().unwrap_or_default().to_owned(),
                    ip: *ip,
                },
                other => Failure::Dns(other.clone()),
            };
        }
        if let Some(io) = err.downcast_ref::<io::Error>() {
            let kind = innermost_io_kind(io);
            io_kind.get_or_insert(kind);
        }
        cause = err.source();
    }
    let words = chain_text(error);
    let lower = words.to_lowercase();
    // rustls reports handshake problems as InvalidData I/O errors: a bad
    // certificate, or a server that does not speak TLS on that port.
    if url.scheme() == "https"
        && (io_kind == Some(io::ErrorKind::InvalidData)
            || lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake"))
    {
        return Failure::Tls(words);
    }
    match io_kind {
        Some(io::ErrorKind::ConnectionRefused) => Failure::Connect("connection refused".to_owned()),
        Some(io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted) => {
            Failure::Connect("the connection was reset".to_owned())
        }
        _ if lower.contains("connection closed before message completed")
            || lower.contains("incomplete") =>
        {
            Failure::Connect("the connection closed before the answer was complete".to_owned())
        }
        _ if error.is_connect() || error.is_request() || io_kind.is_some() => {
            Failure::Connect(words)
        }
        _ => Failure::Other(words),
    }
}

/// The kind of the innermost I/O error: hyper-rustls wraps the TLS error
/// (`InvalidData`) in an `Other` I/O error, and `io::Error::source` skips the
/// wrapped error, so the layers are opened with `get_ref`.
fn innermost_io_kind(io: &io::Error) -> io::ErrorKind {
    match io
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<io::Error>())
    {
        Some(inner) => innermost_io_kind(inner),
        None => io.kind(),
    }
}

/// The error and its causes, joined the way people read them.
fn chain_text(error: &reqwest::Error) -> String {
    let mut words = Vec::new();
    let mut cause: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(err) = cause {
        let text = err.to_string();
        if !words.contains(&text) {
            words.push(text);
        }
        cause = err.source();
    }
    if words.is_empty() {
        words.push(error.to_string());
    }
    words.join(": ")
}
