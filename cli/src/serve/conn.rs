//! Connections: the accept loop, with a cap on open connections and a
//! header read timeout (hyper's), and graceful shutdown.
//!
//! Past `--max-connections`, a new connection is accepted, answered
//! `503 too_many_connections` with `Connection: close`, and closed, so a
//! client sees why at once instead of waiting in the listen backlog. At
//! most [`MAX_REFUSING`] such answers are in progress at once; past that a
//! connection is closed without one.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use super::metrics::Metrics;

/// Connection limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Longest the request headers may take (and a keep-alive connection may idle).
    pub header_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
}

/// Most refusals (503 past the cap) in progress at once.
pub const MAX_REFUSING: usize = 256;

const REFUSED: &str = r#"{"error":{"code":"too_many_connections","message":"the receiver is at its connection limit; retry"}}"#;

/// Answers 503 on a connection past the cap, then closes it.
async fn refuse(mut tcp: TcpStream) {
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{REFUSED}",
        REFUSED.len()
    );
    let _ = tcp.write_all(response.as_bytes()).await;
    let _ = tcp.shutdown().await;
    // Drain what the client already sent, briefly, so the close is not a
    // reset that could discard the answer.
    let mut sink = [0u8; 4096];
    let drain = async {
        while let Ok(n) = tcp.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the
/// connections finish their requests in flight.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors, most likely: wait a little.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            metrics.refused();
            tracing::warn!(%peer, max = limits.max_connections, "connection refused: at --max-connections");
            if let Ok(slot) = refusing.clone().try_acquire_owned() {
                tokio::spawn(async move {
                    refuse(tcp).await;
                    drop(slot);
                });
            }
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(tcp), service));
        let metrics = metrics.clone();
        metrics.connection(true);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                if e.is_timeout() {
                    metrics.header_timeout();
                    tracing::warn!(%peer, "connection closed: no complete request headers within --header-timeout");
                } else {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
            }
            metrics.connection(false);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
