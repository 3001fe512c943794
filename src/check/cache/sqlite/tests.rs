//! The SQLite store's own cases: freshness, failure streaks, keys, archive answers, a damaged file.

use super::super::{rfc3339, Freshness, LinkHistory};
use super::*;
use chrono::TimeDelta;

fn key(url: &str) -> CacheKey {
    CacheKey {
        url: url.into(),
        options: "allow_private=false".into(),
    }
}

fn at(days_ago: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap() - TimeDelta::days(days_ago)
}

fn observation(status: LinkStatus, days_ago: i64) -> Observation {
    Observation {
        checked_at: at(days_ago),
        verdict: Verdict::new(status, "x"),
        archive_asked: None,
        fingerprint: None,
    }
}

#[test]
fn ok_is_fresh_for_a_week_and_dead_for_a_day() {
    let f = Freshness::default();
    let now = at(0);
    assert!(f.is_fresh(&observation(LinkStatus::Ok, 6), now));
    assert!(!f.is_fresh(&observation(LinkStatus::Ok, 7), now));
    assert!(!f.is_fresh(&observation(LinkStatus::Dead, 1), now));
    let mut hours = observation(LinkStatus::Dead, 0);
    hours.checked_at -= TimeDelta::hours(23);
    assert!(f.is_fresh(&hours, now));
}

#[test]
fn transient_failures_are_never_fresh_even_when_configured() {
    let mut f = Freshness::default();
    f.set(LinkStatus::Timeout, Duration::from_secs(86_400));
    for status in [
        LinkStatus::Timeout,
        LinkStatus::ServerError,
        LinkStatus::Unreachable,
        LinkStatus::Blocked,
        LinkStatus::Excluded,
    ] {
        assert!(!f.is_fresh(&observation(status, 0), at(0)), "{status}");
    }
}

#[test]
fn streak_counts_dead_checks_since_the_link_last_worked() {
    let obs = [
        observation(LinkStatus::Dead, 10),
        observation(LinkStatus::Ok, 5),
        observation(LinkStatus::Dead, 3),
        observation(LinkStatus::Timeout, 2),
        observation(LinkStatus::Soft404, 2),
        observation(LinkStatus::Dead, 0),
    ];
    let h = LinkHistory::from_observations(&obs);
    assert_eq!(h.consecutive_failures, 3);
    // Days 3, 2 and 0 are each a day or more apart.
    assert_eq!(h.failures_a_day_apart, 3);
    assert_eq!(h.first_failed_at.as_deref(), Some(rfc3339(at(3)).as_str()));
}

#[test]
fn failures_within_a_day_count_once_towards_confirmation() {
    let mut later = observation(LinkStatus::Dead, 0);
    later.checked_at += TimeDelta::hours(5);
    let h = LinkHistory::from_observations(&[observation(LinkStatus::Dead, 0), later]);
    assert_eq!((h.consecutive_failures, h.failures_a_day_apart), (2, 1));
}

#[test]
fn a_working_link_has_no_streak() {
    let h = LinkHistory::from_observations(&[
        observation(LinkStatus::Dead, 2),
        observation(LinkStatus::Ok, 1),
    ]);
    assert_eq!(h, LinkHistory::default());
}

#[test]
fn records_every_observation_and_reads_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let cache = SqliteCache::open(&dir.path().join("sub/cache.sqlite")).unwrap();
    let k = key("https://example.org/a");
    assert_eq!(cache.latest(&k).unwrap(), None);
    let mut dead = Verdict::new(LinkStatus::Dead, "404 Not Found");
    dead.http_status = Some(404);
    dead.final_url = Some("https://example.org/b".into());
    cache.record(&[(k.clone(), dead.clone())], at(2)).unwrap();
    cache
        .record(&[(k.clone(), Verdict::new(LinkStatus::Ok, "200"))], at(1))
        .unwrap();
    let history = cache.history(&k).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].verdict, dead);
    assert_eq!(history[0].checked_at, at(2));
    assert_eq!(
        cache.latest(&k).unwrap().unwrap().verdict.status,
        LinkStatus::Ok
    );
}

#[test]
fn unchecked_is_never_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let cache = SqliteCache::open(&dir.path().join("c.sqlite")).unwrap();
    let k = key("https://example.org/");
    cache
        .record(
            &[(k.clone(), Verdict::new(LinkStatus::Unchecked, "offline"))],
            at(0),
        )
        .unwrap();
    assert!(cache.history(&k).unwrap().is_empty());
}

