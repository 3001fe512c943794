//! Checking: the only stage that touches the file system and the network.
//!
//! Relative links are looked up on disk ([`files`]); web links are fetched
//! by [`http`], each distinct URL once per run. Every request, to a cited
//! page or to a service, is sent by the one request engine (`client`): the
//! link checker (`fetch`) and the lookups ([`lookup`]: a web [`archive`]
//! for snapshots of rotten links, a [`catalogue`] for ISBNs, a wiki for its
//! pages) are policies of it. Every link ends with a [`Verdict`] whose
//! status is one of the closed set in [`LinkStatus`]. With a [`cache`],
//! fresh verdicts from earlier runs stand in for requests, and every new
//! observation is recorded. The optional services never change a verdict.
//!
//! What a fetch finds goes to the caller as it is found, through [`Sinks`]:
//! each verdict (the cache commits it) and each page's main text (the
//! claims stage keeps and indexes it). Nothing here judges a claim.

pub mod archive;
mod book;
pub mod cache;
pub mod catalogue;
mod client;
pub mod dns;
pub mod doi_registry;
mod fetch;
pub mod files;
pub mod guard;
pub mod http;
pub mod lookup;
pub mod options;
mod page;
pub mod progress;
mod queue;
mod retry;
pub mod rules;
pub mod shared;
mod sink;
mod soft404;
mod stall;
mod status;
mod usurped;
mod verdict;
pub mod wiki_page;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use url::Url;

use crate::extract::{Link, LocalTarget, Target};
use cache::{CacheError, CacheKey, LinkHistory};
use lookup::LookupFailure;
use rules::UrlRules;

pub use cache::CacheUse;
pub use options::{Budget, CheckOptions, Network, Services};
pub use page::PageInfo;
pub use progress::Progress;
pub use sink::{PageSink, Sinks, VerdictSink};
pub use status::{LinkStatus, Verdict};

/// The verdicts of one run, looked up per link.
#[derive(Debug, Default)]
pub struct Verdicts {
    web: HashMap<Url, Verdict>,
    /// The anchors of pages cited with a fragment, when fragments are checked.
    anchors: HashMap<Url, page::PageAnchors>,
    files: HashMap<LocalTarget, Verdict>,
    history: HashMap<Url, LinkHistory>,
    checked_at: DateTime<Utc>,
    /// URLs answered from the cache, without a request.
    pub from_cache: usize,
    /// What went wrong with the cache; the run goes on without it.
    pub cache_errors: Vec<CacheError>,
    /// What went wrong with the web archive; its links have no snapshot.
    pub archive_failure: Option<LookupFailure>,
    /// Whether the machine was found offline: no cited name resolved and no
    /// server answered.
    offline: bool,
}

impl Verdicts {
    /// Whether the network may be used after checking: the run is not
    /// offline by option, the machine was not found offline, and the run's
    /// time budget leaves time for it. The optional services are asked
    /// only then.
    #[must_use]
    pub fn network_usable(&self, options: &CheckOptions) -> bool {
        let in_time = options
            .budget
            .is_none_or(|b| std::time::Instant::now() < b.checks_end());
        !options.offline && !self.offline && in_time
    }

    /// The verdict on one link.
    #[must_use]
    pub fn verdict(&self, link: &Link) -> Verdict {
        match &link.target {
            Target::Web(url) => {
                let key = fetch_key(url);
                let verdict = self.web.get(&key).cloned().unwrap_or_else(|| {
                    Verdict::new(LinkStatus::Unchecked, "not checked: the run is offline")
                });
                match (url.fragment(), self.anchors.get(&key)) {
                    (Some(fragment), Some(anchors)) => judge_fragment(verdict, fragment, anchors),
                    _ => verdict,
                }
            }
            Target::File(local) => self
                .files
                .get(&file_key(local))
                .cloned()
                .unwrap_or_else(|| files::LocalFiles::new(None).check(local)),
            Target::Excluded(reason) => Verdict::new(LinkStatus::Excluded, reason.clone()),
            Target::Invalid(reason) => Verdict::new(LinkStatus::Invalid, reason.clone()),
        }
    }

    /// The failure streak of one link: from the cache's history when there
    /// is one, else from this run alone.
    #[must_use]
    pub fn history(&self, link: &Link) -> LinkHistory {
        if let Target::Web(url) = &link.target {
            if let Some(history) = self.history.get(&fetch_key(url)) {
                return history.clone();
            }
        }
        LinkHistory::this_run(self.verdict(link).status)
    }
}

