//! JSONTestSuite conformance (github.com/nst/JSONTestSuite, `test_parsing/`).
//!
//! The suite is vendored in `tests/JSONTestSuite/test_parsing/` (upstream
//! commit and licence in `tests/JSONTestSuite/`); `$JSON_TEST_SUITE_DIR`
//! points the tests at another copy. A missing directory fails the tests.
//!
//! - Each `y_` document is accepted as the value of an unknown member, except
//!   `y_object_duplicated_key*` (I-JSON forbids duplicate names: rejected with
//!   `duplicate_key`, a documented divergence from RFC 8259).
//! - Each `n_` document is rejected as the value of an unknown member.
//! - Each `y_string_*` / `n_string_*` string gives the same verdict as the
//!   value of `outcome.outcome_name` (and of `error_message`, which has no
//!   length rule); a `y_string` that decodes to 0 or more than 120 characters
//!   would be `invalid_length` instead.
//! - Each `i_` document has the verdict in [`I_VERDICTS`], also listed in
//!   `docs/conformance.md`.

use std::path::{Path, PathBuf};

use sailor_webhook::{ErrorKind, ErrorKind::*, Options};

/// How a document fares as the value of an unknown member.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Verdict {
    Accepted,
    Rejected(ErrorKind),
}
use Verdict::*;

/// The decided verdict of every `i_` (implementation-defined) case, and why.
const I_VERDICTS: &[(&str, Verdict, &str)] = &[
    ("i_number_double_huge_neg_exp.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_huge_exp.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_neg_int_huge_exp.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_pos_double_huge_exp.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_real_neg_overflow.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_real_pos_overflow.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_real_underflow.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_too_big_neg_int.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_too_big_pos_int.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_number_very_big_negative_int.json", Accepted, "valid number grammar; unknown values are not range-checked"),
    ("i_object_key_lone_2nd_surrogate.json", Rejected(LoneSurrogate), "lone surrogate escape in a member name"),
    ("i_string_1st_surrogate_but_2nd_missing.json", Rejected(LoneSurrogate), "high surrogate escape without a low one"),
    ("i_string_1st_valid_surrogate_2nd_invalid.json", Rejected(LoneSurrogate), "high surrogate followed by a non-surrogate escape"),
    ("i_string_UTF-16LE_with_BOM.json", Rejected(UnexpectedByte), "UTF-16 is not UTF-8: byte FF where a value starts"),
    ("i_string_UTF-8_invalid_sequence.json", Rejected(InvalidUtf8), "invalid UTF-8 sequence"),
    ("i_string_UTF8_surrogate_U+D800.json", Rejected(InvalidUtf8), "UTF-8-encoded surrogate (ED A0 80)"),
    ("i_string_incomplete_surrogate_and_escape_valid.json", Rejected(LoneSurrogate), "high surrogate followed by \\n"),
    ("i_string_incomplete_surrogate_pair.json", Rejected(LoneSurrogate), "low surrogate escape first"),
    ("i_string_incomplete_surrogates_escape_valid.json", Rejected(LoneSurrogate), "two high surrogates"),
    ("i_string_invalid_lonely_surrogate.json", Rejected(LoneSurrogate), "lone high surrogate escape"),
    ("i_string_invalid_surrogate.json", Rejected(LoneSurrogate), "high surrogate followed by plain text"),
    ("i_string_invalid_utf-8.json", Rejected(InvalidUtf8), "byte FF is never UTF-8"),
    ("i_string_inverted_surrogates_U+1D11E.json", Rejected(LoneSurrogate), "low surrogate before high"),
    ("i_string_iso_latin_1.json", Rejected(InvalidUtf8), "Latin-1 byte E9 is not UTF-8"),
    ("i_string_lone_second_surrogate.json", Rejected(LoneSurrogate), "lone low surrogate escape"),
    ("i_string_lone_utf8_continuation_byte.json", Rejected(InvalidUtf8), "lone continuation byte"),
    ("i_string_not_in_unicode_range.json", Rejected(InvalidUtf8), "F4 BF BF BF is above U+10FFFF"),
    ("i_string_overlong_sequence_2_bytes.json", Rejected(InvalidUtf8), "overlong 2-byte form"),
    ("i_string_overlong_sequence_6_bytes.json", Rejected(InvalidUtf8), "6-byte form (overlong, not UTF-8)"),
    ("i_string_overlong_sequence_6_bytes_null.json", Rejected(InvalidUtf8), "6-byte overlong NUL"),
    ("i_string_truncated-utf-8.json", Rejected(InvalidUtf8), "truncated sequence"),
    ("i_string_utf16BE_no_BOM.json", Rejected(UnexpectedByte), "UTF-16 is not UTF-8: NUL byte where a value starts"),
    ("i_string_utf16LE_no_BOM.json", Rejected(UnexpectedByte), "UTF-16 is not UTF-8: NUL byte inside the array"),
    ("i_structure_500_nested_arrays.json", Rejected(DepthLimit), "500 levels exceed the depth limit (32)"),
    ("i_structure_UTF-8_BOM_empty_object.json", Rejected(UnexpectedByte), "a BOM is only recognised (and rejected) at the start of the input; inside, it is an unexpected byte"),
];

