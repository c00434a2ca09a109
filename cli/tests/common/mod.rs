//! Helpers shared by the CLI integration tests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::Connection;
use sailor_webhook_cli::serve::{self, Database, Running, ServeConfig};

pub mod pg;

pub const CALL: &str = "00000000-0000-4000-8000-000000000004";
pub const OUTCOME: &str = "00000000-0000-4000-8000-000000000003";

/// A compact valid payload. `destination` is raw JSON (`None`: absent).
pub fn payload(call_id: &str, outcome_id: &str, destination: Option<&str>) -> String {
    let destination = destination
        .map(|d| format!(r#","destination":{d}"#))
        .unwrap_or_default();
    format!(
        concat!(
            r#"{{"timestamp":1781935984000,"#,
            r#""scope":{{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"}},"#,
            r#""outcome":{{"outcome_id":"{}","outcome_name":"Interested","outcome_type":"action"}},"#,
            r#""call":{{"call_id":"{}","phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"}}"#,
            r#"{},"error_message":""}}"#
        ),
        outcome_id, call_id, destination
    )
}

/// A valid payload whose call id is built from two numbers (distinct per pair).
pub fn numbered(a: u32, b: u64) -> (String, String) {
    let call_id = format!("{a:08x}-0000-4000-8000-{b:012x}");
    (payload(&call_id, OUTCOME, None), call_id)
}

pub fn start(dir: &Path, tweak: impl FnOnce(&mut ServeConfig)) -> Running {
    let mut config = ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        db: Database::Sqlite(dir.join("events.sqlite")),
        ..ServeConfig::default()
    };
    tweak(&mut config);
    serve::spawn(config).expect("server starts")
}

pub fn agent() -> ureq::Agent {
    sailor_webhook_cli::send::agent()
}

/// POST with a content type; returns (status, body).
pub fn post_as(url: &str, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut r = agent()
        .post(url)
        .header("Content-Type", content_type)
        .send(body)
        .expect("request");
    let status = r.status().as_u16();
    (status, r.body_mut().read_to_string().unwrap())
}

pub fn post(url: &str, body: &str) -> (u16, String) {
    post_as(url, "application/json", body.as_bytes())
}

/// Sends raw bytes, half-closes nothing, reads the whole answer (the request
/// should say `Connection: close`). Returns (status, head, body).
pub fn raw(addr: SocketAddr, request: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

pub fn db(dir: &Path) -> Connection {
    Connection::open(dir.join("events.sqlite")).unwrap()
}

pub fn count(dir: &Path, table: &str) -> i64 {
    db(dir)
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Every column of one row of `outcome_events` but `received_at_ms`, in table order.
pub fn event_row(dir: &Path, call_id: &str, outcome_id: &str) -> Vec<Value> {
    db(dir)
        .query_row(
            "SELECT call_id, outcome_id, timestamp_ms, timestamp_was_seconds, subaccount_id,
                    organization_id, outcome_name, outcome_type, phone_number, contact_id,
                    destination_type, destination_selection, destination_id, destination_ids,
                    error_message, raw_body
             FROM outcome_events WHERE call_id = ?1 AND outcome_id = ?2",
            [call_id, outcome_id],
            |r| (0..16).map(|i| r.get::<_, Value>(i)).collect(),
        )
        .unwrap()
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// An `error_message` of exactly `bytes` decoded bytes mixing 'é', '€' and
/// '😀', a few of each written as `\u` escapes: (the JSON text, the decoded text).
pub fn long_message(bytes: usize) -> (String, String) {
    let pieces: [(&str, &str); 6] = [
        ("é", "é"),
        ("€", "€"),
        ("😀", "😀"),
        (r"\u00e9", "é"),
        (r"\u20ac", "€"),
        (r"\ud83d\ude00", "😀"),
    ];
    let (mut raw, mut decoded) = (String::new(), String::new());
    let mut n = 0usize;
    while decoded.len() < bytes {
        // Mostly literal characters; every 97th piece an escape.
        let (r, d) = if n.is_multiple_of(97) {
            pieces[3 + (n / 97) % 3]
        } else {
            pieces[n % 3]
        };
        if decoded.len() + d.len() > bytes {
            // Fill the rest with ASCII so the length is exact.
            let rest = bytes - decoded.len();
            raw.push_str(&"a".repeat(rest));
            decoded.push_str(&"a".repeat(rest));
            break;
        }
        raw.push_str(r);
        decoded.push_str(d);
        n += 1;
    }
    (raw, decoded)
}

/// Which database a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh database on the shared test PostgreSQL.
    Postgres,
}

/// A test's database and temporary directory, on either backend.
pub struct Fixture {
    pub backend: Backend,
    pub dir: tempfile::TempDir,
    pub db: Database,
}

impl Fixture {
    pub fn new(backend: Backend) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let db = match backend {
            Backend::Sqlite => Database::Sqlite(dir.path().join("events.sqlite")),
            Backend::Postgres => Database::Postgres(pg::PgServer::shared().create_database()),
        };
        Fixture { backend, dir, db }
    }

    /// On a database of another server (its own PostgreSQL, say).
    pub fn on(db: Database) -> Fixture {
        let backend = match db {
            Database::Sqlite(_) => Backend::Sqlite,
            Database::Postgres(_) => Backend::Postgres,
        };
        Fixture {
            backend,
            dir: tempfile::tempdir().unwrap(),
            db,
        }
    }

    pub fn config(&self) -> ServeConfig {
        ServeConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            db: self.db.clone(),
            ..ServeConfig::default()
        }
    }

    pub fn start(&self, tweak: impl FnOnce(&mut ServeConfig)) -> Running {
        let mut config = self.config();
        tweak(&mut config);
        serve::spawn(config).expect("server starts")
    }

    /// The `--db` value for the binary.
    pub fn db_arg(&self) -> String {
        match &self.db {
            Database::Sqlite(p) => p.display().to_string(),
            Database::Postgres(url) => url.clone(),
        }
    }

    /// Runs `sql` (portable: no parameters) and returns every row, each
    /// column as a SQLite value (uuid as text, boolean as 0/1, bytea as blob).
    pub fn query(&self, sql: &str) -> Vec<Vec<Value>> {
        match &self.db {
            Database::Sqlite(path) => {
                let conn = Connection::open(path).unwrap();
                let mut stmt = conn.prepare(sql).unwrap();
                let n = stmt.column_count();
                stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            }
            Database::Postgres(url) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
                client
                    .query(sql, &[])
                    .unwrap()
                    .iter()
                    .map(|row| (0..row.len()).map(|i| pg_value(row, i)).collect())
                    .collect()
            }
        }
    }

    pub fn count(&self, table: &str) -> i64 {
        match &self.query(&format!("SELECT count(*) FROM {table}"))[0][0] {
            Value::Integer(n) => *n,
            other => panic!("{other:?}"),
        }
    }

    /// Every column of one row of `outcome_events` but `received_at_ms`, in
    /// table order (`destination_ids` as a JSON array on both backends).
    pub fn event_row(&self, call_id: &str, outcome_id: &str) -> Vec<Value> {
        let ids = match self.backend {
            Backend::Sqlite => "destination_ids",
            Backend::Postgres => "to_json(destination_ids)::text",
        };
        let rows = self.query(&format!(
            "SELECT call_id, outcome_id, timestamp_ms, timestamp_was_seconds, subaccount_id,
                    organization_id, outcome_name, outcome_type, phone_number, contact_id,
                    destination_type, destination_selection, destination_id, {ids},
                    error_message, raw_body
             FROM outcome_events WHERE call_id = '{call_id}' AND outcome_id = '{outcome_id}'"
        ));
        assert_eq!(rows.len(), 1, "{call_id}:{outcome_id}");
        rows.into_iter().next().unwrap()
    }

    /// One column of every row, as text (e.g. the stored call ids).
    pub fn texts(&self, sql: &str) -> Vec<String> {
        self.query(sql)
            .into_iter()
            .map(|r| match &r[0] {
                Value::Text(s) => s.clone(),
                other => panic!("{other:?}"),
            })
            .collect()
    }
}

