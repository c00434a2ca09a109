//! The SQLite backend: one writer thread owns the connection (WAL,
//! `synchronous=FULL`). It takes every job waiting (group commit), runs them
//! in one transaction, commits (one fsync for the batch), and only then
//! answers each one. A second connection runs passive checkpoints.

use std::path::Path as FsPath;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use rusqlite::{params, Connection, TransactionBehavior};
use tokio::sync::mpsc;

use super::metrics::Metrics;
use super::store::{self, BoxFuture, Job, Pending, PoolState, Queue, Storage, StoreError, Stored};

/// The schema. One column per payload field, the raw body and the receive
/// time. `PRAGMA user_version` records its version, [`SCHEMA_VERSION`].
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS outcome_events (
    call_id               TEXT    NOT NULL,
    outcome_id            TEXT    NOT NULL,
    timestamp_ms          INTEGER NOT NULL,
    timestamp_was_seconds INTEGER NOT NULL,
    subaccount_id         TEXT    NOT NULL,
    organization_id       TEXT    NOT NULL,
    outcome_name          TEXT    NOT NULL,
    outcome_type          TEXT    NOT NULL,
    phone_number          TEXT    NOT NULL,
    contact_id            TEXT    NOT NULL,
    destination_type      TEXT    NOT NULL,
    destination_selection TEXT,
    destination_id        TEXT,
    destination_ids       TEXT,
    error_message         TEXT    NOT NULL,
    raw_body              BLOB    NOT NULL,
    received_at_ms        INTEGER NOT NULL,
    PRIMARY KEY (call_id, outcome_id)
);
CREATE TABLE IF NOT EXISTS rejected_deliveries (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at_ms INTEGER NOT NULL,
    status         INTEGER NOT NULL,
    error_code     TEXT    NOT NULL,
    error_path     TEXT    NOT NULL,
    error_offset   INTEGER NOT NULL,
    error_message  TEXT    NOT NULL,
    content_type   TEXT,
    raw_body       BLOB    NOT NULL
);
CREATE TABLE IF NOT EXISTS receiver_health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_ms INTEGER NOT NULL
);
";

/// The schema version this receiver writes (SQLite: `PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

const INSERT_EVENT: &str = "INSERT INTO outcome_events (
    call_id, outcome_id, timestamp_ms, timestamp_was_seconds, subaccount_id, organization_id,
    outcome_name, outcome_type, phone_number, contact_id, destination_type,
    destination_selection, destination_id, destination_ids, error_message, raw_body,
    received_at_ms
) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
ON CONFLICT (call_id, outcome_id) DO NOTHING";

const INSERT_REJECTED: &str = "INSERT INTO rejected_deliveries (
    received_at_ms, status, error_code, error_path, error_offset, error_message, content_type,
    raw_body
) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

const TOUCH_HEALTH: &str = "INSERT INTO receiver_health (id, checked_ms) VALUES (1, ?1)
ON CONFLICT (id) DO UPDATE SET checked_ms = excluded.checked_ms";

/// Opens (or creates) the database: WAL, `synchronous=FULL`, the schema.
pub fn open_db(path: &FsPath) -> anyhow::Result<Connection> {
    let hint = || {
        format!(
            "cannot open the SQLite database {} for writing (does its directory exist, and may this user write there?)",
            path.display()
        )
    };
    let conn = Connection::open(path).with_context(hint)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .with_context(hint)?;
    anyhow::ensure!(
        mode.eq_ignore_ascii_case("wal"),
        "database {} refused WAL mode (got {mode})",
        path.display()
    );
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(SCHEMA).with_context(hint)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    anyhow::ensure!(
        version <= SCHEMA_VERSION,
        "database {} has schema version {version}; this receiver knows {SCHEMA_VERSION}",
        path.display()
    );
    if version < SCHEMA_VERSION {
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    Ok(conn)
}

fn apply(tx: &rusqlite::Transaction<'_>, job: &Job) -> rusqlite::Result<Stored> {
    match job {
        Job::Event(r) => {
            let ids = r.destination_ids.as_ref().map(|ids| {
                let list: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
                serde_json::Value::from(list).to_string()
            });
            let n = tx.prepare_cached(INSERT_EVENT)?.execute(params![
                r.call_id.to_string(),
                r.outcome_id.to_string(),
                r.timestamp_ms,
                r.timestamp_was_seconds,
                r.subaccount_id.to_string(),
                r.organization_id.to_string(),
                r.outcome_name,
                r.outcome_type,
                r.phone_number,
                r.contact_id.to_string(),
                r.destination_type,
                r.destination_selection,
                r.destination_id.map(|id| id.to_string()),
                ids,
                r.error_message,
                &r.raw_body[..],
                r.received_at_ms,
            ])?;
            Ok(if n == 1 {
                Stored::Inserted
            } else {
                Stored::Duplicate
            })
        }
        Job::Rejected(r) => {
            tx.prepare_cached(INSERT_REJECTED)?.execute(params![
                r.received_at_ms,
                r.status,
                r.error.code(),
                r.error.path().to_string(),
                r.error.offset() as i64,
                r.error.kind().message(),
                r.content_type,
                &r.raw_body[..],
            ])?;
            Ok(Stored::Inserted)
        }
        Job::Health => {
            tx.prepare_cached(TOUCH_HEALTH)?
                .execute(params![crate::now_ms() as i64])?;
            Ok(Stored::Inserted)
        }
    }
}

fn commit(conn: &mut Connection, jobs: &[Pending]) -> rusqlite::Result<Vec<Stored>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(jobs.len());
    for p in jobs {
        results.push(apply(&tx, &p.job)?);
    }
    tx.commit()?;
    Ok(results)
}

