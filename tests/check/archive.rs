//! Archive rescue: dead, soft-404, unreachable and timed-out links are offered
//! a snapshot by a Wayback-compatible availability API on 127.0.0.1; the
//! archive never changes a status.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use citecheck::check::cache::{Freshness, SqliteCache};
use citecheck::check::{CacheUse, CheckOptions, LinkStatus};
use citecheck::report::Report;
use url::Url;

use crate::support::article::article_with_notes;
use crate::support::binary::{citecheck, run_binary_with_lookups};
use crate::support::checker::options;
use crate::support::server::{serve, serve_counted, url as endpoint, Hits, Tally};
use crate::support::stubs::{asked_url, json, snapshot_of, wayback_answer, WAYBACK};

/// A web server: `/ok` is a page, `/gone/…` is 404.
fn site() -> SocketAddr {
    serve(
        Router::new()
            .route(
                "/ok",
                get(|| async {
                    axum::response::Html(
                        "<html><head><title>The treaty</title></head><body><h1>The treaty</h1>\
                         <p>Signed in Moscow in August 1939, with a secret protocol.</p></body></html>",
                    )
                }),
            )
            .fallback(|| async { (StatusCode::NOT_FOUND, "not found") }),
    )
}

/// The stand-in archive (a snapshot of every URL whose path contains
/// `archived`, and none of the others), and the URLs it was asked about,
/// with how often.
fn archive() -> (Url, Tally) {
    let asked = Tally::default();
    let counter = asked.clone();
    let addr = serve(Router::new().route(
        WAYBACK,
        get(move |uri: Uri| {
            let counter = counter.clone();
            async move {
                let url = asked_url(uri.query().unwrap_or(""));
                counter.add(&url);
                wayback_answer(&url)
            }
        }),
    ));
    (endpoint(addr, WAYBACK), asked)
}

/// An archive that answers every request with `answer`.
fn broken_archive(answer: fn() -> Response) -> Url {
    let addr = serve(Router::new().fallback(move || async move { answer() }));
    endpoint(addr, WAYBACK)
}

fn with_archive(archive: &Url) -> CheckOptions {
    CheckOptions {
        services: citecheck::check::Services {
            archive_endpoint: Some(archive.clone()),
            ..options().services
        },
        ..options()
    }
}

/// Writes an article citing `urls`, one note each.
fn article(dir: &tempfile::TempDir, urls: &[String]) -> Vec<PathBuf> {
    let notes: Vec<String> = urls.iter().map(|u| format!("<{u}>")).collect();
    vec![article_with_notes(dir.path(), &notes)]
}

/// Audits an article citing `urls`, without a cache.
async fn audit_citing(urls: &[String], options: &CheckOptions) -> citecheck::Audit {
    let dir = tempfile::tempdir().unwrap();
    citecheck::audit_cached(&article(&dir, urls), options, None).await
}

