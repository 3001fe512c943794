//! The verdict cache: every observation of a web link, kept across runs so a
//! warm run sends no request for a link judged recently, and so dead links
//! are confirmed over time (as InternetArchiveBot does) instead of on one
//! unlucky answer.
//!
//! [`AsyncVerdictStore`] is the seam (latest observation, record, history);
//! [`SqliteCache`], an embedded SQLite file, is the default, and
//! [`PgStore`], in PostgreSQL, the store many processes share (with their
//! work and their per-host limits: [`crate::check::shared`]).
//!
//! What is fresh is decided by [`Freshness`], not by the store: `ok` and
//! `redirected` for 7 days, `dead` and `soft_404` for 1 day by default;
//! transient failures and `excluded` are recorded but never reused.
//!
//! The cache also keeps what the optional services answered, so a warm run
//! asks them nothing either: with each observation, the web archive that
//! answered for it (with a snapshot or without one), fresh as long as the
//! verdict; and the ISBN catalogue's entries, per ISBN and catalogue, for
//! 30 days (7 days for a book it did not know). Failed lookups are not kept.
//!
//! Every write is a short transaction of its own: a run commits verdicts as
//! they come, so a run that is killed keeps what it had checked, and two runs
//! at once take turns. A cache is disposable: a damaged file is reported in
//! one line and rebuilt empty, and a file of the previous schema is upgraded
//! in place (a column and a table added).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use thiserror::Error;

use super::book::Entry;
use super::status::{LinkStatus, Verdict};

/// Where the cache lives unless `--cache` or the config says otherwise.
pub const DEFAULT_PATH: &str = ".citecheck/cache.sqlite";

/// The most problems SQLite's check of a damaged file reports.
pub const CHECK_LIMIT: usize = 100;

/// Why the cache could not be used.
#[derive(Debug, Error)]
pub enum CacheError {
    /// The folder for the database could not be created.
    #[error("{path}: cannot create the cache folder: {source}")]
    Folder {
        /// The database file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not an SQLite database, or a damaged one.
    #[error(
        "{path}: the cache is corrupt ({first}, {}{problems} problem{})",
        if *problems >= CHECK_LIMIT { "at least " } else { "" },
        if *problems == 1 { "" } else { "s" }
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// The first problem SQLite found, in its words.
        first: String,
        /// How many problems it found (its check stops at [`CHECK_LIMIT`]).
        problems: usize,
    },
    /// The file was written by a newer citecheck, with a schema this one
    /// does not know; it is left alone.
    #[error("{path}: the cache was written by a newer citecheck (schema {version}); not using it")]
    Newer {
        /// The database file.
        path: PathBuf,
        /// The file's schema version.
        version: i32,
    },
    /// A corrupt file could not be removed to rebuild it.
    #[error("{path}: cannot remove the corrupt cache: {source}")]
    Remove {
        /// The database file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Any other database failure (locked too long, disk full, read-only).
    #[error("{path}: cache error: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// The shared store's address cannot be read.
    #[error(transparent)]
    Address(#[from] postgres::BadAddress),
    /// The shared store could not be reached at the start of the run.
    #[error("{at}: cannot reach the shared store: {reason}")]
    Unreachable {
        /// The store, as shown (no password).
        at: String,
        /// The driver's reason.
        reason: String,
    },
    /// The shared store stopped answering during the run, and went on not
    /// answering when asked again.
    #[error(
        "{at}: the shared store was lost during the run ({reason}); no further link was checked"
    )]
    Lost {
        /// The store, as shown (no password).
        at: String,
        /// The driver's reason.
        reason: String,
    },
    /// The shared store refused a request (rights, a damaged schema).
    #[error("{at}: shared store error: {reason}")]
    Shared {
        /// The store, as shown (no password).
        at: String,
        /// PostgreSQL's reason.
        reason: String,
    },
    /// The shared store's tables were made by a newer citecheck.
    #[error(
        "{at}: the shared store was made by a newer citecheck (schema {version}); not using it"
    )]
    NewerShared {
        /// The store, as shown (no password).
        at: String,
        /// The store's schema version.
        version: i32,
    },
}

impl CacheError {
    /// Whether the error is the shared store's: a run cannot go on without
    /// it (the other processes count on its limits), so it ends with exit
    /// code 2.
    #[must_use]
    pub fn is_shared(&self) -> bool {
        matches!(
            self,
            Self::Address(_)
                | Self::Unreachable { .. }
                | Self::Lost { .. }
                | Self::Shared { .. }
                | Self::NewerShared { .. }
        )
    }
}

/// What a cache entry is about: a URL as fetched (no fragment) and the
/// options that change a verdict on it (see
/// [`CheckOptions::verdict_key`](super::options::CheckOptions::verdict_key)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CacheKey {
    /// The URL as fetched.
    pub url: String,
    /// The verdict-changing options, as one string.
    pub options: String,
}

