//! The one [`VerdictStore`]: an embedded SQLite database, its schema and
//! its upgrades from older files.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use super::{
    is_observation, CacheError, CacheKey, Observation, StoredEntry, VerdictStore, CHECK_LIMIT,
};
use crate::check::book::{Book, Entry};
use crate::check::status::{LinkStatus, Verdict};

/// How long a second run waits for another run holding the database.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The schema's version, kept in SQLite's `user_version`. Version 1 had no
/// `observations.archive_asked` and no `books`, version 2 no
/// `observations.page` (what the page said of itself, as JSON), version 3
/// no `observations.fingerprint` (a digest of the page's main text) and no
/// `page_texts`; [`migrate`] adds them.
const SCHEMA_VERSION: i32 = 4;

/// The tables of version 1, as they were.
const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS links (
    id      INTEGER PRIMARY KEY,
    url     TEXT NOT NULL,
    options TEXT NOT NULL,
    UNIQUE (url, options)
);
CREATE TABLE IF NOT EXISTS observations (
    link_id     INTEGER NOT NULL REFERENCES links (id),
    checked_at  INTEGER NOT NULL,
    status      TEXT NOT NULL,
    http_status INTEGER,
    final_url   TEXT,
    archive_url TEXT,
    detail      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS observations_by_link ON observations (link_id, checked_at);
";

/// What version 2 adds, besides `observations.archive_asked` (the archive
/// that answered for the observation: with `archive_url` null, it has no
/// snapshot).
const SCHEMA_V2: &str = "
CREATE TABLE IF NOT EXISTS books (
    isbn13       TEXT NOT NULL,
    endpoint     TEXT NOT NULL,
    fetched_at   INTEGER NOT NULL,
    found        INTEGER NOT NULL,
    title        TEXT,
    authors      TEXT NOT NULL,
    publishers   TEXT NOT NULL,
    publish_date TEXT,
    PRIMARY KEY (isbn13, endpoint)
);
";

/// What version 4 adds, besides `observations.fingerprint`: the newest main
/// text of each page, so a warm run judges claims without fetching.
const SCHEMA_V4: &str = "
CREATE TABLE IF NOT EXISTS page_texts (
    link_id     INTEGER PRIMARY KEY REFERENCES links (id),
    fingerprint TEXT NOT NULL,
    text        TEXT NOT NULL
);
";

/// The verdict cache in an SQLite file, in WAL mode so a reader never waits
/// for a writer, with a busy timeout so two runs at once take turns.
#[derive(Debug)]
pub struct SqliteCache {
    path: PathBuf,
    db: Connection,
}

impl SqliteCache {
    /// Opens (or creates) the cache at `path`, upgrading a file of an older
    /// schema. Other runs opening or writing the same file at the same time
    /// are waited for (up to 10 seconds).
    ///
    /// # Errors
    /// [`CacheError::Corrupt`] when the file is not a usable database;
    /// [`CacheError::Newer`] when a newer citecheck wrote it; any other
    /// failure to create or open it.
    pub fn open(path: &Path) -> Result<Self, CacheError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| CacheError::Folder {
                path: path.to_path_buf(),
                source,
            })?;
        }
        let err = |source| classify(path, source);
        let db = Connection::open(path).map_err(err)?;
        // Before anything else reads the file: every later step waits for
        // other runs instead of failing at once.
        db.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        // Some lock conflicts, such as two runs switching a new file to WAL
        // at once, are reported at once rather than waited out: each step
        // is safe to repeat, so they are tried again until the timeout.
        let deadline = Instant::now() + BUSY_TIMEOUT;
        let mut attempt = 0_u32;
        loop {
            match prepare(path, &db) {
                Err(CacheError::Sqlite { source, .. })
                    if is_busy(&source) && Instant::now() < deadline =>
                {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(
                        10 * u64::from(attempt.min(10)) + fastrand::u64(0..10),
                    ));
                }
                Err(e) => return Err(e),
                Ok(()) => break,
            }
        }
        Ok(Self {
            path: path.to_path_buf(),
            db,
        })
    }

    /// Opens the cache at `path`; a corrupt file is removed and the cache
    /// built anew. Returns the cache and, when it was rebuilt, why, so the
    /// caller can say so.
    ///
    /// # Errors
    /// The cache could not be opened even after rebuilding, or the corrupt
    /// file could not be removed.
    pub fn open_or_rebuild(path: &Path) -> Result<(Self, Option<CacheError>), CacheError> {
        match Self::open(path) {
            Ok(cache) => Ok((cache, None)),
            Err(corrupt @ CacheError::Corrupt { .. }) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.as_os_str().to_owned();
                    file.push(suffix);
                    match std::fs::remove_file(&file) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(CacheError::Remove {
                                path: PathBuf::from(file),
                                source: e,
                            })
                        }
                        _ => {}
                    }
                }
                Ok((Self::open(path)?, Some(corrupt)))
            }
            Err(e) => Err(e),
        }
    }

    /// The database file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> CacheError {
        classify(&self.path, source)
    }

    /// Runs one of the `observations_of_key!` queries. A row with a status
    /// this version does not know is skipped.
    fn select(&self, sql: &str, key: &CacheKey) -> Result<Vec<Observation>, CacheError> {
        let err = |e| self.err(e);
        let mut statement = self.db.prepare_cached(sql).map_err(err)?;
        let rows = statement
            .query_map(params![key.url, key.options], read_observation)
            .map_err(err)?;
        let mut all = Vec::new();
        for row in rows {
            all.extend(row.map_err(err)?);
        }
        Ok(all)
    }
}

