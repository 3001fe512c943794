//! Fetching one URL: the request, its redirects followed by hand, retries of
//! transient failures, a bounded read of the page, and the one probe per site
//! that tells its error page from its real pages.
//!
//! Politeness is enforced per request: a request first takes a slot of its
//! host (at most `max_per_host` in flight, at least `min_interval` apart),
//! then a slot of the run (`max_concurrency`). Taking the host slot first
//! means that links waiting for a busy host never hold a run slot that
//! another host could use.
//!
//! Once the status line and headers have arrived the server has answered: the
//! page is then read under a reading slot of the host (again at most
//! `max_per_host`) and the request slot goes to the next link. Many servers
//! (Python's `http.server` among them) write their headers and body
//! separately with Nagle's algorithm on, so the body waits for our delayed
//! ACK (40 ms on Linux); holding the request slot through it would add those
//! 40 ms to every link of the host.
//!
//! `--timeout` bounds a whole attempt at a link, all its redirects included,
//! as reqwest's own timeout does; a retry starts the chain again.

use std::collections::{HashMap, HashSet};
use std::error::Error as _;
use std::io;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{Response, StatusCode};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{sleep, sleep_until, timeout_at, Instant};
use url::{Host, Url};

use super::client::{self, Redirects};
use super::dns::{ResolveError, Resolver};
use super::page::{self, Page};
use super::soft404::{self, ProbePage};
use super::{guard, retry, CheckOptions};

/// How much of a page is read: its title, heading and enough text to tell it
/// from the site's error page. The rest is never downloaded.
pub(crate) const PAGE_BYTES: usize = 64 * 1024;

/// How much of a page is read when a cited fragment must be found in it
/// (`--include-fragments`): anchors can be anywhere in a long page.
pub(crate) const ANCHOR_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Redirects followed before giving up.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// What the server answered to one request (after its retries).
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The HTTP status.
    pub(crate) status: StatusCode,
    /// The `Location` header, as sent.
    pub(crate) location: Option<String>,
    /// How long the server asked us to wait, if it did.
    pub(crate) retry_after: Option<Duration>,
    /// The page, for a 2xx answer that is (or may be) HTML.
    pub(crate) page: Option<Page>,
    /// Why the page stopped arriving before its end (a reset, fewer bytes
    /// than Content-Length), when it did.
    pub(crate) cut_short: Option<String>,
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
    /// The answer is not HTTP that can be read (a header block too large, a
    /// malformed status line); asking again gives the same answer.
    Protocol(String),
    /// Anything else the HTTP client reported.
    Other(String),
}

impl Failure {
    /// Whether a failure without an answer may go away if tried again.
    pub(crate) fn should_retry(&self) -> bool {
        match self {
            // A slow server may answer the next time; a timeout is also what
            // a dropped SYN looks like under packet loss.
            Self::Timeout
            // Refused: a server restarting behind a load balancer.
            // Reset or closed before the answer: hyper's IncompleteMessage is
            // raised when the connection closes mid-answer, typically a
            // keep-alive connection the server closed just as we reused it.
            // The request is a GET, so sending it again is safe.
            | Self::Connect(_) => true,
            // Lookups are cached for the run, so asking again gives the same
            // answer; TLS and policy failures are deterministic.
            Self::Dns(_)
            | Self::Tls(_)
            | Self::Private { .. }
            | Self::RedirectLoop(_)
            | Self::TooManyRedirects
            | Self::BadRedirect(_)
            | Self::UnsupportedRedirect(_)
            // A header block too large or a malformed answer is how the
            // server answers this request, every time.
            | Self::Protocol(_)
            | Self::Other(_) => false,
        }
    }
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
    /// What the final page's site answers for a made-up address, when the
    /// page needed that comparison.
    pub(crate) probe: Option<Arc<ProbePage>>,
}

