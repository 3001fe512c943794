//! What a store shared by many processes hands out: an answer to a claim
//! on a URL, and a slot of a host, given back when dropped. The calls that
//! hand them out are [`crate::check::shared::SharedWork`].

use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::CacheError;
use crate::check::status::Verdict;

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