/// Makes a newly opened connection ready: WAL mode, a check of the file,
/// the current schema. Safe to repeat after a busy error.
fn prepare(path: &Path, db: &Connection) -> Result<(), CacheError> {
    let err = |source| classify(path, source);
    // Reading the journal mode is the first read of the file: a file that
    // is not a database fails here. One another run already switched to WAL
    // needs no switch, which takes a lock of its own.
    let mode: String = db
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .map_err(err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        db.pragma_update_and_check(None, "journal_mode", "wal", |_| Ok(()))
            .map_err(err)?;
    }
    db.pragma_update(None, "synchronous", "normal")
        .map_err(err)?;
    check_integrity(path, db)?;
    migrate(path, db)
}

/// SQLite's quick check of the whole file; its problems, summed up, as
/// [`CacheError::Corrupt`].
fn check_integrity(path: &Path, db: &Connection) -> Result<(), CacheError> {
    let err = |source| classify(path, source);
    let mut statement = db
        .prepare(&format!("PRAGMA quick_check({CHECK_LIMIT})"))
        .map_err(err)?;
    let rows = statement
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(err)?;
    // One problem a line; SQLite may return them as rows or as the lines
    // of one row.
    let mut problems = Vec::new();
    for row in rows {
        let text = row.map_err(err)?;
        problems.extend(
            text.lines()
                .map(str::trim)
                // A heading, not a problem, before the lines of a database.
                .filter(|l| !l.is_empty() && *l != "ok" && !l.starts_with("*** in database"))
                .map(str::to_owned),
        );
    }
    match problems.first() {
        None => Ok(()),
        Some(first) => Err(CacheError::Corrupt {
            path: path.to_path_buf(),
            first: first.clone(),
            problems: problems.len(),
        }),
    }
}

/// Brings the schema to [`SCHEMA_VERSION`], in one transaction that holds
/// the write lock, so two runs upgrading at once do it once.
fn migrate(path: &Path, db: &Connection) -> Result<(), CacheError> {
    let err = |source| classify(path, source);
    let version = |db: &Connection| -> Result<i32, CacheError> {
        db.pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(err)
    };
    // The common case, a current file, needs no write lock.
    let newer = |version| CacheError::Newer {
        path: path.to_path_buf(),
        version,
    };
    match version(db)? {
        SCHEMA_VERSION => return Ok(()),
        v if v > SCHEMA_VERSION => return Err(newer(v)),
        _ => {}
    }
    let tx =
        rusqlite::Transaction::new_unchecked(db, TransactionBehavior::Immediate).map_err(err)?;
    match version(&tx)? {
        SCHEMA_VERSION => return Ok(()),
        v if v > SCHEMA_VERSION => return Err(newer(v)),
        _ => {}
    }
    // Version 0 is a new file, or one a run left before it set the
    // version: every step checks what is there.
    tx.execute_batch(SCHEMA_V1).map_err(err)?;
    let has_archive_asked: bool = tx
        .query_row(
            "SELECT COUNT(*) > 0 FROM pragma_table_info('observations')
             WHERE name = 'archive_asked'",
            [],
            |row| row.get(0),
        )
        .map_err(err)?;
    if !has_archive_asked {
        tx.execute_batch("ALTER TABLE observations ADD COLUMN archive_asked TEXT")
            .map_err(err)?;
    }
    tx.execute_batch(SCHEMA_V2).map_err(err)?;
    for column in ["page", "fingerprint"] {
        let has: bool = tx
            .query_row(
                "SELECT COUNT(*) > 0 FROM pragma_table_info('observations') WHERE name = ?1",
                [column],
                |row| row.get(0),
            )
            .map_err(err)?;
        if !has {
            tx.execute_batch(&format!(
                "ALTER TABLE observations ADD COLUMN {column} TEXT"
            ))
            .map_err(err)?;
        }
    }
    tx.execute_batch(SCHEMA_V4).map_err(err)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(err)?;
    tx.commit().map_err(err)
}

