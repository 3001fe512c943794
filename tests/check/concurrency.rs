//! Politeness and throughput: each URL once, at most `max_per_host` requests
//! to a host and `max_concurrency` in all, a minimum interval per host.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use citecheck::check::{http, CheckOptions, LinkStatus};
use url::Url;

use crate::support;
use crate::support::checker::options;
use crate::support::server::{serve_on, url};

/// Requests in flight now, and the most seen at once.
#[derive(Debug, Default)]
struct InFlight {
    now: AtomicUsize,
    most: AtomicUsize,
}

/// A page that takes `delay` to answer and records concurrency and start
/// times.
fn slow_site(delay: Duration, flight: Arc<InFlight>, starts: Arc<Mutex<Vec<Instant>>>) -> Router {
    Router::new().route(
        "/{n}",
        get(move || {
            let flight = Arc::clone(&flight);
            let starts = Arc::clone(&starts);
            async move {
                starts.lock().expect("lock").push(Instant::now());
                let now = flight.now.fetch_add(1, Ordering::SeqCst) + 1;
                flight.most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                flight.now.fetch_sub(1, Ordering::SeqCst);
                "<title>Page</title>"
            }
        }),
    )
}

fn links(addr: std::net::SocketAddr, n: usize) -> Vec<Url> {
    (0..n).map(|i| url(addr, &format!("/{i}"))).collect()
}

/// Checks `n` slow pages on one host with `options`; every verdict must be
/// ok. Returns the most requests that were in flight at once.
async fn most_in_flight(n: usize, options: CheckOptions) -> usize {
    let flight = Arc::new(InFlight::default());
    let addr = serve_on(
        "127.0.0.1",
        slow_site(
            Duration::from_millis(50),
            Arc::clone(&flight),
            Arc::default(),
        ),
    );
    let verdicts = http::check_urls(links(addr, n), &options).await;
    assert!(verdicts.values().all(|v| v.status == LinkStatus::Ok));
    flight.most.load(Ordering::SeqCst)
}

#[tokio::test]
async fn no_more_than_max_per_host_requests_reach_one_host_at_once() {
    let options = CheckOptions {
        network: citecheck::check::Network {
            max_per_host: 3,
            ..options().network
        },
        ..options()
    };
    assert_eq!(most_in_flight(15, options).await, 3);
}

#[tokio::test]
async fn a_per_host_setting_overrides_max_per_host_for_that_host() {
    let options = CheckOptions {
        network: citecheck::check::Network {
            max_per_host: 4,
            host_limits: [("127.0.0.1".to_owned(), 1)].into_iter().collect(),
            ..options().network
        },
        ..options()
    };
    assert_eq!(most_in_flight(6, options).await, 1);
}

#[tokio::test]
async fn hosts_are_checked_in_parallel_within_the_global_limit() {
    let flight = Arc::new(InFlight::default());
    let mut all = Vec::new();
    for ip in ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"] {
        let addr = serve_on(
            ip,
            slow_site(
                Duration::from_millis(50),
                Arc::clone(&flight),
                Arc::default(),
            ),
        );
        all.extend(links(addr, 4));
    }
    let per_host_only = CheckOptions {
        network: citecheck::check::Network {
            max_per_host: 1,
            ..options().network
        },
        ..options()
    };
    http::check_urls(all.clone(), &per_host_only).await;
    assert_eq!(
        flight.most.load(Ordering::SeqCst),
        4,
        "one request per host, four hosts"
    );

    flight.most.store(0, Ordering::SeqCst);
    let global = CheckOptions {
        network: citecheck::check::Network {
            max_per_host: 4,
            max_concurrency: 2,
            ..options().network
        },
        ..options()
    };
    http::check_urls(all, &global).await;
    assert_eq!(
        flight.most.load(Ordering::SeqCst),
        2,
        "two requests at once over all hosts"
    );
}

