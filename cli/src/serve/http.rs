//! The HTTP layer: token check (401) → [`check_headers`] (405, 415) →
//! `Content-Length` and a [`Limited`] body (413, never reading past the
//! limit; 408 past `--body-timeout`) → [`event_row`] (400 or accept) →
//! [`Storage::submit`] → 200 after the commit. It knows the storage only
//! through the [`Storage`] trait.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use sailor_webhook::receive::{check_headers, Rejection};
use sailor_webhook::Options;
use subtle::ConstantTimeEq as _;

use super::metrics::{self, Metrics};
use super::row::{event_row, RejectedRow};
use super::store::{Job, Storage, Stored};

/// What the handlers share.
pub struct App {
    /// Validation options (strict, max input).
    pub options: Options,
    /// Largest body.
    pub max_body: usize,
    /// The secret, if any.
    pub token: Option<String>,
    /// Longest a body may take to arrive.
    pub body_timeout: Duration,
    /// Where rows go.
    pub storage: Arc<dyn Storage>,
    /// The counters.
    pub metrics: Arc<Metrics>,
}

/// The routes: the webhook at `path`, `/healthz` and `/metrics`.
pub fn router(app: Arc<App>, path: &str) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_page))
        .route(path, any(receive))
        .with_state(app)
}

impl App {
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

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// What a request came to, for its log line and the metrics.
struct Outcome {
    response: Response,
    result: &'static str,
    key: Option<String>,
    error: Option<&'static str>,
}

impl Outcome {
    fn rejected(r: &Rejection) -> Outcome {
        Outcome {
            response: json_response(
                r.status,
                format!(r#"{{"error":{}}}"#, crate::error_json(&r.error)),
            ),
            result: "rejected",
            key: None,
            error: Some(r.error.code()),
        }
    }

    fn other(status: u16, code: &'static str, message: &str) -> Outcome {
        Outcome {
            response: json_response(
                status,
                format!(r#"{{"error":{{"code":"{code}","message":"{message}"}}}}"#),
            ),
            result: match status {
                401 => "unauthorized",
                503 => code,
                _ => "rejected",
            },
            key: None,
            error: Some(code),
        }
    }
}

async fn receive(State(app): State<Arc<App>>, req: Request) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let outcome = handle(&app, req).await;
    let status = outcome.response.status().as_u16();
    app.metrics.delivery(status);
    if let (Some(code), true) = (outcome.error, (400..500).contains(&status)) {
        app.metrics.rejection(code);
    }
    // One line per request. The query is not logged: it may hold the token.
    tracing::info!(
        %method,
        %path,
        status,
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
        return Outcome::other(401, "unauthorized", "missing or wrong token");
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
    let read = tokio::time::timeout(app.body_timeout, Limited::new(body, app.max_body).collect());
    let bytes = match read.await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return Outcome::rejected(&Rejection::too_large(app.max_body));
        }
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "body read failed");
            return Outcome::other(400, "body_read_failed", "could not read the request body");
        }
        Err(_) => {
            app.metrics.body_timeout();
            tracing::warn!(
                timeout_ms = app.body_timeout.as_millis() as u64,
                "body read timed out; answering 408"
            );
            let mut outcome = Outcome::other(408, "body_timeout", "the request body took too long");
            outcome
                .response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return outcome;
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
            let key = row.key();
            match app.storage.submit(Job::Event(Box::new(row))).await {
                Ok(stored) => {
                    app.metrics.event(stored == Stored::Inserted);
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
            match app.storage.submit(Job::Rejected(Box::new(row))).await {
                Ok(_) => Outcome::rejected(&r),
                Err(e) => store_failed(e, None),
            }
        }
    }
}

fn store_failed(e: String, key: Option<String>) -> Outcome {
    tracing::error!(error = %e, "store failed");
    let mut outcome = Outcome::other(503, "store_failed", "the event could not be stored; retry");
    outcome.key = key;
    outcome
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    match app.storage.submit(Job::Health).await {
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

async fn metrics_page(State(app): State<Arc<App>>) -> Response {
    let text = app.metrics.render(app.storage.pool_state());
    let mut response = (StatusCode::OK, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(metrics::CONTENT_TYPE),
    );
    response
}
