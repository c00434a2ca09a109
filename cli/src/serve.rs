//! `sailor-webhook serve`: the reference receiver on SQLite.
//!
//! Request path: token check (401) → [`check_headers`] (405, 415) →
//! `Content-Length` and a [`Limited`] body (413, never reading past the
//! limit) → [`decide`] (400 or accept) → the writer thread → 200.
//!
//! Durability: one dedicated writer thread owns the SQLite connection (WAL,
//! `synchronous=FULL`). Handlers send it jobs over a channel; it takes every
//! job that is waiting (group commit), runs them in one transaction, commits
//! (one fsync for the batch), and only then answers each handler. So a 2xx
//! means the row is on disk, and requests that arrive together share an fsync.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Instant;

use anyhow::Context as _;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use rusqlite::{params, Connection, TransactionBehavior};
use sailor_webhook::receive::{check_headers, decide, Decision, Rejection};
use sailor_webhook::{DestinationView, Error, ErrorKind, Field, Options, Path};
use subtle::ConstantTimeEq as _;
use tokio::sync::{mpsc, oneshot};

/// How `serve` runs; also its command-line flags.
#[derive(Clone, Debug, clap::Args)]
pub struct ServeConfig {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// The SQLite database file (created if missing).
    #[arg(long, default_value = ServeConfig::DEFAULT_DB)]
    pub db: PathBuf,
    /// The webhook path.
    #[arg(long, default_value = ServeConfig::DEFAULT_PATH)]
    pub path: String,
    /// Largest accepted body in bytes (413 above it).
    #[arg(long, value_name = "BYTES", default_value_t = Options::DEFAULT_MAX_INPUT_BYTES)]
    pub max_body: usize,
    /// Require this secret as `?token=` or `Authorization: Bearer` (also read from SAILOR_WEBHOOK_TOKEN).
    #[arg(
        long,
        value_name = "SECRET",
        env = "SAILOR_WEBHOOK_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Reject unknown members and timestamps in seconds.
    #[arg(long)]
    pub strict: bool,
}

impl ServeConfig {
    /// The default `--listen`: loopback, port 3000.
    pub const DEFAULT_LISTEN: SocketAddr = SocketAddr::V4(std::net::SocketAddrV4::new(
        std::net::Ipv4Addr::LOCALHOST,
        3000,
    ));
    /// The default `--db`.
    pub const DEFAULT_DB: &'static str = "sailor-outcomes.sqlite";
    /// The default `--path`.
    pub const DEFAULT_PATH: &'static str = "/sailor/outcomes";
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: Self::DEFAULT_LISTEN,
            db: PathBuf::from(Self::DEFAULT_DB),
            path: Self::DEFAULT_PATH.to_string(),
            max_body: Options::DEFAULT_MAX_INPUT_BYTES,
            token: None,
            strict: false,
        }
    }
}

/// The schema. One column per payload field, the raw body and the receive time.
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
    let conn =
        Connection::open(path).with_context(|| format!("opening database {}", path.display()))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    anyhow::ensure!(
        mode.eq_ignore_ascii_case("wal"),
        "database {} refused WAL mode (got {mode})",
        path.display()
    );
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// A valid event, decoded into column values.
#[derive(Debug)]
struct EventRow {
    call_id: String,
    outcome_id: String,
    timestamp_ms: i64,
    timestamp_was_seconds: bool,
    subaccount_id: String,
    organization_id: String,
    outcome_name: String,
    outcome_type: &'static str,
    phone_number: String,
    contact_id: String,
    destination_type: &'static str,
    destination_selection: Option<&'static str>,
    destination_id: Option<String>,
    destination_ids: Option<String>,
    error_message: String,
    raw_body: Bytes,
    received_at_ms: i64,
}

#[derive(Debug)]
struct RejectedRow {
    received_at_ms: i64,
    status: u16,
    error: Error,
    content_type: Option<String>,
    raw_body: Bytes,
}

