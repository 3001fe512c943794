//! The shared store: the verdict cache in PostgreSQL, for many processes on
//! many machines at once, with the work and the per-host politeness they
//! share ([`SharedWork`], in [`work`]).
//!
//! It keeps what the SQLite file keeps, in the schema the address names,
//! and answers the same [`AsyncVerdictStore`] calls. The driver is
//! tokio-postgres, pooled by deadpool-postgres: asynchronous like the rest
//! of the checker, no compile-time database needed (sqlx's checked queries
//! want one), TLS through rustls as every other connection of citecheck.
//!
//! Every call is retried with backoff when the connection fails; when it
//! still fails, the store is lost: every later call fails at once with
//! [`CacheError::Lost`], and the run stops asking the network (a shared
//! store skipped would break the per-host limits of the other processes).
//!
//! [`SharedWork`]: crate::check::shared::SharedWork

mod address;
mod schema;
mod work;

pub use work::SharedPg;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::Row;

pub use address::{hide_password, is_postgres, BadAddress, PgAddress, DEFAULT_SCHEMA};

use super::{AsyncVerdictStore, CacheError, CacheKey, Observation, StoreFuture, StoredEntry};
use crate::check::book::{Book, Entry};
use crate::check::status::{LinkStatus, Verdict};

/// How long a claim or a host slot lasts unless renewed (`--lease`).
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);

/// Connections each process keeps to the store.
const POOL_SIZE: usize = 8;

/// Attempts at a call whose connection failed, and the first wait between
/// them (doubled each time): about 15 seconds in all.
const ATTEMPTS: u32 = 5;
const FIRST_WAIT: Duration = Duration::from_millis(500);

/// The verdict store in PostgreSQL.
pub struct PgStore {
    pool: Pool,
    address: PgAddress,
    /// This process, as its claims and slots name it.
    owner: String,
    lease: Duration,
    /// When this run began, by the store's clock: what another process
    /// checked since then is this run's verdict too.
    run_started: DateTime<Utc>,
    /// The token of each claim this process holds.
    held: Mutex<HashMap<CacheKey, i64>>,
    /// URLs whose verdict was another process's: not recorded again.
    adopted: Mutex<HashSet<CacheKey>>,
    lost: AtomicBool,
    /// Why it was lost, as the driver first said.
    lost_why: Mutex<Option<String>>,
    heartbeat: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("address", &self.address)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

/// Why one call failed: the connection, or the database itself.
enum Failure {
    Connection(String),
    Database(String),
}

impl Failure {
    fn of(e: &tokio_postgres::Error) -> Self {
        match e.as_db_error() {
            // Serialisation failures and deadlocks pass when tried again.
            Some(db) if matches!(db.code().code(), "40001" | "40P01") => {
                Self::Connection(db.message().to_owned())
            }
            Some(db) => Self::Database(format!("{}: {}", db.severity(), db.message())),
            // The connection broke, or could not be made: worth asking again.
            None if e.is_closed() || is_network(e) => Self::Connection(error_chain(e)),
            // A value the driver could not send or read: a bug, not the network.
            None => Self::Database(error_chain(e)),
        }
    }
}

/// Whether the driver's error came from the network (an I/O error among its
/// causes, or a connection that could not be made in time).
fn is_network(e: &tokio_postgres::Error) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(cause) = source {
        if cause.is::<std::io::Error>() {
            return true;
        }
        source = cause.source();
    }
    let words = e.to_string();
    words.contains("connect") || words.contains("timed out") || words.contains("timeout")
}

/// An error and its causes, in one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut words = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !words.contains(&more) {
            words.push_str(": ");
            words.push_str(&more);
        }
        source = cause.source();
    }
    words
}

/// Runs `$body` (an async block using the pooled client `$c`), trying again
/// with backoff when the connection fails.
macro_rules! retrying {
    ($store:expr, |$c:ident| $body:expr) => {{
        let store: &PgStore = $store;
        let mut attempt = 0_u32;
        loop {
            if store.lost.load(Ordering::Relaxed) {
                break Err(store.lost_error(None));
            }
            let result = match store.pool.get().await {
                Ok($c) => $body.await.map_err(|e| Failure::of(&e)),
                Err(e) => Err(Failure::Connection(error_chain(&e))),
            };
            match result {
                Ok(value) => break Ok(value),
                Err(Failure::Connection(why)) if attempt + 1 < ATTEMPTS => {
                    tokio::time::sleep(FIRST_WAIT * (1 << attempt)).await;
                    attempt += 1;
                    let _ = why;
                }
                Err(Failure::Connection(why)) => {
                    store.lost.store(true, Ordering::Relaxed);
                    break Err(store.lost_error(Some(why)));
                }
                Err(Failure::Database(why)) => break Err(store.shared_error(&why)),
            }
        }
    }};
}
use retrying;

