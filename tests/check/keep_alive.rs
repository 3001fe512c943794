//! Servers that answer in two writes with Nagle's algorithm on and keep the
//! connection alive (Python's `ThreadingHTTPServer` speaking HTTP/1.1): every
//! answer on a reused connection waits for the client's delayed ACK, so the
//! checker asks such a host to close each connection after its answer. A
//! server that answers in one write keeps its connections alive.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use citecheck::check::{http, CheckOptions, LinkStatus};
use url::Url;

use crate::support::checker::options;

/// What the server saw: one entry per request, the client's port (one per
/// connection) and whether the request asked `Connection: close`.
type Seen = Arc<Mutex<Vec<(u16, bool)>>>;

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering every request after
/// 20 ms with a 3 KB page, headers and body in two writes when `two_writes`,
/// else in one.
fn serve(two_writes: bool) -> (SocketAddr, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = Arc::clone(&log);
            std::thread::spawn(move || answer(stream, two_writes, &log));
        }
    });
    (addr, seen)
}

fn answer(mut stream: TcpStream, two_writes: bool, log: &Seen) {
    let port = stream.peer_addr().map_or(0, |a| a.port());
    let body = format!(
        "<html><head><title>Page</title></head><body>{}</body></html>",
        "<p>Molotov came to Berlin in November 1940.</p>".repeat(60)
    );
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
        let close = String::from_utf8_lossy(&request)
            .to_ascii_lowercase()
            .contains("\r\nconnection: close");
        log.lock().expect("lock").push((port, close));
        std::thread::sleep(Duration::from_millis(20));
        let status = if request.starts_with(b"GET /page/") {
            "200 OK"
        } else {
            "404 Not Found"
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let written = if two_writes {
            stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(body.as_bytes()))
        } else {
            stream.write_all(format!("{head}{body}").as_bytes())
        };
        if written.is_err() || close {
            return;
        }
    }
}

async fn check_pages(addr: SocketAddr, n: usize) {
    let urls: Vec<Url> = (0..n)
        .map(|i| Url::parse(&format!("http://{addr}/page/{i}")).expect("url"))
        .collect();
    let options = CheckOptions {
        network: citecheck::check::Network {
            max_per_host: 2,
            ..options().network
        },
        ..options()
    };
    let verdicts = http::check_urls(urls, &options).await;
    assert_eq!(verdicts.len(), n);
    assert!(verdicts.values().all(|v| v.status == LinkStatus::Ok));
}

#[tokio::test]
async fn a_host_whose_answers_stall_on_kept_alive_connections_gets_fresh_ones() {
    let (addr, seen) = serve(true);
    check_pages(addr, 30).await;
    let seen = seen.lock().expect("lock").clone();
    let closing = seen.iter().filter(|(_, close)| *close).count();
    let connections: std::collections::HashSet<u16> = seen.iter().map(|(p, _)| *p).collect();
    // The first stalls are seen on reused connections; from then on each
    // request asks for a connection of its own.
    assert!(
        closing >= seen.len() / 2,
        "{closing} of {} requests asked to close",
        seen.len()
    );
    assert!(connections.len() >= seen.len() / 2, "{seen:?}");
}

#[tokio::test]
async fn a_host_that_answers_in_one_write_keeps_its_connections() {
    let (addr, seen) = serve(false);
    check_pages(addr, 30).await;
    let seen = seen.lock().expect("lock").clone();
    assert!(seen.iter().all(|(_, close)| !close), "{seen:?}");
    let connections: std::collections::HashSet<u16> = seen.iter().map(|(p, _)| *p).collect();
    assert!(connections.len() <= 4, "{} connections", connections.len());
}
