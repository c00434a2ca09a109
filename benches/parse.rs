//! Parse benchmarks: sailor-webhook against the peers a user would pick
//! instead, one criterion group per input, every result asserted.
//!
//! Groups (inputs): `seed_compact`, `seed_pretty`, `remove_selected_16`,
//! `escaped_strings`, `invalid_early`, `invalid_late`; and `worst_case`,
//! one function per input built to be slow (see [`worst_case`]), with
//! `seed_compact` in the same group as the per-byte yardstick.
//! Functions (in every group): `sailor_owned`, `sailor_borrowed`,
//! `sailor_validate_only`, `serde_json_owned`, `serde_json_borrowed`,
//! `serde_json_core`.
//!
//! The peers only deserialize into mirror structs; they validate nothing
//! (no UUID, E.164, enum or destination rules). On the invalid inputs every
//! peer is asserted to reject, and sailor is asserted to give the exact
//! error kind, path and offset. See `benches/README.md` for the figures.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sailor_webhook::{Destination, DestinationView, ErrorKind, Field, OutcomeType, Path};

// ---------------------------------------------------------------- inputs

/// `SEED_PRETTY` and `compact`, shared with `benches/instructions.rs`.
mod inputs;
use inputs::{compact, payload, worst_case, SEED_PRETTY};

/// The `n`th id of the remove-from-selected inputs.
fn list_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{:012x}", 0x10 + n)
}

