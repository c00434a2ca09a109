//! The `sailor-webhook` command as a library: `check`, `serve`, `send` and
//! `sample`. The binary (`src/main.rs`) only parses arguments and calls
//! these; tests start the receiver in-process with [`serve::spawn`].

#![warn(missing_docs)]

pub mod check;
pub mod lines;
pub mod sample;
pub mod send;
pub mod serve;

use sailor_webhook::Error;

/// The JSON error object shared by `check --format json` and the receiver's
/// error bodies: `{"code":..,"path":..,"offset":N,"message":..}`.
pub fn error_json(error: &Error) -> String {
    format!(
        r#"{{"code":{},"path":{},"offset":{},"message":{}}}"#,
        json_str(error.code()),
        json_str(&error.path().to_string()),
        error.offset(),
        json_str(error.kind().message()),
    )
}

/// A JSON string literal.
pub fn json_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// Milliseconds since the Unix epoch, from the system clock.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
