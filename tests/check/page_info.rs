//! What a cited page says about itself (`links[].page`): its metadata, read
//! from real pages served on 127.0.0.1, kept in the cache, and null when
//! nothing was fetched; a parked domain is `usurped`.

use axum::response::Html;
use axum::routing::get;
use axum::Router;

use crate::support::binary::{self, run_binary, NO_LOOKUPS};
use crate::support::json;
use crate::support::server::{serve, url};

/// A scholarly article page: `citation_*` tags beside OpenGraph, a generic
/// `<title>` and JSON-LD.
const ARTICLE: &str = r#"<!doctype html><html lang="en-GB"><head>
<title>Journal site | Article</title>
<meta name="citation_title" content="The  Tripartite Pact and the Axis talks">
<meta name="citation_author" content="Smith, Jane">
<meta name="citation_author" content="Wang, Li">
<meta name="citation_publication_date" content="1999/05/04">
<meta name="citation_journal_title" content="Journal of Diplomatic History">
<meta property="og:title" content="Axis talks (OpenGraph title)">
<meta property="og:description" content="How the talks of November 1940 failed.">
<link rel="canonical" href="/articles/axis-talks">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Journal site"},{"@type":"ScholarlyArticle","headline":"JSON-LD headline","datePublished":"1999-05-04"}]}</script>
</head><body><h1>The Tripartite Pact and the Axis talks</h1><p>Molotov arrived in Berlin on 12 November 1940.</p></body></html>"#;

/// A news page that gives its metadata only as JSON-LD and a `<title>`.
const NEWS: &str = r#"<!doctype html><html><head><title>Talks fail — The Daily</title>
<script type="application/ld+json">[{"@type":"NewsArticle","headline":"Talks fail in Berlin","datePublished":"1940-11-14","author":[{"@type":"Person","name":"A. Reporter"},{"@type":"Person","name":"B. Writer"}],"publisher":{"@type":"Organization","name":"The Daily"}}]</script>
</head><body><p>Text.</p></body></html>"#;

/// A lapsed domain's parking page.
const PARKED: &str = r#"<html><head><title>history-archive.example is for sale</title></head>
<body><p>This domain may be for sale. Buy this domain today!</p><p>Related searches: history books, travel</p></body></html>"#;

#[test]
fn a_page_s_metadata_is_reported_cached_and_a_parked_domain_is_usurped() {
    let addr = serve(
        Router::new()
            .route("/article", get(|| async { Html(ARTICLE) }))
            .route("/news", get(|| async { Html(NEWS) }))
            .route("/report-2009", get(|| async { Html(PARKED) })),
    );
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "One.[^1] Two.[^2] Three.[^3]\n\n[^1]: <{}>\n[^2]: <{}>\n[^3]: <{}>\n",
        url(addr, "/article"),
        url(addr, "/news"),
        url(addr, "/report-2009")
    );
    let cache = dir.path().join("cache.sqlite");
    let args = ["--allow-private", "--cache", cache.to_str().unwrap()];
    for round in ["fetched", "from the cache"] {
        let run = run_binary(dir.path(), &text, &args);
        let links = run.report["articles"][0]["links"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(
            run.statuses(),
            ["ok", "ok", "ok"],
            "{round}: {}",
            run.stderr()
        );

        let article = &links[0]["page"];
        assert_eq!(
            article["title"], "The Tripartite Pact and the Axis talks",
            "{round}"
        );
        assert_eq!(article["author"], "Smith, Jane; Wang, Li");
        assert_eq!(article["published"], "1999/05/04");
        assert_eq!(article["site_name"], "Journal of Diplomatic History");
        assert_eq!(
            article["description"],
            "How the talks of November 1940 failed."
        );
        assert_eq!(article["language"], "en-GB");
        assert_eq!(
            article["canonical"],
            url(addr, "/articles/axis-talks").as_str()
        );
        assert_eq!(article["usurped"], false);

        let news = &links[1]["page"];
        assert_eq!(news["title"], "Talks fail in Berlin");
        assert_eq!(news["author"], "A. Reporter; B. Writer");
        assert_eq!(news["published"], "1940-11-14");
        assert_eq!(news["site_name"], "The Daily");
        assert_eq!(news["language"], serde_json::Value::Null);

        let parked = &links[2];
        assert_eq!(parked["page"]["usurped"], true, "{round}");
        let detail = parked["detail"].as_str().unwrap();
        assert!(detail.contains("the domain looks usurped"), "{detail}");
        assert!(!links[0]["detail"].as_str().unwrap().contains("usurped"));
    }
}

#[test]
fn nothing_fetched_means_no_page() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_binary(
        dir.path(),
        "One.[^1]\n\n[^1]: <https://example.org/a>\n",
        &["--offline"],
    );
    let link = &run.report["articles"][0]["links"][0];
    assert_eq!(link["status"], "unchecked");
    assert!(link.as_object().unwrap().contains_key("page"), "{link}");
    assert_eq!(link["page"], serde_json::Value::Null);
}

#[test]
fn a_page_whose_title_is_not_the_cited_work_is_told_apart() {
    let addr = serve(
        Router::new()
            .route("/article", get(|| async { Html(ARTICLE) }))
            .route("/report-2009", get(|| async { Html(PARKED) })),
    );
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("talks.wikitext");
    std::fs::write(
        &article,
        format!(
            "Talks failed.<ref>{{{{cite journal |url={} |title=The Tripartite Pact and the Axis talks |journal=JDH}}}}</ref> \
             Figures.<ref>{{{{cite web |url={} |title=Annual report 2009 of the Society}}}}</ref> \
             More.<ref>{{{{cite web |url={} }}}}</ref>\n\n{{{{reflist}}}}\n",
            url(addr, "/article"),
            url(addr, "/report-2009"),
            url(addr, "/article"),
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = binary::run(
        binary::command(["check", "--no-cache"])
            .args(NO_LOOKUPS)
            .args(["--allow-private", "--out"])
            .arg(&out)
            .arg(&article),
    );
    assert_eq!(output.code(), Some(0), "{}", output.stderr());
    let report = json::read(&out.join("report.json"));
    let matches: Vec<serde_json::Value> = report["articles"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["page"]["title_matches"].clone())
        .collect();
    assert_eq!(
        matches,
        [
            serde_json::json!(true),
            serde_json::json!(false),
            serde_json::Value::Null
        ],
        "the cited title, a parking page's, and no cited title"
    );
}