/// (url, status, archive_url) of every link, in order.
fn links(report: &Report) -> Vec<(String, LinkStatus, Option<String>)> {
    report.articles[0]
        .links
        .iter()
        .map(|l| {
            (
                l.link.url.clone(),
                l.verdict.status,
                l.verdict.archive_url.clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_dead_link_gets_the_snapshot_the_archive_offers() {
    let site = site();
    let (archive, asked) = archive();
    let dead = format!("http://{site}/gone/archived");
    let report = audit_citing(std::slice::from_ref(&dead), &with_archive(&archive))
        .await
        .report;
    assert_eq!(
        links(&report),
        [(dead.clone(), LinkStatus::Dead, Some(snapshot_of(&dead)))]
    );
    assert_eq!(asked.times(&dead), 1);
}

#[tokio::test]
async fn a_dead_link_without_a_snapshot_keeps_archive_url_null() {
    let site = site();
    let (archive, asked) = archive();
    let dead = format!("http://{site}/gone/lost");
    let audit = audit_citing(std::slice::from_ref(&dead), &with_archive(&archive)).await;
    assert_eq!(
        links(&audit.report),
        [(dead.clone(), LinkStatus::Dead, None)]
    );
    assert_eq!(asked.times(&dead), 1);
    assert!(
        audit.lookup_failures.is_empty(),
        "{:?}",
        audit.lookup_failures
    );
}

#[tokio::test]
async fn a_working_link_never_asks_the_archive() {
    let site = site();
    let (archive, asked) = archive();
    let ok = format!("http://{site}/ok");
    let report = audit_citing(std::slice::from_ref(&ok), &with_archive(&archive))
        .await
        .report;
    assert_eq!(links(&report), [(ok, LinkStatus::Ok, None)]);
    assert_eq!(asked.total(), 0);
}

#[tokio::test]
async fn each_distinct_dead_url_is_asked_about_once() {
    let site = site();
    let (archive, asked) = archive();
    let dead = format!("http://{site}/gone/archived");
    let other = format!("http://{site}/gone/lost");
    let cited = [
        dead.clone(),
        format!("{dead}#section"),
        other.clone(),
        dead.clone(),
        other.clone(),
    ];
    let report = audit_citing(&cited, &with_archive(&archive)).await.report;
    let snapshots: Vec<Option<String>> = links(&report).into_iter().map(|l| l.2).collect();
    let offered = Some(snapshot_of(&dead));
    assert_eq!(
        snapshots,
        [offered.clone(), offered.clone(), None, offered, None]
    );
    assert_eq!((asked.times(&dead), asked.times(&other)), (1, 1));
    assert_eq!(asked.total(), 2);
}

#[tokio::test]
async fn an_unreachable_link_is_offered_a_snapshot_too() {
    // A port nobody listens on: the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = format!("http://{}/archived", closed.local_addr().unwrap());
    drop(closed);
    let (archive, asked) = archive();
    let options = CheckOptions {
        network: citecheck::check::Network {
            retries: 0,
            ..with_archive(&archive).network
        },
        ..with_archive(&archive)
    };
    let report = audit_citing(std::slice::from_ref(&gone), &options)
        .await
        .report;
    assert_eq!(
        links(&report),
        [(
            gone.clone(),
            LinkStatus::Unreachable,
            Some(snapshot_of(&gone))
        )]
    );
    assert_eq!(asked.total(), 1);
}

#[tokio::test]
async fn a_failing_or_garbled_archive_leaves_archive_url_null_and_the_status_unchanged() {
    let site = site();
    let dead = format!("http://{site}/gone/archived");
    let refused = {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        endpoint(closed.local_addr().unwrap(), WAYBACK)
    };
    let archives = [
        (
            "HTTP 500",
            broken_archive(|| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        ),
        (
            "not JSON",
            broken_archive(|| "<html>maintenance</html>".into_response()),
        ),
        (
            "the wrong JSON",
            broken_archive(|| {
                json(&serde_json::json!({"archived_snapshots": "soon"})).into_response()
            }),
        ),
        (
            "a snapshot of an error page",
            broken_archive(|| {
                json(&serde_json::json!({"archived_snapshots": {"closest": {
                    "status": "404", "available": true, "url": "http://web.archive.org/web/1/x"
                }}}))
                .into_response()
            }),
        ),
        ("a refused connection", refused),
    ];
    for (what, archive) in archives {
        let audit = audit_citing(std::slice::from_ref(&dead), &with_archive(&archive)).await;
        assert_eq!(
            links(&audit.report),
            [(dead.clone(), LinkStatus::Dead, None)],
            "with an archive answering {what}"
        );
        let detail = &audit.report.articles[0].links[0].verdict.detail;
        assert!(detail.contains("404"), "{what}: {detail}");
        if matches!(what, "HTTP 500" | "not JSON" | "a refused connection") {
            let warning = audit
                .lookup_failures
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(
                warning.contains("web archive") && warning.contains("--archive-endpoint"),
                "{what}: {warning}"
            );
        }
    }
}

#[tokio::test]
async fn a_cached_dead_verdict_keeps_its_snapshot_without_asking_again() {
    let site = site();
    let (archive, asked) = archive();
    let dead = format!("http://{site}/gone/archived");
    let dir = tempfile::tempdir().unwrap();
    let files = article(&dir, std::slice::from_ref(&dead));
    let store = SqliteCache::open(&dir.path().join("cache.sqlite")).unwrap();
    let freshness = Freshness::default();
    let cache = || {
        Some(CacheUse {
            store: &store,
            freshness: &freshness,
        })
    };
    let first = citecheck::audit_cached(&files, &with_archive(&archive), cache()).await;
    let second = citecheck::audit_cached(&files, &with_archive(&archive), cache()).await;
    assert_eq!(second.from_cache, 1);
    let expected = [(dead.clone(), LinkStatus::Dead, Some(snapshot_of(&dead)))];
    assert_eq!(links(&first.report), expected);
    assert_eq!(links(&second.report), expected);
    assert_eq!(
        asked.total(),
        1,
        "the second run reads the snapshot from the cache"
    );

    // Without an archive, no snapshot is shown, not even a cached one.
    let third = citecheck::audit_cached(&files, &options(), cache()).await;
    assert_eq!(links(&third.report), [(dead, LinkStatus::Dead, None)]);
    assert_eq!(asked.total(), 1);
}

#[test]
fn the_archive_endpoint_flag_reaches_the_archive_and_report_md_names_the_snapshot() {
    let site = site();
    let (archive, asked) = archive();
    let dead = format!("http://{site}/gone/archived");
    let dir = tempfile::tempdir().unwrap();
    let run = run_binary_with_lookups(
        dir.path(),
        &format!("Claim.[^1]\n\n[^1]: <{dead}>\n"),
        &[
            "--allow-private",
            "--no-cache",
            "--retries",
            "0",
            "--no-isbn-lookup",
            "--no-doi-lookup",
            "--archive-endpoint",
            archive.as_str(),
        ],
    );
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    let link = &run.report["articles"][0]["links"][0];
    assert_eq!(link["status"], "dead");
    assert_eq!(link["archive_url"], snapshot_of(&dead).as_str());
    assert_eq!(asked.total(), 1);
    let md = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    assert!(
        md.contains(&format!("archived copy: {}", snapshot_of(&dead))),
        "{md}"
    );
}

#[test]
fn no_archive_asks_no_archive() {
    let site = site();
    let (archive, asked) = archive();
    let dead = format!("http://{site}/gone/archived");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citecheck.toml"),
        format!("archive_endpoint = \"{archive}\"\n"),
    )
    .unwrap();
    let config = dir.path().join("citecheck.toml");
    let run = run_binary_with_lookups(
        dir.path(),
        &format!("Claim.[^1]\n\n[^1]: <{dead}>\n"),
        &[
            "--config",
            config.to_str().unwrap(),
            "--allow-private",
            "--no-cache",
            "--no-isbn-lookup",
            "--no-doi-lookup",
            "--no-archive",
        ],
    );
    assert_eq!(
        run.report["articles"][0]["links"][0]["archive_url"],
        serde_json::Value::Null
    );
    assert_eq!(asked.total(), 0);
}

#[tokio::test]
async fn a_silent_archive_is_given_up_on_after_one_timeout() {
    let site = site();
    let (addr, hits) = serve_counted(Router::new().fallback(|| async {
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
        "{}"
    }));
    let dead: Vec<String> = (0..12)
        .map(|i| format!("http://{site}/gone/archived/{i}"))
        .collect();
    let options = CheckOptions {
        network: citecheck::check::Network {
            timeout: std::time::Duration::from_millis(300),
            retries: 0,
            ..with_archive(&endpoint(addr, WAYBACK)).network
        },
        ..with_archive(&endpoint(addr, WAYBACK))
    };
    let started = std::time::Instant::now();
    let audit = audit_citing(&dead, &options).await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(links(&audit.report)
        .iter()
        .all(|l| l.1 == LinkStatus::Dead && l.2.is_none()));
    assert!(
        hits.count() <= 4,
        "{} requests to a silent archive",
        hits.count()
    );
    assert_eq!(audit.lookup_failures.len(), 1);
    assert_eq!(audit.lookup_failures[0].failed, 12);
}

#[tokio::test]
async fn an_archive_that_is_briefly_overloaded_is_asked_again() {
    let site = site();
    let hits = Hits::default();
    let calls = hits.clone();
    let addr = serve(Router::new().fallback(move || {
        let calls = calls.clone();
        async move {
            if calls.hit() == 1 {
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            json(&serde_json::json!({"archived_snapshots": {"closest": {
                "status": "200", "available": true,
                "url": "http://web.archive.org/web/2020/x"
            }}}))
        }
    }));
    let dead = format!("http://{site}/gone/x");
    let report = audit_citing(
        std::slice::from_ref(&dead),
        &with_archive(&endpoint(addr, WAYBACK)),
    )
    .await
    .report;
    assert_eq!(hits.count(), 2);
    assert_eq!(
        links(&report)[0].2.as_deref(),
        Some("https://web.archive.org/web/2020/x")
    );
}

#[test]
fn a_malformed_archive_endpoint_stops_the_run_naming_the_option() {
    let output = citecheck(&[
        "check",
        "--offline",
        "--archive-endpoint",
        "archive.org/wayback",
    ]);
    assert_eq!(output.code(), Some(2));
    let stderr = output.stderr();
    assert!(
        stderr.contains("archive_endpoint") && stderr.contains("archive.org/wayback"),
        "{stderr}"
    );
}

/// An archive that records the query of every request it is asked.
fn recording_archive() -> (Url, Arc<Mutex<Vec<String>>>) {
    let queries = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&queries);
    let addr = serve(Router::new().route(
        WAYBACK,
        get(move |uri: Uri| {
            let seen = Arc::clone(&seen);
            async move {
                seen.lock()
                    .unwrap()
                    .push(uri.query().unwrap_or("").to_owned());
                json(&serde_json::json!({"archived_snapshots": {}}))
            }
        }),
    ));
    (endpoint(addr, WAYBACK), queries)
}

#[tokio::test]
async fn the_archive_is_asked_for_the_snapshot_closest_to_the_access_date_and_not_for_a_copy_the_article_gives(
) {
    let site = site();
    let (archive, queries) = recording_archive();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.wikitext");
    let dated = format!("http://{site}/gone/dated");
    let copied = format!("http://{site}/gone/copied");
    std::fs::write(
        &page,
        format!(
            "A.<ref>{{{{cite web |url={dated} |title=D |access-date=5 May 2010}}}}</ref> \
             B.<ref>{{{{cite web |url={copied} |title=C |archive-url=https://web.archive.org/web/2009/{copied} |archive-date=1 May 2009}}}}</ref>\n"
        ),
    )
    .unwrap();
    let audit = citecheck::audit_cached(&[page], &with_archive(&archive), None).await;
    let asked = queries.lock().unwrap().clone();
    assert_eq!(
        asked.len(),
        1,
        "only the link without a copy is asked about: {asked:?}"
    );
    let pairs: HashMap<String, String> = url::form_urlencoded::parse(asked[0].as_bytes())
        .into_owned()
        .collect();
    assert_eq!(pairs.get("url"), Some(&dated));
    assert_eq!(pairs.get("timestamp").map(String::as_str), Some("20100505"));
    // The article's own copy stands for the dead link it archives.
    let links = links(&audit.report);
    let copy = links.iter().find(|l| l.0 == copied).unwrap();
    assert_eq!(copy.1, LinkStatus::Dead);
    assert_eq!(
        copy.2.as_deref(),
        Some(format!("https://web.archive.org/web/2009/{copied}").as_str())
    );
}

#[tokio::test]
async fn without_an_access_date_the_archive_is_asked_for_when_the_cache_first_saw_the_link_working()
{
    use std::sync::atomic::{AtomicBool, Ordering};
    let gone = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&gone);
    let site = serve(Router::new().route(
        "/flip",
        get(move || {
            let flag = Arc::clone(&flag);
            async move {
                if flag.load(Ordering::Relaxed) {
                    (StatusCode::NOT_FOUND, "gone").into_response()
                } else {
                    axum::response::Html(
                        "<html><head><title>Here</title></head><body>Here.</body></html>",
                    )
                    .into_response()
                }
            }
        }),
    ));
    let (archive, queries) = recording_archive();
    let link = format!("http://{site}/flip");
    let dir = tempfile::tempdir().unwrap();
    let files = article(&dir, std::slice::from_ref(&link));
    let store = SqliteCache::open(&dir.path().join("cache.sqlite")).unwrap();
    let mut freshness = Freshness::default();
    // Every verdict is checked again on the next run.
    freshness.set(LinkStatus::Ok, std::time::Duration::ZERO);
    let cache = || {
        Some(CacheUse {
            store: &store,
            freshness: &freshness,
        })
    };
    let first = citecheck::audit_cached(&files, &with_archive(&archive), cache()).await;
    assert_eq!(links(&first.report)[0].1, LinkStatus::Ok);
    assert!(
        queries.lock().unwrap().is_empty(),
        "a working link is not asked about"
    );
    gone.store(true, Ordering::Relaxed);
    let second = citecheck::audit_cached(&files, &with_archive(&archive), cache()).await;
    assert_eq!(links(&second.report)[0].1, LinkStatus::Dead);
    let asked = queries.lock().unwrap().clone();
    assert_eq!(asked.len(), 1, "{asked:?}");
    let pairs: HashMap<String, String> = url::form_urlencoded::parse(asked[0].as_bytes())
        .into_owned()
        .collect();
    let today = chrono::Utc::now().format("%Y%m%d").to_string();
    assert_eq!(pairs.get("timestamp"), Some(&today), "{asked:?}");
}
