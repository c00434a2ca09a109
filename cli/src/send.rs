//! `sailor-webhook send`: POST payloads the way Sailor does.

use std::io::{self, Read, Write};
use std::time::Duration;

/// Exit status of `send`: 0 all 2xx, 1 any other status, 2 I/O or connection error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every payload got a 2xx.
    Acknowledged = 0,
    /// At least one got another status.
    Refused = 1,
    /// A file could not be read or the receiver could not be reached.
    Failed = 2,
}

/// An HTTP agent that returns every status as a response (not an error).
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// The longest `webhook_url` Sailor accepts.
pub const MAX_URL_CHARS: usize = 2048;

/// Checks the receiver URL before anything is read or sent: `http://` with a
/// host, at most [`MAX_URL_CHARS`] characters (Sailor's limit for
/// `webhook_url`). `https://` is refused with its reason: this tool has no
/// TLS (test a TLS receiver through its plain-HTTP side or a local proxy).
pub fn check_url(url: &str) -> Result<(), String> {
    let chars = url.chars().count();
    if chars > MAX_URL_CHARS {
        return Err(format!(
            "--url is {chars} characters; Sailor accepts at most {MAX_URL_CHARS}"
        ));
    }
    if url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    {
        return Err(
            "--url: https is not supported (this tool is built without TLS); use an http:// URL"
                .to_string(),
        );
    }
    let rest = match url.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("http://") => url.get(7..).unwrap_or(""),
        _ => return Err(format!("--url must start with http:// (got {url:?})")),
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("--url has no host (got {url:?})"));
    }
    Ok(())
}

/// POSTs `body` with `Content-Type: application/json`; returns the status and
/// the response body.
pub fn post(agent: &ureq::Agent, url: &str, body: &[u8]) -> Result<(u16, String), ureq::Error> {
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body)?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    Ok((status, text))
}

/// Sends each file (or stdin, for none or `-`) to `url`, printing one line
/// per payload: `SOURCE: STATUS BODY`.
pub fn run(url: &str, paths: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Status {
    if let Err(e) = check_url(url) {
        let _ = writeln!(err, "sailor-webhook: {e}");
        return Status::Failed;
    }
    let agent = agent();
    let paths: Vec<String> = if paths.is_empty() {
        vec!["-".to_string()]
    } else {
        paths.to_vec()
    };
    let mut status = Status::Acknowledged;
    for path in &paths {
        let body = if path == "-" {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
        } else {
            std::fs::read(path)
        };
        let body = match body {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(err, "sailor-webhook: {path}: {e}");
                status = Status::Failed;
                continue;
            }
        };
        match post(&agent, url, &body) {
            Ok((code, text)) => {
                let _ = writeln!(out, "{path}: {code} {}", text.trim_end());
                if !(200..300).contains(&code) && status == Status::Acknowledged {
                    status = Status::Refused;
                }
            }
            Err(e) => {
                let _ = writeln!(err, "sailor-webhook: {path}: {url}: {e}");
                status = Status::Failed;
            }
        }
    }
    let _ = out.flush();
    status
}