/// The columns of a valid payload, decoded from the borrowed view: every
/// string in full (decoded from its escapes) and every destination id, in
/// order. Nothing goes through the owned event, whose capacities (16 ids,
/// 256 bytes of message) would refuse or cut what FACTS.md allows.
fn event_row(
    method: &str,
    content_type: Option<&str>,
    body: &Bytes,
    options: &Options,
    received_at_ms: i64,
) -> Result<EventRow, Rejection> {
    let view = match decide(method, content_type, body, options) {
        Decision::Accept(view) => view,
        Decision::Reject(r) => return Err(r),
    };
    let millis = view.timestamp.millis();
    let timestamp_ms = i64::try_from(millis).map_err(|_| {
        // Past the year 292 million: beyond SQLite's INTEGER.
        let digits = millis.to_string();
        let at = body
            .windows(digits.len())
            .position(|w| w == digits.as_bytes())
            .unwrap_or(0);
        Rejection {
            status: 400,
            error: Error::new(
                ErrorKind::InvalidTimestamp,
                Path::field(Field::Timestamp),
                at,
            ),
        }
    })?;
    let (destination_type, destination_selection, destination_id, destination_ids) =
        match &view.destination {
            DestinationView::None => ("none", None, None, None),
            DestinationView::SmartList(id) => ("smart_list", None, Some(id.to_string()), None),
            DestinationView::RemoveAll => ("remove_from_smart_list", Some("all"), None, None),
            DestinationView::RemoveSelected(ids) => {
                let list: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
                (
                    "remove_from_smart_list",
                    Some("selected"),
                    None,
                    Some(serde_json::Value::from(list).to_string()),
                )
            }
        };
    Ok(EventRow {
        call_id: view.call.call_id.to_string(),
        outcome_id: view.outcome.outcome_id.to_string(),
        timestamp_ms,
        timestamp_was_seconds: view.timestamp.was_seconds(),
        subaccount_id: view.scope.subaccount_id.to_string(),
        organization_id: view.scope.organization_id.to_string(),
        outcome_name: view.outcome.outcome_name.to_string(),
        outcome_type: view.outcome.outcome_type.as_str(),
        phone_number: view.call.phone_number.to_string(),
        contact_id: view.call.contact_id.to_string(),
        destination_type,
        destination_selection,
        destination_id,
        destination_ids,
        error_message: view.error_message.to_string(),
        raw_body: body.clone(),
        received_at_ms,
    })
}

/// Whether an event was new or a redelivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stored {
    Inserted,
    Duplicate,
}

enum Job {
    Event(Box<EventRow>, oneshot::Sender<Result<Stored, String>>),
    Rejected(Box<RejectedRow>, oneshot::Sender<Result<Stored, String>>),
    Health(oneshot::Sender<Result<Stored, String>>),
}

