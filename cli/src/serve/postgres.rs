//! The PostgreSQL backend: a bounded pool (deadpool-postgres over
//! tokio-postgres) and one writer task per pooled connection. A writer
//! takes every job waiting (group commit) and stores them with one
//! multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` per table and one
//! `COMMIT` (`synchronous_commit=on`); only then are the handlers answered.
//! While the database is unreachable every job fails fast (503); the pool
//! opens fresh connections once it is back, without a restart.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod, Runtime};
use tokio::sync::{mpsc, Mutex};
use tokio_postgres::types::ToSql;
use tokio_postgres::NoTls;

use super::metrics::Metrics;
use super::pg_schema::{
    insert_events, insert_rejected, migrate, EVENT_COLUMNS, MAX_BATCH, TOUCH_HEALTH,
};
use super::store::{self, BoxFuture, Job, Pending, PoolState, Queue, Storage, StoreError, Stored};

/// Longest a batch may take before its jobs get 503 and its connection is dropped.
const COMMIT_TIMEOUT: Duration = Duration::from_secs(10);

fn pg_uuid(id: sailor_webhook::Uuid) -> uuid::Uuid {
    uuid::Uuid::from_bytes(*id.as_bytes())
}

/// Postgres `text` cannot hold U+0000 (valid in JSON as `\u0000`): it is
/// stored as U+FFFD there; `raw_body` keeps the original bytes.
fn pg_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\0') {
        std::borrow::Cow::Owned(s.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The owned values a statement borrows (ids converted, texts made).
struct EventParams<'a> {
    outcome_name: std::borrow::Cow<'a, str>,
    error_message: std::borrow::Cow<'a, str>,
    ids: [uuid::Uuid; 5],
    destination_id: Option<uuid::Uuid>,
    destination_ids: Option<Vec<uuid::Uuid>>,
}

struct RejectedParams {
    status: i32,
    path: String,
    offset: i64,
}

/// One transaction for the whole batch; one answer per job, in order.
async fn commit(
    client: &mut Object,
    batch: &[Pending],
) -> Result<Vec<Stored>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    let events: Vec<&super::row::EventRow> = batch
        .iter()
        .filter_map(|p| match &p.job {
            Job::Event(r) => Some(&**r),
            _ => None,
        })
        .collect();
    let mut inserted: HashSet<(uuid::Uuid, uuid::Uuid)> = HashSet::new();
    if !events.is_empty() {
        let owned: Vec<EventParams> = events
            .iter()
            .map(|r| EventParams {
                outcome_name: pg_text(&r.outcome_name),
                error_message: pg_text(&r.error_message),
                ids: [
                    pg_uuid(r.call_id),
                    pg_uuid(r.outcome_id),
                    pg_uuid(r.subaccount_id),
                    pg_uuid(r.organization_id),
                    pg_uuid(r.contact_id),
                ],
                destination_id: r.destination_id.map(pg_uuid),
                destination_ids: r
                    .destination_ids
                    .as_ref()
                    .map(|ids| ids.iter().copied().map(pg_uuid).collect()),
            })
            .collect();
        let bodies: Vec<&[u8]> = events.iter().map(|r| &r.raw_body[..]).collect();
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(events.len() * EVENT_COLUMNS);
        for ((r, o), body) in events.iter().zip(&owned).zip(&bodies) {
            params.extend_from_slice(&[
                &o.ids[0],
                &o.ids[1],
                &r.timestamp_ms,
                &r.timestamp_was_seconds,
                &o.ids[2],
                &o.ids[3],
                &o.outcome_name,
                &r.outcome_type,
                &r.phone_number,
                &o.ids[4],
                &r.destination_type,
                &r.destination_selection,
                &o.destination_id,
                &o.destination_ids,
                &o.error_message,
                body,
                &r.received_at_ms,
            ]);
        }
        let statement = tx.prepare_cached(&insert_events(events.len())).await?;
        for row in tx.query(&statement, &params).await? {
            inserted.insert((row.get(0), row.get(1)));
        }
    }
    let rejected: Vec<&super::row::RejectedRow> = batch
        .iter()
        .filter_map(|p| match &p.job {
            Job::Rejected(r) => Some(&**r),
            _ => None,
        })
        .collect();
    if !rejected.is_empty() {
        let owned: Vec<RejectedParams> = rejected
            .iter()
            .map(|r| RejectedParams {
                status: i32::from(r.status),
                path: r.error.path().to_string(),
                offset: r.error.offset() as i64,
            })
            .collect();
        let codes: Vec<(&str, &str)> = rejected
            .iter()
            .map(|r| (r.error.code(), r.error.kind().message()))
            .collect();
        let bodies: Vec<&[u8]> = rejected.iter().map(|r| &r.raw_body[..]).collect();
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
        for (((r, o), (code, message)), body) in
            rejected.iter().zip(&owned).zip(&codes).zip(&bodies)
        {
            params.extend_from_slice(&[
                &r.received_at_ms,
                &o.status,
                code,
                &o.path,
                &o.offset,
                message,
                &r.content_type,
                body,
            ]);
        }
        let statement = tx.prepare_cached(&insert_rejected(rejected.len())).await?;
        tx.execute(&statement, &params).await?;
    }
    if batch.iter().any(|p| matches!(p.job, Job::Health)) {
        tx.execute(TOUCH_HEALTH, &[&(crate::now_ms() as i64)])
            .await?;
    }
    tx.commit().await?;
    // The first job of each key inserted is the new row; any other job of
    // the same key, in this batch or before, is a redelivery.
    Ok(batch
        .iter()
        .map(|p| match &p.job {
            Job::Event(r) => {
                if inserted.remove(&(pg_uuid(r.call_id), pg_uuid(r.outcome_id))) {
                    Stored::Inserted
                } else {
                    Stored::Duplicate
                }
            }
            _ => Stored::Inserted,
        })
        .collect())
}

