//! The link checker: fetches web links concurrently, politely per host, and
//! judges each one.
//!
//! Before fetching, every host name is resolved once (with a short time
//! limit). When names are cited but not one resolves, the machine is offline:
//! the run says so once and leaves those links `unchecked` instead of waiting
//! out timeouts, and never calls them dead.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;
use url::{Host, Url};

use super::cache::CacheKey;
use super::dns::{never_resolves, Resolver, SystemLookup};
use super::fetch::Fetcher;
use super::options::{Budget, CheckOptions};
use super::page::PageAnchors;
use super::progress::Reporter;
use super::queue::{self, HostQueue};
use super::shared::Claim;
use super::sink::Sinks;
use super::status::{LinkStatus, Verdict};
use super::{guard, verdict};

/// The longest a name lookup may take. Offline machines often make
/// getaddrinfo hang; a lookup slower than this is treated as failed.
pub(crate) const DNS_TIMEOUT: Duration = Duration::from_secs(5);

/// The detail of links left unchecked because the machine is offline.
const OFFLINE: &str = "not checked: the network is unreachable from this machine";

/// Checks each distinct URL once and returns a verdict per URL.
pub async fn check_urls(urls: Vec<Url>, options: &CheckOptions) -> HashMap<Url, Verdict> {
    check_all(urls, &HashSet::new(), options, Sinks::default())
        .await
        .verdicts
}

/// What checking a set of URLs found.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// A verdict per URL.
    pub(crate) verdicts: HashMap<Url, Verdict>,
    /// Whether the machine was found offline (no name resolved, no server
    /// answered): the optional services are then not asked either.
    pub(crate) offline: bool,
    /// The anchors of the pages asked for them, by URL.
    pub(crate) anchors: HashMap<Url, PageAnchors>,
}

/// Checks each distinct URL once, and notes whether the machine is offline.
/// The pages of `anchor_pages` are read further, for their anchors. Each
/// verdict and each page's text go to `sinks` as they come.
pub(crate) async fn check_all(
    urls: Vec<Url>,
    anchor_pages: &HashSet<Url>,
    options: &CheckOptions,
    sinks: Sinks,
) -> Checked {
    let mut checked = Checked::default();
    let started = Instant::now();
    let mut verdicts = HashMap::with_capacity(urls.len());
    if urls.is_empty() {
        return Checked::default();
    }
    let names = options
        .network
        .name_lookup
        .clone()
        .unwrap_or_else(|| Arc::new(SystemLookup));
    let resolver = Arc::new(Resolver::new(
        names,
        options.network.timeout.min(DNS_TIMEOUT),
        options.network.allow_private,
    ));
    let mut reporter = Reporter::start(options.progress, urls.len());
    let unresolved = offline_names(&urls, &resolver).await;
    let fetcher = match Fetcher::new(options, resolver) {
        Ok(fetcher) => Arc::new(fetcher),
        Err(e) => {
            reporter.notice(&e.to_string());
            for url in urls {
                reporter.record(LinkStatus::Unchecked);
                verdicts.insert(
                    url,
                    Verdict::new(LinkStatus::Unchecked, format!("not checked: {e}")),
                );
            }
            reporter.finish(started.elapsed());
            checked.verdicts = verdicts;
            return checked;
        }
    };

    // When no cited name resolves, the names wait: if some server is reached
    // through an address written in a URL, the network is up and the names
    // simply do not exist (DNS failure, `unreachable`); if none is, the
    // machine is offline and they stay `unchecked`.
    let (deferred, now): (Vec<Url>, Vec<Url>) = urls.into_iter().partition(|url| {
        unresolved
            .as_ref()
            .is_some_and(|names| needs_network(url, names))
    });
    let mut results = Results {
        verdicts: &mut verdicts,
        anchors: &mut checked.anchors,
        anchor_pages,
        sinks: &sinks,
    };
    fetch_all(now, &fetcher, options, &mut reporter, &mut results).await;
    let mut offline = false;
    if !deferred.is_empty() {
        let reached = results.verdicts.values().any(|v| v.http_status.is_some());
        if reached {
            fetch_all(deferred, &fetcher, options, &mut reporter, &mut results).await;
        } else {
            reporter.notice(&format!(
                "the network is unreachable from this machine (none of {} host names resolved, no server answered); {} web links are left unchecked",
                unresolved.as_ref().map_or(0, HashSet::len),
                deferred.len()
            ));
            for url in deferred {
                reporter.record(LinkStatus::Unchecked);
                results
                    .verdicts
                    .insert(url, Verdict::new(LinkStatus::Unchecked, OFFLINE));
            }
            offline = true;
        }
    }
    reporter.finish(started.elapsed());
    checked.verdicts = verdicts;
    checked.offline = offline;
    checked
}