/// The most jobs one transaction takes.
const MAX_BATCH: usize = 1024;

fn writer_loop(mut conn: Connection, mut rx: mpsc::Receiver<Pending>, metrics: Arc<Metrics>) {
    while let Some(first) = rx.blocking_recv() {
        let mut batch = store::take_batch(first, &mut rx, MAX_BATCH);
        let size = batch.len();
        let started = Instant::now();
        match commit(&mut conn, &batch) {
            Ok(results) => {
                metrics.committed(size, started.elapsed());
                for (p, result) in batch.drain(..).zip(results) {
                    p.answer(Ok(result));
                }
            }
            Err(e) if size > 1 => {
                // Isolate the job at fault: retry each one on its own.
                tracing::warn!(size, error = %e, "batch failed; retrying one by one");
                for p in batch.drain(..) {
                    let started = Instant::now();
                    let result = commit(&mut conn, std::slice::from_ref(&p))
                        .map(|r| r[0])
                        .map_err(|e| e.to_string());
                    match &result {
                        Ok(_) => metrics.committed(1, started.elapsed()),
                        Err(_) => metrics.store_failed(1),
                    }
                    p.answer(result);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "commit failed");
                metrics.store_failed(size);
                for p in batch.drain(..) {
                    p.answer(Err(e.to_string()));
                }
            }
        }
    }
    tracing::debug!("writer stopped");
}

/// How often the checkpoint thread copies the WAL into the database.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// Runs passive checkpoints (they never block the writer) until stopped.
fn checkpoint_loop(conn: Connection, stop: std::sync::mpsc::Receiver<()>) {
    use std::sync::mpsc::RecvTimeoutError;
    while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(CHECKPOINT_EVERY) {
        let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        });
        match result {
            Ok((wal, done)) => tracing::trace!(wal, done, "checkpoint"),
            Err(e) => tracing::warn!(error = %e, "checkpoint failed"),
        }
    }
}

struct SqliteStorage {
    queue: Queue,
}

impl Storage for SqliteStorage {
    fn submit(&self, job: Job) -> BoxFuture<'_, Result<Stored, StoreError>> {
        Box::pin(self.queue.submit(job))
    }

    fn pool_state(&self) -> PoolState {
        PoolState {
            max: 1,
            open: 1,
            idle: usize::from(self.queue.is_empty()),
            waiting: 0,
            queued: self.queue.len(),
        }
    }
}

/// Opens the database and starts the writer and checkpoint threads. The
/// returned future, awaited once every handle to the storage is dropped,
/// waits for the last commit.
pub fn open(
    path: &FsPath,
    max_page_count: Option<u64>,
    metrics: Arc<Metrics>,
) -> anyhow::Result<store::Opened> {
    let conn = open_db(path)?;
    if let Some(pages) = max_page_count {
        let _: i64 = conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
            r.get(0)
        })?;
    }
    // Passive checkpoints run on their own connection and thread, so most
    // of the copy of the WAL into the database happens off the commit
    // path. The writer keeps SQLite's automatic checkpoint (1000 pages),
    // which then has little left to copy and lets the WAL restart.
    let checkpoint_conn = open_db(path)?;
    let (stop_checkpointer, stop_rx) = std::sync::mpsc::channel::<()>();
    let checkpointer = std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || checkpoint_loop(checkpoint_conn, stop_rx))?;
    let (queue, rx) = store::queue(4 * MAX_BATCH);
    let writer = std::thread::Builder::new()
        .name("sqlite-writer".into())
        .spawn(move || writer_loop(conn, rx, metrics))?;
    let finish = Box::pin(async move {
        tokio::task::spawn_blocking(move || writer.join())
            .await?
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
        drop(stop_checkpointer);
        tokio::task::spawn_blocking(move || checkpointer.join())
            .await?
            .map_err(|_| anyhow::anyhow!("the checkpoint thread panicked"))?;
        Ok(())
    });
    Ok((Arc::new(SqliteStorage { queue }), finish))
}
