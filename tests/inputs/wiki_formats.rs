//! Wikitext and Wikipedia HTML, read from files and from a wiki by its
//! address: a loopback stand-in of MediaWiki's REST API serves the pages.

use std::net::SocketAddr;
use std::path::Path;

use axum::extract::Path as UrlPath;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::support::binary::{audit_offline, citecheck};
use crate::support::server::serve_with;

/// One article, written three ways. The wikitext is the source; the HTML is
/// what MediaWiki renders from it; the Markdown is what the converter makes.
const WIKITEXT: &str = "'''Town''' is a town.<ref name=\"pop\">{{cite web |url=http://127.0.0.1:PORT/ok |title=Census |access-date=5 May 2010}}</ref> It has a river.<ref>{{cite book |last=Smith |title=Rivers |year=2001 |isbn=978-0-306-40615-7}}</ref> The river is long.<ref name=\"pop\" />\n\nThe mill closed.{{citation needed|date=May 2020}}\n\n== References ==\n{{reflist}}\n";

const HTML: &str = r##"<!DOCTYPE html><html><head><title>Town - Wikipedia</title></head><body><div class="mw-parser-output">
<p><b>Town</b> is a town.<sup id="cite_ref-pop_1-0" class="reference"><a href="#cite_note-pop-1">[1]</a></sup> It has a river.<sup class="reference"><a href="#cite_note-2">[2]</a></sup> The river is long.<sup class="reference"><a href="#cite_note-pop-1">[1]</a></sup></p>
<p>The mill closed.<sup class="noprint Inline-Template Template-Fact">[<i><a href="/wiki/Wikipedia:Citation_needed"><span>citation needed</span></a></i>]</sup></p>
<h2><span class="mw-headline">References</span></h2>
<div class="reflist"><ol class="references">
<li id="cite_note-pop-1"><span class="mw-cite-backlink">^ <a href="#cite_ref-pop_1-0"><sup>a</sup></a> <a href="#cite_ref-pop_1-1"><sup>b</sup></a></span> <span class="reference-text"><cite class="citation web"><a rel="nofollow" class="external text" href="http://127.0.0.1:PORT/ok">"Census"</a>. <span class="reference-accessdate">Retrieved <span class="nowrap">5 May</span> 2010</span>.</cite></span></li>
<li id="cite_note-2"><span class="mw-cite-backlink"><a href="#cite_ref-2">^</a></span> <span class="reference-text"><cite class="citation book">Smith (2001). <i>Rivers</i>. ISBN <a href="/wiki/Special:BookSources/978-0-306-40615-7">978-0-306-40615-7</a>.</cite></span></li>
</ol></div></div></body></html>"##;

const MARKDOWN: &str = "**Town** is a town.[^1] It has a river.[^2] The river is long.[^1]\n\nThe mill closed.\n\n## References\n\n[^1]: [\"Census\"](http://127.0.0.1:PORT/ok). Retrieved 5 May 2010.\n[^2]: Smith (2001). *Rivers*. ISBN 978-0-306-40615-7.\n";

