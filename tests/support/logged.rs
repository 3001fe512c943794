//! A plain threaded HTTP/1.1 server (std only, one thread per connection,
//! not axum) that logs every request with when it arrived and when its
//! answer was written, so tests can read per-host limits off the server's
//! own view: how many requests of all the processes were in flight at once,
//! and how far apart they started.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Logged {
    /// The path asked for.
    pub path: String,
    /// Whether it was answered 429.
    pub throttled: bool,
    /// When its request line arrived.
    pub start: Instant,
    /// When its answer was written.
    pub end: Instant,
}

/// A server on one loopback address and its log.
pub struct LoggedServer {
    /// Where it listens.
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Logged>>>,
}

impl LoggedServer {
    /// Serves `ip` (a loopback address) on a free port; each answer, a
    /// small HTML page titled by its path, is written after `delay`.
    pub fn start(ip: &str, delay: Duration) -> Self {
        Self::throttled(ip, delay, None)
    }

    /// [`LoggedServer::start`], answering its first request with 429 and
    /// `Retry-After: SECS` when `retry_after` is given.
    pub fn throttled(ip: &str, delay: Duration, retry_after: Option<u64>) -> Self {
        let listener = TcpListener::bind((ip, 0)).expect("a loopback port");
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&log);
        let throttle = Arc::new(Mutex::new(retry_after));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&shared);
                let throttle = Arc::clone(&throttle);
                std::thread::spawn(move || serve(stream, delay, &log, &throttle));
            }
        });
        Self { addr, log }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Logged> {
        self.log.lock().unwrap().clone()
    }

    /// The most requests that were in flight at once.
    pub fn peak_in_flight(&self) -> usize {
        let mut edges: Vec<(Instant, i32)> = Vec::new();
        for r in self.log() {
            edges.push((r.start, 1));
            edges.push((r.end, -1));
        }
        // An answer written at the instant another arrives was not in flight
        // with it.
        edges.sort_by_key(|&(at, step)| (at, step));
        let (mut now, mut peak) = (0, 0);
        for (_, step) in edges {
            now += step;
            peak = peak.max(now);
        }
        usize::try_from(peak).unwrap_or(0)
    }

    /// The times between the arrivals of consecutive requests, shortest
    /// first.
    pub fn gaps(&self) -> Vec<Duration> {
        let mut starts: Vec<Instant> = self.log().iter().map(|r| r.start).collect();
        starts.sort();
        let mut gaps: Vec<Duration> = starts.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.sort();
        gaps
    }
}

fn serve(
    stream: TcpStream,
    delay: Duration,
    log: &Mutex<Vec<Logged>>,
    throttle: &Mutex<Option<u64>>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let start = Instant::now();
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut close = false;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header.to_ascii_lowercase().starts_with("connection: close") {
                close = true;
            }
            if header == "\r\n" || header == "\n" {
                break;
            }
        }
        std::thread::sleep(delay);
        let body = format!(
            "<!doctype html><html><head><title>Page {path}</title></head><body><h1>Page {path}</h1><p>The page at {path} says what it says, at some length, so that it reads as a page.</p></body></html>"
        );
        let status = match throttle.lock().unwrap().take() {
            Some(secs) => format!("429 Too Many Requests\r\nRetry-After: {secs}"),
            None => "200 OK".to_owned(),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(body.as_bytes()).is_err()
        {
            return;
        }
        log.lock().unwrap().push(Logged {
            throttled: status.starts_with("429"),
            path,
            start,
            end: Instant::now(),
        });
        if close {
            return;
        }
    }
}