/// What a local link's verdict is kept under: its folder rather than its
/// article, so that the articles of one folder linking the same file share
/// one verdict, and the table grows with the files linked, not with the
/// articles. A link into the article itself (`#part`) keeps its article.
fn file_key(local: &LocalTarget) -> LocalTarget {
    if local.path.is_empty() {
        return local.clone();
    }
    LocalTarget {
        article: local
            .article
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        path: local.path.clone(),
        fragment: local.fragment.clone(),
    }
}

/// The verdict on a page cited with `#fragment`: a page that answered but has
/// no such anchor is `dead`, with a detail saying the page itself is there.
fn judge_fragment(verdict: Verdict, fragment: &str, anchors: &page::PageAnchors) -> Verdict {
    if !matches!(verdict.status, LinkStatus::Ok | LinkStatus::Redirected)
        || anchors.reaches(fragment)
    {
        return verdict;
    }
    if !anchors.complete {
        let detail = format!(
            "{}; the fragment #{fragment} was not found in the first {} MiB of the page, and the rest was not read",
            verdict.detail,
            fetch::ANCHOR_PAGE_BYTES / (1024 * 1024)
        );
        return Verdict { detail, ..verdict };
    }
    Verdict {
        status: LinkStatus::Dead,
        detail: format!(
            "the page is there ({}), but it has no anchor #{fragment}: the cited place is gone",
            verdict.detail
        ),
        ..verdict
    }
}

/// Checks links: relative links on disk, web links over the network (each
/// distinct URL once, unless the run is offline or the URL is ruled out).
/// Other links are judged by rule when looked up.
///
/// With a cache, a URL with a fresh verdict is not fetched; every verdict
/// fetched is recorded as it comes, and each URL's failure streak read back.
/// A cached verdict that already has the archive's answer (a snapshot or
/// none) is not asked about again. The first cache failure ends the use of
/// the cache for the run and is kept in [`Verdicts::cache_errors`].
pub async fn check_links<'a>(
    links: impl IntoIterator<Item = &'a Link>,
    options: &CheckOptions,
    cache: Option<CacheUse<'_>>,
) -> Verdicts {
    let mut targets = LinkTargets::new(options);
    for link in links {
        targets.add(link);
    }
    check_targets(targets, options, cache, None).await
}

/// The distinct targets of a run's links, gathered article by article so a
/// run never holds every link at once: each web URL once (with what its
/// citations say, for the archive), each local file judged once on disk.
#[derive(Debug)]
pub struct LinkTargets {
    verdicts: Verdicts,
    distinct: Vec<Url>,
    seen: HashSet<Url>,
    /// Pages cited with a fragment, whose anchors are read when fragments
    /// are checked.
    anchor_pages: HashSet<Url>,
    local_files: files::LocalFiles,
    hints: archive::Hints,
    include_fragments: bool,
    rules: UrlRules,
}

impl LinkTargets {
    /// No targets yet.
    #[must_use]
    pub fn new(options: &CheckOptions) -> Self {
        Self {
            verdicts: Verdicts {
                checked_at: Utc::now(),
                ..Verdicts::default()
            },
            distinct: Vec::new(),
            seen: HashSet::new(),
            anchor_pages: HashSet::new(),
            local_files: files::LocalFiles::new(options.root_dir.as_deref()),
            hints: archive::Hints::default(),
            include_fragments: options.include_fragments,
            rules: options.rules.clone(),
        }
    }

    /// Adds one link: a new web URL is queued (or ruled out), a new local
    /// file is looked up on disk now.
    pub fn add(&mut self, link: &Link) {
        self.add_dated(link, None);
    }

    /// Like [`LinkTargets::add`], for a link known to be seen on `seen`
    /// (what its note says, the citation's date, or the page's revision
    /// time): the date its archived copy is looked for when its citation
    /// gives no access-date.
    pub fn add_dated(&mut self, link: &Link, seen: Option<&str>) {
        match &link.target {
            Target::Web(url) => {
                let key = fetch_key(url);
                self.hints.note(&key, link.citation.as_ref(), seen);
                if self.include_fragments && url.fragment().is_some_and(|f| !f.is_empty()) {
                    self.anchor_pages.insert(key.clone());
                }
                if !self.seen.insert(key.clone()) {
                    return;
                }
                match self.rules.excluded(&key) {
                    Some(why) => {
                        self.verdicts
                            .web
                            .insert(key, Verdict::new(LinkStatus::Excluded, why));
                    }
                    None => self.distinct.push(key),
                }
            }
            Target::File(local) => {
                let key = file_key(local);
                if !self.verdicts.files.contains_key(&key) {
                    let verdict = self.local_files.check(local);
                    self.verdicts.files.insert(key, verdict);
                }
            }
            _ => {}
        }
    }