impl Job {
    fn apply(&self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<Stored> {
        match self {
            Job::Event(r, _) => {
                let n = tx.prepare_cached(INSERT_EVENT)?.execute(params![
                    r.call_id,
                    r.outcome_id,
                    r.timestamp_ms,
                    r.timestamp_was_seconds,
                    r.subaccount_id,
                    r.organization_id,
                    r.outcome_name,
                    r.outcome_type,
                    r.phone_number,
                    r.contact_id,
                    r.destination_type,
                    r.destination_selection,
                    r.destination_id,
                    r.destination_ids,
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
            Job::Rejected(r, _) => {
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
            Job::Health(_) => {
                tx.prepare_cached(TOUCH_HEALTH)?
                    .execute(params![crate::now_ms() as i64])?;
                Ok(Stored::Inserted)
            }
        }
    }

    fn answer(self, result: Result<Stored, String>) {
        let ack = match self {
            Job::Event(_, ack) | Job::Rejected(_, ack) | Job::Health(ack) => ack,
        };
        // The handler may be gone (client hung up); the row is stored anyway.
        let _ = ack.send(result);
    }
}

/// The most jobs one transaction takes.
const MAX_BATCH: usize = 1024;

/// Counters of the writer thread.
#[derive(Debug, Default)]
pub struct Stats {
    commits: std::sync::atomic::AtomicU64,
    jobs: std::sync::atomic::AtomicU64,
}

impl Stats {
    /// Transactions committed (each one fsync of the WAL).
    pub fn commits(&self) -> u64 {
        self.commits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Jobs committed (events, rejected deliveries and health checks).
    pub fn jobs(&self) -> u64 {
        self.jobs.load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn writer_loop(mut conn: Connection, mut rx: mpsc::Receiver<Job>, stats: Arc<Stats>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(job) = rx.blocking_recv() {
        batch.push(job);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let size = batch.len();
        let started = Instant::now();
        match commit(&mut conn, &batch) {
            Ok(results) => {
                stats
                    .commits
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                stats
                    .jobs
                    .fetch_add(size as u64, std::sync::atomic::Ordering::Relaxed);
                tracing::trace!(
                    size,
                    micros = started.elapsed().as_micros() as u64,
                    "group commit"
                );
                for (job, result) in batch.drain(..).zip(results) {
                    job.answer(Ok(result));
                }
            }
            Err(e) if size > 1 => {
                // Isolate the job at fault: retry each one on its own.
                tracing::warn!(size, error = %e, "batch failed; retrying one by one");
                for job in batch.drain(..) {
                    let result = commit(&mut conn, std::slice::from_ref(&job))
                        .map(|r| r[0])
                        .map_err(|e| e.to_string());
                    job.answer(result);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "commit failed");
                for job in batch.drain(..) {
                    job.answer(Err(e.to_string()));
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

fn commit(conn: &mut Connection, jobs: &[Job]) -> rusqlite::Result<Vec<Stored>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        results.push(job.apply(&tx)?);
    }
    tx.commit()?;
    Ok(results)
}

struct App {
    options: Options,
    max_body: usize,
    token: Option<String>,
    writer: mpsc::Sender<Job>,
}

impl App {
    async fn submit(
        &self,
        job: impl FnOnce(oneshot::Sender<Result<Stored, String>>) -> Job,
    ) -> Result<Stored, String> {
        let (ack, done) = oneshot::channel();
        if self.writer.send(job(ack)).await.is_err() {
            return Err("writer stopped".to_string());
        }
        done.await
            .unwrap_or_else(|_| Err("writer stopped".to_string()))
    }

    fn authorized(&self, req: &Request) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        let token = token.as_bytes();
        let mut ok = subtle::Choice::from(0);
        if let Some(query) = req.uri().query() {
            for (name, value) in form_urlencoded::parse(query.as_bytes()) {
                if name == "token" {
                    ok |= value.as_bytes().ct_eq(token);
                }
            }
        }
        for value in req.headers().get_all(header::AUTHORIZATION) {
            let value = value.as_bytes();
            if value.len() > 7 && value[..7].eq_ignore_ascii_case(b"bearer ") {
                ok |= value[7..].ct_eq(token);
            }
        }
        bool::from(ok)
    }
}

fn json_response(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

fn rejection_response(r: &Rejection) -> Response {
    json_response(
        r.status,
        format!(r#"{{"error":{}}}"#, crate::error_json(&r.error)),
    )
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// What a request came to, for its log line.
struct Outcome {
    response: Response,
    result: &'static str,
    key: Option<String>,
    error: Option<&'static str>,
}

impl Outcome {
    fn rejected(r: &Rejection) -> Outcome {
        Outcome {
            response: rejection_response(r),
            result: "rejected",
            key: None,
            error: Some(r.error.code()),
        }
    }
}

async fn receive(State(app): State<Arc<App>>, req: Request) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let outcome = handle(&app, req).await;
    // One line per request. The query is not logged: it may hold the token.
    tracing::info!(
        %method,
        %path,
        status = outcome.response.status().as_u16(),
        result = outcome.result,
        key = outcome.key.as_deref().unwrap_or(""),
        error = outcome.error.unwrap_or(""),
        micros = start.elapsed().as_micros() as u64,
        "request"
    );
    outcome.response
}

async fn handle(app: &App, req: Request) -> Outcome {
    if !app.authorized(&req) {
        return Outcome {
            response: json_response(
                401,
                r#"{"error":{"code":"unauthorized","message":"missing or wrong token"}}"#
                    .to_string(),
            ),
            result: "unauthorized",
            key: None,
            error: Some("unauthorized"),
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let method = req.method().clone();
    if let Err(r) = check_headers(method.as_str(), content_type.as_deref()) {
        return Outcome::rejected(&r);
    }
    if content_length(req.headers()).is_some_and(|n| n > app.max_body as u64) {
        return Outcome::rejected(&Rejection::too_large(app.max_body));
    }
    let body: Body = req.into_body();
    let bytes = match Limited::new(body, app.max_body).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return Outcome::rejected(&Rejection::too_large(app.max_body));
        }
        Err(e) => {
            tracing::debug!(error = %e, "body read failed");
            return Outcome {
                response: json_response(
                    400,
                    r#"{"error":{"code":"body_read_failed","message":"could not read the request body"}}"#.to_string(),
                ),
                result: "rejected",
                key: None,
                error: Some("body_read_failed"),
            };
        }
    };
    tracing::debug!(raw = %String::from_utf8_lossy(&bytes), "payload");
    let received_at_ms = crate::now_ms() as i64;
    match event_row(
        method.as_str(),
        content_type.as_deref(),
        &bytes,
        &app.options,
        received_at_ms,
    ) {
        Ok(row) => {
            let key = format!("{}:{}", row.call_id, row.outcome_id);
            match app.submit(|ack| Job::Event(Box::new(row), ack)).await {
                Ok(stored) => {
                    let (result, body) = match stored {
                        Stored::Inserted => ("stored", r#"{"status":"stored"}"#),
                        Stored::Duplicate => ("duplicate", r#"{"status":"duplicate"}"#),
                    };
                    Outcome {
                        response: json_response(200, body.to_string()),
                        result,
                        key: Some(key),
                        error: None,
                    }
                }
                Err(e) => store_failed(e, Some(key)),
            }
        }
        Err(r) => {
            let row = RejectedRow {
                received_at_ms,
                status: r.status,
                error: r.error,
                content_type,
                raw_body: bytes,
            };
            match app.submit(|ack| Job::Rejected(Box::new(row), ack)).await {
                Ok(_) => Outcome::rejected(&r),
                Err(e) => store_failed(e, None),
            }
        }
    }
}

fn store_failed(e: String, key: Option<String>) -> Outcome {
    tracing::error!(error = %e, "store failed");
    Outcome {
        response: json_response(
            503,
            r#"{"error":{"code":"store_failed","message":"the event could not be stored; retry"}}"#
                .to_string(),
        ),
        result: "store_failed",
        key,
        error: Some("store_failed"),
    }
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    match app.submit(Job::Health).await {
        Ok(_) => json_response(200, r#"{"status":"ok"}"#.to_string()),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            json_response(
                503,
                format!(r#"{{"status":"error","error":{}}}"#, crate::json_str(&e)),
            )
        }
    }
}

/// A bound receiver, not yet serving.
pub struct Server {
    stats: Arc<Stats>,
    listener: tokio::net::TcpListener,
    router: Router,
    writer: JoinHandle<()>,
    checkpointer: JoinHandle<()>,
    stop_checkpointer: std::sync::mpsc::Sender<()>,
    addr: SocketAddr,
    path: String,
}

impl Server {
    /// Opens the database, starts the writer thread and binds the socket.
    pub async fn bind(config: ServeConfig) -> anyhow::Result<Server> {
        anyhow::ensure!(
            config.path.starts_with('/'),
            "--path must start with '/' (got {:?})",
            config.path
        );
        anyhow::ensure!(config.path != "/healthz", "--path cannot be /healthz");
        anyhow::ensure!(
            config.token.as_ref().is_none_or(|t| !t.is_empty()),
            "--token must not be empty (leave it out to accept requests without a token)"
        );
        let conn = open_db(&config.db)?;
        // Passive checkpoints run on their own connection and thread, so most
        // of the copy of the WAL into the database happens off the commit
        // path. The writer keeps SQLite's automatic checkpoint (1000 pages),
        // which then has little left to copy and lets the WAL restart.
        let checkpoint_conn = open_db(&config.db)?;
        let (stop_checkpointer, stop_rx) = std::sync::mpsc::channel();
        let checkpointer = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || checkpoint_loop(checkpoint_conn, stop_rx))?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        let addr = listener.local_addr()?;
        let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
        let stats = Arc::new(Stats::default());
        let writer = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn({
                let stats = stats.clone();
                move || writer_loop(conn, rx, stats)
            })?;
        let app = Arc::new(App {
            options: Options::new()
                .strict(config.strict)
                .max_input_bytes(config.max_body),
            max_body: config.max_body,
            token: config.token,
            writer: tx,
        });
        let router = Router::new()
            .route("/healthz", get(healthz))
            .route(&config.path, any(receive))
            .with_state(app);
        Ok(Server {
            stats,
            listener,
            router,
            writer,
            checkpointer,
            stop_checkpointer,
            addr,
            path: config.path,
        })
    }

    /// The writer's counters.
    pub fn stats(&self) -> Arc<Stats> {
        self.stats.clone()
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The webhook URL.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.path)
    }

    /// Serves until `shutdown` resolves, then finishes the requests in
    /// flight, commits what the writer holds, and returns.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        use axum::serve::ListenerExt as _;
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving")?;
        // Every handler is done and the router (with its senders) is dropped:
        // the writer drains its channel and stops.
        let writer = self.writer;
        tokio::task::spawn_blocking(move || writer.join())
            .await?
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
        drop(self.stop_checkpointer);
        let checkpointer = self.checkpointer;
        tokio::task::spawn_blocking(move || checkpointer.join())
            .await?
            .map_err(|_| anyhow::anyhow!("the checkpoint thread panicked"))?;
        Ok(())
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGTERM");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT: shutting down"),
        _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
    }
}

/// A receiver running on its own thread and runtime (for tests and embedding).
pub struct Running {
    stats: Arc<Stats>,
    addr: SocketAddr,
    url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<anyhow::Result<()>>>,
}

/// Starts a receiver on a background thread; returns once it is listening.
pub fn spawn(config: ServeConfig) -> anyhow::Result<Running> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let server = runtime.block_on(Server::bind(config))?;
    let (addr, url, stats) = (server.local_addr(), server.url(), server.stats());
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("sailor-serve".into())
        .spawn(move || {
            runtime.block_on(server.run(async move {
                let _ = stopped.await;
            }))
        })?;
    Ok(Running {
        stats,
        addr,
        url,
        stop: Some(stop),
        thread: Some(thread),
    })
}

impl Running {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The writer's counters (commits, jobs).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The webhook URL, e.g. `http://127.0.0.1:41234/sailor/outcomes`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Graceful shutdown: finishes requests in flight and waits for the last commit.
    pub fn stop(mut self) -> anyhow::Result<()> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(t) => t
                .join()
                .map_err(|_| anyhow::anyhow!("the server thread panicked"))?,
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

/// `sailor-webhook serve`: runs until SIGINT or SIGTERM.
pub fn run(config: ServeConfig) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let db = config.db.clone();
        let server = Server::bind(config).await?;
        tracing::info!(url = %server.url(), db = %db.display(), "listening");
        println!("sailor-webhook listening on {}", server.url());
        server.run(shutdown_signal()).await
    })?;
    tracing::info!("stopped");
    Ok(())
}