impl PgStore {
    /// Connects to the store at `address`, makes or upgrades its tables,
    /// and starts renewing this process's leases (every third of `lease`).
    /// Must be called within a tokio runtime.
    ///
    /// # Errors
    /// [`CacheError::Unreachable`] when no connection can be made;
    /// [`CacheError::NewerShared`] when a newer citecheck made the tables;
    /// [`CacheError::Shared`] for any other refusal (rights, a bad schema).
    pub async fn connect(address: &PgAddress, lease: Duration) -> Result<Arc<Self>, CacheError> {
        let tls = tokio_postgres_rustls::MakeRustlsConnect::new(address.tls_config());
        let manager = Manager::from_config(
            address.config.clone(),
            tls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|e| CacheError::Unreachable {
                at: address.to_string(),
                reason: error_chain(&e),
            })?;
        let unreachable = |reason: String| CacheError::Unreachable {
            at: address.to_string(),
            reason,
        };
        let mut client = pool.get().await.map_err(|e| unreachable(error_chain(&e)))?;
        let shared = |e: tokio_postgres::Error| match Failure::of(&e) {
            Failure::Connection(why) => unreachable(why),
            Failure::Database(why) => CacheError::Shared {
                at: address.to_string(),
                reason: why,
            },
        };
        if let Some(version) = schema::migrate(&mut client, &address.schema)
            .await
            .map_err(shared)?
        {
            return Err(CacheError::NewerShared {
                at: address.to_string(),
                version,
            });
        }
        let run_started: DateTime<Utc> = client
            .query_one("SELECT now()", &[])
            .await
            .map_err(shared)?
            .get(0);
        drop(client);
        let store = Arc::new(Self {
            pool,
            address: address.clone(),
            owner: format!(
                "{}:{}:{:08x}",
                hostname(),
                std::process::id(),
                fastrand::u32(..)
            ),
            lease: lease.max(Duration::from_secs(1)),
            run_started,
            held: Mutex::new(HashMap::new()),
            adopted: Mutex::new(HashSet::new()),
            lost: AtomicBool::new(false),
            lost_why: Mutex::new(None),
            heartbeat: Mutex::new(None),
        });
        let beat = tokio::spawn(work::renew_leases(Arc::downgrade(&store)));
        *store
            .heartbeat
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(beat);
        Ok(store)
    }

    /// The address, as shown (no password).
    #[must_use]
    pub fn address(&self) -> &PgAddress {
        &self.address
    }

    /// Whether the store was lost during the run.
    #[must_use]
    pub fn is_lost(&self) -> bool {
        self.lost.load(Ordering::Relaxed)
    }