    /// The verdicts known without the network: local files, and links the
    /// rules exclude; other web links read as unchecked.
    #[must_use]
    pub fn known(&self) -> &Verdicts {
        &self.verdicts
    }

    /// Distinct web URLs so far.
    #[must_use]
    pub fn web_urls(&self) -> usize {
        self.seen.len()
    }
}

/// Checks the gathered targets; see [`check_links`]. The main text of each
/// page read (this run, or kept by the cache) is handed to `pages`, when
/// given.
pub async fn check_targets(
    targets: LinkTargets,
    options: &CheckOptions,
    cache: Option<CacheUse<'_>>,
    pages: Option<Arc<dyn PageSink>>,
) -> Verdicts {
    let LinkTargets {
        mut verdicts,
        distinct,
        anchor_pages,
        mut hints,
        ..
    } = targets;
    if options.offline {
        return verdicts;
    }
    let mut session = Session { cache, error: None };
    let options_key = options.verdict_key();
    let cache_key = |url: &Url| CacheKey {
        url: url.to_string(),
        options: options_key.clone(),
    };
    let archive = options.services.archive_endpoint.as_ref().map(Url::as_str);
    // URLs whose cached verdict already has this archive's answer.
    let mut archive_answered = HashSet::new();
    let mut to_fetch = Vec::new();
    // URLs answered from the cache whose page text it keeps.
    let mut cached_pages = Vec::new();
    for url in distinct {
        let now = verdicts.checked_at;
        let key = cache_key(&url);
        let latest = session.call(|c| c.store.latest(&key)).await.flatten();
        let fresh = latest
            .as_ref()
            .is_some_and(|o| session.cache.is_some_and(|c| c.freshness.is_fresh(o, now)));
        if anchor_pages.contains(&url) || !fresh {
            // The anchors are not cached: the page is read again.
            to_fetch.push((Overdue::of(latest.as_ref()), url));
            continue;
        }
        if let Some(observation) = latest {
            verdicts.from_cache += 1;
            if archive.is_some() && observation.archive_asked.as_deref() == archive {
                archive_answered.insert(url.clone());
            }
            // Cached texts are read only for a sink that takes them.
            if pages.is_some() && observation.fingerprint.is_some() {
                cached_pages.push((url.clone(), observation.verdict.page.clone()));
            }
            verdicts.web.insert(url, observation.verdict);
        }
    }
    // Most overdue first: with a time budget, what is not reached is what
    // can best wait. The sort is stable: links equally due keep the
    // articles' order.
    to_fetch.sort_by_key(|(overdue, _)| *overdue);
    let to_fetch: Vec<Url> = to_fetch.into_iter().map(|(_, url)| url).collect();
    let sinks = Sinks {
        verdicts: None,
        pages: pages.clone(),
    };
    let checked = fetch_recording(
        to_fetch,
        &anchor_pages,
        options,
        sinks,
        &mut session,
        &cache_key,
    )
    .await;
    verdicts.offline = checked.offline;
    verdicts.web.extend(checked.verdicts);
    verdicts.anchors = checked.anchors;
    if let Some(pages) = &pages {
        hand_cached_texts(cached_pages, pages.as_ref(), &mut session, &cache_key).await;
    }
    date_from_history(&verdicts, options, &mut session, &mut hints, &cache_key).await;
    let answered = rescue(&mut verdicts, options, &archive_answered, &hints).await;
    if let (Some(endpoint), false) = (archive, answered.is_empty()) {
        let answers: Vec<(CacheKey, Option<String>)> = answered
            .iter()
            .filter_map(|url| Some((cache_key(url), verdicts.web.get(url)?.archive_url.clone())))
            .collect();
        session
            .call(|c| c.store.note_archive(&answers, endpoint))
            .await;
    }
    read_histories(&mut verdicts, &mut session, &cache_key).await;
    verdicts.cache_errors.extend(session.error);
    verdicts
}

