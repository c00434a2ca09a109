//! Inputs found by the fuzz targets (`fuzz/`), minimized with
//! `cargo fuzz tmin`, each with its exact expected result.
//!
//! The fuzz runs on the real crate have not found a crash or a property
//! violation so far. The rows below are the minimized inputs with which the
//! targets caught bugs injected on purpose into a scratch copy (the issue's
//! proof that the targets find bugs); each one fails if that bug comes back.
//! A finding on the real crate goes here the same way (see the README's
//! "Fuzzing" section).

use sailor_webhook::{Error, ErrorKind, ErrorKind::*, Options, OutcomeEvent};

struct Row {
    /// What the input guards against, and which target found it.
    why: &'static str,
    input: &'static [u8],
    /// Default options: (kind, path, offset).
    lenient: (ErrorKind, &'static str, usize),
    /// Strict mode: (kind, path, offset).
    strict: (ErrorKind, &'static str, usize),
}

const ROWS: &[Row] = &[
    Row {
        why: "E.164 accepting 16 digits (parse_bytes: the canonical form lost a digit)",
        input: br#"{"timestamp":178351000,"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},"outcome":{"outcome_id":"00000000-0000-4000-8000-400000000003","outcome_name":"I","outcome_type":"action"},"call":{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+1555555010000001","contact_id":"00000000-0000-4000-8000-000000000005"},"":""}"#,
        lenient: (InvalidPhoneNumber, "call.phone_number", 324),
        strict: (TimestampInSeconds, "timestamp", 13),
    },
    Row {
        why: "a lone high surrogate accepted (differential: serde_json rejects it)",
        input: br#"{"timestamp":178193500,"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},"outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","outcome_name":"e","outcome_type":"action"},"call":{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+15\ud800","contact_id":"00000000-0000-4000-8000-0000000000ed"}}"#,
        lenient: (LoneSurrogate, "call.phone_number", 328),
        strict: (TimestampInSeconds, "timestamp", 13),
    },
    Row {
        why: "no duplicate check in nested unknown objects (parse_bytes: accepted input is not I-JSON)",
        input: br#"{"timestamp":193984000,"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},"outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","outcome_name":"n","outcome_type":"action"},"call":{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+55","contact_id":"00000000-0000-4000-8000-000000000005"},"":{"selection":"","selection":[]}}"#,
        lenient: (DuplicateKey, "*", 402),
        strict: (TimestampInSeconds, "timestamp", 13),
    },
];

fn check(row: &Row, opts: &Options, (kind, path, offset): (ErrorKind, &str, usize)) {
    let got: Error = opts.parse_view(row.input).expect_err(row.why);
    assert_eq!(
        (got.kind(), got.path().to_string().as_str(), got.offset()),
        (kind, path, offset),
        "{}: {got}",
        row.why
    );
    let owned: Result<OutcomeEvent, Error> = opts.parse(row.input);
    assert_eq!(owned, Err(got), "{}: owned and borrowed disagree", row.why);
}

#[test]
fn fuzz_found_inputs_give_their_exact_errors() {
    for row in ROWS {
        check(row, &Options::new(), row.lenient);
        check(row, &Options::new().strict(true), row.strict);
    }
}

/// The same three rules at the point where each input broke them, with
/// everything else valid: fixing the seconds makes the rule the only error.
#[test]
fn fuzz_found_inputs_with_a_millisecond_timestamp() {
    for row in ROWS {
        let text = std::str::from_utf8(row.input).expect("UTF-8");
        let start = text.find(':').expect("a member") + 1;
        let end = start + text[start..].find(',').expect("more members");
        // Nine digits become twelve: every offset after them moves by 3.
        let fixed = format!("{}178193598400{}", &text[..start], &text[end..]);
        let (kind, path, offset) = row.lenient;
        for opts in [Options::new(), Options::new().strict(true)] {
            let e = opts.parse_view(fixed.as_bytes()).expect_err(row.why);
            if opts.is_strict() && path == "*" {
                // Strict mode stops at the unknown member itself.
                assert_eq!(
                    (e.kind(), e.path().to_string()),
                    (UnknownMember, "*".into())
                );
                continue;
            }
            assert_eq!(
                (e.kind(), e.path().to_string().as_str(), e.offset()),
                (kind, path, offset + 3),
                "{}: {e}",
                row.why
            );
        }
    }
}
