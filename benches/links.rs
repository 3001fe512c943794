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
//! Run with `cargo bench --bench links`. With `LINKS_BENCH_SERVE=article.md`
//! it only writes the article there and keeps the (first kind of) servers up
//! for ten minutes, for a profiler.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::routing::get;

mod shared;
use axum::Router;

const HOSTS: u8 = 8;
const LINKS_PER_HOST: u32 = 75;
const PER_HOST: u32 = 8;
const LATENCY: Duration = Duration::from_millis(50);
const RUNS: u32 = 5;

/// The page every server answers with: a news page of about 7 KB, its
/// article (numbers, dates, names) among a menu, a sidebar and a footer, so
/// the claims have real text to be judged against.
static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let paragraph = format!("{} ", shared::PARAGRAPH);
    let mut page = String::from(
        "<!doctype html><html lang=en><head><title>Molotov in Berlin | The Daily</title>\
         <meta property=og:title content='Molotov in Berlin'><script>var tracking = 1;</script>\
         </head><body><header><a href=/>The Daily</a></header><nav><ul>",
    );
    for section in [
        "World", "Politics", "Business", "Science", "Sport", "Culture",
    ] {
        let _ = write!(page, "<li><a href=/{section}>{section}</a></li>");
    }
    page.push_str("</ul></nav><article><h1>Molotov in Berlin</h1>");
    for _ in 0..8 {
        let _ = write!(page, "<p>{paragraph}</p>");
    }
    page.push_str("</article><aside><h2>Most read</h2><ul>");
    for i in 0..10 {
        let _ = write!(
            page,
            "<li><a href=/story/{i}>Floods hit {i}0,000 homes in the north</a></li>"
        );
    }
    page.push_str(
        "</ul></aside><footer>© 2024 The Daily · Contact · Privacy</footer></body></html>",
    );
    page
});

/// The sentences of the article, in turn: backed by the page, with a
/// changed number, a changed date, a different name.
const SENTENCES: [&str; 4] = [
    "On 12 November 1940 Molotov came to Berlin with 65 officials.",
    "Under the agreement of 11 February 1940 trade reached 2.5 million tonnes of grain.",
    "Molotov arrived in Berlin on 14 November 1940 to meet Ribbentrop.",
    "Maxim Litvinov was offered a share of the British Empire in Berlin.",
];

fn main() {
    for (kind, ports) in [
        ("axum, one write", start_servers()),
        ("two writes, Nagle on", start_two_write_servers(false)),
        (
            "keep-alive, two writes, Nagle on",
            start_two_write_servers(true),
        ),
    ] {
        println!("== {kind}");
        bench(&ports);
    }
}

fn bench(ports: &[(String, u16)]) {
    // For profiling: the servers stay up with the article written to the
    // path given, and no run is timed.
    if let Ok(path) = std::env::var("LINKS_BENCH_SERVE") {
        std::fs::write(&path, article_text(ports)).expect("write the article");
        eprintln!("serving for 10 minutes; the article is {path}");
        std::thread::sleep(Duration::from_secs(600));
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let article = dir.path().join("article.md");
    std::fs::write(&article, article_text(ports)).expect("write the article");

    let batches = LINKS_PER_HOST.div_ceil(PER_HOST);
    let ideal = LATENCY * batches;
    let links = u32::from(HOSTS) * LINKS_PER_HOST;
    println!(
        "{links} links on {HOSTS} hosts, {LATENCY:?} latency, {PER_HOST} per host: ideal {ideal:?}"
    );

    let citecheck_run = |extra: &[&str]| {
        let out = dir.path().join("out");
        run_timed(
            Command::new(env!("CARGO_BIN_EXE_citecheck"))
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
                    "--no-doi-lookup",
                    "--max-concurrency",
                    "64",
                    "--retries",
                    "0",
                ])
                .args(["--max-per-host", &PER_HOST.to_string()])
                .args(extra),
        )
    };
    // Claims off and on, run in turns so the machine's load falls on both.
    let mut off = Vec::new();
    let mut on = Vec::new();
    let (mut cpu_off, mut cpu_on) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..RUNS {
        let (time, cpu) = citecheck_run(&["--no-claims"]);
        off.push(time);
        cpu_off += cpu;
        let (time, cpu) = citecheck_run(&[]);
        on.push(time);
        cpu_on += cpu;
    }
    let citecheck = median(on);
    let without_claims = median(off);
    report("citecheck", citecheck, ideal, links);
    report("citecheck --no-claims", without_claims, ideal, links);
    println!(
        "claims on / off: {:.3} (CPU a run: {:.0} ms on, {:.0} ms off)",
        citecheck.as_secs_f64() / without_claims.as_secs_f64(),
        (cpu_on / RUNS).as_secs_f64() * 1000.0,
        (cpu_off / RUNS).as_secs_f64() * 1000.0,
    );
    let judged = count_judged(&dir.path().join("out/report.json"));
    assert_eq!(judged, links as usize, "every claim judged");
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

