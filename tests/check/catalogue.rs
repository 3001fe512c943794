//! The ISBN catalogue: valid ISBNs are looked up, in batches, in an
//! Open-Library-compatible books API on 127.0.0.1; an ISBN the catalogue
//! does not know stays valid.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use citecheck::check::catalogue::{Book, Entry, BATCH};
use citecheck::check::CheckOptions;
use serde_json::{json, Value};
use url::Url;

use crate::support::article::article_with_notes;
use crate::support::binary::run_binary_with_lookups;
use crate::support::checker::options;
use crate::support::server::{serve, url};
use crate::support::stubs::{bibkeys, catalogue_answer, json as json_answer, BOOKS, KNOWN_ISBN};

/// The bibkeys of every request the catalogue got, one list per request.
#[derive(Debug, Clone, Default)]
struct Requests(Arc<Mutex<Vec<Vec<String>>>>);

impl Requests {
    fn all(&self) -> Vec<Vec<String>> {
        self.0.lock().unwrap().clone()
    }
}

/// The stand-in catalogue (it knows [`KNOWN_ISBN`] only), and what it was
/// asked.
fn catalogue() -> (Url, Requests) {
    let requests = Requests::default();
    let seen = requests.clone();
    let addr = serve(Router::new().route(
        BOOKS,
        get(move |uri: Uri| {
            let seen = seen.clone();
            async move {
                let query: Vec<(String, String)> =
                    url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                        .into_owned()
                        .collect();
                let param = |name: &str| {
                    query
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                assert_eq!(
                    (param("format"), param("jscmd")),
                    ("json".into(), "data".into())
                );
                let keys = bibkeys(uri.query().unwrap_or(""));
                seen.0.lock().unwrap().push(keys.clone());
                catalogue_answer(&keys)
            }
        }),
    ));
    (endpoint(addr), requests)
}

fn endpoint(addr: SocketAddr) -> Url {
    url(addr, BOOKS)
}

fn with_catalogue(endpoint: &Url) -> CheckOptions {
    CheckOptions {
        services: citecheck::check::Services {
            isbn_endpoint: Some(endpoint.clone()),
            ..options().services
        },
        ..options()
    }
}

/// A valid ISBN-13 made from `n`.
fn isbn13(n: u64) -> String {
    let body = format!("978{n:09}");
    let sum: u32 = body
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d } else { 3 * d })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Audits an article with one note per ISBN, and returns the report's
/// ISBNs as JSON, and what went wrong with the catalogue.
async fn audit_isbns(isbns: &[String], options: &CheckOptions) -> (Vec<Value>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let notes: Vec<String> = isbns
        .iter()
        .map(|isbn| format!("A book, 1999. ISBN {isbn}"))
        .collect();
    let path = article_with_notes(dir.path(), &notes);
    let audit = citecheck::audit_cached(&[path], options, None).await;
    let report = serde_json::to_value(&audit.report).unwrap();
    let found = report["articles"][0]["isbns"].as_array().unwrap().clone();
    assert_eq!(
        found.len(),
        isbns.len(),
        "every ISBN is found in the article"
    );
    let failures = audit
        .lookup_failures
        .iter()
        .map(ToString::to_string)
        .collect();
    (found, failures)
}

#[tokio::test]
async fn a_valid_isbn_found_in_the_catalogue_carries_its_title() {
    let (endpoint, requests) = catalogue();
    let (isbns, failures) =
        audit_isbns(&["0-333-80149-0".into()], &with_catalogue(&endpoint)).await;
    assert_eq!(
        isbns[0]["catalogue"],
        serde_json::to_value(Entry::Found(Book {
            title: Some("The Nazi-Soviet Pact, 1939-1941".into()),
            authors: vec!["Geoffrey Roberts".into()],
            publishers: vec!["Macmillan".into()],
            publish_date: Some("1989".into()),
        }))
        .unwrap()
    );
    assert_eq!(requests.all(), [[format!("ISBN:{KNOWN_ISBN}")]]);
    assert!(failures.is_empty(), "{failures:?}");
}

#[tokio::test]
async fn an_isbn_unknown_to_the_catalogue_is_not_found_but_still_valid() {
    let (endpoint, _) = catalogue();
    let (isbns, _) = audit_isbns(&["90-420-0890-3".into()], &with_catalogue(&endpoint)).await;
    assert_eq!(isbns[0]["catalogue"], json!({"found": false}));
    assert_eq!(isbns[0]["valid"], true);
    assert_eq!(isbns[0]["problem"], Value::Null);
}

