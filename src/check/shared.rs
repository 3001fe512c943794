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
use std::time::Duration;

pub use super::cache::lease::{Claim, SharedFuture, SharedSlot};
use super::cache::{CacheKey, SharedPg};

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

impl SharedWork for SharedPg {
    fn claim<'a>(&'a self, key: &'a CacheKey) -> SharedFuture<'a, Claim> {
        Box::pin(self.0.claim_key(key))
    }

    fn take_slot<'a>(
        &'a self,
        host: &'a str,
        limit: usize,
        interval: Duration,
    ) -> SharedFuture<'a, SharedSlot> {
        Box::pin(self.0.slot(host, limit, interval))
    }

    fn hold_off<'a>(&'a self, host: &'a str, wait: Duration) -> SharedFuture<'a, ()> {
        Box::pin(self.0.hold_host_off(host, wait))
    }
}
