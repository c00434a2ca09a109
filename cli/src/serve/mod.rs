//! `sailor-webhook serve`: the reference receiver, on SQLite or PostgreSQL.
//!
//! - [`config`] holds the flags;
//! - [`store`] is the storage seam ([`Storage`]) and the group-commit queue;
//! - [`sqlite`] and [`postgres`] are the two backends behind it
//!   ([`pg_schema`] holds the Postgres SQL);
//! - [`http`] has the handlers, which only know the seam;
//! - [`conn`] is the accept loop (connection cap, header timeout);
//! - [`metrics`] renders `/metrics`.
//!
//! Durability: a 2xx goes out only after the database has committed the
//! row (SQLite: WAL with `synchronous=FULL`; Postgres: `COMMIT` with
//! `synchronous_commit=on`). Requests that arrive together share a commit.

pub mod config;
pub mod conn;
pub mod http;
pub mod metrics;
pub mod pg_schema;
pub mod postgres;
pub mod row;
pub mod sqlite;
pub mod store;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::Context as _;
use axum::Router;
use sailor_webhook::Options;
use tokio::sync::oneshot;

pub use config::{Database, ServeConfig};
pub use metrics::Metrics;
pub use sqlite::{open_db, SCHEMA};
pub use store::{Storage, Stored};

/// A bound receiver, not yet serving.
pub struct Server {
    metrics: Arc<Metrics>,
    listener: tokio::net::TcpListener,
    router: Router,
    finish: store::BoxFuture<'static, anyhow::Result<()>>,
    limits: conn::Limits,
    addr: SocketAddr,
    path: String,
}

/// Lets the process hold `want` descriptors if the hard limit allows.
fn raise_fd_limit(want: u64) {
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < want {
            limit.rlim_cur = want.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

impl Server {
    /// Opens the database, starts the writers and binds the socket. Must
    /// run inside the Tokio runtime that will serve.
    pub async fn bind(config: ServeConfig) -> anyhow::Result<Server> {
        config.check()?;
        let metrics = Arc::new(Metrics::new());
        let (storage, finish) = match &config.db {
            Database::Sqlite(path) => {
                sqlite::open(path, config.sqlite_max_page_count, metrics.clone())?
            }
            Database::Postgres(url) => postgres::open(url, config.db_pool, metrics.clone()).await?,
        };
        raise_fd_limit(config.max_connections as u64 + 256);
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("binding {}", config.listen))?;
        let addr = listener.local_addr()?;
        let app = Arc::new(http::App {
            options: Options::new()
                .strict(config.strict)
                .max_input_bytes(config.max_body),
            max_body: config.max_body,
            token: config.token,
            body_timeout: config.body_timeout,
            storage,
            metrics: metrics.clone(),
        });
        Ok(Server {
            router: http::router(app, &config.path),
            metrics,
            listener,
            finish,
            limits: conn::Limits {
                header_timeout: config.header_timeout,
                max_connections: config.max_connections,
            },
            addr,
            path: config.path,
        })
    }

    /// The counters.
    pub fn metrics(&self) -> Arc<Metrics> {
        self.metrics.clone()
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
    /// flight, commits what the writers hold, and returns.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        conn::serve(
            self.listener,
            self.router,
            self.limits,
            self.metrics,
            shutdown,
        )
        .await;
        // Every connection is done and the router (with the storage handle)
        // is dropped: the writers drain their queue and stop.
        self.finish.await
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
    metrics: Arc<Metrics>,
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
    let (addr, url, metrics) = (server.local_addr(), server.url(), server.metrics());
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("sailor-serve".into())
        .spawn(move || {
            runtime.block_on(server.run(async move {
                let _ = stopped.await;
            }))
        })?;
    Ok(Running {
        metrics,
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

    /// The counters (commits, jobs, …).
    pub fn stats(&self) -> &Metrics {
        &self.metrics
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

/// `sailor-webhook serve`: runs until SIGINT or SIGTERM. A start failure
/// (bad flags, database unreachable or not writable, address in use) is
/// [`StartError`], which `main` turns into exit status 2.
pub fn run(config: ServeConfig) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let db = config.db.clone();
        let server = Server::bind(config).await.map_err(StartError)?;
        tracing::info!(url = %server.url(), %db, "listening");
        println!("sailor-webhook listening on {}", server.url());
        server.run(shutdown_signal()).await
    })?;
    tracing::info!("stopped");
    Ok(())
}

/// `serve` could not start.
#[derive(Debug)]
pub struct StartError(pub anyhow::Error);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

impl std::error::Error for StartError {}