/// One server per host, answering every cited path after `LATENCY` (and
/// any other with 404).
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
            // Cited pages exist; any other address is not found, as on a
            // real site (the checker's soft-404 probe asks for one).
            let router = Router::new()
                .route(
                    "/source/{i}",
                    get(|| async {
                        tokio::time::sleep(LATENCY).await;
                        axum::response::Html(PAGE.as_str())
                    }),
                )
                .fallback(|| async {
                    tokio::time::sleep(LATENCY).await;
                    axum::http::StatusCode::NOT_FOUND
                });
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
/// Nagle's algorithm on (the default). Without `keep_alive` the connection
/// then closes (HTTP/1.0); with it, as `ThreadingHTTPServer` with
/// `protocol_version = "HTTP/1.1"`, the connection waits for the next request
/// until the client closes it or asks `Connection: close`: there the body of
/// every answer after the first waits for the client's delayed ACK.
fn start_two_write_servers(keep_alive: bool) -> Vec<(String, u16)> {
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
                        let mut pending = Vec::new();
                        let mut buf = [0u8; 4096];
                        loop {
                            let end = loop {
                                if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                                    break at + 4;
                                }
                                match stream.read(&mut buf) {
                                    Ok(0) | Err(_) => return,
                                    Ok(n) => pending.extend_from_slice(&buf[..n]),
                                }
                            };
                            let request: Vec<u8> = pending.drain(..end).collect();
                            std::thread::sleep(LATENCY);
                            let (status, body) = if request.starts_with(b"GET /source/") {
                                ("200 OK", PAGE.as_str())
                            } else {
                                ("404 Not Found", "<title>404 Not Found</title>")
                            };
                            let asked_close = String::from_utf8_lossy(&request)
                                .to_ascii_lowercase()
                                .contains("\r\nconnection: close");
                            let version = if keep_alive { "1.1" } else { "1.0" };
                            let head = format!(
                                "HTTP/{version} {status}\r\nServer: SimpleHTTP/0.6 Python/3.11\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                                body.len()
                            );
                            let _ = stream.write_all(head.as_bytes());
                            let _ = stream.write_all(body.as_bytes());
                            if !keep_alive || asked_close {
                                let _ = stream.shutdown(std::net::Shutdown::Write);
                                return;
                            }
                        }
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
            let _ = write!(text, "{}[^{n}] ", SENTENCES[n % SENTENCES.len()]);
            if n % 5 == 0 {
                text.push_str("\n\n");
            }
            let _ = writeln!(notes, "[^{n}]: <http://{ip}:{port}/source/{i}>");
        }
    }
    text + "\n\n" + &notes
}

fn run(command: &mut Command) -> Duration {
    run_timed(command).0
}

/// Runs a command; its wall time and the CPU time (user and system) it used.
fn run_timed(command: &mut Command) -> (Duration, Duration) {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let output = command.output().expect("run the checker");
    let elapsed = started.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (elapsed, cpu)
}

/// The CPU time of this process's waited-for children (`cutime` and `cstime`
/// of `/proc/self/stat`, in clock ticks of 10 ms), zero where there is none.
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(13)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// The median of `RUNS` runs: steadier than the best on a shared machine.
fn median_of(mut once: impl FnMut() -> Duration) -> Duration {
    median((0..RUNS).map(|_| once()).collect())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Claim sources judged (anything but `unknown`).
fn count_judged(report: &Path) -> usize {
    let text = std::fs::read_to_string(report).unwrap_or_default();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    report["articles"][0]["claims"]
        .as_array()
        .map_or(0, |claims| {
            claims
                .iter()
                .flat_map(|c| c["sources"].as_array().cloned().unwrap_or_default())
                .filter(|s| s["support"] != "unknown")
                .count()
        })
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
    let report: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    report["articles"][0]["links"]
        .as_array()
        .map_or(0, |links| {
            links.iter().filter(|l| l["status"] == "ok").count()
        })
}
