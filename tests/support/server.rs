//! Loopback servers: an axum router served on 127.0.0.x from a thread of its
//! own, so that a test can call the library asynchronously or run the binary
//! synchronously against it; and counters of the requests that reach one.
//!
//! Never binds an address outside 127.0.0.0/8.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::middleware::Next;
use axum::Router;
use url::Url;

/// Starts `router` on 127.0.0.1 and returns its address.
pub fn serve(router: Router) -> SocketAddr {
    serve_on("127.0.0.1", router)
}

/// Starts `router` on `ip` (any 127.0.0.x) and returns its address.
pub fn serve_on(ip: &str, router: Router) -> SocketAddr {
    serve_built(ip, move |_| router)
}

/// Starts on 127.0.0.1 the router that `build` makes from the server's own
/// address, for pages that name their server, and returns that address.
pub fn serve_with(build: impl FnOnce(SocketAddr) -> Router + Send + 'static) -> SocketAddr {
    serve_built("127.0.0.1", build)
}

fn serve_built(ip: &str, build: impl FnOnce(SocketAddr) -> Router + Send + 'static) -> SocketAddr {
    assert!(ip.starts_with("127."), "{ip} is not a loopback address");
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
            axum::serve(listener, build(addr)).await.expect("serve");
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

/// Requests counted by what they were about: a path, a URL asked about.
#[derive(Debug, Clone, Default)]
pub struct Tally(Arc<Mutex<HashMap<String, usize>>>);

impl Tally {
    /// Counts one request about `key`.
    pub fn add(&self, key: &str) {
        *self
            .0
            .lock()
            .expect("tally lock")
            .entry(key.to_owned())
            .or_default() += 1;
    }

    /// Requests so far about `key`.
    pub fn times(&self, key: &str) -> usize {
        self.0
            .lock()
            .expect("tally lock")
            .get(key)
            .copied()
            .unwrap_or(0)
    }

    /// Requests so far, about anything.
    pub fn total(&self) -> usize {
        self.0.lock().expect("tally lock").values().sum()
    }
}

/// `http://{addr}{path}`.
pub fn url(addr: SocketAddr, path: &str) -> Url {
    Url::parse(&format!("http://{addr}{path}")).expect("a test URL")
}