#[tokio::test]
async fn the_minimum_interval_spaces_requests_to_one_host() {
    let starts = Arc::new(Mutex::new(Vec::new()));
    let addr = serve_on(
        "127.0.0.1",
        slow_site(Duration::ZERO, Arc::default(), Arc::clone(&starts)),
    );
    let options = CheckOptions {
        network: citecheck::check::Network {
            min_interval: Duration::from_millis(100),
            ..options().network
        },
        ..options()
    };
    http::check_urls(links(addr, 5), &options).await;
    let mut starts = starts.lock().expect("lock").clone();
    starts.sort();
    assert_eq!(starts.len(), 5);
    for pair in starts.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(90), "{gap:?}");
    }
}

#[test]
fn a_url_cited_in_several_places_is_fetched_once() {
    let (addr, hits) = support::server::serve_counted(
        Router::new().route("/cited", get(|| async { "<title>Cited</title>" })),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let link = url(addr, "/cited");
    let text = format!(
        "First claim.[^1] Second claim.[^2] See also <{link}#history>.\n\n[^1]: <{link}>\n[^2]: [Same page]({link})\n"
    );
    let run = support::binary::run_binary(dir.path(), &text, &["--allow-private"]);
    assert_eq!(run.statuses(), ["ok", "ok", "ok"], "{}", run.stderr());
    assert_eq!(hits.count(), 1);
}

/// A server that answers like Python's `http.server`: after `latency`, the
/// headers in one write and the body in a second, Nagle's algorithm on, then
/// it closes. Records the path of each request as it arrives.
fn two_write_server(latency: Duration) -> (std::net::SocketAddr, Arc<Mutex<Vec<String>>>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let log = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let record = Arc::clone(&record);
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut request = Vec::new();
                let mut buf = [0u8; 2048];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&request)
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
                record.lock().expect("lock").push(path);
                std::thread::sleep(latency);
                let body = "<html><head><title>Source</title></head><body><h1>Source</h1><p>Text.</p></body></html>";
                let head = format!(
                    "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body.as_bytes());
                let _ = stream.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    (addr, log)
}

#[tokio::test]
async fn the_sites_probe_takes_the_first_pages_slot_instead_of_queueing_behind_every_link() {
    // Every page of the site waits for the site's answer to a made-up
    // address; queued behind the other links of the host it would come last
    // and cost the run one more round trip.
    let (addr, log) = two_write_server(Duration::from_millis(20));
    let urls: Vec<Url> = (0..12)
        .map(|i| url(addr, &format!("/source/{i}")))
        .collect();
    let options = CheckOptions {
        network: citecheck::check::Network {
            max_per_host: 2,
            ..options().network
        },
        ..options()
    };
    let verdicts = http::check_urls(urls.clone(), &options).await;
    assert!(
        urls.iter().all(|u| verdicts[u].status == LinkStatus::Ok),
        "{verdicts:?}"
    );
    let log = log.lock().expect("lock").clone();
    assert_eq!(log.len(), 13, "{log:?}");
    let probe = log.iter().position(|p| p.starts_with("/citecheck-probe-"));
    assert!(probe.is_some_and(|at| at <= 3), "{log:?}");
}

#[tokio::test]
async fn first_pages_waiting_for_their_sites_probes_never_starve_the_run() {
    // Every run slot held by a site's first page, each waiting for its
    // site's probe, which needs a run slot too: the run must still end.
    let urls: Vec<Url> = (2..8)
        .map(|last| {
            let addr = serve_on(
                &format!("127.0.0.{last}"),
                Router::new().route(
                    "/a/page",
                    get(|| async { axum::response::Html("<title>Page</title><p>Text</p>") }),
                ),
            );
            url(addr, "/a/page")
        })
        .collect();
    for max_concurrency in [1, 2] {
        let options = CheckOptions {
            network: citecheck::check::Network {
                max_concurrency,
                ..options().network
            },
            ..options()
        };
        let verdicts = tokio::time::timeout(
            Duration::from_secs(20),
            http::check_urls(urls.clone(), &options),
        )
        .await
        .expect("the run ends");
        assert!(
            urls.iter().all(|u| verdicts[u].status == LinkStatus::Ok),
            "{verdicts:?}"
        );
    }
}
