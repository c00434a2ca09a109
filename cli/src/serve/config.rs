//! How `serve` runs: its command-line flags and their defaults.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sailor_webhook::Options;

/// Where the events go: `--db PATH`, `--db sqlite:PATH` or `--db postgres://…`.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (created if missing).
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://USER@HOST:PORT/DB` or `postgresql://…`).
    Postgres(String),
}

impl FromStr for Database {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Database::Postgres(s.to_string()))
        } else if let Some(path) = s.strip_prefix("sqlite:") {
            if path.is_empty() {
                return Err("sqlite: needs a path".to_string());
            }
            Ok(Database::Sqlite(PathBuf::from(path)))
        } else if s.is_empty() {
            Err("--db must not be empty".to_string())
        } else {
            Ok(Database::Sqlite(PathBuf::from(s)))
        }
    }
}

impl fmt::Display for Database {
    /// The path, or the URL without its password (for logs).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let (number, unit) = s
        .find(|c: char| !c.is_ascii_digit())
        .map_or((s, "s"), |i| s.split_at(i));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{s:?}: expected e.g. 10s or 500ms"))?;
    match unit {
        "ms" => Ok(Duration::from_millis(n)),
        "s" => Ok(Duration::from_secs(n)),
        "m" => Ok(Duration::from_secs(n * 60)),
        _ => Err(format!("{s:?}: the unit is ms, s or m")),
    }
}

/// How `serve` runs; also its command-line flags.
#[derive(Clone, Debug, clap::Args)]
pub struct ServeConfig {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// The database: a SQLite file path (created if missing), `sqlite:PATH`, or `postgres://USER@HOST:PORT/DB`.
    #[arg(long, default_value = ServeConfig::DEFAULT_DB)]
    pub db: Database,
    /// The webhook path.
    #[arg(long, default_value = ServeConfig::DEFAULT_PATH)]
    pub path: String,
    /// Largest accepted body in bytes (413 above it).
    #[arg(long, value_name = "BYTES", default_value_t = Options::DEFAULT_MAX_INPUT_BYTES)]
    pub max_body: usize,
    /// Require this secret as `?token=` or `Authorization: Bearer` (also read from SAILOR_WEBHOOK_TOKEN).
    #[arg(
        long,
        value_name = "SECRET",
        env = "SAILOR_WEBHOOK_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Reject unknown members and timestamps in seconds.
    #[arg(long)]
    pub strict: bool,
    /// Close a connection whose request headers take longer than this (also the keep-alive idle limit).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub header_timeout: Duration,
    /// Answer 408 to a request whose body takes longer than this to arrive.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "30s")]
    pub body_timeout: Duration,
    /// Most connections open at once; past it a new connection gets 503 `too_many_connections` and is closed.
    #[arg(long, value_name = "N", default_value_t = ServeConfig::DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// PostgreSQL only: most database connections (each one commits batches on its own).
    #[arg(long, value_name = "N", default_value_t = ServeConfig::DEFAULT_DB_POOL)]
    pub db_pool: usize,
    /// SQLite only, for fault tests: `PRAGMA max_page_count` (a database that cannot grow past N pages).
    #[arg(long, value_name = "PAGES", hide = true)]
    pub sqlite_max_page_count: Option<u64>,
}

impl ServeConfig {
    /// The default `--listen`: loopback, port 3000.
    pub const DEFAULT_LISTEN: SocketAddr = SocketAddr::V4(std::net::SocketAddrV4::new(
        std::net::Ipv4Addr::LOCALHOST,
        3000,
    ));
    /// The default `--db`.
    pub const DEFAULT_DB: &'static str = "sailor-outcomes.sqlite";
    /// The default `--path`.
    pub const DEFAULT_PATH: &'static str = "/sailor/outcomes";
    /// The default `--header-timeout`.
    pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default `--body-timeout`.
    pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);
    /// The default `--max-connections`.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 10_000;
    /// The default `--db-pool`.
    pub const DEFAULT_DB_POOL: usize = 8;

    /// Refuses settings that cannot work, with the flag to fix.
    pub fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.path.starts_with('/'),
            "--path must start with '/' (got {:?})",
            self.path
        );
        anyhow::ensure!(
            self.path != "/healthz" && self.path != "/metrics",
            "--path cannot be /healthz or /metrics"
        );
        anyhow::ensure!(
            self.token.as_ref().is_none_or(|t| !t.is_empty()),
            "--token must not be empty (leave it out to accept requests without a token)"
        );
        anyhow::ensure!(self.max_connections > 0, "--max-connections must be > 0");
        anyhow::ensure!(self.db_pool > 0, "--db-pool must be > 0");
        anyhow::ensure!(
            !self.header_timeout.is_zero() && !self.body_timeout.is_zero(),
            "--header-timeout and --body-timeout must be > 0"
        );
        Ok(())
    }
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: Self::DEFAULT_LISTEN,
            db: Database::Sqlite(PathBuf::from(Self::DEFAULT_DB)),
            path: Self::DEFAULT_PATH.to_string(),
            max_body: Options::DEFAULT_MAX_INPUT_BYTES,
            token: None,
            strict: false,
            header_timeout: Self::DEFAULT_HEADER_TIMEOUT,
            body_timeout: Self::DEFAULT_BODY_TIMEOUT,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            db_pool: Self::DEFAULT_DB_POOL,
            sqlite_max_page_count: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_values_pick_the_backend() {
        let db = |s: &str| s.parse::<Database>();
        assert_eq!(db("x.sqlite"), Ok(Database::Sqlite("x.sqlite".into())));
        assert_eq!(db("sqlite:/a/b"), Ok(Database::Sqlite("/a/b".into())));
        assert_eq!(
            db("postgres://u@127.0.0.1:5432/d"),
            Ok(Database::Postgres("postgres://u@127.0.0.1:5432/d".into()))
        );
        assert!(db("postgresql://u@h/d").is_ok());
        assert!(db("").is_err());
        assert!(db("sqlite:").is_err());
        assert_eq!(
            db("postgres://u:pw@h:1/d").unwrap().to_string(),
            "postgres://u:***@h:1/d"
        );
    }

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert!(parse_duration("1h").is_err());
        assert!(parse_duration("s").is_err());
    }
}
