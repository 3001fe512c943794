//! The one request engine: every HTTP request citecheck sends (to cited
//! pages, to the web archive, to the ISBN catalogue, to a wiki) is sent by
//! [`Engine::send`], and nowhere else.
//!
//! The engine holds what every request shares: the client (the same honest
//! User-Agent, the same time limits, no proxy — a proxy would connect on our
//! behalf and bypass the private-address guard — and names resolved through
//! the guarded resolver), the per-host slots (at most `max_per_host` in
//! flight, at least `min_interval` apart), the run's slots, one deadline per
//! attempt, one bounded body reader ([`read_body`]), one classification of
//! failures ([`Failure`], in words a user can act on) and one answer type
//! ([`Answer`]). When to ask again is [`super::retry`]'s one loop.
//!
//! What differs between the link checker and a lookup is a [`Policy`]:
//! redirects followed by hand or by the client, what is accepted, whether
//! private addresses may be reached, whether the run's slots apply, and
//! whether a host that could not be reached is asked again.

use std::error::Error as _;
use std::io;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONNECTION, LOCATION};
use reqwest::{Response, StatusCode};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, SemaphorePermit};
use tokio::time::{sleep_until, timeout_at, Instant};
use url::{Host, Url};

use super::dns::{GuardedResolve, ResolveError, Resolver};
use super::options::Network;
use super::page::Page;
use super::shared::SharedSlot;
use super::{guard, retry, stall};

/// The User-Agent sent with every request.
pub(crate) const USER_AGENT: &str = concat!(
    "citecheck/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/citecheck/citecheck)"
);

/// Redirects followed before giving up, by hand or by the client.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// How a client follows redirects.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Redirects {
    /// Not at all: the link checker follows them by hand, hop by hop, to
    /// judge each.
    ByHand,
    /// Up to [`MAX_REDIRECTS`], as a service's answer is all that matters.
    Follow,
}

/// What sets one kind of request apart from another.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    /// How redirects are followed.
    pub(crate) redirects: Redirects,
    /// The `Accept` header.
    pub(crate) accept: &'static str,
    /// Whether loopback, private and link-local addresses may be reached.
    pub(crate) allow_private: bool,
    /// Whether a request also takes one of the run's `max_concurrency`
    /// slots (the link checker's); a lookup has its host's slots only.
    pub(crate) run_slots: bool,
    /// Whether a host found unreachable ([`Engine::mark_down`]) is not
    /// asked again in the run: a service that is down would make every
    /// lookup wait out its timeouts.
    pub(crate) give_up_when_down: bool,
}

/// Why a request got no answer, or why following it stopped.
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    /// No answer within the timeout.
    Timeout,
    /// The connection was refused: nothing listens there (or a server is
    /// restarting behind a load balancer).
    Refused,
    /// The connection was reset or closed before the answer; the reason in
    /// words.
    Connect(String),
    /// The host name did not resolve.
    Dns(ResolveError),
    /// The TLS handshake failed; the reason in words.
    Tls(String),
    /// The host is, or resolves to, a private address and the policy does
    /// not allow those.
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
    /// Anything else the HTTP client reported, or the engine refused.
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
            | Self::Refused
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

    /// Whether the host itself cannot be reached (its name, its port, its
    /// certificate, the guard): the next request to it fails the same way.
    pub(crate) fn host_unreachable(&self) -> bool {
        matches!(
            self,
            Self::Refused | Self::Dns(_) | Self::Tls(_) | Self::Private { .. }
        )
    }
}

impl std::fmt::Display for Failure {
    /// The failure in words, for a lookup's error; the link checker's
    /// verdicts phrase each variant in a sentence of their own.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout => f.write_str("no complete answer in time"),
            Self::Refused => f.write_str("connection refused"),
            Self::Dns(e) => write!(f, "{e}"),
            Self::Private { host, ip } => {
                write!(f, "{host} is a private or loopback address ({ip})")
            }
            Self::RedirectLoop(url) => write!(f, "redirect loop back to {url}"),
            Self::TooManyRedirects => write!(f, "more than {MAX_REDIRECTS} redirects"),
            Self::BadRedirect(location) => write!(f, "redirected to {location}"),
            Self::UnsupportedRedirect(url) => write!(f, "redirected to {url}"),
            Self::Connect(words)
            | Self::Tls(words)
            | Self::Protocol(words)
            | Self::Other(words) => f.write_str(words),
        }
    }
}

