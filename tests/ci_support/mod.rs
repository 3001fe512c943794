//! What the `ci_*` tests share: running the binary in a folder of its own,
//! and a loopback web server that counts the requests it gets.

#![allow(dead_code)] // each test file uses a part

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// A page long enough not to look like an error page.
const PAGE: &str =
    "<html><head><title>The Treaty of 1939</title></head><body><h1>The Treaty of 1939</h1>\
<p>The treaty was signed in Moscow in August 1939 by the foreign ministers of both states, \
and its secret protocol divided eastern Europe into spheres of influence.</p></body></html>";

/// A server on 127.0.0.1 that answers by path and counts every request.
///
/// - `/ok/…` 200 with a page
/// - `/gone/…` 404
/// - `/flaky/…` 503
/// - `/slow/…` an answer after 30 seconds
/// - `/wayback/available?url=…` a Wayback-compatible archive: a snapshot of
///   every URL containing `archived`, none of the others
/// - `/api/books?bibkeys=…` an Open-Library-compatible catalogue that knows
///   [`KNOWN_ISBN`] only
pub struct Server {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    /// Starts the server on its own thread.
    pub fn start() -> Self {
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = hits.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new().fallback(answer).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        Self { base, hits }
    }

    /// Requests so far to `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// Requests so far, all paths.
    pub fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The one book the test catalogue knows.
/// The cache key of `url` as a run with `--allow-private` (as every test
/// against the loopback server is) stores it.
pub fn private_key(url: &str) -> citecheck::check::cache::CacheKey {
    citecheck::check::cache::CacheKey {
        url: url.to_owned(),
        options: citecheck::check::CheckOptions {
            allow_private: true,
            ..citecheck::check::CheckOptions::default()
        }
        .verdict_key(),
    }
}

pub const KNOWN_ISBN: &str = "9780333801499";

fn json(value: &serde_json::Value) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

async fn answer(State(hits): State<Arc<Mutex<HashMap<String, usize>>>>, uri: Uri) -> Response {
    let path = uri.path().to_owned();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let query = uri.query().unwrap_or_default().to_owned();
    if path == "/wayback/available" {
        let url = url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "url")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let snapshots = if url.contains("archived") {
            serde_json::json!({"closest": {
                "status": "200", "available": true, "timestamp": "20130919044612",
                "url": format!("http://web.archive.org/web/20130919044612/{url}"),
            }})
        } else {
            serde_json::json!({})
        };
        json(&serde_json::json!({"url": url, "archived_snapshots": snapshots}))
    } else if path == "/api/books" {
        let known = format!("ISBN:{KNOWN_ISBN}");
        let mut books = serde_json::Map::new();
        if query.contains(&known) {
            books.insert(
                known,
                serde_json::json!({
                    "title": "The Nazi-Soviet Pact, 1939-1941",
                    "authors": [{"name": "Geoffrey Roberts"}],
                    "publishers": [{"name": "Macmillan"}],
                    "publish_date": "1989"
                }),
            );
        }
        json(&serde_json::Value::Object(books))
    } else if path.starts_with("/gone/") {
        (StatusCode::NOT_FOUND, "not found").into_response()
    } else if path.starts_with("/flaky/") {
        (StatusCode::SERVICE_UNAVAILABLE, "try later").into_response()
    } else if path.starts_with("/slow/") {
        tokio::time::sleep(Duration::from_secs(30)).await;
        axum::response::Html(PAGE).into_response()
    } else {
        axum::response::Html(PAGE).into_response()
    }
}

/// A folder for one test, the working directory of its runs.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file (folders created).
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Copies a fixture from `tests/fixtures/ci/` into the workspace.
    pub fn fixture(&self, name: &str) -> PathBuf {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ci")
            .join(name);
        let text = std::fs::read_to_string(from).unwrap();
        self.write(name, &text)
    }

    /// The command `citecheck ARGS` in this folder, with no CI variables,
    /// and without the public web archive and ISBN catalogue.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_citecheck"));
        command
            .args(args)
            .args(["--no-archive", "--no-isbn-lookup"])
            .current_dir(self.dir.path())
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_SHA");
        command
    }

    /// The command `citecheck ARGS` in this folder, with no CI variables,
    /// asking the web archive `archive` serves and the ISBN catalogue
    /// `catalogue` serves.
    pub fn command_with_lookups(
        &self,
        args: &[&str],
        archive: &Server,
        catalogue: &Server,
    ) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_citecheck"));
        command
            .args(args)
            .arg("--archive-endpoint")
            .arg(archive.url("/wayback/available"))
            .arg("--isbn-endpoint")
            .arg(catalogue.url("/api/books"))
            .current_dir(self.dir.path())
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_SHA");
        command
    }

    /// Runs `citecheck ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Run(self.command(args).output().unwrap())
    }

    /// `reports/report.json`, parsed.
    pub fn report(&self) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(self.path("reports/report.json")).unwrap())
            .unwrap()
    }
}

/// What one run did.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    /// Fails the test with the run's output unless it exited with `code`.
    pub fn expect(self, code: i32) -> Self {
        assert_eq!(
            self.code(),
            code,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// The links of the first article in a report, by URL: (status, consecutive
/// failures).
pub fn links(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    report["articles"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["url"].as_str().unwrap().to_owned(),
                l["status"].as_str().unwrap().to_owned(),
                l["consecutive_failures"].as_u64().unwrap(),
            )
        })
        .collect()
}
