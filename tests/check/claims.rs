//! Claims end to end, against pages served on 127.0.0.1: the cache keeps a
//! page's main text so a warm run judges claims without a request, notes
//! when the text changed (`page.changed_since`), plain-text pages are read,
//! and `--fail-on unsupported` fails the run while report.md, report.html
//! and SARIF show the flagged sentence with the page's passage.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use citecheck::check::cache::{Freshness, SqliteCache};
use citecheck::check::{CacheUse, LinkStatus};
use citecheck::claims::Support;

use crate::support::binary::{self, run_binary, NO_LOOKUPS};
use crate::support::checker::options;
use crate::support::server::{serve_counted, url};

const BEFORE: &str = "<html><head><title>Grain deal</title></head><body>\
    <nav>Home · World · 99 other stories</nav>\
    <article><h1>Grain deal</h1><p>Under the trade agreement signed on 11 February 1940, \
    the Soviet Union promised Germany about 1,000,000 tonnes of grain over the next eighteen \
    months, paid for with machinery and weapons delivered from Germany.</p></article>\
    <footer>© The Daily</footer></body></html>";

const AFTER: &str = "<html><head><title>Grain deal</title></head><body>\
    <article><h1>Grain deal</h1><p>The page was rewritten: the agreement of 11 February \
    1940 is now said to have had the Soviet Union promise 900,000 tonnes of grain to Germany, paid for with \
    machinery from Germany.</p></article></body></html>";

const SENTENCE: &str = "In the agreement of 11 February 1940 the Soviet Union promised Germany 1 million tonnes of grain.";

/// The support of the article's only claim, and its link's `page`.
fn judged(report: &citecheck::report::Report) -> (Support, Option<String>, LinkStatus) {
    let article = &report.articles[0];
    let claim = &article.claims[0];
    let link = &article.links[0];
    (
        claim.sources[0].support,
        link.verdict
            .page
            .as_ref()
            .and_then(|p| p.changed_since.clone()),
        link.verdict.status,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cache_keeps_the_text_for_warm_runs_and_notes_when_it_changed() {
    let rewritten = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&rewritten);
    let (addr, hits) = serve_counted(Router::new().route(
        "/news/grain",
        get(move || {
            let flag = Arc::clone(&flag);
            async move {
                Html(if flag.load(Ordering::SeqCst) {
                    AFTER
                } else {
                    BEFORE
                })
            }
        }),
    ));
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.md");
    std::fs::write(
        &article,
        format!("{SENTENCE}[^1]\n\n[^1]: <{}>\n", url(addr, "/news/grain")),
    )
    .unwrap();
    let files = vec![article];
    let store = SqliteCache::open(&dir.path().join("cache.sqlite")).unwrap();
    let mut always = Freshness::default();
    always.set(LinkStatus::Ok, std::time::Duration::ZERO);
    let week = Freshness::default();
    let with = |freshness| {
        Some(CacheUse {
            store: &store,
            freshness,
        })
    };

    let first = citecheck::audit_cached(&files, &options(), with(&always)).await;
    assert_eq!(
        judged(&first.report),
        (Support::Supported, None, LinkStatus::Ok)
    );
    let requests = hits.count();

    // A warm run: no request, and the claim is judged from the kept text.
    let warm = citecheck::audit_cached(&files, &options(), with(&week)).await;
    assert_eq!(warm.from_cache, 1);
    assert_eq!(hits.count(), requests, "the warm run sent a request");
    assert_eq!(
        judged(&warm.report),
        (Support::Supported, None, LinkStatus::Ok)
    );

    // The page is rewritten: fetched again, its number no longer backs the
    // sentence, and the page says since when it reads as it does.
    rewritten.store(true, Ordering::SeqCst);
    let changed = citecheck::audit_cached(&files, &options(), with(&always)).await;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        judged(&changed.report),
        (Support::Unsupported, Some(today.clone()), LinkStatus::Ok)
    );
    let source = &changed.report.articles[0].claims[0].sources[0];
    assert_eq!(source.missing, ["1 million"], "{source:?}");
    assert!(
        source
            .evidence
            .as_deref()
            .is_some_and(|e| e.contains("900,000 tonnes")),
        "{source:?}"
    );
    // And a warm run after it keeps both.
    let again = citecheck::audit_cached(&files, &options(), with(&week)).await;
    assert_eq!(
        judged(&again.report),
        (Support::Unsupported, Some(today), LinkStatus::Ok)
    );
}

#[test]
fn plain_text_pages_are_read_and_unsupported_claims_fail_the_run_when_asked() {
    let (addr, _) = serve_counted(
        Router::new()
            .route(
                "/notes.txt",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                        "Minutes of the meeting.\nThe committee met on 3 March 2021 and approved \
                         a budget of $4.2 million for the new library in Riverton.\n",
                    )
                        .into_response()
                }),
            )
            .route("/story", get(|| async { Html(BEFORE) })),
    );
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "The committee approved $4.2 million for the Riverton library on 3 March 2021.[^1]\n\n\
         The Soviet Union promised Germany 3 million tonnes of grain in February 1940.[^2]\n\n\
         [^1]: <{}>\n[^2]: <{}>\n",
        url(addr, "/notes.txt"),
        url(addr, "/story")
    );
    let plain = run_binary(dir.path(), &text, &["--allow-private", "--no-cache"]);
    assert_eq!(
        plain.code(),
        Some(0),
        "support never fails a run by default"
    );
    let claims = plain.report["articles"][0]["claims"].as_array().unwrap();
    let support: Vec<&str> = claims
        .iter()
        .map(|c| c["sources"][0]["support"].as_str().unwrap())
        .collect();
    assert_eq!(support, ["supported", "unsupported"], "{claims:?}");

    let gated = run_binary(
        dir.path(),
        &text,
        &[
            "--allow-private",
            "--no-cache",
            "--fail-on",
            "unsupported",
            "--format",
            "text",
        ],
    );
    assert_eq!(gated.code(), Some(1), "{}", gated.stderr());
    let out = dir.path().join("out");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let section = md
        .split("### What to fix: claims their cited pages may not support")
        .nth(1)
        .expect("report.md lists the claims to fix");
    assert!(section.contains("| unsupported | 3 |"), "{section}");
    assert!(section.contains("3 million tonnes"), "{section}");
    assert!(
        !section.split("\n\n").next().unwrap().contains("Riverton"),
        "a supported claim is not listed"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let page = scraper::Html::parse_document(&html);
    let badges: Vec<String> = page
        .select(&scraper::Selector::parse("span.claim[data-support]").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        badges,
        ["supported", "unsupported"],
        "badges beside the sentences"
    );
    let evidence: String = page
        .select(&scraper::Selector::parse("q.evidence").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(evidence.contains("1,000,000 tonnes"), "{evidence}");
    let fix = page
        .select(&scraper::Selector::parse("[id$=fix-unsupported]").unwrap())
        .next();
    assert!(fix.is_some(), "the what-to-fix list has the claim");

    let sarif = binary::run(
        binary::command(["check", "--allow-private", "--no-cache"])
            .args(NO_LOOKUPS)
            .arg(dir.path().join("article.md"))
            .arg("--out")
            .arg(dir.path().join("out-sarif"))
            .args(["--format", "sarif"]),
    );
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.output.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let claim = results
        .iter()
        .find(|r| r["ruleId"] == "unsupported")
        .expect("SARIF has the unsupported claim");
    assert_eq!(claim["level"], "note");
    assert_eq!(
        claim["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
}