/// The page `title` of the wiki on `port`, as MediaWiki's REST API gives it.
async fn page(title: String, port: u16) -> impl IntoResponse {
    if title == "Town" {
        let body = json!({
            "id": 7, "key": "Town", "title": "Town",
            "latest": {"id": 123_456, "timestamp": "2026-11-01T10:00:00Z"},
            "content_model": "wikitext",
            "source": WIKITEXT.replace("PORT", &port.to_string()),
        });
        return (
            StatusCode::OK,
            [("content-type", "application/json")],
            body.to_string(),
        )
            .into_response();
    }
    let body = json!({"httpCode": 404, "messageTranslations": {"en": "The specified page does not exist"}});
    (
        StatusCode::NOT_FOUND,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// The page `title` of the wiki on `port`, rendered as HTML.
async fn page_html(title: String, port: u16) -> impl IntoResponse {
    if title == "Town" {
        let mut headers = HeaderMap::new();
        headers.insert("etag", "W/\"123456/abc\"".parse().unwrap());
        headers.insert("content-type", "text/html; charset=utf-8".parse().unwrap());
        return (
            StatusCode::OK,
            headers,
            HTML.replace("PORT", &port.to_string()),
        )
            .into_response();
    }
    StatusCode::NOT_FOUND.into_response()
}

/// Starts the stand-in wiki; returns its address.
fn wiki() -> SocketAddr {
    serve_with(|addr| {
        let port = addr.port();
        Router::new()
            .route(
                "/w/rest.php/v1/page/{title}",
                get(move |UrlPath(title): UrlPath<String>| page(title, port)),
            )
            .route(
                "/w/rest.php/v1/page/{title}/html",
                get(move |UrlPath(title): UrlPath<String>| page_html(title, port)),
            )
            .route("/ok", get(|| async { "<html><head><title>Census tables</title></head><body>Population tables.</body></html>" }))
    })
}

fn run(args: &[&str], out: &Path) -> (i32, Value, String) {
    let mut all = vec![
        "check",
        "--no-cache",
        "--no-archive",
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let output = citecheck(&all);
    let report = std::fs::read_to_string(out.join("report.json"))
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap_or(Value::Null);
    (output.code().unwrap_or(-1), report, output.stderr())
}

/// What must agree between two readings of one article.
fn essentials(article: &Value) -> Value {
    let links: Vec<Value> = article["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!([l["url"], l["kind"], l["note"], l["status"]]))
        .collect();
    let isbns: Vec<Value> = article["isbns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!([i["isbn13"], i["note"]]))
        .collect();
    let notes: Vec<Value> = article["footnotes"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            json!([
                n["id"],
                n["kind"],
                n["referenced_from"].as_array().unwrap().len()
            ])
        })
        .collect();
    json!({
        "markers": article["footnotes"]["markers"],
        "notes": notes,
        "links": links,
        "isbns": isbns,
        "sentences": article["coverage"]["sentences"],
    })
}

#[test]
fn a_page_by_address_gives_the_same_report_as_the_file() {
    let addr = wiki();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Town.wikitext");
    std::fs::write(&file, WIKITEXT.replace("PORT", &addr.port().to_string())).unwrap();
    let url = format!("http://{addr}/wiki/Town");
    let (code, by_url, stderr) = run(&["--allow-private", &url], &dir.path().join("a"));
    assert_eq!(code, 0, "{stderr}");
    let (code, by_file, stderr) = run(
        &["--allow-private", file.to_str().unwrap()],
        &dir.path().join("b"),
    );
    assert_eq!(code, 0, "{stderr}");
    let page = &by_url["articles"][0];
    assert_eq!(page["format"], "wikitext");
    assert_eq!(page["path"], url.as_str());
    assert_eq!(page["revision"]["id"], 123_456);
    assert_eq!(page["revision"]["timestamp"], "2026-11-01T10:00:00Z");
    assert_eq!(essentials(page), essentials(&by_file["articles"][0]));
    assert_eq!(page["links"][0]["status"], "ok");
    assert_eq!(page["maintenance_tags"][0]["kind"], "citation_needed");
    // As HTML, from the same wiki.
    let (code, as_html, stderr) = run(
        &["--allow-private", "--wiki-format", "html", &url],
        &dir.path().join("c"),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(as_html["articles"][0]["format"], "html");
    assert_eq!(as_html["articles"][0]["revision"]["id"], 123_456);
    assert_eq!(essentials(&as_html["articles"][0]), essentials(page));
}

#[test]
fn a_missing_page_is_exit_2_naming_it_and_the_others_are_still_audited() {
    let addr = wiki();
    let dir = tempfile::tempdir().unwrap();
    let (code, report, stderr) = run(
        &[
            "--allow-private",
            &format!("http://{addr}/wiki/No_such_page"),
            &format!("http://{addr}/w/index.php?title=Town"),
        ],
        dir.path(),
    );
    assert_eq!(code, 2, "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("No such page"))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"));
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    assert!(articles.iter().any(|a| a["footnotes"]["markers"] == 3));
}

#[test]
fn a_page_on_a_private_address_needs_allow_private() {
    let addr = wiki();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(&[&format!("http://{addr}/wiki/Town")], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("--allow-private"), "{stderr}");
}

#[test]
fn one_article_as_wikitext_html_and_markdown_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut essentials_of = Vec::new();
    for (name, text) in [
        ("Town.wikitext", WIKITEXT),
        ("Town.html", HTML),
        ("Town.md", MARKDOWN),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text.replace("PORT", "9")).unwrap();
        let (_, report) = audit_offline(
            &[path.to_str().unwrap()],
            &dir.path().join(name.replace('.', "_")),
        );
        let article = &report["articles"][0];
        let mut found = essentials(article);
        // Markdown has no citation-needed tag: its sentence counts differ.
        found["sentences"] = Value::Null;
        essentials_of.push((name, found));
    }
    assert_eq!(essentials_of[0].1, essentials_of[1].1, "wikitext vs HTML");
    assert_eq!(
        essentials_of[0].1, essentials_of[2].1,
        "wikitext vs Markdown"
    );
}

#[test]
fn folders_are_searched_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.wikitext", "b.html", "c.md", "d.mediawiki", "e.txt"] {
        std::fs::write(dir.path().join(name), WIKITEXT.replace("PORT", "9")).unwrap();
    }
    let (_, report) = audit_offline(&[dir.path().to_str().unwrap()], &dir.path().join("out"));
    let formats: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["wikitext", "html", "markdown", "wikitext"]);
}
