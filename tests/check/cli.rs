//! The link checker through the binary: the flags, the report rows, the exit
//! code and what is said on stderr.

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use crate::support::binary::{self, run_binary, NO_LOOKUPS};
use crate::support::server::{serve_counted, url};

#[test]
fn non_web_schemes_are_excluded_without_any_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Write to [us](mailto:editor@example.org).[^1] Call [us](tel:+15550100).\n\n\
                [^1]: [Archive](ftp://ftp.example.org/pub/a.txt) and [script](javascript:void(0))\n";
    let run = run_binary(dir.path(), text, &[]);
    assert_eq!(run.statuses(), ["excluded"; 4], "{}", run.stderr());
    let detail = run.report["articles"][0]["links"][0]["detail"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(detail, "mailto: links are not checked");
    assert_eq!(run.code(), Some(0));
}

#[test]
fn malformed_urls_are_invalid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "A claim.[^1] Another.[^2]\n\n[^1]: <http://example.org:99999/page>\n[^2]: <http://exa%mple.org/>\n";
    let run = run_binary(dir.path(), text, &[]);
    assert_eq!(run.statuses(), ["invalid", "invalid"], "{}", run.stderr());
}

#[test]
fn private_addresses_are_reached_only_with_allow_private() {
    let (addr, hits) =
        serve_counted(Router::new().route("/a", get(|| async { "<title>A</title>" })));
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!("A claim.[^1]\n\n[^1]: <{}>\n", url(addr, "/a"));
    let run = run_binary(dir.path(), &text, &[]);
    assert_eq!(run.statuses(), ["excluded"], "{}", run.stderr());
    assert_eq!(hits.count(), 0);
    let run = run_binary(dir.path(), &text, &["--allow-private"]);
    assert_eq!(run.statuses(), ["ok"], "{}", run.stderr());
    assert_eq!(hits.count(), 1);
}

#[test]
fn a_dead_citation_fails_the_run_and_its_row_says_why() {
    let (addr, _) = serve_counted(Router::new().route("/gone", get(|| async { StatusCode::GONE })));
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!("A claim.[^1]\n\n[^1]: <{}>\n", url(addr, "/gone"));
    let run = run_binary(
        dir.path(),
        &text,
        &["--allow-private", "--timeout", "2", "--retries", "0"],
    );
    let row = &run.report["articles"][0]["links"][0];
    assert_eq!(row["status"], "dead");
    assert_eq!(row["http_status"], 410);
    assert_eq!(row["note"], "1");
    assert_eq!(row["detail"], "the server answered 410 Gone");
    assert_eq!(run.code(), Some(1));
}

#[test]
fn without_a_terminal_stderr_gets_one_summary_line() {
    let (addr, _) = serve_counted(Router::new().route("/a", get(|| async { "<title>A</title>" })));
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!("A claim.[^1]\n\n[^1]: <{}>\n", url(addr, "/a"));
    let run = run_binary(
        dir.path(),
        &text,
        &[
            "--allow-private",
            "--max-per-host",
            "2",
            "--min-interval",
            "10",
        ],
    );
    let stderr = run.stderr();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("citecheck: checked 1 distinct link in"),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with(": ok 1"), "{}", lines[0]);
}

#[test]
fn in_ci_a_long_run_says_it_is_alive_while_it_works() {
    let (addr, _) = serve_counted(Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            "<title>Slow</title>"
        }),
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("article.md");
    std::fs::write(
        &article,
        format!("A claim.[^1]\n\n[^1]: <{}>\n", url(addr, "/slow")),
    )
    .unwrap();
    let output = binary::run(
        binary::command(["check", "--allow-private", "--no-cache"])
            .args(NO_LOOKUPS)
            .arg("--out")
            .arg(dir.path().join("out"))
            .arg(&article)
            .env("CI", "true")
            .env("CITECHECK_PROGRESS_SECS", "0.4"),
    );
    let stderr = output.stderr();
    let beats: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("citecheck: checked 0/1 links"))
        .collect();
    assert!(!beats.is_empty(), "{stderr}");
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("citecheck: checked 1 distinct link in"),
        "{stderr}"
    );
}
