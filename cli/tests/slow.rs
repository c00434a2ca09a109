//! Slow and idle clients, the connection cap, and `/metrics`.

#[macro_use]
mod common;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

both!(
    a_new_delivery_is_stored_within_100ms_while_1000_connections_idle,
    metrics_count_a_known_sequence_of_deliveries,
);

fn metrics(addr: std::net::SocketAddr) -> String {
    let mut r = agent()
        .get(&format!("http://{addr}/metrics"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        r.headers().get("content-type").unwrap(),
        "application/openmetrics-text; version=1.0.0; charset=utf-8"
    );
    r.body_mut().read_to_string().unwrap()
}

/// The value of the sample named exactly `name` (with its labels).
fn sample(text: &str, name: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ').map(str::to_string))
}

fn a_new_delivery_is_stored_within_100ms_while_1000_connections_idle(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let idle: Vec<TcpStream> = (0..1000)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    // Wait until the receiver has accepted all of them (plus the scrape).
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let open = sample(&metrics(server.addr()), "sailor_connections_open");
        if open.as_deref() == Some("1001") {
            break;
        }
        assert!(Instant::now() < deadline, "open: {open:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Five new deliveries, each stored (2xx after its commit); the median
    // must be under 100 ms. (One alone is at the mercy of a slow fsync on a
    // shared machine: a single one took 104 ms once with the load at 4.)
    let agent = agent();
    let mut took = Vec::new();
    for n in 0..5 {
        let (body, _) = numbered(77, n);
        let started = Instant::now();
        let answer = sailor_webhook_cli::send::post(&agent, server.url(), body.as_bytes()).unwrap();
        took.push(started.elapsed());
        assert_eq!(answer, (200, r#"{"status":"stored"}"#.to_string()));
    }
    took.sort();
    assert!(took[2] < Duration::from_millis(100), "took {took:?}");
    assert_eq!(f.count("outcome_events"), 5);
    drop(idle);
    server.stop().unwrap();
}

fn metrics_count_a_known_sequence_of_deliveries(b: Backend) {
    let f = Fixture::new(b);
    let server = f.start(|_| {});
    let url = server.url();
    for n in 0..3 {
        assert_eq!(post(url, &numbered(3, n).0).0, 200);
    }
    assert_eq!(post(url, &numbered(3, 0).0).0, 200); // a redelivery
    assert_eq!(post(url, &payload("nope", OUTCOME, None)).0, 400);
    assert_eq!(post(url, "{").0, 400);
    assert_eq!(post_as(url, "text/plain", b"{}").0, 415);
    let text = metrics(server.addr());
    let expect = [
        (r#"sailor_deliveries_total{status="200"}"#, "4"),
        (r#"sailor_deliveries_total{status="400"}"#, "2"),
        (r#"sailor_deliveries_total{status="415"}"#, "1"),
        ("sailor_events_stored_total", "3"),
        ("sailor_events_duplicate_total", "1"),
        (r#"sailor_rejections_total{code="invalid_uuid"}"#, "1"),
        (r#"sailor_rejections_total{code="unexpected_end"}"#, "1"),
        (
            r#"sailor_rejections_total{code="unsupported_media_type"}"#,
            "1",
        ),
        ("sailor_store_failures_total", "0"),
        // One request at a time: six jobs (four events, two rejected
        // deliveries; the 415 is not stored), one batch each.
        ("sailor_batch_size_sum", "6.0"),
        ("sailor_batch_size_count", "6"),
        (r#"sailor_batch_size_bucket{le="1.0"}"#, "6"),
        ("sailor_commit_seconds_count", "6"),
        ("sailor_commits_total", "6"),
        (
            "sailor_pool_max",
            if b == Backend::Sqlite { "1" } else { "8" },
        ),
        ("sailor_queue_jobs", "0"),
    ];
    for (name, value) in expect {
        assert_eq!(
            sample(&text, name).as_deref(),
            Some(value),
            "{name} in\n{text}"
        );
    }
    assert!(text.ends_with("# EOF\n"), "{text}");
    server.stop().unwrap();
}

/// Past `--max-connections`, a new connection gets 503 and is closed; once
/// one closes, deliveries are served again.
#[test]
fn past_the_connection_cap_a_new_connection_gets_503() {
    let f = Fixture::new(Backend::Sqlite);
    let server = f.start(|c| c.max_connections = 3);
    let held: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let body = payload(CALL, OUTCOME, None);
    let request = format!(
        "POST /sailor/outcomes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, head, answer) = raw(server.addr(), request.as_bytes());
    assert_eq!(status, 503, "{head}");
    assert!(head.contains("retry-after: 1"), "{head}");
    assert_eq!(
        answer,
        r#"{"error":{"code":"too_many_connections","message":"the receiver is at its connection limit; retry"}}"#
    );
    assert_eq!(f.count("outcome_events"), 0);
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _, _) = raw(server.addr(), request.as_bytes());
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "still refused");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(f.count("outcome_events"), 1);
    server.stop().unwrap();
}

/// Clients sending one byte a second: in the headers, the connection is
/// cut at `--header-timeout`; in the body, the answer is 408 at
/// `--body-timeout`. Both leave a log line.
#[test]
fn one_byte_a_second_is_cut_off_with_a_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sailor-webhook"))
        .env("RUST_LOG", "warn")
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--header-timeout",
            "2s",
            "--body-timeout",
            "2s",
            "--db",
        ])
        .arg(dir.path().join("events.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr: std::net::SocketAddr = line
        .trim()
        .strip_prefix("sailor-webhook listening on http://")
        .and_then(|s| s.strip_suffix("/sailor/outcomes"))
        .unwrap()
        .parse()
        .unwrap();
    let body = payload(CALL, OUTCOME, None);
    let request = format!(
        "POST /sailor/outcomes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let split = request.find("\r\n\r\n").unwrap() + 4;
    let trickle = |s: &mut TcpStream, bytes: &[u8]| -> usize {
        // One byte a second until the server closes or everything is sent.
        let mut sent = 0;
        for b in bytes {
            if s.write_all(&[*b]).is_err() {
                break;
            }
            sent += 1;
            std::thread::sleep(Duration::from_secs(1));
            let mut probe = [0u8; 512];
            s.set_nonblocking(true).unwrap();
            let r = s.read(&mut probe);
            s.set_nonblocking(false).unwrap();
            match r {
                Ok(0) => break,
                Ok(n) => return sent + 1_000_000 * n, // answered
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => break,
            }
        }
        sent
    };

    // Headers, one byte a second: closed after about 2 s, no answer.
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    let sent = trickle(&mut s, &request.as_bytes()[..split]);
    assert!(sent < 6, "{sent} bytes sent before the cut");
    assert!(started.elapsed() < Duration::from_secs(8));

    // Headers at once, then the body one byte a second: 408 after about 2 s.
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(&request.as_bytes()[..split]).unwrap();
    let started = Instant::now();
    let mut sent = 0;
    for b in body.as_bytes() {
        if s.write_all(&[*b]).is_err() {
            break;
        }
        sent += 1;
        s.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
        let mut answer = Vec::new();
        if s.read_to_end(&mut answer).is_ok() || !answer.is_empty() {
            let answer = String::from_utf8_lossy(&answer).to_string();
            assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
            assert!(
                answer.ends_with(r#"{"error":{"code":"body_timeout","message":"the request body took too long"}}"#),
                "{answer}"
            );
            break;
        }
    }
    assert!(sent < 6, "{sent} body bytes sent before the 408");
    assert!(started.elapsed() < Duration::from_secs(8));

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("connection closed: no complete request headers within --header-timeout"),
        "{log}"
    );
    assert!(log.contains("body read timed out; answering 408"), "{log}");
    assert_eq!(count(dir.path(), "outcome_events"), 0);
}
