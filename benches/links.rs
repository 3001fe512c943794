//! Link-checking throughput against loopback hosts with a fixed latency, on
//! two kinds of server.
//!
//! Starts one server per address 127.0.0.2, 127.0.0.3, … (all loopback on
//! Linux, so one process plays many hosts), each answering after `LATENCY`;
//! writes an article citing `HOSTS × LINKS_PER_HOST` distinct URLs; runs the
//! whole `citecheck check` and prints its time as a ratio to the ideal time
//! (links per host ÷ per-host limit × latency). When `lychee` is on the PATH
//! (or named by `$LYCHEE`), runs it on the same article with the same limits.
//!
//! The two kinds of server:
//! - axum (hyper): headers and body leave in one write, TCP_NODELAY on;
//! - "two writes": headers, then body, Nagle's algorithm on, one connection
//!   per request, as Python's `http.server` and many real servers answer. The
//!   body waits for the client's delayed ACK of the headers (40 ms on Linux).
//!
//! Run with `cargo bench --bench links`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;

const HOSTS: u8 = 8;
const LINKS_PER_HOST: u32 = 75;
const PER_HOST: u32 = 8;
const LATENCY: Duration = Duration::from_millis(50);
const RUNS: usize = 5;

/// The page every server answers with.
const PAGE: &str = "<html><head><title>Source</title></head><body><h1>Source</h1></body></html>";

fn main() {
    for (kind, ports) in [
        ("axum, one write", start_servers()),
        ("two writes, Nagle on", start_two_write_servers()),
    ] {
        println!("== {kind}");
        bench(&ports);
    }
}

fn bench(ports: &[(String, u16)]) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let article = dir.path().join("article.md");
    std::fs::write(&article, article_text(ports)).expect("write the article");

    let batches = LINKS_PER_HOST.div_ceil(PER_HOST);
    let ideal = LATENCY * batches;
    let links = u32::from(HOSTS) * LINKS_PER_HOST;
    println!(
        "{links} links on {HOSTS} hosts, {LATENCY:?} latency, {PER_HOST} per host: ideal {ideal:?}"
    );

    let citecheck = median_of(|| {
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
        let time = median_of(|| {
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
                axum::response::Html(PAGE)
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

/// One server per host that answers like Python's `http.server`: after
/// `LATENCY`, the status line and headers in one write, the body in a second,
/// Nagle's algorithm on (the default), then the connection closes.
fn start_two_write_servers() -> Vec<(String, u16)> {
    use std::io::{Read as _, Write as _};
    (2..2 + HOSTS)
        .map(|last| {
            let listener = std::net::TcpListener::bind(("127.0.0.".to_owned() + &last.to_string(), 0))
                .expect("bind a loopback address");
            let addr = listener.local_addr().expect("address");
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    std::thread::spawn(move || {
                        let mut stream = stream;
                        let mut request = Vec::new();
                        let mut buf = [0u8; 4096];
                        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                            match stream.read(&mut buf) {
                                Ok(0) | Err(_) => return,
                                Ok(n) => request.extend_from_slice(&buf[..n]),
                            }
                        }
                        std::thread::sleep(LATENCY);
                        let head = format!(
                            "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                            PAGE.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        let _ = stream.write_all(PAGE.as_bytes());
                        let _ = stream.shutdown(std::net::Shutdown::Write);
                    });
                }
            });
            (addr.ip().to_string(), addr.port())
        })
        .collect()
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

/// The median of `RUNS` runs: steadier than the best on a shared machine.
fn median_of(mut once: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| once()).collect();
    times.sort();
    times[RUNS / 2]
}

fn report(name: &str, time: Duration, ideal: Duration, links: u32) {
    println!(
        "{name}: median of {RUNS} {:.0} ms, {:.0} links/s, {:.2} × ideal",
        time.as_secs_f64() * 1000.0,
        f64::from(links) / time.as_secs_f64(),
        time.as_secs_f64() / ideal.as_secs_f64()
    );
}

fn count_ok(report: &Path) -> usize {
    let text = std::fs::read_to_string(report).unwrap_or_default();
    text.matches("\"status\": \"ok\"").count()
}