/// Stores one batch and answers every job in it.
async fn run_batch(pool: &Pool, batch: Vec<Pending>, metrics: &Metrics) {
    let size = batch.len();
    let mut client = match pool.get().await {
        Ok(client) => client,
        Err(e) => {
            let e = format!("database unavailable: {e}");
            tracing::error!(error = %e, size, "no database connection");
            metrics.store_failed(size);
            for p in batch {
                p.answer(Err(e.clone()));
            }
            return;
        }
    };
    let started = Instant::now();
    let outcome = tokio::time::timeout(COMMIT_TIMEOUT, commit(&mut client, &batch)).await;
    match outcome {
        Ok(Ok(results)) => {
            metrics.committed(size, started.elapsed());
            for (p, result) in batch.into_iter().zip(results) {
                p.answer(Ok(result));
            }
        }
        Ok(Err(e)) if e.as_db_error().is_some() && size > 1 && !client.is_closed() => {
            // The database refused one job (not a lost connection): isolate it.
            tracing::warn!(size, error = %e, "batch failed; retrying one by one");
            for p in batch {
                let started = Instant::now();
                let one = std::slice::from_ref(&p);
                let result =
                    match tokio::time::timeout(COMMIT_TIMEOUT, commit(&mut client, one)).await {
                        Ok(Ok(r)) => {
                            metrics.committed(1, started.elapsed());
                            Ok(r[0])
                        }
                        Ok(Err(e)) => Err(e.to_string()),
                        Err(_) => Err("commit timed out".to_string()),
                    };
                if result.is_err() {
                    metrics.store_failed(1);
                }
                p.answer(result);
            }
        }
        failed => {
            let e = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => "commit timed out".to_string(),
            };
            tracing::error!(error = %e, size, "commit failed");
            metrics.store_failed(size);
            // The connection may be broken or mid-transaction: never reuse it.
            let _ = Object::take(client);
            for p in batch {
                p.answer(Err(e.clone()));
            }
        }
    }
}

async fn writer(pool: Pool, rx: Arc<Mutex<mpsc::Receiver<Pending>>>, metrics: Arc<Metrics>) {
    loop {
        let batch = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                break;
            };
            store::take_batch(first, &mut rx, MAX_BATCH)
        };
        run_batch(&pool, batch, &metrics).await;
    }
}

struct PostgresStorage {
    queue: Queue,
    pool: Pool,
}

impl Storage for PostgresStorage {
    fn submit(&self, job: Job) -> BoxFuture<'_, Result<Stored, StoreError>> {
        Box::pin(self.queue.submit(job))
    }

    fn pool_state(&self) -> PoolState {
        let s = self.pool.status();
        PoolState {
            max: s.max_size,
            open: s.size,
            idle: s.available,
            waiting: s.waiting,
            queued: self.queue.len(),
        }
    }
}

/// Connects (the database must be reachable at start), creates the schema,
/// and starts `pool_size` writer tasks on the current runtime.
pub async fn open(
    url: &str,
    pool_size: usize,
    metrics: Arc<Metrics>,
) -> anyhow::Result<store::Opened> {
    let mut config: tokio_postgres::Config =
        url.parse().context("--db: not a valid postgres:// URL")?;
    config
        .options("-c synchronous_commit=on")
        .connect_timeout(Duration::from_secs(5))
        .keepalives(true)
        .application_name("sailor-webhook");
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    let timeout = Some(Duration::from_secs(5));
    let pool = Pool::builder(manager)
        .max_size(pool_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(timeout)
        .create_timeout(timeout)
        .recycle_timeout(timeout)
        .build()
        .context("building the connection pool")?;
    let mut client = pool.get().await.with_context(|| {
        format!(
            "cannot connect to the database {}",
            super::config::Database::Postgres(url.to_string())
        )
    })?;
    migrate(&mut client).await.context("creating the schema")?;
    drop(client);
    let (queue, rx) = store::queue(4 * MAX_BATCH);
    let rx = Arc::new(Mutex::new(rx));
    let writers: Vec<_> = (0..pool_size)
        .map(|_| tokio::spawn(writer(pool.clone(), rx.clone(), metrics.clone())))
        .collect();
    let finish = {
        let pool = pool.clone();
        Box::pin(async move {
            for w in writers {
                w.await.context("a writer task failed")?;
            }
            pool.close();
            Ok(())
        })
    };
    Ok((Arc::new(PostgresStorage { queue, pool }), finish))
}