    /// Gives up this process's claims and slots and stops renewing them:
    /// the end of a run.
    pub async fn close(&self) {
        if let Some(beat) = self
            .heartbeat
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            beat.abort();
        }
        if self.is_lost() {
            return;
        }
        let s = &self.address.schema;
        let owner = &self.owner;
        let _: Result<(), CacheError> = retrying!(self, |c| async move {
            c.execute(
                &format!("DELETE FROM {s}.claims WHERE owner = $1"),
                &[owner],
            )
            .await?;
            c.execute(
                &format!("DELETE FROM {s}.host_slots WHERE owner = $1"),
                &[owner],
            )
            .await
            .map(|_| ())
        });
    }

    /// The store is lost: `why` the first time, the first reason after.
    fn lost_error(&self, why: Option<String>) -> CacheError {
        let mut first = self.lost_why.lock().unwrap_or_else(PoisonError::into_inner);
        let reason = first.get_or_insert_with(|| why.unwrap_or_default()).clone();
        CacheError::Lost {
            at: self.address.to_string(),
            reason,
        }
    }

    fn shared_error(&self, why: &str) -> CacheError {
        CacheError::Shared {
            at: self.address.to_string(),
            reason: why.to_owned(),
        }
    }

    /// The observations of `key`, oldest first; `newest` for the last only.
    async fn observations(
        &self,
        key: &CacheKey,
        newest: bool,
    ) -> Result<Vec<Observation>, CacheError> {
        let s = &self.address.schema;
        let order = if newest {
            "ORDER BY o.checked_at DESC, o.id DESC LIMIT 1"
        } else {
            "ORDER BY o.checked_at, o.id"
        };
        let sql = format!(
            "SELECT o.checked_at, o.status, o.http_status, o.final_url, o.archive_url, o.detail,
                    o.archive_asked, o.page, o.fingerprint
             FROM {s}.observations o JOIN {s}.links l ON l.id = o.link_id
             WHERE l.url = $1 AND l.options = $2 {order}"
        );
        let rows: Vec<Row> = retrying!(self, |c| async {
            let statement = c.prepare_cached(&sql).await?;
            c.query(&statement, &[&key.url, &key.options]).await
        })?;
        Ok(rows.iter().filter_map(read_observation).collect())
    }

    /// Records observations; the ones under this process's claims only
    /// while the claim is still its own (a process paused past its lease
    /// never overwrites the verdict of the one that took over).
    async fn record_all(
        &self,
        observations: &[(CacheKey, Verdict)],
        at: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let s = &self.address.schema;
        let sql =
            format!("SELECT {s}.record($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
        let mut writes = Vec::new();
        {
            let held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
            let adopted = self.adopted.lock().unwrap_or_else(PoisonError::into_inner);
            for (key, verdict) in observations {
                if !super::is_observation(verdict) || adopted.contains(key) {
                    continue;
                }
                writes.push((key, verdict, held.get(key).copied()));
            }
        }
        if writes.is_empty() {
            return Ok(());
        }
        retrying!(self, |c| async {
            let statement = c.prepare_cached(&sql).await?;
            // Sent together on one connection: one round trip for the batch,
            // each write its own transaction.
            let calls = writes.iter().map(|(key, verdict, token)| {
                let fingerprint = verdict.text.as_deref().map(super::fingerprint);
                let page = verdict
                    .page
                    .as_ref()
                    .and_then(|page| serde_json::to_string(page).ok());
                let statement = &statement;
                let c = &c;
                async move {
                    c.query_one(
                        statement,
                        &[
                            &key.url,
                            &key.options,
                            token,
                            &self.owner,
                            &at,
                            &verdict.status.as_str(),
                            &verdict.http_status.map(i32::from),
                            &verdict.final_url,
                            &verdict.archive_url,
                            &verdict.detail,
                            &page,
                            &fingerprint,
                            &verdict.text.as_deref(),
                        ],
                    )
                    .await
                }
            });
            futures_util::future::try_join_all(calls).await
        })?;
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        for (key, _, _) in &writes {
            held.remove(*key);
        }
        Ok(())
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        if let Some(beat) = self
            .heartbeat
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            beat.abort();
        }
    }
}

/// The machine's name, for the owner of claims (so an operator can tell
/// which runner holds what).
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "host".to_owned())
}

/// One observation row; `None` for a status this version does not know.
fn read_observation(row: &Row) -> Option<Observation> {
    let status = LinkStatus::parse(row.get::<_, &str>(1))?;
    Some(Observation {
        checked_at: row.get(0),
        verdict: Verdict {
            status,
            http_status: row
                .get::<_, Option<i32>>(2)
                .and_then(|code| u16::try_from(code).ok()),
            final_url: row.get(3),
            archive_url: row.get(4),
            detail: row.get(5),
            page: row
                .get::<_, Option<&str>>(7)
                .and_then(|json| serde_json::from_str(json).ok()),
            text: None,
        },
        archive_asked: row.get(6),
        fingerprint: row.get(8),
    })
}

/// A list of names as a column keeps it: a JSON array.
fn names_to_text(names: &[String]) -> String {
    serde_json::Value::from(names).to_string()
}

impl AsyncVerdictStore for PgStore {
    fn latest<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<Observation>> {
        Box::pin(async move { Ok(self.observations(key, true).await?.pop()) })
    }

