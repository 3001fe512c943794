//! What the processes sharing the store share besides verdicts: claims on
//! URLs and slots of hosts, both leases this process renews while it runs,
//! and each host's next allowed start.

use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError, Weak};
use std::time::Duration;

use tokio_postgres::Row;

// The names the `retrying!` loop uses.
use super::{error_chain, read_observation, retrying, Failure, PgStore, ATTEMPTS, FIRST_WAIT};
use crate::check::cache::lease::{Claim, SharedSlot};
use crate::check::cache::{CacheError, CacheKey};

/// How soon a URL another process holds is asked about again.
const BUSY_RETRY: Duration = Duration::from_millis(200);

/// The longest wait between two asks for a full host's slot.
const FULL_HOST_POLL: Duration = Duration::from_millis(20);

/// The most a shared host interval is padded by, for the moment between a
/// slot granted by the store and its request on the wire.
const SEND_MARGIN: Duration = Duration::from_millis(25);

/// Renews this process's claims and slots every third of the lease, while
/// the store lives. A process that is paused renews nothing: its leases run
/// out and other processes take its work over.
pub(super) async fn renew_leases(store: Weak<PgStore>) {
    let Some(every) = store.upgrade().map(|s| s.lease / 3) else {
        return;
    };
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(store) = store.upgrade() else { return };
        if store.is_lost() {
            return;
        }
        let s = &store.address.schema;
        let lease_ms = millis(store.lease);
        let owner = &store.owner;
        let renewed: Result<(), CacheError> = retrying!(&store, |c| async {
            for table in ["claims", "host_slots"] {
                c.execute(
                    &format!(
                        "UPDATE {s}.{table} SET expires_at = clock_timestamp() + $2::integer * interval '1 millisecond'
                         WHERE owner = $1"
                    ),
                    &[owner, &lease_ms],
                )
                .await?;
            }
            Ok::<(), tokio_postgres::Error>(())
        });
        if renewed.is_err() {
            return;
        }
    }
}

/// A duration in whole milliseconds, as the store's functions take it.
fn millis(d: Duration) -> i32 {
    i32::try_from(d.as_millis()).unwrap_or(i32::MAX)
}

