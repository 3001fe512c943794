//! One set of store tests, run against both stores: the SQLite file and
//! the shared PostgreSQL store answer every call of the store seam alike.

use chrono::{DateTime, TimeDelta, Utc};
use citecheck::check::cache::{
    AsyncVerdictStore, CacheKey, Freshness, PgAddress, PgStore, SqliteCache,
};
use citecheck::check::catalogue::Entry;
use citecheck::check::{LinkStatus, Verdict};

use crate::support::postgres::fresh_store;

fn key(url: &str, options: &str) -> CacheKey {
    CacheKey {
        url: url.to_owned(),
        options: options.to_owned(),
    }
}

fn ago(days: i64) -> DateTime<Utc> {
    // Whole seconds: the SQLite file keeps no finer time.
    DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap() - TimeDelta::days(days)
}

async fn contract(store: &dyn AsyncVerdictStore) {
    let a = key("https://a.example/page", "allow_private=false");
    let freshness = Freshness::default();
    assert_eq!(store.latest(&a).await.unwrap(), None);
    // Observations oldest first; the newest is the latest; unchecked is
    // never recorded.
    let dead = Verdict::new(LinkStatus::Dead, "HTTP 404");
    let mut ok = Verdict::new(LinkStatus::Ok, "HTTP 200");
    ok.http_status = Some(200);
    store
        .record(&[(a.clone(), dead.clone())], ago(3))
        .await
        .unwrap();
    store
        .record(&[(a.clone(), ok.clone())], ago(1))
        .await
        .unwrap();
    store
        .record(
            &[(a.clone(), Verdict::new(LinkStatus::Unchecked, "offline"))],
            ago(0),
        )
        .await
        .unwrap();
    let history = store.history(&a).await.unwrap();
    let statuses: Vec<LinkStatus> = history.iter().map(|o| o.verdict.status).collect();
    assert_eq!(statuses, [LinkStatus::Dead, LinkStatus::Ok]);
    assert_eq!(history[0].checked_at, ago(3));
    let latest = store.latest(&a).await.unwrap().unwrap();
    assert_eq!(latest.verdict, ok);
    // Fresh: ok for a week.
    let fresh = store
        .fresh_observation(&a, &freshness, Utc::now())
        .await
        .unwrap();
    assert_eq!(fresh.map(|o| o.verdict.status), Some(LinkStatus::Ok));
    let later = Utc::now() + TimeDelta::days(7);
    assert_eq!(
        store
            .fresh_observation(&a, &freshness, later)
            .await
            .unwrap(),
        None
    );
    // The options are part of the key.
    let other = key("https://a.example/page", "allow_private=true");
    assert_eq!(store.latest(&other).await.unwrap(), None);
    // The archive's answer goes with the newest verdict worth a snapshot.
    let b = key("https://b.example/gone", "allow_private=false");
    store
        .record(&[(b.clone(), dead.clone())], ago(0))
        .await
        .unwrap();
    let snapshot = Some("https://web.archive.org/web/2020/https://b.example/gone".to_owned());
    store
        .note_archive(
            &[(b.clone(), snapshot.clone()), (a.clone(), snapshot.clone())],
            "https://archive.example",
        )
        .await
        .unwrap();
    let b_latest = store.latest(&b).await.unwrap().unwrap();
    assert_eq!(b_latest.verdict.archive_url, snapshot);
    assert_eq!(
        b_latest.archive_asked.as_deref(),
        Some("https://archive.example")
    );
    let a_latest = store.latest(&a).await.unwrap().unwrap();
    assert_eq!(
        a_latest.verdict.archive_url, None,
        "an ok verdict takes no snapshot"
    );
    // No page text is kept for a verdict that read no page.
    assert_eq!(store.page_text(&b).await.unwrap(), None);
    // Catalogue entries, per ISBN and endpoint, the newest kept.
    assert_eq!(
        store.entry("9780306406157", "https://books").await.unwrap(),
        None
    );
    store
        .record_entries(
            &[("9780306406157".into(), Entry::NotFound)],
            "https://books",
            ago(2),
        )
        .await
        .unwrap();
    let found = Entry::Found(citecheck::check::catalogue::Book {
        title: Some("A book".into()),
        authors: vec!["A. Author".into()],
        publishers: vec![],
        publish_date: Some("1999".into()),
    });
    store
        .record_entries(
            &[("9780306406157".into(), found.clone())],
            "https://books",
            ago(1),
        )
        .await
        .unwrap();
    let entry = store
        .entry("9780306406157", "https://books")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.entry, found);
    assert_eq!(entry.fetched_at, ago(1));
    assert_eq!(
        store.entry("9780306406157", "https://other").await.unwrap(),
        None
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sqlite_file_keeps_the_store_contract() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteCache::open(&dir.path().join("cache.sqlite")).unwrap();
    contract(&store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_postgres_store_keeps_the_store_contract() {
    let address = PgAddress::parse(&fresh_store("contract")).unwrap();
    let store = PgStore::connect(&address, std::time::Duration::from_secs(30))
        .await
        .unwrap();
    contract(store.as_ref()).await;
    store.close().await;
}
