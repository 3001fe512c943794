//! The link checker's policy of the request engine ([`super::client`]):
//! fetching one URL, its redirects followed by hand, retries of transient
//! failures, a bounded read of the page, and the one probe per site that
//! tells its error page from its real pages.
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
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use url::Url;

use super::client::{self, read_body, Engine, HostPermit, Policy, Redirects};
pub(crate) use super::client::{Answer, ClientError, Failure, MAX_REDIRECTS};
use super::dns::Resolver;
use super::options::CheckOptions;
use super::page;
use super::retry;
use super::soft404::{self, ProbePage};

/// How much of a page is read: its title, heading and enough text to tell it
/// from the site's error page. The rest is never downloaded.
pub(crate) const PAGE_BYTES: usize = 64 * 1024;

/// How much of a page is read when a cited fragment must be found in it
/// (`--include-fragments`): anchors can be anywhere in a long page.
pub(crate) const ANCHOR_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// What the link checker accepts.
const ACCEPT_PAGES: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

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

/// Fetches URLs with one engine, within the run's limits.
#[derive(Debug)]
pub(crate) struct Fetcher {
    engine: Engine,
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

impl Fetcher {
    /// A fetcher whose engine resolves names through `resolver`.
    pub(crate) fn new(
        options: &CheckOptions,
        resolver: Arc<Resolver>,
    ) -> Result<Self, ClientError> {
        let policy = Policy {
            redirects: Redirects::ByHand,
            accept: ACCEPT_PAGES,
            allow_private: options.network.allow_private,
            run_slots: true,
            give_up_when_down: false,
        };
        Ok(Self {
            engine: Engine::new(&options.network, resolver, policy)?,
            probes: Mutex::default(),
        })
    }

    /// Fetches `url`, following redirects by hand, trying again after
    /// transient failures, and asks the site's probe when the page needs it.
    ///
    /// With `want_anchors`, the final page is read further (up to
    /// [`ANCHOR_PAGE_BYTES`]) and its anchors kept, for the cited fragments.
    pub(crate) async fn fetch(&self, url: &Url, want_anchors: bool) -> Outcome {
        let (mut outcome, attempts) = retry::with_retries(
            self.engine.network(),
            || self.follow(url, None, want_anchors),
            |outcome, backoff| client::wait_for(&outcome.result, backoff),
        )
        .await;
        outcome.attempts = attempts;
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
    async fn follow(&self, url: &Url, mut held: Option<HostPermit>, want_anchors: bool) -> Outcome {
        let mut hops = Vec::new();
        let mut visited = HashSet::from([url.clone()]);
        let mut current = url.clone();
        let mut budget = self.engine.network().timeout;
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
        held: Option<HostPermit>,
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
        held: Option<HostPermit>,
        want_anchors: bool,
    ) -> (Result<Answer, Failure>, Duration) {
        let sent = match self.engine.send(url, budget, held).await {
            Ok(sent) => sent,
            Err((failure, spent)) => return (Err(failure), spent),
        };
        let mut answer = sent.answer;
        if !(answer.status.is_success() && is_readable(&answer.headers)) {
            // Any other body is dropped unread, which closes the connection
            // instead of downloading what nobody needs.
            return (Ok(answer), sent.started.elapsed());
        }
        let content_type = answer
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // The server has answered: the next link of the host may go while
        // this page is read (see the module's doc). The first page of a site
        // hands its request slot to the site's probe instead, which every
        // page of the site will wait for: queued behind them, it would come
        // last.
        let _reading = sent.slot.reading.acquire().await;
        let cap = if want_anchors {
            ANCHOR_PAGE_BYTES
        } else {
            PAGE_BYTES
        };
        let site = self.site_probe(url);
        // Plain text is read for its words only: sites do not serve their
        // error pages as plain text, so it needs no probe.
        let needs_probe = !content_type.as_deref().is_some_and(page::is_plain_text)
            && soft404::is_deep(url)
            && !site.started.swap(true, std::sync::atomic::Ordering::AcqRel);
        let body = if needs_probe {
            // The run slot goes too: the probe needs one, and with every run
            // slot held by a first page waiting for its probe, no probe
            // could ever start.
            drop(sent.run_permit);
            let probe = site
                .answer
                .get_or_init(|| self.ask_probe(url, Some(sent.host_permit)));
            tokio::join!(
                read_body(sent.response, sent.deadline, cap, &sent.slot),
                probe
            )
            .0
        } else {
            // The next request of this process may go; another process's
            // waits for the body too, when a store shares the host's slots:
            // to the server, the request is in flight until its body is sent.
            let _shared = sent.host_permit.into_shared();
            read_body(sent.response, sent.deadline, cap, &sent.slot).await
        };
        // The deadline passed before the title arrived: the page is not
        // complete enough to judge, so this is a timeout, not an `ok`. With
        // the title in hand, judge by what arrived.
        if body.timed_out && !has_title(&body.bytes) {
            return (Err(Failure::Timeout), sent.started.elapsed());
        }
        // A body that broke off: the status is known, the page is judged by
        // what arrived, and the verdict says it was cut.
        answer.cut_short = body.cut_short;
        let mut read = page::read(&body.bytes, content_type.as_deref(), url, want_anchors);
        if let Some(anchors) = &mut read.anchors {
            anchors.complete = body.ended;
        }
        answer.page = Some(read);
        (Ok(answer), sent.started.elapsed())
    }
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

/// Whether the bytes read so far hold a complete `<title>`.
fn has_title(html: &[u8]) -> bool {
    html.windows(7).any(|w| w.eq_ignore_ascii_case(b"</title"))
}