    fn record<'a>(
        &'a self,
        observations: &'a [(CacheKey, Verdict)],
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(self.record_all(observations, at))
    }

    fn note_archive<'a>(
        &'a self,
        answers: &'a [(CacheKey, Option<String>)],
        endpoint: &'a str,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let s = &self.address.schema;
            let rescued: Vec<&str> = LinkStatus::ALL
                .into_iter()
                .filter(|st| st.wants_snapshot())
                .map(LinkStatus::as_str)
                .collect();
            let sql = format!(
                "UPDATE {s}.observations SET archive_url = $3, archive_asked = $4
                 WHERE id = (
                     SELECT o.id FROM {s}.observations o JOIN {s}.links l ON l.id = o.link_id
                     WHERE l.url = $1 AND l.options = $2
                     ORDER BY o.checked_at DESC, o.id DESC LIMIT 1)
                 AND status = ANY($5)"
            );
            retrying!(self, |c| async {
                let statement = c.prepare_cached(&sql).await?;
                let (statement, rescued, c) = (&statement, &rescued, &c);
                let calls = answers.iter().map(|(key, snapshot)| async move {
                    c.execute(
                        statement,
                        &[&key.url, &key.options, snapshot, &endpoint, rescued],
                    )
                    .await
                });
                futures_util::future::try_join_all(calls).await.map(|_| ())
            })
        })
    }

    fn entry<'a>(
        &'a self,
        isbn13: &'a str,
        endpoint: &'a str,
    ) -> StoreFuture<'a, Option<StoredEntry>> {
        Box::pin(async move {
            let s = &self.address.schema;
            let sql = format!(
                "SELECT fetched_at, found, title, authors, publishers, publish_date
                 FROM {s}.books WHERE isbn13 = $1 AND endpoint = $2"
            );
            let row: Option<Row> = retrying!(self, |c| async {
                c.query_opt(&sql, &[&isbn13, &endpoint]).await
            })?;
            Ok(row.and_then(|row| {
                let names = |i| serde_json::from_str::<Vec<String>>(row.get(i)).ok();
                let entry = if row.get(1) {
                    Entry::Found(Book {
                        title: row.get(2),
                        authors: names(3)?,
                        publishers: names(4)?,
                        publish_date: row.get(5),
                    })
                } else {
                    Entry::NotFound
                };
                Some(StoredEntry {
                    fetched_at: row.get(0),
                    entry,
                })
            }))
        })
    }

    fn record_entries<'a>(
        &'a self,
        entries: &'a [(String, Entry)],
        endpoint: &'a str,
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let s = &self.address.schema;
            let sql = format!(
                "INSERT INTO {s}.books
                 (isbn13, endpoint, fetched_at, found, title, authors, publishers, publish_date)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (isbn13, endpoint) DO UPDATE SET
                 fetched_at = excluded.fetched_at, found = excluded.found, title = excluded.title,
                 authors = excluded.authors, publishers = excluded.publishers,
                 publish_date = excluded.publish_date"
            );
            let none = Book::default();
            retrying!(self, |c| async {
                let statement = c.prepare_cached(&sql).await?;
                let calls = entries.iter().map(|(isbn13, entry)| {
                    let book = match entry {
                        Entry::Found(book) => book,
                        Entry::NotFound => &none,
                    };
                    let statement = &statement;
                    let c = &c;
                    async move {
                        c.execute(
                            statement,
                            &[
                                isbn13,
                                &endpoint,
                                &at,
                                &matches!(entry, Entry::Found(_)),
                                &book.title,
                                &names_to_text(&book.authors),
                                &names_to_text(&book.publishers),
                                &book.publish_date,
                            ],
                        )
                        .await
                    }
                });
                futures_util::future::try_join_all(calls).await.map(|_| ())
            })
        })
    }

    fn history<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Vec<Observation>> {
        Box::pin(self.observations(key, false))
    }

    fn page_text<'a>(&'a self, key: &'a CacheKey) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move {
            let s = &self.address.schema;
            let sql = format!(
                "SELECT t.text FROM {s}.page_texts t JOIN {s}.links l ON l.id = t.link_id
                 WHERE l.url = $1 AND l.options = $2"
            );
            let row: Option<Row> = retrying!(self, |c| async {
                c.query_opt(&sql, &[&key.url, &key.options]).await
            })?;
            Ok(row.map(|row| row.get(0)))
        })
    }

    fn fresh_observation<'a>(
        &'a self,
        key: &'a CacheKey,
        freshness: &'a super::Freshness,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<Observation>> {
        Box::pin(async move {
            Ok(self
                .observations(key, true)
                .await?
                .pop()
                .filter(|o| freshness.is_fresh(o, now)))
        })
    }
}