/// Why the HTTP client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the HTTP client: {0}")]
pub(crate) struct ClientError(#[from] reqwest::Error);

/// The slots of one host: how many requests may be in flight to it, how
/// many pages may be read from it at once, and when the next request may
/// start.
#[derive(Debug)]
pub(crate) struct HostSlot {
    /// One permit per request in flight.
    pub(crate) permits: Arc<Semaphore>,
    /// One permit per page being read after its headers arrived.
    reading: Semaphore,
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
    /// The answer of each site (scheme, host and port) to a made-up address,
    /// asked once per run when a page first needs it.
    probes: Mutex<HashMap<String, Arc<SiteProbe>>>,
}

/// The probe of one site: whether it was started, and its answer once known.
#[derive(Debug, Default)]
struct SiteProbe {
    started: std::sync::atomic::AtomicBool,
    answer: tokio::sync::OnceCell<Option<Arc<ProbePage>>>,
}

/// A boxed future: the probe's request goes through the same request code
/// that asks for it, so the recursion (request → probe → request) needs a
/// box, once.
type Boxed<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

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
                permits: Arc::new(Semaphore::new(permits.max(1))),
                // One more than requests: a first page waits for the site's
                // probe while it holds a reading slot, and the probe's page
                // needs one too.
                reading: Semaphore::new(permits.max(1) + 1),
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
        let client = client::build(options, resolver, default_headers(), Redirects::ByHand)?;
        Ok(Self {
            client,
            options: options.clone(),
            global: Semaphore::new(options.max_concurrency.max(1)),
            hosts: HostSlots::default(),
            probes: Mutex::default(),
        })
    }

    /// Fetches `url`, following redirects by hand, trying again after
    /// transient failures, and asks the site's probe when the page needs it.
    ///
    /// With `want_anchors`, the final page is read further (up to
    /// [`ANCHOR_PAGE_BYTES`]) and its anchors kept, for the cited fragments.
    pub(crate) async fn fetch(&self, url: &Url, want_anchors: bool) -> Outcome {
        let mut retries = 0;
        let mut outcome = loop {
            let mut outcome = self.follow(url, None, want_anchors).await;
            outcome.attempts = retries + 1;
            let wait = match &outcome.result {
                Ok(answer) if retry::should_retry_status(answer.status) => Some(
                    answer
                        .retry_after
                        .unwrap_or_else(|| retry::backoff(self.options.retry_base, retries)),
                ),
                // A page cut short may arrive whole the next time.
                Ok(answer) if answer.cut_short.is_some() => {
                    Some(retry::backoff(self.options.retry_base, retries))
                }
                Err(failure) if failure.should_retry() => {
                    Some(retry::backoff(self.options.retry_base, retries))
                }
                _ => None,
            };
            // A server asking for a longer pause than we allow is not asked
            // again early: that would only prolong the refusal.
            match wait {
                Some(wait)
                    if retries < self.options.retries && wait <= self.options.retry_after_cap =>
                {
                    sleep(wait).await;
                    retries += 1;
                }
                _ => break outcome,
            }
        };
        if let Ok(Answer {
            status,
            page: Some(page),
            ..
        }) = &outcome.result
        {
            let redirected = !outcome.hops.is_empty();
            if status.is_success()
                && !page.plain
                && soft404::is_deep(&outcome.final_url)
                && soft404::without_probe(url, &outcome.final_url, redirected, page).is_none()
            {
                let site = self.site_probe(&outcome.final_url);
                let final_url = outcome.final_url.clone();
                let answer = site
                    .answer
                    .get_or_init(|| self.ask_probe(&final_url, None))
                    .await;
                outcome.probe.clone_from(answer);
            }
        }
        outcome
    }

    /// One attempt at `url`: its redirects followed within one timeout. The
    /// first request uses `held`, a request slot of its host already taken,
    /// when there is one.
    async fn follow(
        &self,
        url: &Url,
        mut held: Option<OwnedSemaphorePermit>,
        want_anchors: bool,
    ) -> Outcome {
        let mut hops = Vec::new();
        let mut visited = HashSet::from([url.clone()]);
        let mut current = url.clone();
        let mut budget = self.options.timeout;
        loop {
            let (result, spent) = self
                .request(&current, budget, held.take(), want_anchors)
                .await;
            budget = budget.saturating_sub(spent);
            let stop = |result| Outcome {
                hops: hops.clone(),
                final_url: current.clone(),
                attempts: 1,
                result,
                probe: None,
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
            } else if budget.is_zero() {
                Some(Failure::Timeout)
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
                    attempts: 1,
                    result: Err(failure),
                    probe: None,
                };
            }
            current = next;
        }
    }

    /// The probe of the site `url` is on.
    fn site_probe(&self, url: &Url) -> Arc<SiteProbe> {
        let site = url.origin().ascii_serialization();
        let mut probes = self
            .probes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(probes.entry(site).or_default())
    }

    /// Asks the site of `page_url` for an address that never existed, in the
    /// request slot `held` when one is given.
    fn ask_probe<'a>(
        &'a self,
        page_url: &'a Url,
        held: Option<OwnedSemaphorePermit>,
    ) -> Boxed<'a, Option<Arc<ProbePage>>> {
        Box::pin(async move {
            let mut made_up = page_url.clone();
            made_up.set_path(&format!("/citecheck-probe-{:016x}", fastrand::u64(..)));
            made_up.set_query(None);
            made_up.set_fragment(None);
            let outcome = self.follow(&made_up, held, false).await;
            match outcome.result {
                Ok(Answer {
                    status,
                    page: Some(page),
                    ..
                }) if status.is_success() => Some(Arc::new(ProbePage::new(made_up, &page))),
                _ => None,
            }
        })
    }

    /// One request within the host's and the run's limits and `budget`, in
    /// the host's request slot `held` if one is given. Returns the result and
    /// the time it took once its slots were taken.
    async fn request(
        &self,
        url: &Url,
        budget: Duration,
        held: Option<OwnedSemaphorePermit>,
        want_anchors: bool,
    ) -> (Result<Answer, Failure>, Duration) {
        if let Some(private) = self.private_literal(url) {
            return (Err(private), Duration::ZERO);
        }
        let slot = self.host_slot(url.host_str().unwrap_or_default());
        let closed = |_| Failure::Other("the checker was shut down".to_owned());
        let host_permit = match held {
            Some(permit) => permit,
            None => match Arc::clone(&slot.permits).acquire_owned().await {
                Ok(permit) => permit,
                Err(e) => return (Err(closed(e)), Duration::ZERO),
            },
        };
        slot.wait_turn(self.options.min_interval).await;
        let run_permit = match self.global.acquire().await {
            Ok(permit) => permit,
            Err(e) => return (Err(closed(e)), Duration::ZERO),
        };
        let started = Instant::now();
        let deadline = started + budget;
        if budget.is_zero() {
            return (Err(Failure::Timeout), Duration::ZERO);
        }
        // `Url` is sent as `url.as_str()`: already percent-encoded the way a
        // browser encodes non-ASCII paths and queries (UTF-8).
        let response = match timeout_at(deadline, self.client.get(url.clone()).send()).await {
            Err(_) => return (Err(Failure::Timeout), started.elapsed()),
            Ok(Err(e)) => return (Err(classify(&e, url)), started.elapsed()),
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
        let mut answer = Answer {
            status,
            location,
            retry_after,
            page: None,
            cut_short: None,
        };
        if status.is_success() && is_readable(headers) {
            let content_type = headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            // The server has answered: the next link of the host may go
            // while this page is read (see the module's doc). The first page
            // of a site hands its request slot to the site's probe instead,
            // which every page of the site will wait for: queued behind them,
            // it would come last.
            let _reading = slot.reading.acquire().await;
            let cap = if want_anchors {
                ANCHOR_PAGE_BYTES
            } else {
                PAGE_BYTES
            };
            let site = self.site_probe(url);
            // Plain text is read for its words only: sites do not serve
            // their error pages as plain text, so it needs no probe.
            let needs_probe = !content_type.as_deref().is_some_and(page::is_plain_text)
                && soft404::is_deep(url)
                && !site.started.swap(true, std::sync::atomic::Ordering::AcqRel);
            let body = if needs_probe {
                // The run slot goes too: the probe needs one, and with every
                // run slot held by a first page waiting for its probe, no
                // probe could ever start.
                drop(run_permit);
                let probe = site
                    .answer
                    .get_or_init(|| self.ask_probe(url, Some(host_permit)));
                tokio::join!(read_page(response, deadline, cap), probe).0
            } else {
                drop(host_permit);
                read_page(response, deadline, cap).await
            };
            let body = match body {
                Ok(body) => body,
                Err(failure) => return (Err(failure), started.elapsed()),
            };
            answer.cut_short = body.cut_short;
            let mut read = page::read(&body.bytes, content_type.as_deref(), url, want_anchors);
            if let Some(anchors) = &mut read.anchors {
                anchors.complete = body.ended;
            }
            answer.page = Some(read);
        }
        // Any other body is dropped unread, which closes the connection
        // instead of downloading what nobody needs.
        (Ok(answer), started.elapsed())
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
/// Whether the answer is a page the reader reads: HTML (or unlabelled),
/// or plain text.
fn is_readable(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).is_none_or(|v| {
        v.to_str()
            .is_ok_and(|t| t.to_ascii_lowercase().contains("html") || page::is_plain_text(t))
    })
}

/// The bytes of a page read, and why it stopped early if it did.
struct Body {
    bytes: Vec<u8>,
    cut_short: Option<String>,
    /// Whether the whole page was read.
    ended: bool,
}

/// The first `cap` bytes of the decoded body at most. Chunks are read one at
/// a time and the response is dropped at the cap, so a huge page or a
/// compression bomb costs no more memory than a small page.
async fn read_page(mut response: Response, deadline: Instant, cap: usize) -> Result<Body, Failure> {
    let mut bytes = Vec::new();
    let mut ended = false;
    while bytes.len() < cap {
        match timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                let room = cap - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(Ok(None)) => {
                ended = true;
                break;
            }
            // The body broke off (a reset, fewer bytes than Content-Length,
            // a corrupt compression stream): the status is known, the page
            // is judged by what arrived, and the verdict says it was cut.
            Ok(Err(e)) => {
                return Ok(Body {
                    bytes,
                    cut_short: Some(body_error_text(&e)),
                    ended: false,
                })
            }
            // The deadline passed before the title arrived: the page is not
            // complete enough to judge, so this is a timeout, not an `ok`.
            // With the title in hand, judge by what arrived.
            Err(_) if !has_title(&bytes) => return Err(Failure::Timeout),
            // The deadline with the title in hand.
            Err(_) => break,
        }
    }
    Ok(Body {
        bytes,
        cut_short: None,
        ended,
    })
}

/// Whether the bytes read so far hold a complete `<title>`.
fn has_title(html: &[u8]) -> bool {
    html.windows(7).any(|w| w.eq_ignore_ascii_case(b"</title"))
}

/// A body error in words: the innermost cause says most ("connection reset",
/// "end of file before message length reached").
fn body_error_text(error: &reqwest::Error) -> String {
    let words = chain_text(error);
    let lower = words.to_lowercase();
    if lower.contains("reset") {
        "the connection was reset".to_owned()
    } else if lower.contains("message length")
        || lower.contains("incomplete")
        || lower.contains("eof")
    {
        "the connection closed before the whole page arrived".to_owned()
    } else {
        words
    }
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
        // A header block too large or a malformed status line: the server's
        // answer, not the network's mood.
        if let Some(hyper) = err.downcast_ref::<hyper::Error>() {
            if hyper.is_parse() || hyper.is_parse_status() {
                return Failure::Protocol(chain_text(error));
            }
        }
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

/// The error's causes, joined the way people read them; the error itself
/// when it gives none.
fn chain_text(error: &reqwest::Error) -> String {
    let words = client::causes(error);
    if words.is_empty() {
        error.to_string()
    } else {
        words.join(": ")
    }
}
