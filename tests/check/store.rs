//! The store seam: a run awaits every call to its verdict store, so a store
//! that answers later (as one on a database server does) is used as SQLite
//! is. The store here wraps a real SQLite file and yields to the runtime
//! before every answer, and counts what it was asked.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use citecheck::check::cache::{
    AsyncVerdictStore, CacheKey, Freshness, Observation, SqliteCache, StoreFuture, StoredEntry,
    VerdictStore,
};
use citecheck::check::catalogue::Entry;
use citecheck::check::{CacheUse, LinkStatus, Verdict};

use crate::support::checker::options;
use crate::support::server::{serve_counted, url};

/// SQLite behind a store that answers only after yielding, as a network
/// round trip would.
struct Deferred {
    sqlite: SqliteCache,
    calls: AtomicUsize,
}

impl Deferred {
    fn later<'a, T: 'a>(
        &'a self,
        answer: impl FnOnce() -> Result<T, citecheck::check::cache::CacheError> + 'a,
    ) -> StoreFuture<'a, T> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            tokio::task::yield_now().await;
            answer()
        })
    }
}

impl AsyncVerdictStore for Deferred {
    fn latest<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<Observation>> {
        self.later(|| VerdictStore::latest(&self.sqlite, key))
    }
    fn record<'a>(
        &'a self,
        observations: &'a [(CacheKey, Verdict)],
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()> {
        self.later(move || VerdictStore::record(&self.sqlite, observations, at))
    }
    fn note_archive<'a>(
        &'a self,
        answers: &'a [(CacheKey, Option<String>)],
        endpoint: &'a str,
    ) -> StoreFuture<'a, ()> {
        self.later(|| VerdictStore::note_archive(&self.sqlite, answers, endpoint))
    }
    fn entry<'a>(
        &'a self,
        isbn13: &'a str,
        endpoint: &'a str,
    ) -> StoreFuture<'a, Option<StoredEntry>> {
        self.later(|| VerdictStore::entry(&self.sqlite, isbn13, endpoint))
    }
    fn record_entries<'a>(
        &'a self,
        entries: &'a [(String, Entry)],
        endpoint: &'a str,
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()> {
        self.later(move || VerdictStore::record_entries(&self.sqlite, entries, endpoint, at))
    }
    fn history<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Vec<Observation>> {
        self.later(|| VerdictStore::history(&self.sqlite, key))
    }
    fn page_text<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<String>> {
        self.later(|| VerdictStore::page_text(&self.sqlite, key))
    }
    fn fresh_observation<'a>(
        &'a self,
        key: &'a CacheKey,
        freshness: &'a Freshness,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<Observation>> {
        self.later(move || VerdictStore::fresh_observation(&self.sqlite, key, freshness, now))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_that_answers_later_serves_a_warm_run_as_sqlite_does() {
    let (addr, hits) = serve_counted(
        Router::new().route("/page", get(|| async { Html("<title>A page</title>") })),
    );
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.md");
    std::fs::write(
        &article,
        format!("A claim.[^1]\n\n[^1]: <{}>\n", url(addr, "/page")),
    )
    .unwrap();
    let files = vec![article];
    let store = Deferred {
        sqlite: SqliteCache::open(&dir.path().join("cache.sqlite")).unwrap(),
        calls: AtomicUsize::new(0),
    };
    let freshness = Freshness::default();
    let cache = || {
        Some(CacheUse {
            store: &store,
            freshness: &freshness,
        })
    };

    let cold = citecheck::audit_cached(&files, &options(), cache()).await;
    assert!(cold.cache_errors.is_empty(), "{:?}", cold.cache_errors);
    assert_eq!(
        cold.report.articles[0].links[0].verdict.status,
        LinkStatus::Ok
    );
    // The page, and the site's answer for a made-up address (the probe).
    let cold_hits = hits.count();
    assert!(cold_hits >= 1);
    assert!(
        store.calls.load(Ordering::SeqCst) > 0,
        "the store was not asked"
    );

    let warm = citecheck::audit_cached(&files, &options(), cache()).await;
    assert_eq!(
        warm.from_cache, 1,
        "the verdict recorded through the seam is read back"
    );
    assert_eq!(hits.count(), cold_hits, "the warm run sent a request");
    assert_eq!(
        warm.report.articles[0].links[0].verdict.status,
        LinkStatus::Ok
    );
    // The observation went through `record` and came back through `history`.
    assert_eq!(
        warm.report.articles[0].links[0]
            .history
            .consecutive_failures,
        0
    );
}
