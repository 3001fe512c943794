//! Hosts whose answers stall on a kept-alive connection, and the cure:
//! asking them to close each connection after its answer.
//!
//! Many servers (Python's `http.server`, a good share of small frameworks
//! and embedded servers) write an answer's headers and its body in two
//! writes with Nagle's algorithm on. The body, smaller than a segment, waits
//! until the headers are acknowledged; the client, which has just sent a
//! request on a connection it keeps alive, is in the kernel's "interactive"
//! mode and delays that acknowledgement (40 ms on Linux, up to 200 ms
//! elsewhere). Every answer on a reused connection then costs one delayed
//! ACK: on 600 links over 8 hosts, 0.5 s became 1.1 s. A fresh connection
//! acknowledges at once (the kernel's quick-ACK start), so the cure is a new
//! connection per request to such a host — `Connection: close` — which
//! costs one handshake, less than the stall on any nearby server.
//!
//! The client cannot set `TCP_QUICKACK` on reqwest's sockets, so the stall
//! is recognised from outside: the body's first bytes arriving a
//! delayed-ACK interval after the headers, twice on one host. Hosts that
//! answer in one write (hyper, nginx, most of the web) never show it and
//! keep their connections alive.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

/// The shortest wait for a body's first bytes that looks like a delayed
/// ACK: Linux's minimum delay is 40 ms; a little less allows for timers.
const SHORTEST: Duration = Duration::from_millis(30);

/// The longest: Windows and some BSDs delay by up to 200 ms; a body later
/// than this is a slow server, not a held segment.
const LONGEST: Duration = Duration::from_millis(500);

/// A body held back by Nagle's algorithm is one short segment: at most a
/// segment on loopback (64 KiB). A larger body leaves in full segments
/// that are never held.
const HELD_BODY: u64 = 64 * 1024;

/// Stalls seen on a host before its connections are closed after each
/// answer: one could be a slow page.
const STALLS_TO_CLOSE: u8 = 2;

/// What one host's answers have shown about its connections.
#[derive(Debug, Default)]
pub(crate) struct Watch {
    stalls: AtomicU8,
    close: AtomicBool,
}

impl Watch {
    /// Whether requests to this host should ask for the connection to be
    /// closed after the answer.
    pub(crate) fn close_connections(&self) -> bool {
        self.close.load(Ordering::Relaxed)
    }

    /// Notes how long an answer's body took to start after its headers:
    /// `length` is its Content-Length, when given.
    pub(crate) fn body_started(&self, after_headers: Duration, length: Option<u64>) {
        if self.close_connections() || !looks_held(after_headers, length) {
            return;
        }
        let seen = self
            .stalls
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1);
        if seen >= STALLS_TO_CLOSE {
            self.close.store(true, Ordering::Relaxed);
        }
    }
}

/// Whether a body that started `after_headers` past its headers, of
/// `length` bytes, looks like a segment held for a delayed ACK.
fn looks_held(after_headers: Duration, length: Option<u64>) -> bool {
    let short = length.is_none_or(|n| n > 0 && n <= HELD_BODY);
    short && (SHORTEST..=LONGEST).contains(&after_headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_held_bodies_close_the_hosts_connections() {
        let watch = Watch::default();
        watch.body_started(Duration::from_millis(41), Some(5_000));
        assert!(!watch.close_connections(), "one stall could be a slow page");
        watch.body_started(Duration::from_millis(2), Some(5_000));
        assert!(!watch.close_connections());
        watch.body_started(Duration::from_millis(44), None);
        assert!(watch.close_connections());
    }

    #[test]
    fn prompt_slow_empty_or_large_bodies_are_no_stall() {
        let watch = Watch::default();
        for _ in 0..5 {
            watch.body_started(Duration::from_millis(3), Some(5_000));
            watch.body_started(Duration::from_secs(2), Some(5_000));
            watch.body_started(Duration::from_millis(40), Some(0));
            watch.body_started(Duration::from_millis(40), Some(2_000_000));
        }
        assert!(!watch.close_connections());
    }
}
