//! Faults a deployment meets: two receivers on one PostgreSQL, one of them
//! SIGKILLed, PostgreSQL restarted under load, a full SQLite database, and
//! a database path that cannot be written.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::pg::PgServer;
use common::*;
use sailor_webhook_cli::serve::Database;

fn send(agent: &ureq::Agent, url: &str, body: &str) -> Result<(u16, String), String> {
    sailor_webhook_cli::send::post(agent, url, body.as_bytes()).map_err(|e| e.to_string())
}

/// Two receivers on one database, sent the same 1,000 events at the same
/// time (each event to both, and again as a redelivery): every answer is a
/// 2xx, and there are exactly 1,000 rows.
#[test]
fn two_receivers_store_1000_events_once_with_redeliveries() {
    let f = Fixture::new(Backend::Postgres);
    let a = f.start(|_| {});
    let b = f.start(|_| {});
    let urls = [a.url().to_string(), b.url().to_string()];
    let stored = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..8u32)
        .map(|t| {
            let (urls, stored) = (urls.clone(), stored.clone());
            std::thread::spawn(move || {
                let agent = agent();
                for n in 0..125u64 {
                    let (body, _) = numbered(t, n);
                    // To both receivers at once, then a redelivery to one.
                    let answers = std::thread::scope(|s| {
                        let x = s.spawn(|| send(&agent, &urls[0], &body));
                        let y = s.spawn(|| send(&agent, &urls[1], &body));
                        [x.join().unwrap(), y.join().unwrap()]
                    });
                    let again = send(&agent, &urls[(n % 2) as usize], &body);
                    for answer in answers.iter().chain([&again]) {
                        let (status, text) = answer.as_ref().unwrap();
                        assert_eq!(*status, 200, "{text}");
                        if text == r#"{"status":"stored"}"# {
                            stored.fetch_add(1, Ordering::Relaxed);
                        } else {
                            assert_eq!(text, r#"{"status":"duplicate"}"#);
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(f.count("outcome_events"), 1000);
    // Exactly one delivery of each event was told "stored".
    assert_eq!(stored.load(Ordering::Relaxed), 1000);
    a.stop().unwrap();
    b.stop().unwrap();
}

fn spawn_binary(db: &str, log: &std::path::Path, extra: &[&str]) -> (Child, String) {
    let log = std::fs::File::create(log).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sailor-webhook"))
        .env("RUST_LOG", "warn")
        .args(["serve", "--listen", "127.0.0.1:0", "--db", db])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap();
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

/// Two receiver processes on one database; clients alternate between them.
/// One is SIGKILLed mid-stream: every event it acknowledged is stored, and
/// the events it had not acknowledged, resent to the other, are stored once.
#[test]
fn sigkill_one_of_two_receivers_loses_no_acknowledged_event() {
    let f = Fixture::new(Backend::Postgres);
    let (mut doomed, doomed_url) = spawn_binary(&f.db_arg(), &f.dir.path().join("a.log"), &[]);
    let (mut survivor, survivor_url) = spawn_binary(&f.db_arg(), &f.dir.path().join("b.log"), &[]);
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let unacked = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..6u32)
        .map(|t| {
            let (urls, acked, unacked, killed) = (
                [doomed_url.clone(), survivor_url.clone()],
                acked.clone(),
                unacked.clone(),
                killed.clone(),
            );
            std::thread::spawn(move || {
                let agent = agent();
                for n in 0..400u64 {
                    let (body, call_id) = numbered(t, n);
                    match send(&agent, &urls[(n % 2) as usize], &body) {
                        Ok((200, _)) => acked.lock().unwrap().push(call_id),
                        Ok((status, text)) => panic!("{status} {text}"),
                        // The killed receiver: keep it for the resend.
                        Err(_) => unacked.lock().unwrap().push((call_id, body)),
                    }
                    if killed.load(Ordering::Relaxed) && n > 300 {
                        break;
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < 600 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    doomed.kill().unwrap(); // SIGKILL
    doomed.wait().unwrap();
    killed.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let unacked = unacked.lock().unwrap().clone();
    assert!(acked.len() >= 600, "only {} acknowledged", acked.len());
    assert!(!unacked.is_empty(), "the kill hit no request");
    let stored: HashSet<String> = f
        .texts("SELECT call_id::text FROM outcome_events")
        .into_iter()
        .collect();
    let lost: Vec<&String> = acked.iter().filter(|c| !stored.contains(*c)).collect();
    assert!(lost.is_empty(), "lost acknowledged events: {lost:?}");
    // Resent to the survivor: each one stored once (some may have been
    // committed by the killed receiver without its answer getting out).
    let agent = agent();
    for (_, body) in &unacked {
        let (status, _) = send(&agent, &survivor_url, body).unwrap();
        assert_eq!(status, 200);
    }
    let all: HashSet<&String> = acked.iter().chain(unacked.iter().map(|(c, _)| c)).collect();
    assert_eq!(f.count("outcome_events"), all.len() as i64);
    let stored: HashSet<String> = f
        .texts("SELECT call_id::text FROM outcome_events")
        .into_iter()
        .collect();
    assert!(all.iter().all(|c| stored.contains(*c)));
    eprintln!(
        "{} acknowledged before SIGKILL, {} resent to the survivor",
        acked.len(),
        unacked.len()
    );
    survivor.kill().unwrap();
    survivor.wait().unwrap();
}

/// PostgreSQL stopped and started again under load: deliveries during the
/// outage get 503 (and /healthz 503), nothing acknowledged is lost, and
/// storing resumes by itself, without restarting the receiver.
#[test]
fn postgres_restart_mid_load_gets_503_then_resumes() {
    let pg = PgServer::start();
    let f = Fixture::on(Database::Postgres(pg.create_database()));
    let server = f.start(|_| {});
    let url = server.url().to_string();
    let health = format!("http://{}/healthz", server.addr());
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let unavailable = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4u32)
        .map(|t| {
            let (url, acked, unavailable, stop) =
                (url.clone(), acked.clone(), unavailable.clone(), stop.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let (body, call_id) = numbered(t, n);
                    // As Sailor does: retry the same event until a 2xx.
                    match send(&agent, &url, &body).unwrap() {
                        (200, _) => {
                            acked.lock().unwrap().push(call_id);
                            n += 1;
                        }
                        (503, text) => {
                            assert_eq!(
                                text,
                                r#"{"error":{"code":"store_failed","message":"the event could not be stored; retry"}}"#
                            );
                            unavailable.fetch_add(1, Ordering::Relaxed);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                        (status, text) => panic!("{status} {text}"),
                    }
                }
            })
        })
        .collect();
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while acked.lock().unwrap().len() < n {
            assert!(Instant::now() < deadline, "stuck below {n} acknowledged");
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    wait_for(200);
    pg.halt();
    let during = acked.lock().unwrap().len();
    let deadline = Instant::now() + Duration::from_secs(30);
    while unavailable.load(Ordering::Relaxed) < 20 {
        assert!(
            Instant::now() < deadline,
            "no 503 while the database is down"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut r = agent().get(&health).call().unwrap();
    assert_eq!(r.status().as_u16(), 503);
    assert!(r
        .body_mut()
        .read_to_string()
        .unwrap()
        .starts_with(r#"{"status":"error","error":"database unavailable: "#));
    // Nothing is acknowledged while the database is down.
    assert!(acked.lock().unwrap().len() <= during + 8);
    pg.resume();
    wait_for(during + 200);
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }
    let mut r = agent().get(&health).call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let _ = r.body_mut().read_to_string();
    let acked = acked.lock().unwrap().clone();
    let stored: HashSet<String> = f
        .texts("SELECT call_id::text FROM outcome_events")
        .into_iter()
        .collect();
    let lost: Vec<&String> = acked.iter().filter(|c| !stored.contains(*c)).collect();
    assert!(lost.is_empty(), "lost acknowledged events: {lost:?}");
    eprintln!(
        "{} acknowledged, {} answered 503 during the outage",
        acked.len(),
        unavailable.load(Ordering::Relaxed)
    );
    server.stop().unwrap();
}

/// A SQLite database that cannot grow (`max_page_count`, as a full disk):
/// deliveries get 503, nothing acknowledged is lost, and once space is
/// freed storing resumes without a restart.
#[test]
fn a_full_sqlite_database_gets_503_then_resumes_when_space_is_freed() {
    let f = Fixture::new(Backend::Sqlite);
    // Ballast the test can delete later to free pages.
    {
        let conn = sailor_webhook_cli::serve::open_db(&f.dir.path().join("events.sqlite")).unwrap();
        conn.execute_batch(
            "CREATE TABLE ballast (b BLOB); INSERT INTO ballast SELECT zeroblob(100000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3);",
        )
        .unwrap();
    }
    let pages: i64 = db(f.dir.path())
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // Room for a few dozen events past what is there now.
    let server = f.start(|c| c.sqlite_max_page_count = Some(pages as u64 + 8));
    let agent = agent();
    let mut acked = Vec::new();
    let mut full = None;
    for n in 0..2000u64 {
        let (body, call_id) = numbered(9, n);
        match send(&agent, server.url(), &body).unwrap() {
            (200, _) => acked.push(call_id),
            (503, text) => {
                assert_eq!(
                    text,
                    r#"{"error":{"code":"store_failed","message":"the event could not be stored; retry"}}"#
                );
                full = Some((body, call_id));
                break;
            }
            (status, text) => panic!("{status} {text}"),
        }
    }
    let (body, call_id) = full.expect("the database never filled up");
    assert!(!acked.is_empty());
    // Still full: the retry fails too.
    assert_eq!(send(&agent, server.url(), &body).unwrap().0, 503);
    db(f.dir.path())
        .execute_batch("DROP TABLE ballast")
        .unwrap();
    assert_eq!(
        send(&agent, server.url(), &body).unwrap(),
        (200, r#"{"status":"stored"}"#.to_string())
    );
    acked.push(call_id);
    let stored: HashSet<String> = f
        .texts("SELECT call_id FROM outcome_events")
        .into_iter()
        .collect();
    assert_eq!(stored.len(), acked.len());
    assert!(acked.iter().all(|c| stored.contains(c)));
    server.stop().unwrap();
}

/// A database path that cannot be written: a clear message and exit 2.
#[test]
fn an_unwritable_database_path_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, b"x").unwrap();
    let db = file.join("events.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_sailor-webhook"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().last().unwrap(),
        format!(
            "sailor-webhook: cannot open the SQLite database {} for writing (does its directory exist, and may this user write there?): unable to open database file: {}: Error code 14: unable to open database file",
            db.display(),
            db.display()
        )
    );
    // A Postgres nobody listens on: exit 2 too.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(env!("CARGO_BIN_EXE_sailor-webhook"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(format!("postgres://postgres@127.0.0.1:{port}/x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "sailor-webhook: cannot connect to the database postgres://postgres@127.0.0.1:{port}/x"
        )),
        "{stderr}"
    );
}
