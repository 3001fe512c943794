//! Link-checking throughput against loopback hosts with a fixed latency.
//!
//! Starts one server per address 127.0.0.2, 127.0.0.3, … (all loopback on
//! Linux, so one process plays many hosts), each answering after `LATENCY`;
//! writes an article citing `HOSTS × LINKS_PER_HOST` distinct URLs; runs the
//! whole `citecheck check` and prints its time as a ratio to the ideal time
//! (links per host ÷ per-host limit × latency). When `lychee` is on the PATH
//! (or named by `$LYCHEE`), runs it on the same article with the same limits.
//!
//! Run with `cargo bench --bench links`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;

const HOSTS: u8 = 8;
const LINKS_PER_HOST: u32 = 60;
const PER_HOST: u32 = 4;
const LATENCY: Duration = Duration::from_millis(50);
const RUNS: usize = 3;

fn main() {
    let ports = start_servers();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let article = dir.path().join("article.md");
    std::fs::write(&article, article_text(&ports)).expect("write the article");

    let batches = LINKS_PER_HOST.div_ceil(PER_HOST);
    let ideal = LATENCY * batches;
    let links = u32::from(HOSTS) * LINKS_PER_HOST;
    println!(
        "{links} links on {HOSTS} hosts, {LATENCY:?} latency, {PER_HOST} per host: ideal {ideal:?}"
    );

    let citecheck = best_of(|| {
        let out = dir.path().join("out");
        run(Command::new(env!("CARGO_BIN_EXE_citecheck"))
            .arg("check")
            .arg(&article)
            .arg("--out")
            .arg(&out)
            // Every run fetches every link: no verdict cache (a warm cache
            // answers without a request), no archive or catalogue lookups.
            .args([
                "--allow-private",
                "--no-cache",
                "--no-archive",
                "--no-isbn-lookup",
                "--max-concurrency",
                "64",
                "--retries",
                "0",
            ])
            .args(["--max-per-host", &PER_HOST.to_string()]))
    });
    report("citecheck", citecheck, ideal, links);
    let ok = count_ok(&dir.path().join("out/report.json"));
    assert_eq!(ok, links as usize, "every link answered 200");

    let lychee = std::env::var("LYCHEE").unwrap_or_else(|_| "lychee".to_owned());
    if Command::new(&lychee).arg("--version").output().is_ok() {
        let time = best_of(|| {
            run(Command::new(&lychee)
                .current_dir(dir.path())
                .arg(&article)
                .args([
                    "--no-progress",
                    "--max-concurrency",
                    "64",
                    "--max-retries",
                    "0",
                ])
                .args(["--host-concurrency", &PER_HOST.to_string()])
                .args(["--host-request-interval", "0s"]))
        });
        report("lychee", time, ideal, links);
        println!(
            "citecheck / lychee: {:.2}",
            citecheck.as_secs_f64() / time.as_secs_f64()
        );
    } else {
        println!("lychee: not found (install with `cargo install lychee --locked` or set $LYCHEE)");
    }
}

/// One server per host, answering every path after `LATENCY`.
fn start_servers() -> Vec<(String, u16)> {
    let listeners: Vec<std::net::TcpListener> = (2..2 + HOSTS)
        .map(|last| {
            let listener =
                std::net::TcpListener::bind(("127.0.0.".to_owned() + &last.to_string(), 0))
                    .expect("bind a loopback address");
            listener.set_nonblocking(true).expect("non-blocking");
            listener
        })
        .collect();
    let hosts = listeners
        .iter()
        .map(|l| {
            let addr = l.local_addr().expect("address");
            (addr.ip().to_string(), addr.port())
        })
        .collect();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("server runtime");
        runtime.block_on(async move {
            let router = Router::new().fallback(get(|| async {
                tokio::time::sleep(LATENCY).await;
                axum::response::Html(
                    "<html><head><title>Source</title></head><body><h1>Source</h1></body></html>",
                )
            }));
            let servers = listeners.into_iter().map(|l| {
                let router = router.clone();
                async move {
                    let listener = tokio::net::TcpListener::from_std(l).expect("tokio listener");
                    axum::serve(listener, router).await
                }
            });
            futures_util::future::join_all(servers).await;
        });
    });
    hosts
}

/// An article with one footnote per URL.
fn article_text(hosts: &[(String, u16)]) -> String {
    let mut text = String::from("# Benchmark\n\n");
    let mut notes = String::new();
    let mut n = 0;
    for i in 0..LINKS_PER_HOST {
        for (ip, port) in hosts {
            n += 1;
            let _ = write!(text, "Claim {n}.[^{n}] ");
            let _ = writeln!(notes, "[^{n}]: <http://{ip}:{port}/source/{i}>");
        }
    }
    text + "\n\n" + &notes
}

fn run(command: &mut Command) -> Duration {
    let started = Instant::now();
    let output = command.output().expect("run the checker");
    let elapsed = started.elapsed();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

fn best_of(mut once: impl FnMut() -> Duration) -> Duration {
    (0..RUNS).map(|_| once()).min().unwrap_or_default()
}

fn report(name: &str, time: Duration, ideal: Duration, links: u32) {
    println!(
        "{name}: best of {RUNS} {:.0} ms, {:.0} links/s, {:.2} × ideal",
        time.as_secs_f64() * 1000.0,
        f64::from(links) / time.as_secs_f64(),
        time.as_secs_f64() / ideal.as_secs_f64()
    );
}

fn count_ok(report: &Path) -> usize {
    let text = std::fs::read_to_string(report).unwrap_or_default();
    text.matches("\"status\": \"ok\"").count()
}
