//! Work and politeness shared with other processes: what a run asks of a
//! store that many processes use at once (the PostgreSQL store), so that
//! over all of them each URL is fetched once and each host's limits hold
//! for all of them together.
//!
//! The link checker claims a URL before it fetches it ([`SharedWork::claim`]):
//! a URL another process holds is put back and tried again later, and one
//! another process has checked during this run is taken from the store. The
//! request engine takes one of the host's shared slots before every request
//! ([`SharedWork::take_slot`]) and gives it back when the request is over,
//! and a host's `Retry-After` holds every process off it
//! ([`SharedWork::hold_off`]). Claims and slots are leases: a process that
//! dies loses them when they expire, and one paused past them finds its
//! writes refused.

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::cache::{CacheError, CacheKey};
use super::status::Verdict;

/// A future of the shared store, sendable: the checker awaits these in its
/// tasks.
pub type SharedFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CacheError>> + Send + 'a>>;

/// What claiming a URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This process holds the URL: it fetches it, and its verdict is
    /// recorded under the claim.
    Mine,
    /// Another process checked it during this run: its verdict.
    Done(Box<Verdict>),
    /// Another process holds it now: try again after this long.
    Busy(Duration),
}

/// A slot of a host taken in the shared store; given back when dropped.
pub struct SharedSlot {
    release: Option<Box<dyn FnOnce() + Send>>,
}

impl SharedSlot {
    /// A slot given back by `release`.
    #[must_use]
    pub fn new(release: impl FnOnce() + Send + 'static) -> Self {
        Self {
            release: Some(Box::new(release)),
        }
    }
}

impl Debug for SharedSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedSlot")
    }
}

impl Drop for SharedSlot {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            release();
        }
    }
}

/// The calls a run makes on a store shared with other processes.
pub trait SharedWork: Send + Sync + Debug {
    /// Claims `key` for this process, unless another holds it or checked
    /// it during this run.
    fn claim<'a>(&'a self, key: &'a CacheKey) -> SharedFuture<'a, Claim>;

    /// Waits for a slot of `host`: fewer than `limit` requests of all the
    /// processes in flight to it, the last one started at least `interval`
    /// ago, and no `Retry-After` of the host pending.
    fn take_slot<'a>(
        &'a self,
        host: &'a str,
        limit: usize,
        interval: Duration,
    ) -> SharedFuture<'a, SharedSlot>;

    /// Holds every process off `host` for `wait` (its `Retry-After`).
    fn hold_off<'a>(&'a self, host: &'a str, wait: Duration) -> SharedFuture<'a, ()>;
}