#[test]
fn options_that_change_a_verdict_are_part_of_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cache = SqliteCache::open(&dir.path().join("c.sqlite")).unwrap();
    let private = CacheKey {
        url: "http://127.0.0.1/".into(),
        options: "allow_private=true".into(),
    };
    cache
        .record(
            &[(private.clone(), Verdict::new(LinkStatus::Ok, "200"))],
            at(0),
        )
        .unwrap();
    let fresh = |k: &CacheKey| cache.fresh(k, &Freshness::default(), at(0)).unwrap();
    assert!(fresh(&private).is_some());
    assert!(fresh(&key("http://127.0.0.1/")).is_none());
}

#[test]
fn catalogue_entries_are_kept_per_endpoint_and_fresh_for_30_days_or_7_when_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let cache = SqliteCache::open(&dir.path().join("c.sqlite")).unwrap();
    let book = Entry::Found(Book {
        title: Some("T".into()),
        authors: vec!["A".into(), "B".into()],
        publishers: vec![],
        publish_date: None,
    });
    cache
        .record_entries(
            &[("1".into(), book.clone()), ("2".into(), Entry::NotFound)],
            "http://x/api/books",
            at(10),
        )
        .unwrap();
    let one = cache.entry("1", "http://x/api/books").unwrap().unwrap();
    assert_eq!((one.entry.clone(), one.fetched_at), (book, at(10)));
    assert_eq!(cache.entry("1", "http://y/api/books").unwrap(), None);
    let two = cache.entry("2", "http://x/api/books").unwrap().unwrap();
    let f = Freshness::default();
    assert!(f.is_entry_fresh(&one, at(0)));
    assert!(!f.is_entry_fresh(&two, at(0)));
    assert!(f.is_entry_fresh(&two, at(4)));
    assert!(!f.is_entry_fresh(&one, at(-21)));
}

#[test]
fn the_archive_answer_is_kept_with_the_newest_verdict_worth_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let cache = SqliteCache::open(&dir.path().join("c.sqlite")).unwrap();
    let (dead, ok) = (key("https://a/dead"), key("https://a/ok"));
    cache
        .record(
            &[
                (dead.clone(), Verdict::new(LinkStatus::Dead, "404")),
                (ok.clone(), Verdict::new(LinkStatus::Ok, "200")),
            ],
            at(0),
        )
        .unwrap();
    cache
        .note_archive(&[(dead.clone(), None), (ok.clone(), None)], "http://arc/")
        .unwrap();
    let latest = cache.latest(&dead).unwrap().unwrap();
    assert_eq!(latest.archive_asked.as_deref(), Some("http://arc/"));
    assert_eq!(latest.verdict.archive_url, None);
    assert_eq!(cache.latest(&ok).unwrap().unwrap().archive_asked, None);
    cache
        .note_archive(
            &[(dead.clone(), Some("https://snap/".into()))],
            "http://arc/",
        )
        .unwrap();
    let latest = cache.latest(&dead).unwrap().unwrap();
    assert_eq!(latest.verdict.archive_url.as_deref(), Some("https://snap/"));
}

#[test]
fn corruption_is_one_line_with_the_first_problem_and_the_count() {
    let corrupt = |problems| CacheError::Corrupt {
        path: "c.sqlite".into(),
        first: "Tree 4 page 9: btree page has bad flags".into(),
        problems,
    };
    assert_eq!(
        corrupt(1).to_string(),
        "c.sqlite: the cache is corrupt (Tree 4 page 9: btree page has bad flags, 1 problem)"
    );
    assert!(corrupt(3).to_string().ends_with(", 3 problems)"));
    assert!(corrupt(CHECK_LIMIT)
        .to_string()
        .ends_with(", at least 100 problems)"));
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    std::fs::write(&path, vec![b'x'; 8192]).unwrap();
    assert!(matches!(
        SqliteCache::open(&path),
        Err(CacheError::Corrupt { .. })
    ));
    let (cache, why) = SqliteCache::open_or_rebuild(&path).unwrap();
    let why = why.unwrap().to_string();
    assert!(why.contains("c.sqlite") && why.contains("corrupt"), "{why}");
    cache
        .record(
            &[(key("https://a/"), Verdict::new(LinkStatus::Ok, "200"))],
            at(0),
        )
        .unwrap();
    assert_eq!(cache.history(&key("https://a/")).unwrap().len(), 1);
}
