//! `/metrics`: the receiver's counters in the Prometheus text format
//! (OpenMetrics), through the `prometheus-client` crate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use super::store::PoolState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabel {
    code: String,
}

/// Every metric the receiver keeps.
pub struct Metrics {
    registry: Registry,
    deliveries: Family<StatusLabel, Counter>,
    rejections: Family<CodeLabel, Counter>,
    stored: Counter,
    duplicates: Counter,
    store_failures: Counter,
    batch_size: Histogram,
    commit_seconds: Histogram,
    commits: Counter,
    pool_max: Gauge,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_waiting: Gauge,
    queued: Gauge,
    connections_open: Gauge,
    connections_refused: Counter,
    header_timeouts: Counter,
    body_timeouts: Counter,
    jobs: AtomicU64,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// All metrics at zero, registered.
    pub fn new() -> Metrics {
        let mut m = Metrics {
            registry: Registry::with_prefix("sailor"),
            deliveries: Family::default(),
            rejections: Family::default(),
            stored: Counter::default(),
            duplicates: Counter::default(),
            store_failures: Counter::default(),
            batch_size: Histogram::new(exponential_buckets(1.0, 2.0, 11)),
            commit_seconds: Histogram::new(exponential_buckets(0.0001, 2.0, 16)),
            commits: Counter::default(),
            pool_max: Gauge::default(),
            pool_open: Gauge::default(),
            pool_idle: Gauge::default(),
            pool_waiting: Gauge::default(),
            queued: Gauge::default(),
            connections_open: Gauge::default(),
            connections_refused: Counter::default(),
            header_timeouts: Counter::default(),
            body_timeouts: Counter::default(),
            jobs: AtomicU64::new(0),
        };
        let r = &mut m.registry;
        r.register(
            "deliveries",
            "Webhook requests answered, by HTTP status",
            m.deliveries.clone(),
        );
        r.register(
            "rejections",
            "Deliveries rejected (4xx), by error code",
            m.rejections.clone(),
        );
        r.register("events_stored", "New events committed", m.stored.clone());
        r.register(
            "events_duplicate",
            "Redeliveries of an event already stored",
            m.duplicates.clone(),
        );
        r.register(
            "store_failures",
            "Jobs the database did not commit (answered 503)",
            m.store_failures.clone(),
        );
        r.register("batch_size", "Jobs per group commit", m.batch_size.clone());
        r.register(
            "commit_seconds",
            "Time to store and commit one batch",
            m.commit_seconds.clone(),
        );
        r.register("commits", "Transactions committed", m.commits.clone());
        r.register("pool_max", "Most database connections", m.pool_max.clone());
        r.register(
            "pool_open",
            "Database connections open",
            m.pool_open.clone(),
        );
        r.register(
            "pool_idle",
            "Database connections idle",
            m.pool_idle.clone(),
        );
        r.register(
            "pool_waiting",
            "Writers waiting for a database connection",
            m.pool_waiting.clone(),
        );
        r.register(
            "queue_jobs",
            "Jobs queued for the writers",
            m.queued.clone(),
        );
        r.register(
            "connections_open",
            "HTTP connections open",
            m.connections_open.clone(),
        );
        r.register(
            "connections_refused",
            "HTTP connections refused past --max-connections",
            m.connections_refused.clone(),
        );
        r.register(
            "header_timeouts",
            "Connections closed because headers took longer than --header-timeout",
            m.header_timeouts.clone(),
        );
        r.register(
            "body_timeouts",
            "Requests answered 408 because the body took longer than --body-timeout",
            m.body_timeouts.clone(),
        );
        m
    }

    /// One webhook request answered with `status`.
    pub fn delivery(&self, status: u16) {
        self.deliveries
            .get_or_create(&StatusLabel {
                status: status.to_string(),
            })
            .inc();
    }

    /// One delivery rejected with `code`.
    pub fn rejection(&self, code: &str) {
        self.rejections
            .get_or_create(&CodeLabel {
                code: code.to_string(),
            })
            .inc();
    }

    /// An event stored (`true`) or found already stored (`false`).
    pub fn event(&self, inserted: bool) {
        if inserted {
            self.stored.inc();
        } else {
            self.duplicates.inc();
        }
    }

    /// Jobs that failed to commit.
    pub fn store_failed(&self, jobs: usize) {
        self.store_failures.inc_by(jobs as u64);
    }

    /// One batch of `size` jobs committed in `took`.
    pub fn committed(&self, size: usize, took: Duration) {
        self.batch_size.observe(size as f64);
        self.commit_seconds.observe(took.as_secs_f64());
        self.commits.inc();
        self.jobs.fetch_add(size as u64, Ordering::Relaxed);
    }

    /// Transactions committed.
    pub fn commits(&self) -> u64 {
        self.commits.get()
    }

    /// Jobs committed (events, rejected deliveries and health checks).
    pub fn jobs(&self) -> u64 {
        self.jobs.load(Ordering::Relaxed)
    }

    /// A connection opened (`true`) or closed.
    pub fn connection(&self, opened: bool) {
        if opened {
            self.connections_open.inc();
        } else {
            self.connections_open.dec();
        }
    }

    /// A connection refused past the cap.
    pub fn refused(&self) {
        self.connections_refused.inc();
    }

    /// A connection cut for slow headers.
    pub fn header_timeout(&self) {
        self.header_timeouts.inc();
    }

    /// A request answered 408 for a slow body.
    pub fn body_timeout(&self) {
        self.body_timeouts.inc();
    }

    /// The text exposition, with the pool gauges set from `pool`.
    pub fn render(&self, pool: PoolState) -> String {
        self.pool_max.set(pool.max as i64);
        self.pool_open.set(pool.open as i64);
        self.pool_idle.set(pool.idle as i64);
        self.pool_waiting.set(pool.waiting as i64);
        self.queued.set(pool.queued as i64);
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The Content-Type of [`Metrics::render`].
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
