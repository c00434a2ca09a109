//! `check`, `sample` and `send`, run as the real binary.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use common::*;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sailor-webhook"))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn canonical(body: &[u8]) -> String {
    sailor_webhook::parse(body).unwrap().to_json_string()
}

#[test]
fn valid_files_exit_0() {
    let ms = fixture("webhook-page-ms.json");
    let sel = fixture("remove-selected.json");
    let o = run(&["check", &ms, &sel], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let key = "00000000-0000-4000-8000-000000000004:00000000-0000-4000-8000-000000000003";
    assert_eq!(stdout(&o), format!("{ms}: ok ({key})\n{sel}: ok ({key})\n"));
}

#[test]
fn an_invalid_file_exits_1_with_the_line_and_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    let body = std::fs::read_to_string(fixture("webhook-page-ms.json"))
        .unwrap()
        .replace("+15555550100", "555-0100");
    std::fs::write(&path, &body).unwrap();
    let path = path.to_string_lossy().into_owned();
    let offset = body.find("\"555-0100\"").unwrap();
    let o = run(&["check", &path], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{path}:15:19: invalid_phone_number at call.phone_number (byte {offset}): invalid E.164 phone number\n    |\n 15 |   \"phone_number\": \"555-0100\",\n    |                   ^\n"
        )
    );
}

#[test]
fn json_format_has_the_exact_shape() {
    let ms = fixture("webhook-page-ms.json");
    let body = std::fs::read(&ms).unwrap();
    let o = run(
        &["check", "--format", "json", &ms, "-"],
        br#"{"timestamp": "soon"}"#,
    );
    assert_eq!(o.status.code(), Some(1));
    let ms_json = serde_json::Value::from(ms.as_str()).to_string();
    assert_eq!(
        stdout(&o),
        format!(
            concat!(
                r#"{{"source":{},"line":null,"ok":true,"event":{}}}"#,
                "\n",
                r#"{{"source":"-","line":null,"ok":false,"error":{{"code":"wrong_type","path":"timestamp","offset":14,"message":"wrong JSON type"}}}}"#,
                "\n"
            ),
            ms_json,
            canonical(&body)
        )
    );
    // Every line is JSON with exactly these members.
    for line in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        if v["ok"] == true {
            assert_eq!(keys, ["event", "line", "ok", "source"]);
            assert_eq!(v["event"]["outcome"]["outcome_name"], "Interested");
        } else {
            assert_eq!(keys, ["error", "line", "ok", "source"]);
            let mut e: Vec<&str> = v["error"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            e.sort();
            assert_eq!(e, ["code", "message", "offset", "path"]);
        }
    }
}

#[test]
fn lines_mode_with_good_and_bad_lines() {
    let good1 = payload(CALL, OUTCOME, None);
    let good2 = payload(
        "00000000-0000-4000-8000-0000000000b2",
        OUTCOME,
        Some(r#"{"destination_type":"none"}"#),
    );
    let bad_uuid = payload("nope", OUTCOME, None);
    let bad_offset = bad_uuid.find("\"nope\"").unwrap();
    let input = format!("{good1}\n\n{bad_uuid}\r\n{good2}\n{{\"timestamp\":1781935984000}}\n   \n");
    let o = run(&["check", "--lines", "--format", "json"], input.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            concat!(
                r#"{{"source":"-","line":1,"ok":true,"event":{}}}"#,
                "\n",
                r#"{{"source":"-","line":3,"ok":false,"error":{{"code":"invalid_uuid","path":"call.call_id","offset":{},"message":"invalid UUID"}}}}"#,
                "\n",
                r#"{{"source":"-","line":4,"ok":true,"event":{}}}"#,
                "\n",
                r#"{{"source":"-","line":5,"ok":false,"error":{{"code":"missing_field","path":"scope","offset":26,"message":"missing field"}}}}"#,
                "\n"
            ),
            canonical(good1.as_bytes()),
            bad_offset,
            canonical(good2.as_bytes()),
        )
    );

    // Human: only the bad lines, each with its line number and caret, then a tally.
    let o = run(&["check", "--lines"], input.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(&format!(
            "-:3:{}: invalid_uuid at call.call_id (byte {bad_offset})",
            bad_offset + 1
        )),
        "{out}"
    );
    assert!(lines[3].trim_start().starts_with("| "));
    assert!(
        lines[4].starts_with("-:5:27: missing_field at scope (byte 26)"),
        "{out}"
    );
    assert_eq!(lines.last().unwrap(), &"-: 2 valid, 2 invalid");

    // All good: exit 0.
    let o = run(
        &["check", "--lines"],
        format!("{good1}\n{good2}\n").as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "-: 2 valid, 0 invalid\n");
}