/// `n_` documents that would be accepted only because of how they are
/// embedded. There are none: each document is the last member, followed
/// directly by the closing brace, so an unclosed document cannot borrow
/// anything but that brace, and no `n_` document becomes valid with it.
const N_ACCEPTED_BY_EMBEDDING: &[(&str, &str)] = &[];

const MS: &str = include_str!("fixtures/webhook-page-ms.json");

/// The suite's `test_parsing` directory: `$JSON_TEST_SUITE_DIR`, or else the vendored copy.
fn suite_dir() -> PathBuf {
    let dir = match std::env::var_os("JSON_TEST_SUITE_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/JSONTestSuite/test_parsing"),
    };
    assert!(
        dir.is_dir(),
        "JSONTestSuite not found at {}; set JSON_TEST_SUITE_DIR to its test_parsing directory",
        dir.display()
    );
    dir
}

/// Every file of the suite: (name, bytes), sorted by name.
fn suite() -> Vec<(String, Vec<u8>)> {
    let dir = suite_dir();
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn opts() -> Options {
    Options::new().max_input_bytes(16 << 20)
}

/// The valid payload with `doc` as the value of its last member `"x"`,
/// followed directly by the closing brace. Returns the input and where `doc` starts.
fn embed(doc: &[u8]) -> (Vec<u8>, usize) {
    let body = MS.trim_end().strip_suffix('}').unwrap().trim_end();
    let mut input = format!("{body},\n \"x\": ").into_bytes();
    let at = input.len();
    input.extend_from_slice(doc);
    input.push(b'}');
    (input, at)
}

fn verdict(input: &[u8]) -> Result<(), sailor_webhook::Error> {
    let o = opts();
    let owned = o.parse(input).map(|_| ());
    // The three entry points always agree.
    assert_eq!(o.parse_view(input).map(|_| ()), owned);
    assert_eq!(o.validate(input), owned);
    owned
}

fn count(files: &[(String, Vec<u8>)], prefix: &str) -> usize {
    files.iter().filter(|(n, _)| n.starts_with(prefix)).count()
}

#[test]
fn suite_counts() {
    let files = suite();
    assert_eq!(count(&files, "y_"), 95);
    assert_eq!(count(&files, "n_"), 188);
    assert_eq!(count(&files, "i_"), 35);
    assert_eq!(files.len(), 95 + 188 + 35);
}

#[test]
fn y_documents_are_accepted_as_unknown_members() {
    let files = suite();
    let mut accepted = 0;
    for (name, doc) in files.iter().filter(|(n, _)| n.starts_with("y_")) {
        let (input, at) = embed(doc);
        let r = verdict(&input);
        if name.starts_with("y_object_duplicated_key") {
            // Documented divergence: I-JSON (RFC 7493) forbids duplicate names.
            let err = r.expect_err(name);
            assert_eq!(err.kind(), DuplicateKey, "{name}");
            assert_eq!(err.path().to_string(), "*", "{name}");
            // The second "a" of {"a":"b","a":...}.
            assert_eq!(err.offset(), at + 9, "{name}");
            continue;
        }
        if let Err(err) = r {
            panic!("{name} rejected: {err}\n{}", String::from_utf8_lossy(doc));
        }
        accepted += 1;
    }
    assert_eq!(accepted, 93);
}

#[test]
fn n_documents_are_rejected_as_unknown_members() {
    let files = suite();
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    let mut rejected = 0;
    for (name, doc) in files.iter().filter(|(n, _)| n.starts_with("n_")) {
        let (input, at) = embed(doc);
        match verdict(&input) {
            Err(err) => {
                // The error is in the document (or the brace right after it).
                assert!(err.offset() >= at, "{name}: {err} before the document");
                *kinds.entry(err.kind().code()).or_default() += 1;
                rejected += 1;
                assert!(
                    N_ACCEPTED_BY_EMBEDDING.iter().all(|(n, _)| n != name),
                    "{name} is listed as accepted but is rejected: {err}"
                );
            }
            Ok(()) => assert!(
                N_ACCEPTED_BY_EMBEDDING.iter().any(|(n, _)| n == name),
                "{name} accepted: {}",
                String::from_utf8_lossy(doc)
            ),
        }
    }
    assert_eq!(rejected, 188 - N_ACCEPTED_BY_EMBEDDING.len());
    println!("n_ rejections by kind: {kinds:?}");
}

#[test]
fn i_documents_have_their_decided_verdicts() {
    let files = suite();
    let names: Vec<&str> = files
        .iter()
        .filter(|(n, _)| n.starts_with("i_"))
        .map(|(n, _)| n.as_str())
        .collect();
    let listed: Vec<&str> = I_VERDICTS.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(
        names, listed,
        "I_VERDICTS must list every i_ file, in order"
    );
    for (name, expected, why) in I_VERDICTS {
        let doc = &files.iter().find(|(n, _)| n == name).unwrap().1;
        let (input, at) = embed(doc);
        let got = match verdict(&input) {
            Ok(()) => Accepted,
            Err(err) => {
                assert!(err.offset() >= at, "{name}: {err}");
                assert_eq!(err.path().to_string(), "*", "{name}: {err}");
                Rejected(err.kind())
            }
        };
        assert_eq!(got, *expected, "{name} ({why})");
    }
}

#[test]
fn i_verdicts_are_documented() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/conformance.md"))
            .expect("docs/conformance.md");
    for (name, verdict, why) in I_VERDICTS {
        let v = match verdict {
            Accepted => "accepted".to_string(),
            Rejected(k) => format!("rejected (`{}`)", k.code()),
        };
        let row = format!("| `{name}` | {v} | {why} |");
        assert!(
            doc.contains(&row),
            "docs/conformance.md lacks the row\n{row}"
        );
    }
}