/// Whether a failure is another connection holding a lock.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Tells corruption apart from other database failures.
fn classify(path: &Path, source: rusqlite::Error) -> CacheError {
    let corrupt = matches!(
        source.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    );
    let path = path.to_path_buf();
    if corrupt {
        CacheError::Corrupt {
            path,
            first: source.to_string(),
            problems: 1,
        }
    } else {
        CacheError::Sqlite { path, source }
    }
}

/// The observations of one key (`?1` URL, `?2` options), then `$tail`.
macro_rules! observations_of_key {
    ($tail:literal) => {
        concat!(
            "SELECT o.checked_at, o.status, o.http_status, o.final_url, o.archive_url, o.detail,
                    o.archive_asked, o.page, o.fingerprint
             FROM observations o JOIN links l ON l.id = o.link_id
             WHERE l.url = ?1 AND l.options = ?2 ",
            $tail
        )
    };
}

impl VerdictStore for SqliteCache {
    fn latest(&self, key: &CacheKey) -> Result<Option<Observation>, CacheError> {
        let newest = observations_of_key!("ORDER BY o.checked_at DESC, o.rowid DESC LIMIT 1");
        Ok(self.select(newest, key)?.pop())
    }

    fn record(
        &self,
        observations: &[(CacheKey, Verdict)],
        at: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let err = |e| self.err(e);
        // One transaction per batch: a run killed before it commits loses
        // that batch only. The write lock is taken at the start, so a
        // second run waits for it instead of failing on the upgrade of a
        // read lock.
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)
            .map_err(err)?;
        {
            let mut link = tx
                .prepare_cached(
                    "INSERT INTO links (url, options) VALUES (?1, ?2)
                     ON CONFLICT (url, options) DO UPDATE SET url = excluded.url
                     RETURNING id",
                )
                .map_err(err)?;
            let mut observe = tx
                .prepare_cached(
                    "INSERT INTO observations
                     (link_id, checked_at, status, http_status, final_url, archive_url, detail, page,
                      fingerprint)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(err)?;
            let mut keep_text = tx
                .prepare_cached(
                    "INSERT INTO page_texts (link_id, fingerprint, text) VALUES (?1, ?2, ?3)
                     ON CONFLICT (link_id) DO UPDATE
                     SET fingerprint = excluded.fingerprint, text = excluded.text",
                )
                .map_err(err)?;
            for (key, verdict) in observations.iter().filter(|(_, v)| is_observation(v)) {
                let id: i64 = link
                    .query_row(params![key.url, key.options], |row| row.get(0))
                    .map_err(err)?;
                let fingerprint = verdict.text.as_deref().map(super::fingerprint);
                observe
                    .execute(params![
                        id,
                        at.timestamp(),
                        verdict.status.as_str(),
                        verdict.http_status,
                        verdict.final_url,
                        verdict.archive_url,
                        verdict.detail,
                        verdict
                            .page
                            .as_ref()
                            .and_then(|page| serde_json::to_string(page).ok()),
                        fingerprint,
                    ])
                    .map_err(err)?;
                if let (Some(text), Some(fingerprint)) = (&verdict.text, &fingerprint) {
                    keep_text
                        .execute(params![id, fingerprint, text.as_ref()])
                        .map_err(err)?;
                }
            }
        }
        tx.commit().map_err(err)
    }