#[test]
fn io_and_usage_errors_exit_2() {
    let ms = fixture("webhook-page-ms.json");
    let o = run(&["check", &ms, "/nonexistent/x.json"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).starts_with(&format!("{ms}: ok")));
    assert!(stderr(&o).contains("/nonexistent/x.json"), "{}", stderr(&o));
    // A directory cannot be read as a document.
    let o = run(&["check", "/"], b"");
    assert_eq!(o.status.code(), Some(2));
    // Usage errors.
    assert_eq!(
        run(&["check", "--format", "xml"], b"").status.code(),
        Some(2)
    );
    assert_eq!(run(&["check", "--nope"], b"").status.code(), Some(2));
    assert_eq!(run(&["frobnicate"], b"").status.code(), Some(2));
}

#[test]
fn strict_rejects_seconds_and_unknown_members() {
    let seconds = fixture("guide-page-seconds.json");
    assert_eq!(run(&["check", &seconds], b"").status.code(), Some(0));
    let o = run(&["check", "--strict", "--format", "json", &seconds], b"");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["error"]["code"], "timestamp_in_seconds");
    assert_eq!(v["error"]["path"], "timestamp");

    let extra = payload(CALL, OUTCOME, None).replace(
        r#""error_message":"""#,
        r#""error_message":"","v2":{"a":1}"#,
    );
    assert_eq!(run(&["check"], extra.as_bytes()).status.code(), Some(0));
    let o = run(
        &["check", "--strict", "--format", "json", "-"],
        extra.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["error"]["code"], "unknown_member");
}

#[test]
fn an_oversize_document_is_invalid_not_an_io_error() {
    let big = vec![b' '; 70_000];
    let o = run(&["check", "--format", "json"], &big);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "{\"source\":\"-\",\"line\":null,\"ok\":false,\"error\":{\"code\":\"input_too_large\",\"path\":\"$\",\"offset\":65536,\"message\":\"input too large\"}}\n"
    );
}

#[test]
fn an_oversize_line_is_cut_at_the_limit_and_the_next_line_still_checked() {
    let good = payload(CALL, OUTCOME, None);
    let mut input = format!("{good}\n").into_bytes();
    input.push(b'{');
    input.extend(vec![b' '; 200_000]);
    input.extend(format!("\n{good}\n").as_bytes());
    let o = run(&["check", "--lines", "--format", "json"], &input);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["error"]["code"], "input_too_large");
    assert_eq!(lines[1]["error"]["offset"], 65536);
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[2]["ok"], true);
}