/// `remove_from_smart_list` / `selected` with 16 ids; the last one's text is `last`.
fn remove_selected_16(last: &str) -> Vec<u8> {
    let mut ids: Vec<String> = (0..15).map(|n| format!("\"{}\"", list_id(n))).collect();
    ids.push(last.to_string());
    let destination = format!(
        r#"{{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":[{}]}}"#,
        ids.join(",")
    );
    payload(r#""""#, r#""Interested""#, &destination)
}

const SMART_LIST: &str =
    r#"{"destination_type":"smart_list","destination_id":"00000000-0000-4000-8000-000000000006"}"#;

/// Escapes (`\"`, `\\`, `\n`, `\t`, `\/`, `\u00e9`, `\u2603`) and astral
/// characters (raw 4-byte UTF-8) in `outcome_name` and `error_message`.
/// The astral characters are raw UTF-8, not surrogate-pair escapes, because
/// serde-json-core rejects valid surrogate pairs; the group would then time
/// its rejection instead of a parse.
const ESCAPED_NAME_JSON: &str = r#""Caf\u00e9 \"VIP\" \u2603 🚀 lead 😀\/\u0041""#;
const ESCAPED_NAME: &str = "Café \"VIP\" ☃ 🚀 lead 😀/A";
const ESCAPED_MSG_JSON: &str =
    r#""list 𝄞 \"Warm\"\\leads\n\tnot found: r\u00e9sum\u00e9 \u2603 🎉, retry later""#;
const ESCAPED_MSG: &str = "list 𝄞 \"Warm\"\\leads\n\tnot found: résumé ☃ 🎉, retry later";

/// The last id wrong: a number where the id string belongs, at the very end
/// of the id list. (A non-hex digit or a raw control character would do for
/// sailor, but the peers validate no UUIDs, and serde-json-core accepts raw
/// control characters in strings, so they would not reject.)
const BAD_LAST_ID: &str = "1600000000000000";

// ---------------------------------------------------------------- peers

/// The peers' mirror structs (`sj_owned`, `sj_borrowed`, `sjc`), shared with
/// `benches/instructions.rs`.
mod peers;
use peers::{sj_borrowed, sj_owned, sjc};

// ---------------------------------------------------------------- cases

/// What a valid input must parse to (checked on every iteration).
#[derive(Clone, Copy)]
struct Expect {
    name: &'static str,
    message: &'static str,
    /// The raw text between the quotes, escapes not decoded.
    name_raw: &'static str,
    message_raw: &'static str,
    /// `None`: a `smart_list` destination; `Some(n)`: `selected` with n ids.
    ids: Option<usize>,
}

/// The exact rejection of an invalid input.
#[derive(Clone, Copy)]
struct Reject {
    kind: ErrorKind,
    path: Path,
    /// The path's `Display`, checked once outside the timed loop.
    path_text: &'static str,
    offset: usize,
}

enum Case {
    Valid(Expect),
    Invalid(Reject),
}

const PHONE: u64 = 15_555_550_100;
const TIMESTAMP: u64 = 1_781_935_984_000;

fn check_event(e: &sailor_webhook::OutcomeEvent, x: &Expect) {
    assert_eq!(e.timestamp.millis(), TIMESTAMP);
    assert_eq!(e.call.phone_number.as_u64(), PHONE);
    assert_eq!(e.outcome.outcome_type, OutcomeType::Action);
    assert_eq!(e.outcome.outcome_name.as_str(), x.name);
    assert_eq!(e.error_message.as_str(), x.message);
    match (&e.destination, x.ids) {
        (Destination::SmartList(id), None) => assert_eq!(id.as_bytes()[15], 6),
        (Destination::RemoveSelected(ids), Some(n)) => {
            assert_eq!(ids.len(), n);
            assert_eq!(
                ids.last().map(|id| id.as_bytes()[15]),
                Some(0x10 + n as u8 - 1)
            );
        }
        _ => panic!("wrong destination"),
    }
}

fn check_view(v: &sailor_webhook::OutcomeView<'_>, x: &Expect) {
    assert_eq!(v.timestamp.millis(), TIMESTAMP);
    assert_eq!(v.call.phone_number.as_u64(), PHONE);
    assert_eq!(v.outcome.outcome_type, OutcomeType::Action);
    // The view decodes escapes on demand: in the loop, check that it holds
    // the right raw text; the decoded text is checked once before timing.
    assert_eq!(v.outcome.outcome_name.raw(), x.name_raw);
    assert_eq!(v.error_message.raw(), x.message_raw);
    match (&v.destination, x.ids) {
        (DestinationView::SmartList(id), None) => assert_eq!(id.as_bytes()[15], 6),
        (DestinationView::RemoveSelected(ids), Some(n)) => assert_eq!(ids.len(), n),
        _ => panic!("wrong destination"),
    }
}

fn check_error(e: sailor_webhook::Error, r: &Reject) {
    assert_eq!(e.kind(), r.kind);
    assert_eq!(e.path(), r.path);
    assert_eq!(e.offset(), r.offset);
}

fn check_sj_owned(p: &sj_owned::Payload, x: &Expect) {
    assert_eq!(p.timestamp, TIMESTAMP);
    assert_eq!(p.call.phone_number, "+15555550100");
    assert_eq!(p.outcome.outcome_type, "action");
    assert_eq!(p.outcome.outcome_name, x.name);
    assert_eq!(p.error_message.as_deref().unwrap_or(""), x.message);
    assert_eq!(
        p.scope.subaccount_id.len() + p.scope.organization_id.len(),
        72
    );
    assert_eq!(
        p.outcome.outcome_id.len() + p.call.call_id.len() + p.call.contact_id.len(),
        108
    );
    let d = p.destination.as_ref().expect("destination");
    match x.ids {
        None => assert_eq!(d.destination_id.as_deref().map(str::len), Some(36)),
        Some(n) => assert_eq!(d.destination_ids.as_ref().map(Vec::len), Some(n)),
    }
    assert!(!d.destination_type.is_empty() && d.selection.as_deref() != Some(""));
}

fn check_sj_borrowed(p: &sj_borrowed::Payload<'_>, x: &Expect) {
    assert_eq!(p.timestamp, TIMESTAMP);
    assert_eq!(p.call.phone_number, "+15555550100");
    assert_eq!(p.outcome.outcome_type, "action");
    assert_eq!(p.outcome.outcome_name, x.name);
    assert_eq!(p.error_message.as_deref().unwrap_or(""), x.message);
    assert_eq!(
        p.scope.subaccount_id.len() + p.scope.organization_id.len(),
        72
    );
    assert_eq!(
        p.outcome.outcome_id.len() + p.call.call_id.len() + p.call.contact_id.len(),
        108
    );
    let d = p.destination.as_ref().expect("destination");
    match x.ids {
        None => assert_eq!(d.destination_id.as_deref().map(str::len), Some(36)),
        Some(n) => assert_eq!(d.destination_ids.as_ref().map(Vec::len), Some(n)),
    }
    assert!(!d.destination_type.is_empty() && d.selection.as_deref() != Some(""));
}

fn check_sjc(p: &sjc::Payload, x: &Expect) {
    assert_eq!(p.timestamp, TIMESTAMP);
    assert_eq!(p.call.phone_number, "+15555550100");
    assert_eq!(p.outcome.outcome_type, "action");
    assert_eq!(p.outcome.outcome_name, x.name);
    assert_eq!(p.error_message.as_deref().unwrap_or(""), x.message);
    assert_eq!(
        p.scope.subaccount_id.len() + p.scope.organization_id.len(),
        72
    );
    assert_eq!(
        p.outcome.outcome_id.len() + p.call.call_id.len() + p.call.contact_id.len(),
        108
    );
    let d = p.destination.as_ref().expect("destination");
    match x.ids {
        None => assert_eq!(d.destination_id.as_deref().map(str::len), Some(36)),
        Some(n) => assert_eq!(d.destination_ids.as_ref().map(|v| v.len()), Some(n)),
    }
    assert!(!d.destination_type.is_empty() && d.selection.as_deref() != Some(""));
}

fn bench_group(c: &mut Criterion, name: &str, input: &[u8], case: Case) {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(input.len() as u64));
    match case {
        // Each iteration parses, asserts and drops its result (returning it
        // would add a copy of the whole value, 1.1 KiB for the owned event).
        Case::Valid(x) => {
            let v = sailor_webhook::parse_view(input).expect("valid");
            assert!(v.outcome.outcome_name == x.name && v.error_message == x.message);
            g.bench_function("sailor_owned", |b| {
                b.iter(|| {
                    let e = sailor_webhook::parse(black_box(input)).expect("valid");
                    check_event(&e, &x);
                })
            });
            g.bench_function("sailor_borrowed", |b| {
                b.iter(|| {
                    let v = sailor_webhook::parse_view(black_box(input)).expect("valid");
                    check_view(&v, &x);
                })
            });
            g.bench_function("sailor_validate_only", |b| {
                b.iter(|| assert_eq!(sailor_webhook::validate(black_box(input)), Ok(())))
            });
            g.bench_function("serde_json_owned", |b| {
                b.iter(|| {
                    let p: sj_owned::Payload =
                        serde_json::from_slice(black_box(input)).expect("valid");
                    check_sj_owned(&p, &x);
                })
            });
            g.bench_function("serde_json_borrowed", |b| {
                b.iter(|| {
                    let p: sj_borrowed::Payload<'_> =
                        serde_json::from_slice(black_box(input)).expect("valid");
                    check_sj_borrowed(&p, &x);
                })
            });
            g.bench_function("serde_json_core", |b| {
                b.iter(|| {
                    let p = sjc::parse(black_box(input)).expect("valid");
                    check_sjc(&p, &x);
                })
            });
        }
        Case::Invalid(r) => {
            let e = sailor_webhook::parse(input).unwrap_err();
            assert_eq!(e.path().to_string(), r.path_text);
            g.bench_function("sailor_owned", |b| {
                b.iter(|| check_error(sailor_webhook::parse(black_box(input)).unwrap_err(), &r))
            });
            g.bench_function("sailor_borrowed", |b| {
                b.iter(|| {
                    check_error(
                        sailor_webhook::parse_view(black_box(input)).unwrap_err(),
                        &r,
                    )
                })
            });
            g.bench_function("sailor_validate_only", |b| {
                b.iter(|| check_error(sailor_webhook::validate(black_box(input)).unwrap_err(), &r))
            });
            g.bench_function("serde_json_owned", |b| {
                b.iter(|| {
                    assert!(serde_json::from_slice::<sj_owned::Payload>(black_box(input)).is_err())
                })
            });
            g.bench_function("serde_json_borrowed", |b| {
                b.iter(|| {
                    assert!(
                        serde_json::from_slice::<sj_borrowed::Payload<'_>>(black_box(input))
                            .is_err()
                    )
                })
            });
            g.bench_function("serde_json_core", |b| {
                b.iter(|| assert!(sjc::parse(black_box(input)).is_err()))
            });
        }
    }
    g.finish();
}

