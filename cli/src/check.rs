//! `sailor-webhook check`: validate payload files, or stdin.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal as _, Read, Write};
use std::os::fd::AsFd as _;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::lines::read_line_bounded;
use sailor_webhook::{Error, Options, OutcomeEvent};

/// The most destination ids a document within the default input bound can
/// hold: each takes at least 38 bytes (36 and its quotes).
pub const MAX_IDS: usize = Options::DEFAULT_MAX_INPUT_BYTES / 38 + 1;

/// The owned event `check` reports: capacities that hold everything the
/// default bounds let through (a name of 120 characters of any script,
/// [`MAX_IDS`] ids, a message as long as the longest string), so nothing
/// it prints as valid was cut. About 45 KiB, made once, on the heap.
pub type CheckEvent = OutcomeEvent<480, MAX_IDS, { Options::DEFAULT_MAX_STRING_BYTES }>;

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// The error, the offending line and a caret under the offset.
    #[default]
    Human,
    /// One JSON object per document, one per line.
    Json,
}

/// What `check` was asked to do; also its command-line flags.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct CheckArgs {
    /// Reject unknown members and timestamps in seconds.
    #[arg(long)]
    pub strict: bool,
    /// Output: the error with the offending line and a caret, or one JSON object per document.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Newline-delimited JSON: one payload a line (the form of raw payload logs).
    #[arg(long)]
    pub lines: bool,
    /// Payload files; none or `-` reads stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
}

/// Inputs larger than this get a progress bar (when stderr is a terminal).
pub const PROGRESS_THRESHOLD: u64 = 4 * 1024 * 1024;

/// Exit status of `check`: 0 all valid, 1 any invalid, 2 usage or I/O error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every document is valid.
    Valid = 0,
    /// At least one document is invalid.
    Invalid = 1,
    /// A file could not be read (other files were still checked).
    IoError = 2,
}

#[derive(Default)]
struct Tally {
    valid: u64,
    invalid: u64,
    io_errors: u64,
}

/// Runs `check`, writing results to `out` and I/O errors to `err`.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Status {
    let options = Options::new().strict(args.strict);
    let paths: Vec<String> = if args.paths.is_empty() {
        vec!["-".to_string()]
    } else {
        args.paths.clone()
    };
    let mut tally = Tally::default();
    let mut event: Box<CheckEvent> = Box::default();
    for path in &paths {
        let result = if path == "-" {
            check_source(
                args,
                &options,
                "-",
                stdin_size(),
                io::stdin().lock(),
                out,
                &mut tally,
                &mut event,
            )
        } else {
            match File::open(Path::new(path)) {
                Ok(file) => {
                    let size = file
                        .metadata()
                        .ok()
                        .filter(|m| m.is_file())
                        .map(|m| m.len());
                    check_source(
                        args, &options, path, size, file, out, &mut tally, &mut event,
                    )
                }
                Err(e) => Err(e),
            }
        };
        if let Err(e) = result {
            tally.io_errors += 1;
            let _ = writeln!(err, "sailor-webhook: {path}: {e}");
        }
    }
    let _ = out.flush();
    if tally.io_errors > 0 {
        Status::IoError
    } else if tally.invalid > 0 {
        Status::Invalid
    } else {
        Status::Valid
    }
}

/// The size of stdin when it is a regular file (`check < big.ndjson`).
fn stdin_size() -> Option<u64> {
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    let meta = File::from(fd).metadata().ok()?;
    meta.is_file().then_some(meta.len())
}

