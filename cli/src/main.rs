//! `sailor-webhook`: check Sailor outcome webhook payloads, run a durable
//! receiver on SQLite or PostgreSQL, send and sample payloads.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sailor_webhook_cli::{check, sample, send, serve};

#[derive(Parser)]
#[command(name = "sailor-webhook", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate payload files, or stdin when there is no PATH or it is `-`.
    ///
    /// Exit status: 0 every document valid, 1 any invalid, 2 usage or I/O error.
    Check(check::CheckArgs),
    /// Run the reference receiver: validate, store durably in SQLite or PostgreSQL, then answer 2xx.
    ///
    /// Exit status: 0 after SIGINT/SIGTERM, 2 when it cannot start (flags, database, address), 1 on a later failure.
    Serve(serve::ServeConfig),
    /// POST payloads the way Sailor does (Content-Type: application/json) and print each status.
    ///
    /// Exit status: 0 every payload got a 2xx, 1 any other status, 2 I/O or connection error.
    Send {
        /// The receiver URL, e.g. http://127.0.0.1:3000/sailor/outcomes
        #[arg(long)]
        url: String,
        /// Payload files; none or `-` reads stdin.
        #[arg(value_name = "PATH")]
        paths: Vec<String>,
    },
    /// Print a valid payload with fresh random ids (one line).
    Sample {
        /// The destination shape.
        #[arg(long, value_enum, default_value_t = sample::DestinationKind::SmartList)]
        destination: sample::DestinationKind,
        /// Give the timestamp in seconds, as one guide page does.
        #[arg(long)]
        seconds: bool,
    },
}

fn init_tracing(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// `serve` logs a line per request: a writer thread takes the lines and
/// writes what has queued up in one buffered write, so the request path
/// makes no write syscall. Never lossy (a full queue makes the logger
/// wait); the guard flushes the rest at exit.
fn init_serve_tracing() -> tracing_appender::non_blocking::WorkerGuard {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("log-writer")
        .finish(std::io::BufWriter::with_capacity(
            64 * 1024,
            std::io::stderr(),
        ));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    guard
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => {
            init_tracing("warn");
            let status = check::run(&args, &mut std::io::stdout().lock(), &mut std::io::stderr());
            ExitCode::from(status as u8)
        }
        Command::Serve(config) => {
            let log = init_serve_tracing();
            let result = serve::run(config);
            // Every log line out before the final message.
            drop(log);
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("sailor-webhook: {e:#}");
                    // 2: it could not start (usage, database, address).
                    if e.downcast_ref::<serve::StartError>().is_some() {
                        ExitCode::from(2)
                    } else {
                        ExitCode::FAILURE
                    }
                }
            }
        }
        Command::Send { url, paths } => {
            init_tracing("warn");
            let status = send::run(
                &url,
                &paths,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr(),
            );
            ExitCode::from(status as u8)
        }
        Command::Sample {
            destination,
            seconds,
        } => match sample::sample(destination, seconds) {
            Ok(body) => {
                println!("{body}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("sailor-webhook: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_flags_fill_the_config() {
        let cli = Cli::try_parse_from([
            "sailor-webhook",
            "serve",
            "--listen",
            "0.0.0.0:8080",
            "--db",
            "x.sqlite",
            "--path",
            "/hook",
            "--max-body",
            "1024",
            "--token",
            "s3cret",
            "--strict",
        ])
        .unwrap();
        let Command::Serve(c) = cli.command else {
            panic!("not serve")
        };
        assert_eq!(c.listen, "0.0.0.0:8080".parse().unwrap());
        assert_eq!(c.db, serve::Database::Sqlite("x.sqlite".into()));
        assert_eq!(c.path, "/hook");
        assert_eq!(c.max_body, 1024);
        assert_eq!(c.token.as_deref(), Some("s3cret"));
        assert!(c.strict);
    }

    #[test]
    fn serve_defaults_match_the_config_default() {
        let cli = Cli::try_parse_from(["sailor-webhook", "serve"]).unwrap();
        let Command::Serve(c) = cli.command else {
            panic!("not serve")
        };
        let d = serve::ServeConfig::default();
        assert_eq!(
            (c.listen, c.db, c.path, c.max_body, c.strict),
            (d.listen, d.db, d.path, d.max_body, d.strict)
        );
    }
}