fn benches(c: &mut Criterion) {
    let seed = Expect {
        name: "Interested",
        message: "",
        name_raw: "Interested",
        message_raw: "",
        ids: None,
    };
    let seed_compact = compact(SEED_PRETTY);
    bench_group(c, "seed_compact", &seed_compact, Case::Valid(seed));
    bench_group(c, "seed_pretty", SEED_PRETTY, Case::Valid(seed));

    let remove = remove_selected_16(&format!("\"{}\"", list_id(15)));
    let expect = Expect {
        ids: Some(16),
        ..seed
    };
    bench_group(c, "remove_selected_16", &remove, Case::Valid(expect));

    let escaped = payload(ESCAPED_MSG_JSON, ESCAPED_NAME_JSON, SMART_LIST);
    let expect = Expect {
        name: ESCAPED_NAME,
        message: ESCAPED_MSG,
        name_raw: &ESCAPED_NAME_JSON[1..ESCAPED_NAME_JSON.len() - 1],
        message_raw: &ESCAPED_MSG_JSON[1..ESCAPED_MSG_JSON.len() - 1],
        ids: None,
    };
    bench_group(c, "escaped_strings", &escaped, Case::Valid(expect));

    // The first byte wrong: `[` would be valid JSON of the wrong type, so a
    // byte that no JSON text starts with.
    let mut early = seed_compact.clone();
    early[0] = b'x';
    let reject = Reject {
        kind: ErrorKind::UnexpectedByte,
        path: Path::ROOT,
        path_text: "$",
        offset: 0,
    };
    bench_group(c, "invalid_early", &early, Case::Invalid(reject));

    // The last id wrong: a number instead of the id string.
    let late = remove_selected_16(BAD_LAST_ID);
    let at = late.len() - BAD_LAST_ID.len() - "]}}".len();
    let reject = Reject {
        kind: ErrorKind::WrongType,
        path: Path::index(Field::DestinationIds, 15),
        path_text: "destination.destination_ids[15]",
        offset: at,
    };
    bench_group(c, "invalid_late", &late, Case::Invalid(reject));

    bench_worst_case(c, &seed_compact);
}