fn progress_bar(size: Option<u64>) -> Option<ProgressBar> {
    let size = size?;
    if size <= PROGRESS_THRESHOLD || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(size);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

#[allow(clippy::too_many_arguments)]
fn check_source(
    args: &CheckArgs,
    options: &Options,
    source: &str,
    size: Option<u64>,
    reader: impl Read,
    out: &mut dyn Write,
    tally: &mut Tally,
    event: &mut CheckEvent,
) -> io::Result<()> {
    // A document over the limit is refused without reading past it.
    let cap = options.input_limit().saturating_add(1);
    let bar = progress_bar(size);
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let before = (tally.valid, tally.invalid);
    if args.lines {
        let mut line = Vec::new();
        let mut number = 0u64;
        while let Some(consumed) = read_line_bounded(&mut reader, &mut line, cap)? {
            number += 1;
            if let Some(bar) = &bar {
                bar.inc(consumed as u64);
            }
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            // Blank: RFC 8259 whitespace only (a form feed is a payload, and invalid).
            if line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
                continue;
            }
            let mut check = || {
                report(
                    args,
                    options,
                    source,
                    Some(number),
                    &line,
                    out,
                    tally,
                    event,
                )
            };
            match &bar {
                // Keep the bar off the lines the report writes.
                Some(bar) => bar.suspend(check)?,
                None => check()?,
            }
        }
    } else {
        let mut doc = Vec::new();
        reader.take(cap as u64).read_to_end(&mut doc)?;
        if let Some(bar) = &bar {
            bar.inc(doc.len() as u64);
        }
        report(args, options, source, None, &doc, out, tally, event)?;
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.lines && args.format == Format::Human {
        writeln!(
            out,
            "{source}: {} valid, {} invalid",
            tally.valid - before.0,
            tally.invalid - before.1
        )?;
    }
    Ok(())
}

/// Checks one document into `event` and reports it.
#[allow(clippy::too_many_arguments)]
fn report(
    args: &CheckArgs,
    options: &Options,
    source: &str,
    line: Option<u64>,
    doc: &[u8],
    out: &mut dyn Write,
    tally: &mut Tally,
    event: &mut CheckEvent,
) -> io::Result<()> {
    let result = event.parse_into(doc, options).map(|()| &*event);
    match &result {
        Ok(_) => tally.valid += 1,
        Err(_) => tally.invalid += 1,
    }
    match args.format {
        Format::Json => {
            let line_json = line.map_or("null".to_string(), |n| n.to_string());
            match result {
                Ok(event) => writeln!(
                    out,
                    r#"{{"source":{},"line":{},"ok":true,{}"event":{}}}"#,
                    crate::json_str(source),
                    line_json,
                    if event.timestamp.was_seconds() {
                        r#""timestamp_was_seconds":true,"#
                    } else {
                        ""
                    },
                    event.to_json_string()
                ),
                Err(error) => writeln!(
                    out,
                    r#"{{"source":{},"line":{},"ok":false,"error":{}}}"#,
                    crate::json_str(source),
                    line_json,
                    crate::error_json(&error)
                ),
            }
        }
        Format::Human => match result {
            Ok(_) if line.is_some() => Ok(()),
            Ok(event) if event.timestamp.was_seconds() => writeln!(
                out,
                "{source}: ok ({}); timestamp read as seconds, normalised to {} ms",
                event.idempotency_key(),
                event.timestamp.millis()
            ),
            Ok(event) => writeln!(out, "{source}: ok ({})", event.idempotency_key()),
            Err(error) => out.write_all(human_error(source, line, doc, &error).as_bytes()),
        },
    }
}

/// `SOURCE:LINE:COL: ERROR`, then the offending line with a caret under the
/// offset. In `--lines` mode LINE is the input line; otherwise it is the line
/// of the document that holds the offset. Long lines are cut around the offset.
pub fn human_error(source: &str, line: Option<u64>, doc: &[u8], error: &Error) -> String {
    let offset = error.offset().min(doc.len());
    let start = doc[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = doc[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(doc.len(), |i| offset + i);
    let line_no = match line {
        Some(n) => n,
        None => 1 + doc[..start].iter().filter(|&&b| b == b'\n').count() as u64,
    };
    let shown = |bytes: &[u8]| -> Vec<char> {
        String::from_utf8_lossy(bytes)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let mut before = shown(&doc[start..offset]);
    let mut after = shown(
        doc[offset..end]
            .strip_suffix(b"\r")
            .unwrap_or(&doc[offset..end]),
    );
    let column = before.len() + 1;
    const BEFORE: usize = 60;
    const AFTER: usize = 40;
    if before.len() > BEFORE {
        before.drain(..before.len() - (BEFORE - 3));
        before.splice(0..0, "...".chars());
    }
    if after.len() > AFTER {
        after.truncate(AFTER - 3);
        after.extend("...".chars());
    }
    let gutter = line_no.to_string();
    let pad = " ".repeat(gutter.len());
    format!(
        "{source}:{line_no}:{column}: {error}\n {pad} |\n {gutter} | {}{}\n {pad} | {}^\n",
        before.iter().collect::<String>(),
        after.iter().collect::<String>(),
        " ".repeat(before.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_the_offset() {
        let doc = b"{\n  \"timestamp\": \"soon\"\n}";
        let err = sailor_webhook::parse(doc).unwrap_err();
        assert_eq!(
            human_error("f.json", None, doc, &err),
            "f.json:2:16: wrong_type at timestamp (byte 17): wrong JSON type\n   |\n 2 |   \"timestamp\": \"soon\"\n   |                ^\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_offset() {
        let mut doc = vec![b'{'];
        doc.extend(std::iter::repeat_n(b' ', 200));
        doc.extend(b"\"timestamp\": true}");
        let err = sailor_webhook::parse(&doc).unwrap_err();
        let text = human_error("-", Some(7), &doc, &err);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("-:7:215: wrong_type at timestamp (byte 214)"));
        assert!(lines[2].starts_with(" 7 | ..."));
        let caret = lines[3].find('^').unwrap();
        assert_eq!(&lines[2][caret..caret + 4], "true");
    }

    /// The most ids that fit in the default input bound fit in the event.
    #[test]
    fn the_check_event_holds_every_id_the_bounds_allow() {
        let head = r#"{"timestamp":1781935984000,"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},"outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","outcome_name":"x","outcome_type":"action"},"call":{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"},"destination":{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":["#;
        let id = "\"00000000-0000-4000-8000-000000000006\"";
        let room = Options::DEFAULT_MAX_INPUT_BYTES - head.len() - "]}}".len();
        let n = (room + 1) / (id.len() + 1);
        let doc = format!("{head}{}]}}}}", vec![id; n].join(","));
        assert!(doc.len() <= Options::DEFAULT_MAX_INPUT_BYTES);
        assert!(n <= MAX_IDS, "{n}");
        let mut event: Box<CheckEvent> = Box::default();
        event.parse_into(doc.as_bytes(), &Options::new()).unwrap();
        match &event.destination {
            sailor_webhook::Destination::RemoveSelected(ids) => assert_eq!(ids.len(), n),
            other => panic!("{other:?}"),
        }
    }
}