/// What a server answered to one request.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The HTTP status.
    pub(crate) status: StatusCode,
    /// The response's headers.
    pub(crate) headers: HeaderMap,
    /// The `Location` header, as sent.
    pub(crate) location: Option<String>,
    /// How long the server asked us to wait, if it did.
    pub(crate) retry_after: Option<Duration>,
    /// The body as read, for a lookup; empty when it was not read, or was
    /// read into [`page`](Self::page).
    pub(crate) body: Vec<u8>,
    /// The page, for a link checker's 2xx answer that is (or may be) HTML.
    pub(crate) page: Option<Page>,
    /// Why the body stopped arriving before its end (a reset, fewer bytes
    /// than Content-Length), when it did.
    pub(crate) cut_short: Option<String>,
}

impl Answer {
    /// The answer whose status line and headers are `response`'s; its body
    /// is not read yet.
    fn head(response: &Response) -> Self {
        let headers = response.headers();
        // Location may carry raw UTF-8 bytes; browsers read them as UTF-8
        // and `Url::join` percent-encodes them.
        let location = headers
            .get(LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned());
        Self {
            status: response.status(),
            headers: headers.clone(),
            location,
            retry_after: retry::retry_after(headers, SystemTime::now()),
            body: Vec::new(),
            page: None,
            cut_short: None,
        }
    }
}

/// The wait before asking again after `result`, given the `backoff` due;
/// `None` when asking again would give the same answer.
pub(crate) fn wait_for(result: &Result<Answer, Failure>, backoff: Duration) -> Option<Duration> {
    match result {
        Ok(answer) => wait_for_answer(answer, backoff),
        Err(failure) => failure.should_retry().then_some(backoff),
    }
}

/// The wait before asking again after `answer`, given the `backoff` due;
/// `None` when it will not change.
pub(crate) fn wait_for_answer(answer: &Answer, backoff: Duration) -> Option<Duration> {
    if retry::should_retry_status(answer.status) {
        Some(answer.retry_after.unwrap_or(backoff))
    } else if answer.cut_short.is_some() {
        // A body cut short may arrive whole the next time.
        Some(backoff)
    } else {
        None
    }
}

/// A request sent and answered, its body not read yet, with the slots it
/// holds: the policy decides when each is given back.
#[derive(Debug)]
pub(crate) struct Sent<'a> {
    /// The response, its body still on the wire.
    pub(crate) response: Response,
    /// The status line and headers.
    pub(crate) answer: Answer,
    /// The host's request slot.
    pub(crate) host_permit: HostPermit,
    /// The run's slot, when the policy takes one.
    pub(crate) run_permit: Option<SemaphorePermit<'a>>,
    /// The host's slots.
    pub(crate) slot: Arc<HostSlot>,
    /// When the request started, once its slots were taken.
    pub(crate) started: Instant,
    /// When the attempt must be over, body included.
    pub(crate) deadline: Instant,
}

/// The slots of one host: how many requests may be in flight to it, how
/// many pages may be read from it at once, and when the next request may
/// start.
#[derive(Debug)]
pub(crate) struct HostSlot {
    /// One permit per request in flight.
    pub(crate) permits: Arc<Semaphore>,
    /// One permit per page being read after its headers arrived.
    pub(crate) reading: Semaphore,
    /// The earliest time the next request may start, when a minimum interval
    /// is set.
    next_start: Mutex<Option<Instant>>,
    /// Whether its answers stall on a kept-alive connection.
    stall: stall::Watch,
}

impl HostSlot {
    /// Waits until the host's minimum interval since the previous request
    /// (or the time its `Retry-After` gave) has passed, and books the next
    /// start.
    async fn wait_turn(&self, interval: Duration) {
        let start = {
            let mut next = self
                .next_start
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let start = next.map_or(now, |n| n.max(now));
            *next = Some(start + interval);
            start
        };
        if start > Instant::now() {
            sleep_until(start).await;
        }
    }

    /// No request to the host starts before `until`.
    fn hold_until(&self, until: Instant) {
        let mut next = self
            .next_start
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *next = Some(next.map_or(until, |n| n.max(until)));
    }
}

/// A request slot of a host: this process's, and with a shared store one
/// of the slots all its processes share. Both are given back when it is
/// dropped.
#[derive(Debug)]
pub(crate) struct HostPermit {
    local: OwnedSemaphorePermit,
    shared: Option<SharedSlot>,
}

impl HostPermit {
    /// Gives this process's slot back now and keeps the shared one, for the
    /// caller to give back when the response is over.
    pub(crate) fn into_shared(self) -> Option<SharedSlot> {
        drop(self.local);
        self.shared
    }
}

/// The slots of every host one engine talks to, made on first use.
#[derive(Debug, Default)]
struct HostSlots(Mutex<std::collections::HashMap<String, Arc<HostSlot>>>);