#[tokio::test]
async fn an_invalid_isbn_is_never_looked_up() {
    let (endpoint, requests) = catalogue();
    let (isbns, _) = audit_isbns(
        &["0-333-80149-1".into(), "0-333-80149-0".into()],
        &with_catalogue(&endpoint),
    )
    .await;
    assert_eq!(isbns[0]["valid"], false);
    assert_eq!(isbns[0]["catalogue"], Value::Null);
    assert_eq!(isbns[1]["catalogue"]["found"], true);
    assert_eq!(requests.all(), [[format!("ISBN:{KNOWN_ISBN}")]]);
}

#[tokio::test]
async fn several_isbns_are_asked_about_in_one_request_and_each_once() {
    let (endpoint, requests) = catalogue();
    let distinct: Vec<String> = (1..=BATCH as u64 + 10).map(isbn13).collect();
    let mut cited = distinct.clone();
    cited.extend(distinct.iter().take(5).cloned());
    cited.push("0-333-80149-0".into());
    let (isbns, failures) = audit_isbns(&cited, &with_catalogue(&endpoint)).await;
    assert!(failures.is_empty(), "{failures:?}");
    let batches = requests.all();
    assert_eq!(
        batches.len(),
        2,
        "{} distinct ISBNs in batches of {BATCH}",
        distinct.len() + 1
    );
    assert_eq!(batches[0].len(), BATCH);
    let mut asked: Vec<String> = batches.concat();
    asked.sort();
    let before = asked.len();
    asked.dedup();
    assert_eq!(asked.len(), before, "no ISBN is asked about twice");
    assert_eq!(asked.len(), distinct.len() + 1);
    assert!(isbns
        .iter()
        .all(|i| i["valid"] == true && i["catalogue"].is_object()));
    assert_eq!(
        isbns
            .iter()
            .filter(|i| i["catalogue"]["found"] == true)
            .count(),
        1
    );
}

#[tokio::test]
async fn a_broken_catalogue_leaves_catalogue_null_and_the_isbn_valid() {
    let refused = {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        endpoint(closed.local_addr().unwrap())
    };
    let broken = |answer: fn() -> Response| {
        endpoint(serve(
            Router::new().fallback(move || async move { answer() }),
        ))
    };
    let catalogues = [
        (
            "HTTP 503",
            broken(|| StatusCode::SERVICE_UNAVAILABLE.into_response()),
        ),
        ("not JSON", broken(|| "<html>down</html>".into_response())),
        ("a JSON list", broken(|| json_answer(&json!([1, 2])))),
        ("a refused connection", refused),
    ];
    for (what, endpoint) in catalogues {
        let (isbns, failures) =
            audit_isbns(&["0-333-80149-0".into()], &with_catalogue(&endpoint)).await;
        assert_eq!(isbns[0]["catalogue"], Value::Null, "{what}");
        assert_eq!(isbns[0]["valid"], true, "{what}");
        assert_eq!(failures.len(), 1, "{what}: {failures:?}");
        assert!(
            failures[0].contains("ISBN catalogue") && failures[0].contains("--isbn-endpoint"),
            "{what}: {failures:?}"
        );
    }
}

#[test]
fn report_md_tells_editors_which_isbns_the_catalogue_does_not_know() {
    let (endpoint, requests) = catalogue();
    let dir = tempfile::tempdir().unwrap();
    let run = run_binary_with_lookups(
        dir.path(),
        "Known.[^1] Unknown.[^2]\n\n[^1]: ISBN 0-333-80149-0\n[^2]: ISBN 90-420-0890-3\n",
        &[
            "--no-cache",
            "--no-archive",
            "--isbn-endpoint",
            endpoint.as_str(),
        ],
    );
    assert_eq!(
        run.code(),
        Some(0),
        "not found is not invalid: {}",
        run.stderr()
    );
    assert_eq!(requests.all().len(), 1);
    let md = std::fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    assert!(md.contains("### ISBNs not found in the catalogue"), "{md}");
    assert!(
        md.contains("line 4, note 2: `90-420-0890-3`: not found in the catalogue"),
        "{md}"
    );
    assert!(!md.contains("0-333-80149-0`: not found"), "{md}");
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("The Nazi-Soviet Pact, 1939-1941"));
}