/// How overdue a link's check is, most overdue first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Overdue {
    /// Never checked.
    Never,
    /// Failing when last checked (dead, or a passing failure): due for the
    /// check that confirms it, the longest waiting first.
    Failing(chrono::DateTime<chrono::Utc>),
    /// Working when last checked, the oldest verdict first.
    Stale(chrono::DateTime<chrono::Utc>),
}

impl Overdue {
    fn of(latest: Option<&cache::Observation>) -> Self {
        match latest {
            None => Self::Never,
            Some(o) if o.verdict.status.is_failure() => Self::Failing(o.checked_at),
            Some(o) => Self::Stale(o.checked_at),
        }
    }
}

/// Gives each URL its failure streak from the cache's history, and each
/// page the date it changed since, when the cache saw it before.
async fn read_histories(
    verdicts: &mut Verdicts,
    session: &mut Session<'_>,
    cache_key: &impl Fn(&Url) -> CacheKey,
) {
    if session.cache.is_none() {
        return;
    }
    let mut changed_pages = Vec::new();
    for url in verdicts.web.keys() {
        let key = cache_key(url);
        let Some(observations) = session.call(|c| c.store.history(&key)).await else {
            break;
        };
        if !observations.is_empty() {
            verdicts
                .history
                .insert(url.clone(), LinkHistory::from_observations(&observations));
        }
        if let Some(changed) = cache::changed_since(&observations) {
            changed_pages.push((url.clone(), changed));
        }
    }
    for (url, changed) in changed_pages {
        if let Some(page) = verdicts.web.get_mut(&url).and_then(|v| v.page.as_mut()) {
            page.changed_since = Some(changed.format("%Y-%m-%d").to_string());
        }
    }
}

/// Hands the page sink the texts the cache kept for the pages it answered
/// for.
async fn hand_cached_texts(
    cached: Vec<(Url, Option<PageInfo>)>,
    pages: &dyn PageSink,
    session: &mut Session<'_>,
    cache_key: &impl Fn(&Url) -> CacheKey,
) {
    for (url, info) in cached {
        let key = cache_key(&url);
        let Some(text) = session.call(|c| c.store.page_text(&key)).await else {
            break;
        };
        if let Some(text) = text {
            pages.cached(&url, &text, info.as_ref());
        }
    }
}

/// Dates the rotten links the article gives no date for by when the cache
/// first saw them working, so the archive offers the snapshot from then.
async fn date_from_history(
    verdicts: &Verdicts,
    options: &CheckOptions,
    session: &mut Session<'_>,
    hints: &mut archive::Hints,
    cache_key: &impl Fn(&Url) -> CacheKey,
) {
    if session.cache.is_none() || options.services.archive_endpoint.is_none() {
        return;
    }
    let undated: Vec<&Url> = verdicts
        .web
        .iter()
        .filter(|(url, v)| v.status.wants_snapshot() && !hints.dated(url))
        .map(|(url, _)| url)
        .collect();
    for url in undated {
        let key = cache_key(url);
        let Some(history) = session.call(|c| c.store.history(&key)).await else {
            break;
        };
        let working = history
            .iter()
            .find(|o| matches!(o.verdict.status, LinkStatus::Ok | LinkStatus::Redirected));
        if let Some(first) = working {
            hints.seen_working(url, first.checked_at);
        }
    }
}

/// The cache as one run uses it. After its first failure the run goes on
/// without it: one warning, not one per link.
struct Session<'a> {
    cache: Option<CacheUse<'a>>,
    error: Option<CacheError>,
}