/// One check of one link at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// When the check was made.
    pub checked_at: DateTime<Utc>,
    /// What it found.
    pub verdict: Verdict,
    /// The web archive (its endpoint) that answered when asked for a
    /// snapshot of the link as this check found it; with no `archive_url`
    /// in the verdict, that archive has none. `None` when no archive
    /// answered.
    pub archive_asked: Option<String>,
    /// A digest of the page's main text, when a page was read: tells a
    /// page that changed from one that did not.
    pub fingerprint: Option<String>,
}

/// A catalogue's entry as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    /// When the catalogue gave it.
    pub fetched_at: DateTime<Utc>,
    /// What the catalogue said.
    pub entry: Entry,
}

/// How long a verdict may be reused without asking again, per status.
/// Statuses without an age are never reused. Catalogue entries are reused
/// for 30 days, "not found" for 7.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freshness {
    max_age: HashMap<LinkStatus, TimeDelta>,
    book_found: TimeDelta,
    book_not_found: TimeDelta,
}

impl Default for Freshness {
    fn default() -> Self {
        let week = TimeDelta::days(7);
        let day = TimeDelta::days(1);
        Self {
            max_age: HashMap::from([
                (LinkStatus::Ok, week),
                (LinkStatus::Redirected, week),
                (LinkStatus::Dead, day),
                (LinkStatus::Soft404, day),
            ]),
            book_found: TimeDelta::days(30),
            book_not_found: week,
        }
    }
}

impl Freshness {
    /// Sets how long `status` stays fresh. Transient statuses (`timeout`,
    /// `server_error`, `unreachable`, `blocked`) and `excluded`,
    /// `unchecked` cannot be made fresh: the call is ignored for them.
    pub fn set(&mut self, status: LinkStatus, age: Duration) {
        if is_reusable(status) {
            let age = TimeDelta::from_std(age).unwrap_or(TimeDelta::MAX);
            self.max_age.insert(status, age);
        }
    }

    /// Whether an observation made at `checked_at` may stand in for a check
    /// at `now`.
    #[must_use]
    pub fn is_fresh(&self, observation: &Observation, now: DateTime<Utc>) -> bool {
        self.max_age
            .get(&observation.verdict.status)
            .is_some_and(|age| now.signed_duration_since(observation.checked_at) < *age)
    }

    /// Whether a catalogue entry may stand in for a lookup at `now`.
    #[must_use]
    pub fn is_entry_fresh(&self, stored: &StoredEntry, now: DateTime<Utc>) -> bool {
        let age = match stored.entry {
            Entry::Found(_) => self.book_found,
            Entry::NotFound => self.book_not_found,
        };
        now.signed_duration_since(stored.fetched_at) < age
    }
}

/// Statuses that say something lasting about a link. The rest are a
/// passing state of the network or of the run.
fn is_reusable(status: LinkStatus) -> bool {
    matches!(
        status,
        LinkStatus::Ok | LinkStatus::Redirected | LinkStatus::Dead | LinkStatus::Soft404
    )
}

/// Whether an observation is worth keeping: offline non-results are not.
#[must_use]
pub fn is_observation(verdict: &Verdict) -> bool {
    verdict.status != LinkStatus::Unchecked
}

/// The failure streak of a link, as reports show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LinkHistory {
    /// When the current run of failures began (RFC 3339); null when the link
    /// is not failing or no history is kept for it (no cache, or a relative
    /// link).
    pub first_failed_at: Option<String>,
    /// Checks in a row that found the link dead (`dead` or `soft_404`).
    /// Transient failures neither extend nor break the streak.
    pub consecutive_failures: u32,
    /// Of those, the ones at least a day apart: what `--confirm` counts.
    pub failures_a_day_apart: u32,
}

impl LinkHistory {
    /// The streak of a link whose history is not kept: this run alone, with
    /// no date, so reports of the same input stay the same.
    #[must_use]
    pub fn this_run(status: LinkStatus) -> Self {
        let failed = u32::from(status.is_dead());
        Self {
            first_failed_at: None,
            consecutive_failures: failed,
            failures_a_day_apart: failed,
        }
    }

    /// Reads the current failure streak off observations, oldest first.
    #[must_use]
    pub fn from_observations(observations: &[Observation]) -> Self {
        let streak: Vec<&Observation> = observations
            .iter()
            .rev()
            .filter(|o| is_reusable(o.verdict.status) || o.verdict.status.is_dead())
            .take_while(|o| o.verdict.status.is_dead())
            .collect();
        let Some(first) = streak.last() else {
            return Self::default();
        };
        let mut apart = 0;
        let mut last_counted: Option<DateTime<Utc>> = None;
        for o in streak.iter().rev() {
            if last_counted.is_none_or(|t| o.checked_at - t >= TimeDelta::days(1)) {
                apart += 1;
                last_counted = Some(o.checked_at);
            }
        }
        Self {
            first_failed_at: Some(rfc3339(first.checked_at)),
            consecutive_failures: streak.len() as u32,
            failures_a_day_apart: apart,
        }
    }
}

