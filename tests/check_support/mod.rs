//! Loopback servers and shortcuts shared by the link checker's tests.
//!
//! Every server listens on 127.0.0.x and runs on its own thread, so tests can
//! call the library asynchronously or run the binary synchronously.

#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::Router;
use citecheck::check::{http, CheckOptions, Verdict};
use url::Url;

/// Starts `router` on 127.0.0.1 and returns its address.
pub fn serve(router: Router) -> SocketAddr {
    serve_on("127.0.0.1", router)
}

/// Starts `router` on `ip` (any 127.0.0.x) and returns its address.
pub fn serve_on(ip: &str, router: Router) -> SocketAddr {
    let listener = std::net::TcpListener::bind((ip, 0)).expect("bind a loopback port");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let addr = listener.local_addr().expect("listener address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            axum::serve(listener, router).await.expect("serve");
        });
    });
    addr
}

/// Requests that reached a server.
#[derive(Debug, Clone, Default)]
pub struct Hits(Arc<AtomicUsize>);

impl Hits {
    /// How many requests arrived so far.
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }

    /// Counts one request.
    pub fn hit(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// Starts `router` on 127.0.0.1, counting every request that reaches it.
pub fn serve_counted(router: Router) -> (SocketAddr, Hits) {
    let hits = Hits::default();
    let counter = hits.clone();
    let router = router.layer(axum::middleware::from_fn(
        move |req: Request, next: Next| {
            let counter = counter.clone();
            async move {
                counter.hit();
                next.run(req).await
            }
        },
    ));
    (serve(router), hits)
}

/// `http://{addr}{path}`.
pub fn url(addr: SocketAddr, path: &str) -> Url {
    Url::parse(&format!("http://{addr}{path}")).expect("a test URL")
}

/// Options for tests: loopback allowed, short timeouts and backoffs, and
/// neither the public web archive nor the public ISBN catalogue (tests that
/// want them start their own).
pub fn options() -> CheckOptions {
    CheckOptions {
        allow_private: true,
        timeout: Duration::from_secs(2),
        retry_base: Duration::from_millis(10),
        retry_after_cap: Duration::from_secs(3),
        archive_endpoint: None,
        isbn_endpoint: None,
        ..CheckOptions::default()
    }
}

/// The verdict on one URL, with `options`.
pub async fn check_with(url: &Url, options: &CheckOptions) -> Verdict {
    let mut verdicts = http::check_urls(vec![url.clone()], options).await;
    verdicts.remove(url).expect("a verdict for every URL")
}

/// The verdict on one URL, with the test [`options`].
pub async fn check(url: &Url) -> Verdict {
    check_with(url, &options()).await
}

/// Writes `article.md` into `dir`: one claim per note, each cited by its
/// own marker, and returns its path.
pub fn article_with_notes(dir: &Path, notes: &[String]) -> std::path::PathBuf {
    let mut text = String::new();
    for i in 0..notes.len() {
        text.push_str(&format!("Claim {i}.[^{i}]\n\n"));
    }
    for (i, note) in notes.iter().enumerate() {
        text.push_str(&format!("[^{i}]: {note}\n"));
    }
    let path = dir.join("article.md");
    std::fs::write(&path, text).expect("write the article");
    path
}

/// What running the binary produced.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: Option<i32>,
    /// Everything written on stderr.
    pub stderr: String,
    /// The JSON report.
    pub report: serde_json::Value,
}

impl Run {
    /// The status of each link of the first article, in order.
    pub fn statuses(&self) -> Vec<String> {
        self.report["articles"][0]["links"]
            .as_array()
            .map(|links| {
                links
                    .iter()
                    .map(|l| l["status"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Runs `citecheck check` on an article with `text`, with extra `args`,
/// without the public web archive and ISBN catalogue.
pub fn run_binary(dir: &Path, text: &str, args: &[&str]) -> Run {
    let mut all = vec!["--no-archive", "--no-isbn-lookup"];
    all.extend_from_slice(args);
    run_binary_with_lookups(dir, text, &all)
}

/// Runs `citecheck check` on an article with `text`, with extra `args`; the
/// web archive and the ISBN catalogue are asked unless `args` say otherwise.
pub fn run_binary_with_lookups(dir: &Path, text: &str, args: &[&str]) -> Run {
    let article = dir.join("article.md");
    std::fs::write(&article, text).expect("write the article");
    let out = dir.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_citecheck"))
        .arg("check")
        .arg(&article)
        .arg("--out")
        .arg(&out)
        .args(args)
        .output()
        .expect("run citecheck");
    let report = std::fs::read_to_string(out.join("report.json")).expect("report.json written");
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        report: serde_json::from_str(&report).expect("report.json is JSON"),
    }
}