#[test]
fn sample_prints_valid_payloads_with_fresh_ids() {
    for destination in ["none", "smart_list", "remove_selected", "remove_all"] {
        let a = run(&["sample", "--destination", destination], b"");
        let b = run(&["sample", "--destination", destination], b"");
        assert_eq!(a.status.code(), Some(0));
        let ea = sailor_webhook::parse(&a.stdout).unwrap();
        let eb = sailor_webhook::parse(&b.stdout).unwrap();
        assert_ne!(ea.call.call_id, eb.call.call_id);
        assert_ne!(ea.outcome.outcome_id, eb.outcome.outcome_id);
        let expected = match destination {
            "none" => "none",
            "smart_list" => "smart_list",
            _ => "remove_from_smart_list",
        };
        assert_eq!(ea.destination.destination_type(), expected);
        // One line, so samples can be concatenated into NDJSON.
        assert_eq!(stdout(&a).lines().count(), 1);
        // And strict mode accepts it too.
        assert!(sailor_webhook::Options::new()
            .strict(true)
            .parse(&a.stdout)
            .is_ok());
    }
    let s = run(&["sample", "--seconds"], b"");
    let e = sailor_webhook::parse(&s.stdout).unwrap();
    assert!(e.timestamp.was_seconds());
    assert_eq!(
        run(&["sample", "--destination", "elsewhere"], b"")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn sample_piped_to_send_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), |_| {});
    let sample = run(&["sample"], b"").stdout;
    let o = run(&["send", "--url", server.url()], &sample);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "-: 200 {\"status\":\"stored\"}\n");

    // Files, a duplicate and an invalid one: exit 1, one line each.
    let good = dir.path().join("good.json");
    std::fs::write(&good, &sample).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{}").unwrap();
    let (good, bad) = (good.to_string_lossy(), bad.to_string_lossy());
    let o = run(&["send", "--url", server.url(), &good, &bad], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{good}: 200 {{\"status\":\"duplicate\"}}\n{bad}: 400 {{\"error\":{{\"code\":\"missing_field\",\"path\":\"timestamp\",\"offset\":1,\"message\":\"missing field\"}}}}\n"
        )
    );
    server.stop().unwrap();
    assert_eq!(count(dir.path(), "outcome_events"), 1);

    // Nothing listening any more: exit 2.
    let o = run(&["send", "--url", "http://127.0.0.1:9/x"], &sample);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn send_refuses_a_bad_url_before_sending() {
    let long = format!("http://127.0.0.1:9/{}", "a".repeat(2048 - 19 + 1));
    assert_eq!(long.len(), 2049);
    let cases = [
        (
            "https://example.com/hook".to_string(),
            "sailor-webhook: --url: https is not supported (this tool is built without TLS); use an http:// URL\n".to_string(),
        ),
        (
            "ftp://example.com/hook".to_string(),
            "sailor-webhook: --url must start with http:// (got \"ftp://example.com/hook\")\n".to_string(),
        ),
        (
            "http:///hook".to_string(),
            "sailor-webhook: --url has no host (got \"http:///hook\")\n".to_string(),
        ),
        (
            long,
            "sailor-webhook: --url is 2049 characters; Sailor accepts at most 2048\n".to_string(),
        ),
    ];
    for (url, message) in cases {
        // stdin is not read: the URL is refused first.
        let o = run(&["send", "--url", &url], b"");
        assert_eq!(o.status.code(), Some(2), "{url}");
        assert_eq!(stderr(&o), message);
        assert_eq!(stdout(&o), "");
    }
    use sailor_webhook_cli::send::check_url;
    assert_eq!(
        check_url(&format!("http://h/{}", "a".repeat(2048 - 9))),
        Ok(())
    );
    assert_eq!(check_url("HTTP://127.0.0.1:3000/x"), Ok(()));
    // Non-ASCII across the scheme's bytes: an error, not a slicing panic.
    assert_eq!(
        check_url("http:/é/x"),
        Err("--url must start with http:// (got \"http:/é/x\")".to_string())
    );
    assert_eq!(
        check_url("https:/é/x"),
        Err("--url must start with http:// (got \"https:/é/x\")".to_string())
    );
}

/// A large input checked on a terminal shows a progress bar on stderr (here a
/// pseudo-terminal from util-linux `script`), keeps it off the report lines,
/// and clears it; on a pipe there is none.
#[test]
fn a_large_input_on_a_terminal_gets_a_progress_bar() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ndjson");
    let bad = payload("nope", OUTCOME, None);
    let mut body = String::new();
    let mut lines = 0u64;
    while body.len() as u64 <= sailor_webhook_cli::check::PROGRESS_THRESHOLD {
        lines += 1;
        let line = if lines == 5000 {
            bad.clone()
        } else {
            numbered(lines as u32, lines).0
        };
        body.push_str(&line);
        body.push('\n');
    }
    std::fs::write(&path, &body).unwrap();
    let path = path.to_string_lossy().into_owned();
    let summary = format!("{path}: {} valid, 1 invalid", lines - 1);

    // On a pipe: the report only.
    let o = run(&["check", "--lines", &path], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "");
    let out = stdout(&o);
    assert!(out.starts_with(&format!("{path}:5000:")), "{out}");
    assert!(out.ends_with(&format!("{summary}\n")), "{out}");
    let total = indicatif::HumanBytes(body.len() as u64).to_string();
    assert!(!out.contains(&total));

    // On a terminal: the same report, and the bar with the total size.
    let command = format!(
        "{} check --lines '{path}'",
        env!("CARGO_BIN_EXE_sailor-webhook")
    );
    let o = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let tty = stdout(&o);
    assert!(tty.contains(&format!("/{total} ")), "no bar in {tty:?}");
    assert!(tty.contains(&format!("{path}:5000:")), "{tty:?}");
    assert!(tty.contains(&summary), "{tty:?}");
}