impl PgStore {
    pub(crate) async fn claim_key(&self, key: &CacheKey) -> Result<Claim, CacheError> {
        let s = &self.address.schema;
        let lease_ms = millis(self.lease);
        let owner = &self.owner;
        let took: Option<Row> = retrying!(self, |c| async {
            c.query_opt(
                &format!(
                    "INSERT INTO {s}.claims (url, options, owner, token, expires_at)
                     VALUES ($1, $2, $3, nextval('{s}.fence'),
                             clock_timestamp() + $4::integer * interval '1 millisecond')
                     ON CONFLICT (url, options) DO UPDATE
                     SET owner = excluded.owner, token = excluded.token,
                         expires_at = excluded.expires_at
                     WHERE {s}.claims.expires_at < clock_timestamp()
                     RETURNING token"
                ),
                &[&key.url, &key.options, owner, &lease_ms],
            )
            .await
        })?;
        let Some(row) = took else {
            // Jittered, so that processes waiting on each other drift apart.
            return Ok(Claim::Busy(BUSY_RETRY.mul_f64(0.5 + fastrand::f64())));
        };
        let token: i64 = row.get(0);
        // Claimed: but another process may have finished it just before.
        let since = self.run_started;
        let done: Option<Row> = retrying!(self, |c| async {
            c.query_opt(
                &format!(
                    "SELECT o.checked_at, o.status, o.http_status, o.final_url, o.archive_url,
                            o.detail, o.archive_asked, o.page, o.fingerprint
                     FROM {s}.observations o JOIN {s}.links l ON l.id = o.link_id
                     WHERE l.url = $1 AND l.options = $2 AND o.checked_at >= $3
                     ORDER BY o.checked_at DESC, o.id DESC LIMIT 1"
                ),
                &[&key.url, &key.options, &since],
            )
            .await
        })?;
        if let Some(observation) = done.as_ref().and_then(read_observation) {
            let _: Result<u64, CacheError> = retrying!(self, |c| async {
                c.execute(
                    &format!(
                        "DELETE FROM {s}.claims WHERE url = $1 AND options = $2 AND token = $3"
                    ),
                    &[&key.url, &key.options, &token],
                )
                .await
            });
            self.adopted
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key.clone());
            return Ok(Claim::Done(Box::new(observation.verdict)));
        }
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone(), token);
        Ok(Claim::Mine)
    }

    pub(crate) async fn slot(
        self: &Arc<Self>,
        host: &str,
        limit: usize,
        interval: Duration,
    ) -> Result<SharedSlot, CacheError> {
        let s = &self.address.schema;
        let sql = format!("SELECT token, wait_ms FROM {s}.take_slot($1, $2, $3, $4, $5)");
        let limit = i32::try_from(limit.max(1)).unwrap_or(i32::MAX);
        // Over the interval by a margin: the request leaves a moment after
        // its slot is granted, and another process's may leave sooner after
        // its. On a loaded machine that moment reaches tens of milliseconds
        // (measured: 32 ms with four processes and PostgreSQL on two cores),
        // so the margin is half the interval, at most 25 ms: the host sees
        // the interval kept although the grants are read late.
        let spaced = interval + (interval / 2).min(SEND_MARGIN);
        let interval_ms = millis(spaced);
        let lease_ms = millis(self.lease);
        let owner = &self.owner;
        let mut full_waits = 0_u32;
        loop {
            let row: Row = retrying!(self.as_ref(), |c| async {
                let statement = c.prepare_cached(&sql).await?;
                c.query_one(&statement, &[&host, &limit, &interval_ms, owner, &lease_ms])
                    .await
            })?;
            let token: Option<i64> = row.get(0);
            let wait_ms: i32 = row.get(1);
            if let Some(token) = token {
                let store = Arc::downgrade(self);
                return Ok(SharedSlot::new(move || release(store, token)));
            }
            let wait = if wait_ms > 0 {
                Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0))
            } else {
                // Full: ask again soon, a little later each time.
                full_waits += 1;
                (Duration::from_millis(2) * full_waits).min(FULL_HOST_POLL)
            };
            tokio::time::sleep(wait).await;
        }
    }

    pub(crate) async fn hold_host_off(&self, host: &str, wait: Duration) -> Result<(), CacheError> {
        let s = &self.address.schema;
        let wait_ms = millis(wait);
        retrying!(self, |c| async {
            c.execute(
                &format!(
                    "INSERT INTO {s}.hosts (host, next_at)
                     VALUES ($1, clock_timestamp() + $2::integer * interval '1 millisecond')
                     ON CONFLICT (host) DO UPDATE
                     SET next_at = GREATEST({s}.hosts.next_at, excluded.next_at)"
                ),
                &[&host, &wait_ms],
            )
            .await
            .map(|_| ())
        })
    }
}

/// Gives a host slot back, in the background: dropping a slot cannot wait.
/// A slot not given back (the store gone, the runtime shutting down) runs
/// out with its lease.
fn release(store: Weak<PgStore>, token: i64) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let Some(store) = store.upgrade() else { return };
        if store.lost.load(Ordering::Relaxed) {
            return;
        }
        let s = &store.address.schema;
        let _: Result<u64, CacheError> = retrying!(&store, |c| async {
            c.execute(
                &format!("DELETE FROM {s}.host_slots WHERE token = $1"),
                &[&token],
            )
            .await
        });
    });
}

/// The store's shared work, through an `Arc` so that slots can give
/// themselves back after the call that took them.
#[derive(Debug, Clone)]
pub struct SharedPg(pub Arc<PgStore>);