/// Where fetched verdicts and anchors go.
struct Results<'a> {
    verdicts: &'a mut HashMap<Url, Verdict>,
    anchors: &'a mut HashMap<Url, PageAnchors>,
    anchor_pages: &'a HashSet<Url>,
    sinks: &'a Sinks,
}

/// Fetches and judges `urls` concurrently (the fetcher enforces the global and
/// per-host limits), adding a verdict per URL.
async fn fetch_all(
    urls: Vec<Url>,
    fetcher: &Arc<Fetcher>,
    options: &CheckOptions,
    reporter: &mut Reporter,
    results: &mut Results<'_>,
) {
    let mut tasks = JoinSet::new();
    let mut in_flight = HashMap::new();
    let options = Arc::new(options.clone());
    let verdict_key = options.verdict_key();
    let window = queue::window(&options.network);
    let mut queue = HostQueue::new(urls, &options.network);
    // Links another process held, each with when to ask again.
    let mut parked: VecDeque<(Instant, Url)> = VecDeque::new();
    let budget = options.budget;
    let timeout = options.network.timeout;
    // With a time budget: no start after the last moment, nothing in
    // flight after the checks' end.
    let last_start = budget.map(|b| Instant::from_std(b.last_start(timeout)));
    let checks_end = budget.map(|b| Instant::from_std(b.checks_end()));
    loop {
        while parked
            .front()
            .is_some_and(|(due, _)| *due <= Instant::now())
        {
            if let Some((_, url)) = parked.pop_front() {
                queue.put_back(url);
            }
        }
        if last_start.is_some_and(|t| Instant::now() >= t) {
            // What is left waits for the next run, first in line there.
            let left = queue
                .drain()
                .into_iter()
                .chain(parked.drain(..).map(|(_, url)| url));
            defer(left, budget, reporter, results);
        }
        // Tasks are started as others end, never more than the window.
        while tasks.len() < window {
            let Some(url) = queue.next() else { break };
            let want_anchors = results.anchor_pages.contains(&url);
            // A page read for its anchors is read here whoever else checks it.
            let claim_key = (!want_anchors).then(|| CacheKey {
                url: url.to_string(),
                options: verdict_key.clone(),
            });
            let task = Task {
                fetcher: Arc::clone(fetcher),
                options: Arc::clone(&options),
                url: url.clone(),
                want_anchors,
                claim_key,
                pages: results.sinks.pages.clone(),
            };
            in_flight.insert(tasks.spawn(task.run()).id(), url);
        }
        let joined = if tasks.is_empty() {
            // Only links other processes hold are left: wait for the first,
            // or for the budget's last start.
            let Some((due, _)) = parked.front() else {
                break;
            };
            tokio::time::sleep_until(last_start.map_or(*due, |t| t.min(*due))).await;
            continue;
        } else {
            let due = parked.front().map(|(due, _)| *due);
            let wake = [due, last_start]
                .into_iter()
                .flatten()
                .filter(|at| *at > Instant::now())
                .min();
            tokio::select! {
                joined = tasks.join_next_with_id() => joined,
                () = sleep_until_some(wake) => continue,
                () = sleep_until_some(checks_end) => {
                    // The checks' end: what is in flight is given up.
                    tasks.abort_all();
                    defer(in_flight.into_values(), budget, reporter, results);
                    break;
                }
            }
        };
        let Some(joined) = joined else {
            break;
        };
        let (id, verdict, anchors) = match joined {
            Ok((id, Step::Judged(verdict, anchors))) => (id, *verdict, anchors),
            Ok((id, Step::Busy(wait))) => {
                if let Some(url) = in_flight.remove(&id) {
                    queue.ended(&url);
                    parked.push_back((Instant::now() + wait, url));
                }
                continue;
            }
            // A check that panicked is a bug, not a property of the link.
            Err(e) => (
                e.id(),
                Verdict::new(
                    LinkStatus::Unchecked,
                    format!("not checked: the checker failed ({e})"),
                ),
                None,
            ),
        };
        if let Some(url) = in_flight.remove(&id) {
            queue.ended(&url);
            reporter.record(verdict.status);
            results.take(url, verdict, anchors);
        }
    }
}

