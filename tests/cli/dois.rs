//! DOIs in every written form, normalised, once per note; one that is no
//! DOI by its syntax is a finding (`invalid_doi`) in every report and fails
//! the build when `--fail-on` names it. The registries are not asked yet:
//! a valid DOI is `unchecked`.

use serde_json::Value;

use crate::support::binary::citecheck;
use crate::support::json;

const ARTICLE: &str = "A claim.<ref>{{cite journal |title=On Things |journal=J |doi=10.1000/XYZ123 |year=2001}}</ref> \
Another.<ref>See {{doi|10.1038/nature.2012.9872}}.</ref> \
A third.<ref>Jones, DOI: 10.1016/j.cell.2009.01.002.</ref> \
A fourth.<ref>[https://doi.org/10.1093%2Fnar%2Fgkz1021 The paper]</ref> \
A fifth.<ref>{{cite journal |title=Broken |doi=10.abc/1}}</ref>\n\n== References ==\n{{reflist}}\n";

#[test]
fn dois_are_found_in_every_form_and_an_invalid_one_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.wikitext");
    std::fs::write(&article, ARTICLE).unwrap();
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--offline", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(article.to_str().unwrap());
        citecheck(&args)
    };
    let first = run(&[]);
    assert_eq!(
        first.code(),
        Some(0),
        "invalid DOIs fail only when asked: {}",
        first.stderr()
    );
    let report = json::read(&out.join("report.json"));
    let dois: Vec<(String, String, Value)> = report["articles"][0]["dois"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["doi"].as_str().unwrap().to_owned(),
                d["status"].as_str().unwrap().to_owned(),
                d["note"].clone(),
            )
        })
        .collect();
    let expected = [
        ("10.1000/xyz123", "unchecked", "1"),
        ("10.1038/nature.2012.9872", "unchecked", "2"),
        ("10.1016/j.cell.2009.01.002", "unchecked", "3"),
        ("10.1093/nar/gkz1021", "unchecked", "4"),
        ("10.abc/1", "invalid", "5"),
    ];
    let expected: Vec<(String, String, Value)> = expected
        .iter()
        .map(|(d, s, n)| ((*d).to_owned(), (*s).to_owned(), Value::from(*n)))
        .collect();
    assert_eq!(dois, expected);
    assert_eq!(report["summary"]["dois"], 5);
    assert_eq!(report["summary"]["invalid_dois"], 1);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("### Invalid DOIs\n\n- `10.abc/1` (line 1 note 5)"),
        "{md}"
    );

    let failing = run(&["--fail-on", "invalid_doi", "--format", "sarif"]);
    assert_eq!(failing.code(), Some(1), "{}", failing.stderr());
    let sarif: Value = serde_json::from_str(&failing.stdout()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let invalid: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "invalid_doi")
        .collect();
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0]["level"], "error");
}

/// The DOI handle API and Crossref as the public ones answer: a known DOI
/// (1), an unknown one (404 with `responseCode` 100), and the bad answers a
/// service can give (HTML for JSON, a 500). Crossref knows one title and
/// answers 404 "Resource not found." for the rest.
fn registries() -> (
    std::net::SocketAddr,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    use axum::http::{StatusCode, Uri};
    use axum::response::IntoResponse;
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let log = log.clone();
        async move {
            let path = percent_encoding::percent_decode_str(uri.path())
                .decode_utf8_lossy()
                .into_owned();
            log.lock()
                .unwrap()
                .push(format!("{}?{}", path, uri.query().unwrap_or_default()));
            let json = |status: StatusCode, value: serde_json::Value| {
                (
                    status,
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    value.to_string(),
                )
                    .into_response()
            };
            if let Some(doi) = path.strip_prefix("/api/handles/") {
                return match doi {
                    "10.1000/xyz123" => json(
                        StatusCode::OK,
                        serde_json::json!({"responseCode": 1, "handle": doi, "values": []}),
                    ),
                    "10.1038/nature.2012.9872" => json(
                        StatusCode::NOT_FOUND,
                        serde_json::json!({"responseCode": 100, "handle": doi}),
                    ),
                    "10.1016/j.cell.2009.01.002" => {
                        axum::response::Html("<html><body>Maintenance</body></html>").into_response()
                    }
                    _ => (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response(),
                };
            }
            if path == "/page" {
                return axum::response::Html(
                    "<html><head><title>A page</title></head><body><p>A page that holds some words about things.</p></body></html>",
                )
                .into_response();
            }
            if path == "/works/10.1000/xyz123" {
                return json(
                    StatusCode::OK,
                    serde_json::json!({"status": "ok", "message": {"title": ["On things"], "DOI": "10.1000/xyz123"}}),
                );
            }
            (StatusCode::NOT_FOUND, "Resource not found.").into_response()
        }
    });
    (crate::support::server::serve(app), asked)
}

#[test]
fn each_doi_is_asked_once_and_bad_answers_leave_it_unchecked() {
    let (addr, asked) = registries();
    let base = format!("http://{addr}");
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.wikitext");
    // The first DOI twice: asked about once.
    // A link to the stand-in's host, so that the run sees the network is up
    // (no name resolves here: doi.org's link is unreachable).
    let text = ARTICLE.replace(
        "A fifth.",
        &format!(
            "Again.<ref>Smith, \"On Things\", doi:10.1000/xyz123. [{base}/page Here].</ref> A fifth."
        ),
    );
    std::fs::write(&article, text).unwrap();
    let out = dir.path().join("out");
    let run = citecheck(&[
        "check",
        "--allow-private",
        "--no-cache",
        "--no-archive",
        "--no-isbn-lookup",
        "--retries",
        "0",
        "--doi-endpoint",
        &base,
        "--crossref-endpoint",
        &base,
        "--contact",
        "editor@example.org",
        "--out",
        out.to_str().unwrap(),
        article.to_str().unwrap(),
    ]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    let report = json::read(&out.join("report.json"));
    let by_doi = |doi: &str| -> Value {
        report["articles"][0]["dois"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["doi"] == doi)
            .unwrap()
            .clone()
    };
    let known = by_doi("10.1000/xyz123");
    assert_eq!(known["status"], "ok");
    assert_eq!(known["registry_title"], "On things");
    assert_eq!(known["title_match"], true, "{known}");
    assert_eq!(by_doi("10.1038/nature.2012.9872")["status"], "unregistered");
    for bad in ["10.1016/j.cell.2009.01.002", "10.1093/nar/gkz1021"] {
        let d = by_doi(bad);
        assert_eq!(d["status"], "unchecked", "{d}");
        assert!(
            d["detail"].as_str().unwrap().contains("no usable answer"),
            "{d}"
        );
    }
    assert_eq!(by_doi("10.abc/1")["status"], "invalid");
    let asked = asked.lock().unwrap().clone();
    let handles: Vec<&String> = asked
        .iter()
        .filter(|a| a.starts_with("/api/handles/"))
        .collect();
    assert_eq!(handles.len(), 4, "each valid DOI asked once: {asked:?}");
    let works: Vec<&String> = asked.iter().filter(|a| a.starts_with("/works/")).collect();
    assert_eq!(
        works,
        ["/works/10.1000/xyz123?mailto=editor%40example.org"],
        "{asked:?}"
    );
    assert!(
        run.stderr().contains("the DOI registry"),
        "the failures are named: {}",
        run.stderr()
    );
}