#[test]
fn every_document_standalone_is_not_a_payload() {
    let files = suite();
    for (name, doc) in &files {
        let err = verdict(doc).expect_err(name);
        // An object fails on its members or a missing field; anything else on its first bytes.
        let _ = err.to_string();
        if name == "i_structure_UTF-8_BOM_empty_object.json" {
            assert_eq!((err.kind(), err.offset()), (ByteOrderMark, 0));
        }
    }
}

// ---- Strings as outcome.outcome_name and error_message ----

/// The string of a `y_string_*` / `n_string_*` document: the text inside its
/// one-element array (or the whole document when it is not an array).
fn string_value(doc: &[u8]) -> &[u8] {
    let t = doc.trim_ascii();
    let t = t.strip_prefix(b"[").unwrap_or(t);
    let t = t.strip_suffix(b"]").unwrap_or(t);
    t.trim_ascii()
}

/// A payload whose last member is `outcome`, whose last member is
/// `outcome_name`: `value`, then `}}`.
fn as_outcome_name(value: &[u8]) -> Vec<u8> {
    let mut input = br#"{"timestamp":1781935984000,"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},"call":{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"},"outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","outcome_type":"action","outcome_name":"#.to_vec();
    input.extend_from_slice(value);
    input.extend_from_slice(b"}}");
    input
}

