//! The PostgreSQL schema and statements: the tables (created if missing,
//! version recorded in `sailor_schema`) and the multi-row inserts of a
//! group commit.

use deadpool_postgres::Object;

/// The schema: the SQLite tables with Postgres types (`uuid`, `uuid[]`,
/// `boolean`, `bytea`), and `sailor_schema` recording its version.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS outcome_events (
    call_id               uuid     NOT NULL,
    outcome_id            uuid     NOT NULL,
    timestamp_ms          bigint   NOT NULL,
    timestamp_was_seconds boolean  NOT NULL,
    subaccount_id         uuid     NOT NULL,
    organization_id       uuid     NOT NULL,
    outcome_name          text     NOT NULL,
    outcome_type          text     NOT NULL,
    phone_number          text     NOT NULL,
    contact_id            uuid     NOT NULL,
    destination_type      text     NOT NULL,
    destination_selection text,
    destination_id        uuid,
    destination_ids       uuid[],
    error_message         text     NOT NULL,
    raw_body              bytea    NOT NULL,
    received_at_ms        bigint   NOT NULL,
    PRIMARY KEY (call_id, outcome_id)
);
CREATE TABLE IF NOT EXISTS rejected_deliveries (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at_ms bigint  NOT NULL,
    status         integer NOT NULL,
    error_code     text    NOT NULL,
    error_path     text    NOT NULL,
    error_offset   bigint  NOT NULL,
    error_message  text    NOT NULL,
    content_type   text,
    raw_body       bytea   NOT NULL
);
CREATE TABLE IF NOT EXISTS receiver_health (
    id         integer PRIMARY KEY CHECK (id = 1),
    checked_ms bigint  NOT NULL
);
CREATE TABLE IF NOT EXISTS sailor_schema (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
";

/// The schema version this receiver writes.
pub const SCHEMA_VERSION: i32 = 1;

/// Parameters per `outcome_events` row.
pub const EVENT_COLUMNS: usize = 17;
/// Parameters per `rejected_deliveries` row.
pub const REJECTED_COLUMNS: usize = 8;

/// The most jobs one transaction takes (17 parameters each stays far
/// below Postgres's 65,535 per statement).
pub const MAX_BATCH: usize = 512;

fn values(rows: usize, columns: usize) -> String {
    let mut sql = String::new();
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..columns {
            if c > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("${}", r * columns + c + 1));
        }
        sql.push(')');
    }
    sql
}

/// The insert of `rows` events, returning the keys actually inserted.
pub fn insert_events(rows: usize) -> String {
    format!(
        "INSERT INTO outcome_events (call_id, outcome_id, timestamp_ms, timestamp_was_seconds, \
         subaccount_id, organization_id, outcome_name, outcome_type, phone_number, contact_id, \
         destination_type, destination_selection, destination_id, destination_ids, error_message, \
         raw_body, received_at_ms) VALUES {} \
         ON CONFLICT (call_id, outcome_id) DO NOTHING RETURNING call_id, outcome_id",
        values(rows, EVENT_COLUMNS)
    )
}

/// The insert of `rows` rejected deliveries.
pub fn insert_rejected(rows: usize) -> String {
    format!(
        "INSERT INTO rejected_deliveries (received_at_ms, status, error_code, error_path, \
         error_offset, error_message, content_type, raw_body) VALUES {}",
        values(rows, REJECTED_COLUMNS)
    )
}

/// The health check's write.
pub const TOUCH_HEALTH: &str = "INSERT INTO receiver_health (id, checked_ms) VALUES (1, $1)
ON CONFLICT (id) DO UPDATE SET checked_ms = excluded.checked_ms";

/// Creates the tables if missing (under an advisory lock, so receivers
/// starting together do not race) and checks the schema version.
pub async fn migrate(client: &mut Object) -> anyhow::Result<()> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock(7306010812)", &[])
        .await?;
    tx.batch_execute(SCHEMA).await?;
    let newest: Option<i32> = tx
        .query_one("SELECT max(version) FROM sailor_schema", &[])
        .await?
        .get(0);
    if let Some(v) = newest.filter(|v| *v > SCHEMA_VERSION) {
        anyhow::bail!("the database has schema version {v}; this receiver knows {SCHEMA_VERSION}");
    }
    tx.execute(
        "INSERT INTO sailor_schema (version) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&SCHEMA_VERSION],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