fn pg_value(row: &postgres::Row, i: usize) -> Value {
    use postgres::types::Type;
    let t = row.columns()[i].type_().clone();
    let v = if t == Type::INT8 {
        row.get::<_, Option<i64>>(i).map(Value::Integer)
    } else if t == Type::INT4 {
        row.get::<_, Option<i32>>(i)
            .map(|n| Value::Integer(n.into()))
    } else if t == Type::INT2 {
        row.get::<_, Option<i16>>(i)
            .map(|n| Value::Integer(n.into()))
    } else if t == Type::BOOL {
        row.get::<_, Option<bool>>(i)
            .map(|b| Value::Integer(b.into()))
    } else if t == Type::BYTEA {
        row.get::<_, Option<Vec<u8>>>(i).map(Value::Blob)
    } else if t == Type::UUID {
        row.get::<_, Option<uuid::Uuid>>(i)
            .map(|u| Value::Text(u.to_string()))
    } else {
        row.get::<_, Option<String>>(i).map(Value::Text)
    };
    v.unwrap_or(Value::Null)
}

/// Runs each named test on SQLite and on PostgreSQL: `both!(a, b)` makes
/// `sqlite::a`, `postgres::a`, … calling `a(Backend::…)`.
#[allow(unused_macros)]
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name($crate::common::Backend::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name($crate::common::Backend::Postgres) } )*
        }
    };
}
