//! The storage seam: the one interface between the HTTP layer and a
//! database. A handler hands a [`Job`] to [`Storage::submit`] and gets the
//! answer after the database has committed it; how (SQLite's writer thread,
//! Postgres's pool of writer tasks) stays behind the trait.
//!
//! Both backends group-commit: jobs wait in one bounded [`queue`], and a
//! writer takes every job waiting (up to a batch limit), stores them in one
//! transaction, commits, and only then answers each one.

use std::future::Future;
use std::pin::Pin;

use tokio::sync::{mpsc, oneshot};

use super::row::{EventRow, RejectedRow};

/// What a handler asks the database to do.
#[derive(Debug)]
pub enum Job {
    /// Store a valid event (once per idempotency key).
    Event(Box<EventRow>),
    /// Keep a rejected delivery.
    Rejected(Box<RejectedRow>),
    /// Prove the database takes writes (`/healthz`).
    Health,
}

/// What a committed job came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A new row.
    Inserted,
    /// A redelivery: the key was already stored; nothing written.
    Duplicate,
}

/// Why a job was not committed (the database's own words).
pub type StoreError = String;

/// The database connections, for `/metrics`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolState {
    /// The most connections the receiver opens.
    pub max: usize,
    /// Connections open now.
    pub open: usize,
    /// Open and idle.
    pub idle: usize,
    /// Writers waiting for a connection.
    pub waiting: usize,
    /// Jobs queued for the writers.
    pub queued: usize,
}

/// A boxed future, as the trait returns it.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An opened backend: the handle the HTTP layer uses, and a future that,
/// awaited once every handle is dropped, waits for the writers' last commit.
pub type Opened = (
    std::sync::Arc<dyn Storage>,
    BoxFuture<'static, anyhow::Result<()>>,
);

/// The storage seam.
pub trait Storage: Send + Sync + 'static {
    /// Stores `job` durably; resolves after the commit, or with the error.
    fn submit(&self, job: Job) -> BoxFuture<'_, Result<Stored, StoreError>>;
    /// The connections and the queue, for `/metrics`.
    fn pool_state(&self) -> PoolState;
}

/// A job and where its answer goes.
#[derive(Debug)]
pub struct Pending {
    /// The job.
    pub job: Job,
    ack: oneshot::Sender<Result<Stored, StoreError>>,
}

impl Pending {
    /// Sends the answer. The handler may be gone (client hung up); the row
    /// is stored anyway.
    pub fn answer(self, result: Result<Stored, StoreError>) {
        let _ = self.ack.send(result);
    }
}

/// The handlers' end of the writers' queue.
#[derive(Clone, Debug)]
pub struct Queue {
    tx: mpsc::Sender<Pending>,
}

/// A bounded queue of `capacity` jobs: handlers wait when it is full.
pub fn queue(capacity: usize) -> (Queue, mpsc::Receiver<Pending>) {
    let (tx, rx) = mpsc::channel(capacity);
    (Queue { tx }, rx)
}

impl Queue {
    /// Queues `job` and waits for its answer.
    pub async fn submit(&self, job: Job) -> Result<Stored, StoreError> {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Pending { job, ack }).await.is_err() {
            return Err("writer stopped".to_string());
        }
        done.await
            .unwrap_or_else(|_| Err("writer stopped".to_string()))
    }

    /// Jobs waiting.
    pub fn len(&self) -> usize {
        self.tx.max_capacity() - self.tx.capacity()
    }

    /// Whether no job waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Takes the first job (waiting for it) and then every job already queued, up to `max`.
pub fn take_batch(first: Pending, rx: &mut mpsc::Receiver<Pending>, max: usize) -> Vec<Pending> {
    let mut batch = Vec::with_capacity(max.min(64));
    batch.push(first);
    while batch.len() < max {
        match rx.try_recv() {
            Ok(p) => batch.push(p),
            Err(_) => break,
        }
    }
    batch
}
