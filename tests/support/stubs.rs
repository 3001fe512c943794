//! Stand-ins for what a run asks on the web, served on 127.0.0.1: a
//! Wayback-compatible availability API, an Open-Library-compatible books
//! API, and a site that answers by path and offers both.
//!
//! The archive holds a snapshot of every URL that contains `archived` and of
//! no other; the catalogue knows [`KNOWN_ISBN`] and no other book.

use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::server::{serve, Tally};

/// The one book the test catalogue knows.
pub const KNOWN_ISBN: &str = "9780333801499";

/// The availability API's path on a [`Server`].
pub const WAYBACK: &str = "/wayback/available";

/// The books API's path on a [`Server`].
pub const BOOKS: &str = "/api/books";

/// `value` as an `application/json` answer.
pub fn json(value: &Value) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// The URL that a query of the availability API asks about.
pub fn asked_url(query: &str) -> String {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "url")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The archive's answer about `url`: its snapshot if `url` contains
/// `archived`, else none.
pub fn wayback_answer(url: &str) -> Response {
    let snapshots = if url.contains("archived") {
        serde_json::json!({"closest": {
            "status": "200", "available": true, "timestamp": "20130919044612",
            "url": format!("http://web.archive.org/web/20130919044612/{url}"),
        }})
    } else {
        serde_json::json!({})
    };
    json(&serde_json::json!({"url": url, "archived_snapshots": snapshots}))
}

/// The snapshot a report shows for `url` when the stand-in archive has one.
pub fn snapshot_of(url: &str) -> String {
    format!("https://web.archive.org/web/20130919044612/{url}")
}

/// The bibkeys a query of the books API asks about.
pub fn bibkeys(query: &str) -> Vec<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "bibkeys")
        .map(|(_, v)| v.split(',').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The catalogue's answer about `keys`: the book [`KNOWN_ISBN`] if asked,
/// nothing of the others.
pub fn catalogue_answer(keys: &[String]) -> Response {
    let mut books = serde_json::Map::new();
    let known = format!("ISBN:{KNOWN_ISBN}");
    if keys.contains(&known) {
        books.insert(
            known,
            serde_json::json!({
                "url": "https://openlibrary.org/books/OL1M",
                "title": "The Nazi-Soviet Pact, 1939-1941",
                "authors": [{"name": "Geoffrey Roberts", "url": "x"}],
                "publishers": [{"name": "Macmillan"}],
                "publish_date": "1989"
            }),
        );
    }
    json(&Value::Object(books))
}

/// A page long enough not to look like an error page.
const PAGE: &str =
    "<html><head><title>The Treaty of 1939</title></head><body><h1>The Treaty of 1939</h1>\
<p>The treaty was signed in Moscow in August 1939 by the foreign ministers of both states, \
and its secret protocol divided eastern Europe into spheres of influence.</p></body></html>";

/// A server on 127.0.0.1 that answers by path and counts every request:
///
/// - `/ok/…` 200 with a page
/// - `/gone/…` 404
/// - `/moved/X` 301 to `/ok/X`
/// - `/flaky/…` 503
/// - `/slow/…` an answer after 30 seconds
/// - [`WAYBACK`]`?url=…` the stand-in archive
/// - [`BOOKS`]`?bibkeys=…` the stand-in catalogue
pub struct Server {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    hits: Tally,
}

impl Server {
    /// Starts the server on its own thread.
    pub fn start() -> Self {
        let hits = Tally::default();
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(hits.clone());
        Self {
            base: format!("http://{}", serve(app)),
            hits,
        }
    }

    /// Requests so far to `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.times(path)
    }

    /// Requests so far, all paths.
    pub fn total(&self) -> usize {
        self.hits.total()
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

async fn answer(State(hits): State<Tally>, uri: Uri) -> Response {
    let path = uri.path().to_owned();
    hits.add(&path);
    let query = uri.query().unwrap_or_default();
    if path == WAYBACK {
        wayback_answer(&asked_url(query))
    } else if path == BOOKS {
        catalogue_answer(&bibkeys(query))
    } else if path.starts_with("/gone/") {
        (StatusCode::NOT_FOUND, "not found").into_response()
    } else if let Some(rest) = path.strip_prefix("/moved/") {
        (
            StatusCode::MOVED_PERMANENTLY,
            [(axum::http::header::LOCATION, format!("/ok/{rest}"))],
        )
            .into_response()
    } else if path.starts_with("/flaky/") {
        (StatusCode::SERVICE_UNAVAILABLE, "try later").into_response()
    } else if path.starts_with("/slow/") {
        tokio::time::sleep(Duration::from_secs(30)).await;
        axum::response::Html(PAGE).into_response()
    } else {
        axum::response::Html(PAGE).into_response()
    }
}