/// The digest of a page's main text the cache keeps: 16 bytes of its
/// SHA-256, in hex.
#[must_use]
pub fn fingerprint(text: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest[..16].iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// When a page's main text last changed, from its observations (oldest
/// first): the first check that found the text it has now, when an earlier
/// check found another. `None` when no change was seen.
#[must_use]
pub fn changed_since(observations: &[Observation]) -> Option<DateTime<Utc>> {
    let mut read = observations
        .iter()
        .rev()
        .filter_map(|o| Some((o.fingerprint.as_deref()?, o.checked_at)));
    let (now, mut since) = read.next()?;
    for (fingerprint, at) in read {
        if fingerprint != now {
            return Some(since);
        }
        since = at;
    }
    None
}

/// A time as reports spell it.
fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Where verdicts are kept between runs, with what the optional services
/// answered about them: the web archive's answer per observation, the ISBN
/// catalogue's entries.
pub trait VerdictStore {
    /// The newest observation of `key`, if any.
    ///
    /// # Errors
    /// The store could not be read.
    fn latest(&self, key: &CacheKey) -> Result<Option<Observation>, CacheError>;

    /// Records observations made at `at`: all of them or, on failure, none.
    /// None of them has an archive's answer yet (see
    /// [`VerdictStore::note_archive`]).
    ///
    /// # Errors
    /// The store could not be written.
    fn record(
        &self,
        observations: &[(CacheKey, Verdict)],
        at: DateTime<Utc>,
    ) -> Result<(), CacheError>;

    /// Notes what the web archive at `endpoint` answered for each key: a
    /// snapshot or none. The answer is kept with the key's newest
    /// observation when that is one worth a snapshot, so it stays fresh as
    /// long as that verdict.
    ///
    /// # Errors
    /// The store could not be written.
    fn note_archive(
        &self,
        answers: &[(CacheKey, Option<String>)],
        endpoint: &str,
    ) -> Result<(), CacheError>;

    /// What the catalogue at `endpoint` last said about `isbn13`, if it was
    /// asked.
    ///
    /// # Errors
    /// The store could not be read.
    fn entry(&self, isbn13: &str, endpoint: &str) -> Result<Option<StoredEntry>, CacheError>;

    /// Records the catalogue's entries given at `at`, replacing older ones.
    ///
    /// # Errors
    /// The store could not be written.
    fn record_entries(
        &self,
        entries: &[(String, Entry)],
        endpoint: &str,
        at: DateTime<Utc>,
    ) -> Result<(), CacheError>;

    /// Every observation of `key`, oldest first.
    ///
    /// # Errors
    /// The store could not be read.
    fn history(&self, key: &CacheKey) -> Result<Vec<Observation>, CacheError>;

    /// The newest main text kept for `key`'s page. A store that keeps no
    /// texts has none: claims on its pages are then judged only when the
    /// page is fetched.
    ///
    /// # Errors
    /// The store could not be read.
    fn page_text(&self, key: &CacheKey) -> Result<Option<String>, CacheError> {
        let _ = key;
        Ok(None)
    }

    /// The newest verdict on `key` if it is still fresh at `now`.
    ///
    /// # Errors
    /// The store could not be read.
    fn fresh(
        &self,
        key: &CacheKey,
        freshness: &Freshness,
        now: DateTime<Utc>,
    ) -> Result<Option<Verdict>, CacheError> {
        Ok(self
            .fresh_observation(key, freshness, now)?
            .map(|o| o.verdict))
    }

    /// The newest observation of `key` if it is still fresh at `now`.
    ///
    /// # Errors
    /// The store could not be read.
    fn fresh_observation(
        &self,
        key: &CacheKey,
        freshness: &Freshness,
        now: DateTime<Utc>,
    ) -> Result<Option<Observation>, CacheError> {
        Ok(self.latest(key)?.filter(|o| freshness.is_fresh(o, now)))
    }
}

/// A verdict cache as one run uses it: the store, and how long its verdicts
/// stay fresh.
#[derive(Clone, Copy)]
pub struct CacheUse<'a> {
    /// Where verdicts are kept.
    pub store: &'a dyn AsyncVerdictStore,
    /// How long they may be reused.
    pub freshness: &'a Freshness,
}

impl std::fmt::Debug for CacheUse<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheUse")
            .field("freshness", self.freshness)
            .finish_non_exhaustive()
    }
}

mod awaited;
pub mod lease;
pub mod postgres;
mod sqlite;
pub use awaited::{AsyncVerdictStore, StoreFuture};
pub use postgres::{PgAddress, PgStore, SharedPg};
pub use sqlite::SqliteCache;