/// A 16,000-byte `error_message` mixing 2-, 3- and 4-byte characters, raw
/// and as `\u` escapes (surrogate pairs included), and the text it decodes to.
fn long_multibyte_message() -> (String, String) {
    let (mut json, mut text) = (String::new(), String::new());
    let pieces = [
        ("é", "é"),
        ("\\u20ac", "€"),
        ("😀", "😀"),
        ("\\ud83d\\ude80", "🚀"),
        ("ab", "ab"),
    ];
    let mut i = 0;
    while json.len() < 16_000 - 12 {
        let (j, t) = pieces[i % pieces.len()];
        json.push_str(j);
        text.push_str(t);
        i += 1;
    }
    while json.len() < 16_000 {
        json.push('z');
        text.push('z');
    }
    assert_eq!(json.len(), 16_000);
    (json, text)
}

#[test]
fn json_reports_the_whole_error_message() {
    let (json, text) = long_multibyte_message();
    let body = payload(CALL, OUTCOME, None).replace(
        r#""error_message":"""#,
        &format!(r#""error_message":"{json}""#),
    );
    assert!(body.contains(&json), "the fixture has an empty message");
    let o = run(&["check", "--format", "json"], body.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["event"]["error_message"].as_str().unwrap(), text);
    // 256 bytes then more: the case that was cut to 256 and reported valid.
    let body = payload(CALL, OUTCOME, None).replace(
        r#""error_message":"""#,
        &format!(r#""error_message":"{}XYZ""#, "a".repeat(256)),
    );
    let o = run(&["check", "--format", "json"], body.as_bytes());
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    assert_eq!(
        v["event"]["error_message"].as_str().unwrap(),
        format!("{}XYZ", "a".repeat(256))
    );
}

#[test]
fn more_ids_than_the_library_default_are_reported_whole() {
    let ids: Vec<String> = (0..40)
        .map(|i| format!("\"00000000-0000-4000-8000-{i:012x}\""))
        .collect();
    let dest = format!(
        r#"{{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":[{}]}}"#,
        ids.join(",")
    );
    let body = payload(CALL, OUTCOME, Some(&dest));
    let o = run(&["check", "--format", "json"], body.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim_end()).unwrap();
    let got: Vec<String> = v["event"]["destination"]["destination_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| format!("\"{}\"", id.as_str().unwrap()))
        .collect();
    assert_eq!(got, ids);
}

#[test]
fn seconds_are_reported_in_both_formats() {
    let seconds = fixture("guide-page-seconds.json");
    let ms = fixture("webhook-page-ms.json");
    let o = run(&["check", "--format", "json", &seconds, &ms], b"");
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["timestamp_was_seconds"], true);
    assert_eq!(lines[0]["event"]["timestamp"], 1_781_935_984_000u64);
    assert!(lines[1].get("timestamp_was_seconds").is_none(), "{out}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains(r#""ok":true,"timestamp_was_seconds":true,"event":"#),
        "{out}"
    );
    let o = run(&["check", &seconds, &ms], b"");
    let key = "00000000-0000-4000-8000-000000000004:00000000-0000-4000-8000-000000000003";
    assert_eq!(
        stdout(&o),
        format!(
            "{seconds}: ok ({key}); timestamp read as seconds, normalised to 1781935984000 ms\n{ms}: ok ({key})\n"
        )
    );
}

/// RFC 8259 whitespace is space, tab, LF and CR: a line of anything else
/// is a payload, and invalid, in `--lines` as in a file.
#[test]
fn lines_of_other_whitespace_are_payloads() {
    for (what, bytes) in [
        ("form feed", &b"\x0c"[..]),
        ("vertical tab", b"\x0b"),
        ("NBSP", "\u{a0}".as_bytes()),
        ("U+2028", "\u{2028}".as_bytes()),
    ] {
        let mut input = bytes.to_vec();
        input.push(b'\n');
        let o = run(&["check", "--lines", "--format", "json"], &input);
        assert_eq!(o.status.code(), Some(1), "{what}");
        assert_eq!(
            stdout(&o),
            r#"{"source":"-","line":1,"ok":false,"error":{"code":"unexpected_byte","path":"$","offset":0,"message":"unexpected byte"}}"#.to_string() + "\n",
            "{what}"
        );
        let o = run(&["check", "--format", "json"], bytes);
        assert_eq!(
            stdout(&o),
            r#"{"source":"-","line":null,"ok":false,"error":{"code":"unexpected_byte","path":"$","offset":0,"message":"unexpected byte"}}"#.to_string() + "\n",
            "{what}"
        );
    }
    // Space, tab and CR only: blank, skipped.
    let o = run(&["check", "--lines"], b" \t \r\n\n");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "-: 0 valid, 0 invalid\n");
}
