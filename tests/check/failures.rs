//! Requests that get no answer: slow servers, closed ports, broken
//! connections, names that do not resolve, failed TLS handshakes.

use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use citecheck::check::dns::{Addresses, NameLookup};
use citecheck::check::{http, CheckOptions, LinkStatus};
use url::Url;

use crate::support;
use crate::support::checker::{check, check_with, options};
use crate::support::server::{serve, url};

#[tokio::test]
async fn a_server_that_does_not_answer_in_time_is_a_timeout() {
    let addr = serve(Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            "late"
        }),
    ));
    let options = CheckOptions {
        network: citecheck::check::Network {
            timeout: Duration::from_millis(300),
            retries: 1,
            ..options().network
        },
        ..options()
    };
    let started = Instant::now();
    let verdict = check_with(&url(addr, "/slow"), &options).await;
    assert_eq!(verdict.status, LinkStatus::Timeout, "{verdict:?}");
    assert_eq!(verdict.detail, "no answer within 0.3 s (2 attempts)");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_refused_connection_is_unreachable() {
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = closed.local_addr().expect("address");
    drop(closed);
    let verdict = check(&url(addr, "/")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert_eq!(verdict.http_status, None);
    assert!(
        verdict.detail.contains("connection refused"),
        "{}",
        verdict.detail
    );
}

/// A server that reads each request and closes the connection without
/// answering.
fn hang_up() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            drop(stream);
        }
    });
    addr
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_unreachable_after_retries() {
    let addr = hang_up();
    let verdict = check(&url(addr, "/")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert!(verdict.detail.contains("3 attempts"), "{}", verdict.detail);
}

#[tokio::test]
async fn a_reset_connection_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // Closing a socket whose request was never read makes Linux send
            // RST instead of FIN.
            std::thread::sleep(Duration::from_millis(50));
            drop(stream);
        }
    });
    let verdict = check(&url(addr, "/")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert!(verdict.detail.contains("reset"), "{}", verdict.detail);
}

#[tokio::test]
async fn a_host_name_that_never_resolves_is_unreachable() {
    let link = Url::parse("http://nonexistent.invalid/page").expect("url");
    let verdict = check(&link).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert!(
        verdict.detail.contains("could not be resolved"),
        "{}",
        verdict.detail
    );
}

/// Resolves `site.example` to 127.0.0.1 and nothing else.
#[derive(Debug)]
struct OneSite;

impl NameLookup for OneSite {
    fn lookup<'a>(&'a self, host: &'a str) -> Addresses<'a> {
        Box::pin(async move {
            if host == "site.example" {
                Ok(vec![IpAddr::V4(Ipv4Addr::LOCALHOST)])
            } else {
                Err(std::io::Error::other("Name or service not known"))
            }
        })
    }
}

#[tokio::test]
async fn a_name_that_does_not_resolve_while_others_do_is_unreachable_not_unchecked() {
    let addr = serve(Router::new().route("/", get(|| async { "<title>Site</title>" })));
    let site = Url::parse(&format!("http://site.example:{}/", addr.port())).expect("url");
    let gone = Url::parse("http://gone.example/page").expect("url");
    let options = CheckOptions {
        network: citecheck::check::Network {
            name_lookup: Some(Arc::new(OneSite)),
            ..options().network
        },
        ..options()
    };
    let verdicts = http::check_urls(vec![site.clone(), gone.clone()], &options).await;
    assert_eq!(
        verdicts[&site].status,
        LinkStatus::Ok,
        "{:?}",
        verdicts[&site]
    );
    assert_eq!(
        verdicts[&gone].status,
        LinkStatus::Unreachable,
        "{:?}",
        verdicts[&gone]
    );
    assert_eq!(
        verdicts[&gone].detail,
        "the host name gone.example could not be resolved (Name or service not known)"
    );
}

#[tokio::test]
async fn a_failed_tls_handshake_is_unreachable() {
    // A plain HTTP server does not speak TLS.
    let addr = serve(Router::new().route("/", get(|| async { "plain" })));
    let link = Url::parse(&format!("https://{addr}/")).expect("url");
    let verdict = check(&link).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert!(verdict.detail.contains("TLS"), "{}", verdict.detail);
}

/// A server that answers every connection with `answer` (raw bytes), after
/// reading the request, then closes; counts the connections.
fn raw_server(answer: Vec<u8>) -> (std::net::SocketAddr, support::server::Hits) {
    use std::io::Write;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let hits = support::server::Hits::default();
    let counter = hits.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            counter.hit();
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(&answer);
            let _ = stream.flush();
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    (addr, hits)
}

#[tokio::test]
async fn the_timeout_bounds_a_whole_redirect_chain() {
    // Six hops of 1.5 s each: one attempt must stop at the 3 s timeout, not
    // after 9 s.
    let addr = serve(Router::new().route(
        "/hop/{n}",
        get(
            |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                if n < 6 {
                    axum::response::Redirect::temporary(&format!("/hop/{}", n + 1)).into_response()
                } else {
                    "end".into_response()
                }
            },
        ),
    ));
    use axum::response::IntoResponse;
    let options = CheckOptions {
        network: citecheck::check::Network {
            timeout: Duration::from_secs(3),
            retries: 0,
            ..options().network
        },
        ..options()
    };
    let started = Instant::now();
    let verdict = check_with(&url(addr, "/hop/1"), &options).await;
    let took = started.elapsed();
    assert_eq!(verdict.status, LinkStatus::Timeout, "{verdict:?}");
    assert!(took < Duration::from_millis(3600), "took {took:?}");
}

#[tokio::test]
async fn a_header_block_too_large_is_not_asked_again() {
    let mut answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n".to_vec();
    for i in 0..2000 {
        answer.extend_from_slice(format!("X-Filler-{i}: {}\r\n", "a".repeat(200)).as_bytes());
    }
    answer.extend_from_slice(b"Content-Length: 2\r\n\r\nok");
    let (addr, hits) = raw_server(answer);
    let verdict = check(&url(addr, "/")).await;
    assert_eq!(verdict.status, LinkStatus::Unreachable, "{verdict:?}");
    assert!(
        verdict.detail.contains("could not be read"),
        "{}",
        verdict.detail
    );
    assert_eq!(hits.count(), 1, "a parse error is not retried");
}

#[tokio::test]
async fn a_page_cut_short_is_ok_but_says_so_after_retries() {
    let body = "<html><head><title>Storm hits coast</title></head><body>";
    let answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n{body}"
    );
    let (addr, hits) = raw_server(answer.into_bytes());
    let verdict = check(&url(addr, "/story")).await;
    assert_eq!(verdict.status, LinkStatus::Ok, "{verdict:?}");
    assert!(verdict.detail.contains("cut short"), "{}", verdict.detail);
    assert!(verdict.detail.contains("3 attempts"), "{}", verdict.detail);
    // Three attempts at the page, and the probe of the site.
    assert_eq!(hits.count(), 4);
}