impl Results<'_> {
    /// Takes in the verdict on `url`, handing it to the sinks first.
    fn take(&mut self, url: Url, mut verdict: Verdict, anchors: Option<PageAnchors>) {
        if let Some(sink) = &self.sinks.verdicts {
            sink.send(&url, &verdict);
        }
        if let Some(anchors) = anchors {
            self.anchors.insert(url.clone(), anchors);
        }
        // The text went to the sinks: a run's texts never pile up.
        verdict.text = None;
        self.verdicts.insert(url, verdict);
    }
}

/// One link's check, as its task runs it.
struct Task {
    fetcher: Arc<Fetcher>,
    options: Arc<CheckOptions>,
    url: Url,
    want_anchors: bool,
    claim_key: Option<CacheKey>,
    pages: Option<Arc<dyn super::sink::PageSink>>,
}

impl Task {
    async fn run(self) -> Step {
        check_one(
            &self.fetcher,
            &self.options,
            &self.url,
            self.want_anchors,
            self.claim_key,
            self.pages,
        )
        .await
    }
}

/// Leaves `urls` for the next run: the time budget ran out before them.
fn defer(
    urls: impl IntoIterator<Item = Url>,
    budget: Option<Budget>,
    reporter: &mut Reporter,
    results: &mut Results<'_>,
) {
    let length = budget.map_or(Duration::ZERO, |b| b.length);
    for url in urls {
        reporter.record(LinkStatus::Unchecked);
        results.verdicts.insert(url, Verdict::deferred(length));
    }
}

/// Sleeps until `at`; forever when there is no `at`.
async fn sleep_until_some(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Checks one link in its task: claimed first when a store shares the
/// work, then fetched and judged, its page's text handed to `pages`.
async fn check_one(
    fetcher: &Fetcher,
    options: &CheckOptions,
    task_url: &Url,
    want_anchors: bool,
    claim_key: Option<CacheKey>,
    pages: Option<Arc<dyn super::sink::PageSink>>,
) -> Step {
    if let (Some(work), Some(key)) = (&options.network.shared, &claim_key) {
        match work.claim(key).await {
            Ok(Claim::Mine) => {}
            Ok(Claim::Done(verdict)) => return Step::Judged(verdict, None),
            Ok(Claim::Busy(wait)) => return Step::Busy(wait),
            Err(e) => {
                let why = format!("not checked: {e}");
                return Step::Judged(Box::new(Verdict::new(LinkStatus::Unchecked, why)), None);
            }
        }
    }
    let outcome = fetcher.fetch(task_url, want_anchors).await;
    let verdict = verdict::judge(task_url, &outcome, options);
    let anchors = outcome.result.ok().and_then(|a| a.page?.anchors);
    // The text is handed over now, while other requests wait on the
    // network, rather than after every page has come.
    if let (Some(pages), Some(text)) = (&pages, verdict.text.as_deref()) {
        pages.page(task_url, text, verdict.page.as_ref());
    }
    Step::Judged(Box::new(verdict), anchors)
}

/// What a link's task ended with.
enum Step {
    /// A verdict (and the page's anchors, when they were read).
    Judged(Box<Verdict>, Option<PageAnchors>),
    /// Another process holds the link: ask again after this long.
    Busy(Duration),
}

/// Resolves every cited host name; when there are some and not one resolves,
/// the machine is offline and the names are returned. Names under `.invalid`
/// are no evidence either way: they never resolve.
async fn offline_names(urls: &[Url], resolver: &Resolver) -> Option<HashSet<String>> {
    let names: HashSet<String> = urls
        .iter()
        .filter_map(|url| match url.host() {
            Some(Host::Domain(name)) if !never_resolves(name) => Some(name.to_owned()),
            _ => None,
        })
        .collect();
    if names.is_empty() {
        return None;
    }
    let lookups = names.iter().map(|name| resolver.lookup(name));
    let any_found = futures_util::future::join_all(lookups)
        .await
        .iter()
        .any(Result::is_ok);
    (!any_found).then_some(names)
}

/// Whether checking `url` needs the network that is down: its host is a name
/// that did not resolve, or a public address.
fn needs_network(url: &Url, unresolved: &HashSet<String>) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => unresolved.contains(name),
        Some(Host::Ipv4(ip)) => !guard::is_private(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => !guard::is_private(IpAddr::V6(ip)),
        None => false,
    }
}