/// The `worst_case` group: `validate` on each slow-by-design input and on
/// `seed_compact`, with its bytes as throughput, so the per-byte costs
/// compare in one run (`scripts/bench-table.py` prints ns per byte and the
/// ratio to `seed_compact`); serde_json into a `Value` beside each.
fn bench_worst_case(c: &mut Criterion, seed_compact: &[u8]) {
    let mut g = c.benchmark_group("worst_case");
    let seed = worst_case::Input {
        name: "seed_compact",
        bytes: seed_compact.to_vec(),
        expect: Ok(()),
    };
    for input in std::iter::once(seed).chain(worst_case::inputs()) {
        assert_eq!(
            sailor_webhook::validate(&input.bytes),
            input.expect,
            "{}",
            input.name
        );
        g.throughput(Throughput::Bytes(input.bytes.len() as u64));
        g.bench_function(format!("sailor_validate/{}", input.name), |b| {
            b.iter(|| {
                assert_eq!(
                    sailor_webhook::validate(black_box(&input.bytes)),
                    input.expect
                )
            })
        });
        g.bench_function(format!("serde_json_value/{}", input.name), |b| {
            b.iter(|| {
                let v: serde_json::Value =
                    serde_json::from_slice(black_box(&input.bytes)).expect("JSON");
                assert!(v.is_object());
            })
        });
    }
    g.finish();
}

criterion_group!(parse, benches);
criterion_main!(parse);