impl<'a> Session<'a> {
    /// `use_cache` on the cache, if there is one still working, awaited.
    async fn call<T, Fut>(&mut self, use_cache: impl FnOnce(CacheUse<'a>) -> Fut) -> Option<T>
    where
        Fut: std::future::Future<Output = Result<T, CacheError>>,
    {
        match use_cache(self.cache?).await {
            Ok(value) => Some(value),
            Err(e) => {
                self.cache = None;
                self.error = Some(e);
                None
            }
        }
    }

    /// Records verdicts fetched in this run, and notes which were.
    async fn record(
        &mut self,
        fetched: Vec<(Url, Verdict)>,
        recorded: &mut HashSet<Url>,
        cache_key: &impl Fn(&Url) -> CacheKey,
    ) {
        if fetched.is_empty() {
            return;
        }
        let observations: Vec<(CacheKey, Verdict)> = fetched
            .iter()
            .map(|(url, verdict)| (cache_key(url), verdict.clone()))
            .collect();
        let now = Utc::now();
        if self
            .call(|c| c.store.record(&observations, now))
            .await
            .is_some()
        {
            recorded.extend(fetched.into_iter().map(|(url, _)| url));
        }
    }
}

/// Fetches `urls`; with a cache, commits each verdict as it comes (those that
/// arrive together in one transaction), so a run that is killed keeps what
/// it had checked.
async fn fetch_recording(
    urls: Vec<Url>,
    anchor_pages: &HashSet<Url>,
    options: &CheckOptions,
    mut sinks: Sinks,
    session: &mut Session<'_>,
    cache_key: &impl Fn(&Url) -> CacheKey,
) -> http::Checked {
    if session.cache.is_none() || urls.is_empty() {
        return http::check_all(urls, anchor_pages, options, sinks).await;
    }
    let (sink, mut received) = VerdictSink::channel();
    sinks.verdicts = Some(sink);
    let mut recorded = HashSet::new();
    let mut checking = std::pin::pin!(http::check_all(urls, anchor_pages, options, sinks));
    let checked = loop {
        tokio::select! {
            checked = &mut checking => break checked,
            Some(first) = received.recv() => {
                let mut batch = vec![first];
                while let Ok(next) = received.try_recv() {
                    batch.push(next);
                }
                session.record(batch, &mut recorded, cache_key).await;
            }
        }
    };
    // The verdicts still on their way (with their page texts), then any
    // reached without the sink.
    let mut arrived = Vec::new();
    while let Ok(next) = received.try_recv() {
        arrived.push(next);
    }
    session.record(arrived, &mut recorded, cache_key).await;
    let rest = checked
        .verdicts
        .iter()
        .filter(|(url, _)| !recorded.contains(*url))
        .map(|(url, verdict)| (url.clone(), verdict.clone()))
        .collect();
    session.record(rest, &mut recorded, cache_key).await;
    checked
}

/// Offers snapshots for rotten-looking links, when the run has an archive
/// and the network; URLs in `answered` already have this archive's answer.
/// A run without an archive shows no snapshot, not even a cached one:
/// `--no-archive` means no `archive_url`. Returns the URLs the archive
/// answered for.
async fn rescue(
    verdicts: &mut Verdicts,
    options: &CheckOptions,
    answered: &HashSet<Url>,
    hints: &archive::Hints,
) -> Vec<Url> {
    match &options.services.archive_endpoint {
        None => {
            for verdict in verdicts.web.values_mut() {
                verdict.archive_url = None;
            }
            Vec::new()
        }
        Some(endpoint) if verdicts.network_usable(options) => {
            let rescued =
                archive::rescue(&mut verdicts.web, endpoint, options, answered, hints).await;
            verdicts.archive_failure = rescued.failure;
            rescued.answered
        }
        Some(_) => Vec::new(),
    }
}

/// What is fetched for a URL: the fragment never reaches the server, so
/// `page#a` and `page#b` are one request.
#[must_use]
pub fn fetch_key(url: &Url) -> Url {
    let mut key = url.clone();
    key.set_fragment(None);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(status: LinkStatus, days_ago: i64) -> cache::Observation {
        cache::Observation {
            checked_at: chrono::Utc::now() - chrono::TimeDelta::days(days_ago),
            verdict: Verdict::new(status, "seen"),
            archive_asked: None,
            fingerprint: None,
        }
    }

    #[test]
    fn the_most_overdue_links_come_first() {
        let mut due = [
            ("ok, 3 days", Overdue::of(Some(&seen(LinkStatus::Ok, 3)))),
            (
                "dead, 2 days",
                Overdue::of(Some(&seen(LinkStatus::Dead, 2))),
            ),
            ("never", Overdue::of(None)),
            ("ok, 9 days", Overdue::of(Some(&seen(LinkStatus::Ok, 9)))),
            (
                "timeout, 1 day",
                Overdue::of(Some(&seen(LinkStatus::Timeout, 1))),
            ),
            (
                "dead, 5 days",
                Overdue::of(Some(&seen(LinkStatus::Dead, 5))),
            ),
        ];
        due.sort_by_key(|(_, overdue)| *overdue);
        let order: Vec<&str> = due.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            order,
            [
                "never",
                "dead, 5 days",
                "dead, 2 days",
                "timeout, 1 day",
                "ok, 9 days",
                "ok, 3 days"
            ]
        );
    }
}
