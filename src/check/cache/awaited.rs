//! The store as a run awaits it: [`AsyncVerdictStore`], the async twin of
//! [`VerdictStore`]. A store on a server (PostgreSQL, shared by many
//! processes) answers over the network, so each call may wait; the run
//! awaits every call, and a store that answers at once — every
//! [`VerdictStore`], SQLite among them — is one through the blanket
//! implementation, with nothing to change in it.

use std::future::{ready, Future};
use std::pin::Pin;

use chrono::{DateTime, Utc};

use super::super::book::Entry;
use super::{CacheError, CacheKey, Freshness, Observation, StoredEntry, VerdictStore};
use crate::check::status::Verdict;

/// What a call to the store gives, once awaited.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CacheError>> + 'a>>;

/// [`VerdictStore`]'s calls, awaited; each says what its twin says.
pub trait AsyncVerdictStore {
    /// [`VerdictStore::latest`].
    fn latest<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<Observation>>;

    /// [`VerdictStore::record`].
    fn record<'a>(
        &'a self,
        observations: &'a [(CacheKey, Verdict)],
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()>;

    /// [`VerdictStore::note_archive`].
    fn note_archive<'a>(
        &'a self,
        answers: &'a [(CacheKey, Option<String>)],
        endpoint: &'a str,
    ) -> StoreFuture<'a, ()>;

    /// [`VerdictStore::entry`].
    fn entry<'a>(
        &'a self,
        isbn13: &'a str,
        endpoint: &'a str,
    ) -> StoreFuture<'a, Option<StoredEntry>>;

    /// [`VerdictStore::record_entries`].
    fn record_entries<'a>(
        &'a self,
        entries: &'a [(String, Entry)],
        endpoint: &'a str,
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()>;

    /// [`VerdictStore::history`].
    fn history<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Vec<Observation>>;

    /// [`VerdictStore::page_text`].
    fn page_text<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<String>>;

    /// [`VerdictStore::fresh_observation`].
    fn fresh_observation<'a>(
        &'a self,
        key: &'a CacheKey,
        freshness: &'a Freshness,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<Observation>>;
}

impl<T: VerdictStore + ?Sized> AsyncVerdictStore for T {
    fn latest<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<Observation>> {
        Box::pin(ready(VerdictStore::latest(self, key)))
    }

    fn record<'a>(
        &'a self,
        observations: &'a [(CacheKey, Verdict)],
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(ready(VerdictStore::record(self, observations, at)))
    }

    fn note_archive<'a>(
        &'a self,
        answers: &'a [(CacheKey, Option<String>)],
        endpoint: &'a str,
    ) -> StoreFuture<'a, ()> {
        Box::pin(ready(VerdictStore::note_archive(self, answers, endpoint)))
    }

    fn entry<'a>(
        &'a self,
        isbn13: &'a str,
        endpoint: &'a str,
    ) -> StoreFuture<'a, Option<StoredEntry>> {
        Box::pin(ready(VerdictStore::entry(self, isbn13, endpoint)))
    }

    fn record_entries<'a>(
        &'a self,
        entries: &'a [(String, Entry)],
        endpoint: &'a str,
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(ready(VerdictStore::record_entries(
            self, entries, endpoint, at,
        )))
    }

    fn history<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Vec<Observation>> {
        Box::pin(ready(VerdictStore::history(self, key)))
    }

    fn page_text<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<String>> {
        Box::pin(ready(VerdictStore::page_text(self, key)))
    }

    fn fresh_observation<'a>(
        &'a self,
        key: &'a CacheKey,
        freshness: &'a Freshness,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<Observation>> {
        Box::pin(ready(VerdictStore::fresh_observation(
            self, key, freshness, now,
        )))
    }
}
