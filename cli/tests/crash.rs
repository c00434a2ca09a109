//! The real binary as a child process, on SQLite and on PostgreSQL: SIGKILL
//! mid-stream loses no acknowledged event, and SIGTERM shuts down cleanly
//! with exit 0.

#[macro_use]
mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

both!(
    sigkill_mid_stream_loses_no_acknowledged_event,
    sigterm_finishes_and_exits_0,
    sigint_finishes_and_exits_0_and_debug_logs_raw_payloads,
);

/// Starts `sailor-webhook serve` on an ephemeral port; returns the child and its URL.
fn spawn_server(f: &Fixture, log: &str) -> (Child, String) {
    spawn_server_logging(f, log, "info")
}

fn spawn_server_logging(f: &Fixture, log: &str, level: &str) -> (Child, String) {
    let log = std::fs::File::create(f.dir.path().join(log)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sailor-webhook"))
        .env("RUST_LOG", level)
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(f.db_arg())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("spawn sailor-webhook serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("sailor-webhook listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (child, url)
}

fn stored_calls(f: &Fixture) -> HashSet<String> {
    f.texts("SELECT call_id FROM outcome_events")
        .into_iter()
        .collect()
}

fn sigkill_mid_stream_loses_no_acknowledged_event(b: Backend) {
    let f = Fixture::new(b);
    let (mut child, url) = spawn_server(&f, "first.log");

    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..8u32)
        .map(|t| {
            let (url, acked, stop) = (url.clone(), acked.clone(), stop.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut attempted = 0u64;
                // Bounded: at most 5,000 requests per client.
                for n in 0..5_000u64 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let (body, call_id) = numbered(t, n);
                    attempted += 1;
                    match sailor_webhook_cli::send::post(&agent, &url, body.as_bytes()) {
                        Ok((200, _)) => acked.lock().unwrap().push(call_id),
                        Ok((status, text)) => panic!("{status} {text}"),
                        Err(_) => break, // the server is gone
                    }
                }
                attempted
            })
        })
        .collect();

    // Let a few hundred events through, then kill the receiver mid-stream.
    let deadline = Instant::now() + Duration::from_secs(20);
    while acked.lock().unwrap().len() < 1500 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    let attempted: u64 = clients.into_iter().map(|c| c.join().unwrap()).sum();
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 1500, "only {} acknowledged", acked.len());
    assert!(
        !status.success(),
        "the receiver should have died of SIGKILL: {status:?}"
    );
    eprintln!(
        "acknowledged {} of {attempted} attempted before SIGKILL",
        acked.len()
    );

    // Restart on the same file: every acknowledged event is there.
    let (mut child, url) = spawn_server(&f, "second.log");
    let stored = stored_calls(&f);
    let missing: Vec<&String> = acked.iter().filter(|c| !stored.contains(*c)).collect();
    assert!(missing.is_empty(), "lost acknowledged events: {missing:?}");
    assert!(stored.len() >= acked.len());
    // The restarted receiver works and still dedups.
    let (body, _) = numbered(0, 0);
    assert_eq!(
        sailor_webhook_cli::send::post(&agent(), &url, body.as_bytes()).unwrap(),
        (200, r#"{"status":"duplicate"}"#.to_string())
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

fn signal_stops_cleanly(b: Backend, signal: &str, level: &str) -> String {
    let f = Fixture::new(b);
    let (mut child, url) = spawn_server_logging(&f, "serve.log", level);
    for n in 0..5 {
        let (body, _) = numbered(1, n);
        assert_eq!(
            sailor_webhook_cli::send::post(&agent(), &url, body.as_bytes())
                .unwrap()
                .0,
            200
        );
    }
    let kill = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "no exit 10 s after SIG{signal}");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    assert_eq!(f.count("outcome_events"), 5);
    let log = std::fs::read_to_string(f.dir.path().join("serve.log")).unwrap();
    assert!(
        log.contains(&format!("SIG{signal}: shutting down")),
        "{log}"
    );
    // One log line per request, with its status and key.
    assert_eq!(log.matches(" request ").count(), 5, "{log}");
    assert!(log.contains("status=200 result=\"stored\""), "{log}");
    log
}

fn sigterm_finishes_and_exits_0(b: Backend) {
    let log = signal_stops_cleanly(b, "TERM", "info");
    assert!(!log.contains("payload raw="), "{log}");
}

fn sigint_finishes_and_exits_0_and_debug_logs_raw_payloads(b: Backend) {
    let log = signal_stops_cleanly(b, "INT", "debug");
    let (body, _) = numbered(1, 3);
    assert!(log.contains(&format!("payload raw={body}")), "{log}");
}
