//! `sailor-webhook`: check Sailor outcome webhook payloads, run a durable
//! receiver on SQLite, send and sample payloads.

use std::net::SocketAddr;
use std::path::PathBuf;
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
    Check {
        /// Reject unknown members and timestamps in seconds.
        #[arg(long)]
        strict: bool,
        /// Output: the error with the offending line and a caret, or one JSON object per document.
        #[arg(long, value_enum, default_value_t = check::Format::Human)]
        format: check::Format,
        /// Newline-delimited JSON: one payload a line (the form of raw payload logs).
        #[arg(long)]
        lines: bool,
        /// Payload files; none or `-` reads stdin.
        #[arg(value_name = "PATH")]
        paths: Vec<String>,
    },
    /// Run the reference receiver: validate, store durably in SQLite, then answer 2xx.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:3000")]
        listen: SocketAddr,
        /// The SQLite database file (created if missing).
        #[arg(long, default_value = "sailor-outcomes.sqlite")]
        db: PathBuf,
        /// The webhook path.
        #[arg(long, default_value = "/sailor/outcomes")]
        path: String,
        /// Largest accepted body in bytes (413 above it).
        #[arg(long, value_name = "BYTES", default_value_t = sailor_webhook::Options::DEFAULT_MAX_INPUT_BYTES)]
        max_body: usize,
        /// Require this secret as `?token=` or `Authorization: Bearer` (also read from SAILOR_WEBHOOK_TOKEN).
        #[arg(
            long,
            value_name = "SECRET",
            env = "SAILOR_WEBHOOK_TOKEN",
            hide_env_values = true
        )]
        token: Option<String>,
        /// Reject unknown members and timestamps in seconds.
        #[arg(long)]
        strict: bool,
    },
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            strict,
            format,
            lines,
            paths,
        } => {
            init_tracing("warn");
            let args = check::CheckArgs {
                strict,
                format,
                lines,
                paths,
            };
            let status = check::run(&args, &mut std::io::stdout().lock(), &mut std::io::stderr());
            ExitCode::from(status as u8)
        }
        Command::Serve {
            listen,
            db,
            path,
            max_body,
            token,
            strict,
        } => {
            init_tracing("info");
            let config = serve::ServeConfig {
                listen,
                db,
                path,
                max_body,
                token,
                strict,
            };
            match serve::run(config) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("sailor-webhook: {e:#}");
                    ExitCode::FAILURE
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