/// A payload whose last member is `error_message`: `value`, then `}`.
fn as_error_message(value: &[u8]) -> Vec<u8> {
    let body = MS.trim_end().strip_suffix('}').unwrap().trim_end();
    let body = body.replacen("\"error_message\": \"\",", "", 1);
    let mut input = format!("{body},\"error_message\":").into_bytes();
    input.extend_from_slice(value);
    input.push(b'}');
    input
}

#[test]
fn string_cases_as_outcome_name_and_error_message() {
    let files = suite();
    let strings = |p: &'static str| files.iter().filter(move |(n, _)| n.starts_with(p));
    let mut checked = (0, 0);
    for (name, doc) in strings("y_string_") {
        let value = string_value(doc);
        // The reference decoding, by serde_json.
        let expected: String = serde_json::from_slice(value).unwrap();
        let chars = expected.chars().count();
        let input = as_outcome_name(value);
        match verdict(&input) {
            Ok(()) => {
                assert!((1..=120).contains(&chars), "{name}");
                let e = opts().parse(&input).unwrap();
                assert_eq!(e.outcome.outcome_name.as_str(), expected, "{name}");
                let v = opts().parse_view(&input).unwrap();
                assert_eq!(v.outcome.outcome_name, expected.as_str(), "{name}");
                assert_eq!(v.outcome.outcome_name.char_count(), chars, "{name}");
            }
            Err(err) => {
                assert!(chars == 0 || chars > 120, "{name}: {err}");
                assert_eq!(err.kind(), InvalidLength, "{name}");
            }
        }
        let e = opts()
            .parse(&as_error_message(value))
            .unwrap_or_else(|err| panic!("{name} as error_message: {err}"));
        assert_eq!(e.error_message.as_str(), expected, "{name}");
        checked.0 += 1;
    }
    for (name, doc) in strings("n_string_") {
        let value = string_value(doc);
        let err = verdict(&as_outcome_name(value)).expect_err(name);
        let path = err.path().to_string();
        assert!(
            path == "outcome.outcome_name" || path == "outcome",
            "{name}: {err}"
        );
        // Without a length rule the string is still rejected, for a JSON reason.
        let err = verdict(&as_error_message(value)).expect_err(name);
        assert!(
            !matches!(err.kind(), InvalidLength | MissingField),
            "{name}: {err}"
        );
        checked.1 += 1;
    }
    assert_eq!(checked, (43, 29));
}

#[test]
fn i_string_cases_as_outcome_name() {
    let files = suite();
    for (name, expected, _) in I_VERDICTS
        .iter()
        .filter(|(n, _, _)| n.starts_with("i_string_"))
    {
        let doc = &files.iter().find(|(n, _)| n == name).unwrap().1;
        if !(doc.starts_with(b"[\"") && doc.trim_ascii_end().ends_with(b"\"]")) {
            continue; // the UTF-16 files hold no UTF-8 string to extract
        }
        let got = match verdict(&as_outcome_name(string_value(doc))) {
            Ok(()) => Accepted,
            Err(err) => {
                assert_eq!(err.path().to_string(), "outcome.outcome_name", "{name}");
                Rejected(err.kind())
            }
        };
        assert_eq!(got, *expected, "{name}");
    }
}