    fn note_archive(
        &self,
        answers: &[(CacheKey, Option<String>)],
        endpoint: &str,
    ) -> Result<(), CacheError> {
        let err = |e| self.err(e);
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)
            .map_err(err)?;
        {
            // Only a verdict worth a snapshot carries an archive's answer.
            let rescued: Vec<String> = LinkStatus::ALL
                .into_iter()
                .filter(|s| s.wants_snapshot())
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            let mut note = tx
                .prepare_cached(&format!(
                    "UPDATE observations SET archive_url = ?3, archive_asked = ?4
                     WHERE rowid = (
                         SELECT o.rowid FROM observations o JOIN links l ON l.id = o.link_id
                         WHERE l.url = ?1 AND l.options = ?2
                         ORDER BY o.checked_at DESC, o.rowid DESC LIMIT 1)
                     AND status IN ({})",
                    rescued.join(", ")
                ))
                .map_err(err)?;
            for (key, snapshot) in answers {
                note.execute(params![key.url, key.options, snapshot, endpoint])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    fn entry(&self, isbn13: &str, endpoint: &str) -> Result<Option<StoredEntry>, CacheError> {
        let mut statement = self
            .db
            .prepare_cached(
                "SELECT fetched_at, found, title, authors, publishers, publish_date
                 FROM books WHERE isbn13 = ?1 AND endpoint = ?2",
            )
            .map_err(|e| self.err(e))?;
        Ok(statement
            .query_row(params![isbn13, endpoint], read_entry)
            .optional()
            .map_err(|e| self.err(e))?
            .flatten())
    }

    fn record_entries(
        &self,
        entries: &[(String, Entry)],
        endpoint: &str,
        at: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let err = |e| self.err(e);
        let tx = rusqlite::Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)
            .map_err(err)?;
        {
            let mut record = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO books
                     (isbn13, endpoint, fetched_at, found, title, authors, publishers, publish_date)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            let none = Book::default();
            for (isbn13, entry) in entries {
                let book = match entry {
                    Entry::Found(book) => book,
                    Entry::NotFound => &none,
                };
                record
                    .execute(params![
                        isbn13,
                        endpoint,
                        at.timestamp(),
                        matches!(entry, Entry::Found(_)),
                        book.title,
                        names_to_text(&book.authors),
                        names_to_text(&book.publishers),
                        book.publish_date,
                    ])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    fn history(&self, key: &CacheKey) -> Result<Vec<Observation>, CacheError> {
        self.select(observations_of_key!("ORDER BY o.checked_at, o.rowid"), key)
    }

    fn page_text(&self, key: &CacheKey) -> Result<Option<String>, CacheError> {
        self.db
            .prepare_cached(
                "SELECT t.text FROM page_texts t JOIN links l ON l.id = t.link_id
                 WHERE l.url = ?1 AND l.options = ?2",
            )
            .and_then(|mut select| {
                select
                    .query_row(params![key.url, key.options], |row| row.get(0))
                    .optional()
            })
            .map_err(|e| self.err(e))
    }
}

/// A list of names as a column keeps it: a JSON array.
fn names_to_text(names: &[String]) -> String {
    serde_json::Value::from(names).to_string()
}

/// One row of `books`; `None` for a row this version cannot read.
fn read_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<StoredEntry>> {
    let Some(fetched_at) = DateTime::from_timestamp(row.get(0)?, 0) else {
        return Ok(None);
    };
    let found: bool = row.get(1)?;
    let names = |text: String| serde_json::from_str::<Vec<String>>(&text).ok();
    let entry = if found {
        let (Some(authors), Some(publishers)) = (names(row.get(3)?), names(row.get(4)?)) else {
            return Ok(None);
        };
        Entry::Found(Book {
            title: row.get(2)?,
            authors,
            publishers,
            publish_date: row.get(5)?,
        })
    } else {
        Entry::NotFound
    };
    Ok(Some(StoredEntry { fetched_at, entry }))
}

/// One row of `observations`; `None` for a status this version does not know.
fn read_observation(row: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Observation>> {
    let checked_at: i64 = row.get(0)?;
    let status: String = row.get(1)?;
    let Some(status) = LinkStatus::parse(&status) else {
        return Ok(None);
    };
    let Some(checked_at) = DateTime::from_timestamp(checked_at, 0) else {
        return Ok(None);
    };
    Ok(Some(Observation {
        checked_at,
        verdict: Verdict {
            status,
            http_status: row.get(2)?,
            final_url: row.get(3)?,
            archive_url: row.get(4)?,
            detail: row.get(5)?,
            // A page this version cannot read is as if none was kept.
            page: row
                .get::<_, Option<String>>(7)?
                .and_then(|json| serde_json::from_str(&json).ok()),
            text: None,
        },
        archive_asked: row.get(6)?,
        fingerprint: row.get(8)?,
    }))
}

#[cfg(test)]
mod tests;