impl HostSlots {
    /// The slot of `host`; `permits` (at least 1) requests may be in flight
    /// to it at once.
    fn get(&self, host: &str, permits: usize) -> Arc<HostSlot> {
        let mut hosts = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(hosts.entry(host.to_owned()).or_insert_with(|| {
            Arc::new(HostSlot {
                permits: Arc::new(Semaphore::new(permits.max(1))),
                // One more than requests: a first page waits for the site's
                // probe while it holds a reading slot, and the probe's page
                // needs one too.
                reading: Semaphore::new(permits.max(1) + 1),
                next_start: Mutex::new(None),
                stall: stall::Watch::default(),
            })
        }))
    }
}

/// Why the HTTP client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the HTTP client: {0}")]
pub(crate) struct ClientError(#[from] reqwest::Error);

/// Sends requests with one client, within the run's limits, by one policy.
#[derive(Debug)]
pub(crate) struct Engine {
    client: reqwest::Client,
    policy: Policy,
    network: Network,
    hosts: HostSlots,
    run: Semaphore,
    /// Set when a host could not be reached at all, for a policy that gives
    /// up on it.
    down: AtomicBool,
}

impl Engine {
    /// An engine with the house settings and `policy`, whose client
    /// resolves names through `resolver`.
    pub(crate) fn new(
        network: &Network,
        resolver: Arc<Resolver>,
        policy: Policy,
    ) -> Result<Self, ClientError> {
        let redirects = match policy.redirects {
            Redirects::ByHand => reqwest::redirect::Policy::none(),
            Redirects::Follow => reqwest::redirect::Policy::limited(MAX_REDIRECTS),
        };
        let mut headers = HeaderMap::new();
        // Some servers answer 406 to a request without Accept.
        headers.insert(ACCEPT, HeaderValue::from_static(policy.accept));
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .redirect(redirects)
            .connect_timeout(network.timeout)
            .pool_max_idle_per_host(network.max_per_host)
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolve(resolver)))
            // Without it, reqwest 0.13 panics when the client is built.
            .tls_backend_preconfigured(tls_config())
            .build()?;
        Ok(Self {
            client,
            policy,
            network: network.clone(),
            hosts: HostSlots::default(),
            run: Semaphore::new(network.max_concurrency.max(1)),
            down: AtomicBool::new(false),
        })
    }

    /// The network's settings.
    pub(crate) fn network(&self) -> &Network {
        &self.network
    }

    /// Notes that a host could not be reached: with a policy that gives up,
    /// no further request is sent in this run.
    pub(crate) fn mark_down(&self) {
        self.down.store(true, Ordering::Relaxed);
    }

    /// Sends `GET url` within the host's (and, by policy, the run's) limits
    /// and `budget`, in the host's request slot `held` if one is given.
    /// Returns the answered request, or the failure and the time it took
    /// once its slots were taken.
    pub(crate) async fn send(
        &self,
        url: &Url,
        budget: Duration,
        held: Option<HostPermit>,
    ) -> Result<Sent<'_>, (Failure, Duration)> {
        if let Some(private) = self.private_literal(url) {
            return Err((private, Duration::ZERO));
        }
        let host = url.host_str().unwrap_or_default();
        let slot = self.hosts.get(host, self.network.max_for_host(host));
        let closed = || {
            (
                Failure::Other("the run was shut down".to_owned()),
                Duration::ZERO,
            )
        };
        let mut host_permit = match held {
            Some(permit) => permit,
            None => HostPermit {
                local: Arc::clone(&slot.permits)
                    .acquire_owned()
                    .await
                    .map_err(|_| closed())?,
                shared: None,
            },
        };
        // Checked after waiting for the slot: the requests queued behind a
        // failing one learn of its failure here.
        if self.policy.give_up_when_down && self.down.load(Ordering::Relaxed) {
            let why = "it could not be reached earlier in this run".to_owned();
            return Err((Failure::Other(why), Duration::ZERO));
        }
        slot.wait_turn(self.network.min_interval).await;
        // With other processes on the host, one of its slots in the store
        // too: their limits hold for all of them together.
        // A slot handed on (to a site's probe) is given back and taken
        // anew: the new request keeps the host's interval too.
        if let Some(work) = &self.network.shared {
            host_permit.shared = None;
            let limit = self.network.max_for_host(host);
            match work.take_slot(host, limit, self.network.min_interval).await {
                Ok(shared) => host_permit.shared = Some(shared),
                Err(e) => return Err((Failure::Other(e.to_string()), Duration::ZERO)),
            }
        }
        let run_permit = if self.policy.run_slots {
            Some(self.run.acquire().await.map_err(|_| closed())?)
        } else {
            None
        };
        let started = Instant::now();
        if budget.is_zero() {
            return Err((Failure::Timeout, Duration::ZERO));
        }
        let deadline = started + budget;
        // `Url` is sent as `url.as_str()`: already percent-encoded the way a
        // browser encodes non-ASCII paths and queries (UTF-8).
        let mut request = self.client.get(url.clone());
        if slot.stall.close_connections() {
            request = request.header(CONNECTION, "close");
        }
        let response = match timeout_at(deadline, request.send()).await {
            Err(_) => return Err((Failure::Timeout, started.elapsed())),
            Ok(Err(e)) => return Err((classify(&e, url), started.elapsed())),
            Ok(Ok(response)) => response,
        };
        let answer = Answer::head(&response);
        self.hold_off(host, &slot, &answer).await;
        Ok(Sent {
            response,
            answer,
            host_permit,
            run_permit,
            slot,
            started,
            deadline,
        })
    }

    /// A host that asked to be left alone (429 or 503 with `Retry-After`)
    /// is: no request of this run, nor of the processes sharing its store,
    /// starts to it before the time it gave (up to `retry_after_cap`).
    async fn hold_off(&self, host: &str, slot: &HostSlot, answer: &Answer) {
        let busy = matches!(answer.status.as_u16(), 429 | 503);
        let Some(wait) = answer.retry_after.filter(|_| busy) else {
            return;
        };
        let wait = wait.min(self.network.retry_after_cap);
        slot.hold_until(Instant::now() + wait);
        if let Some(work) = &self.network.shared {
            // A store that fails here fails the next slot's taking too.
            let _ = work.hold_off(host, wait).await;
        }
    }

    /// The guard for hosts written as IP addresses, which reqwest connects to
    /// without asking the resolver.
    fn private_literal(&self, url: &Url) -> Option<Failure> {
        if self.policy.allow_private {
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
}

/// The TLS settings of every client, as reqwest 0.12 made them: rustls with
/// the ring provider, TLS 1.2 and 1.3, Mozilla's roots as webpki-roots ships
/// them (not the system's store, which a fresh machine may lack) and HTTP/1.1
/// offered by ALPN.
fn tls_config() -> rustls::ClientConfig {
    // rustls deprecates ring's provider for its lack of post-quantum key
    // exchange; aws-lc, which has it, is a large C build.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .expect("ring speaks TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

/// The bytes of a body read, and why it stopped where it did.
#[derive(Debug)]
pub(crate) struct Body {
    /// The first bytes of the decoded body, at most the cap.
    pub(crate) bytes: Vec<u8>,
    /// Whether the whole body was read.
    pub(crate) ended: bool,
    /// Why the body broke off (a reset, fewer bytes than Content-Length, a
    /// corrupt compression stream), when it did.
    pub(crate) cut_short: Option<String>,
    /// Whether the deadline passed before the end.
    pub(crate) timed_out: bool,
}

/// The first `cap` bytes of the decoded body at most. Chunks are read one at
/// a time and the response is dropped at the cap, so a huge page or a
/// compression bomb costs no more memory than a small one; a body that is
/// not `ended`, not cut short and not timed out was longer than the cap.
/// How long the first bytes took is noted on the host's `slot`: a body held
/// for a delayed ACK shows there ([`stall`]).
pub(crate) async fn read_body(
    mut response: Response,
    deadline: Instant,
    cap: usize,
    slot: &HostSlot,
) -> Body {
    let mut body = Body {
        bytes: Vec::new(),
        ended: false,
        cut_short: None,
        timed_out: false,
    };
    let length = response.content_length();
    let headers_in = Instant::now();
    let mut first = true;
    while body.bytes.len() < cap {
        match timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                if std::mem::take(&mut first) {
                    slot.stall.body_started(headers_in.elapsed(), length);
                }
                let room = cap - body.bytes.len();
                body.bytes
                    .extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(Ok(None)) => {
                body.ended = true;
                break;
            }
            Ok(Err(e)) => {
                body.cut_short = Some(body_error_text(&e));
                break;
            }
            Err(_) => {
                body.timed_out = true;
                break;
            }
        }
    }
    body
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
        Some(io::ErrorKind::ConnectionRefused) => Failure::Refused,
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

/// The error's causes, outermost first, each once, joined the way people
/// read them: reqwest wraps hyper, which wraps the I/O error that says what
/// happened. The error itself when it gives none.
fn chain_text(error: &reqwest::Error) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut cause = error.source();
    while let Some(err) = cause {
        let text = err.to_string();
        // reqwest wraps the resolver's error in one that only says "error
        // resolving DNS", after hyper's "dns error" has said as much.
        let wrapper = text == "error resolving DNS" && err.source().is_some();
        if !words.contains(&text) && !wrapper {
            words.push(text);
        }
        cause = err.source();
    }
    if words.is_empty() {
        error.to_string()
    } else {
        words.join(": ")
    }
}
