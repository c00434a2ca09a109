//! `OutcomeEvent::to_json` writes, byte for byte, what serde-json-core's
//! `to_slice` writes from the crate's `Serialize` impls (the reference, a
//! dev-dependency), on the fixtures, the escapes seed of `benches/parse.rs`,
//! every control character and the characters JSON writers disagree on,
//! every destination shape, the timestamp's digit counts and extremes, the
//! phone number's lengths and small capacities; and at every buffer length
//! from 0 to the exact length, it fails with `BufferTooSmall` (path `$`,
//! offset the buffer length) below it, succeeds at it, and writes nothing
//! past the buffer.

use sailor_webhook::{
    Destination, ErrorKind, ErrorMessage, Outcome, OutcomeEvent, OutcomeType, PhoneNumber,
    Timestamp, Uuid, MAX_TIMESTAMP,
};

const MS: &str = include_str!("fixtures/webhook-page-ms.json");
/// The benchmarks' source: the escapes seed is read from it, not retyped.
const BENCH: &str = include_str!("../benches/parse.rs");

fn id(n: u8) -> Uuid {
    let mut b = [0u8; 16];
    b[6] = 0x40;
    b[8] = 0x80;
    b[15] = n;
    Uuid::from_bytes(b)
}

/// serde-json-core's output, into a buffer of `MAX_JSON_LEN` bytes.
fn reference<const N: usize, const I: usize, const M: usize>(e: &OutcomeEvent<N, I, M>) -> Vec<u8> {
    let mut buf = vec![0u8; OutcomeEvent::<N, I, M>::MAX_JSON_LEN];
    let n = serde_json_core::to_slice(e, &mut buf).expect("MAX_JSON_LEN fits the reference");
    buf.truncate(n);
    buf
}

/// Asserts that `to_json` writes exactly the reference's bytes, and checks
/// every buffer length up to that; returns the JSON.
fn check<const N: usize, const I: usize, const M: usize>(e: &OutcomeEvent<N, I, M>) -> String {
    let expected = reference(e);
    let n = expected.len();
    assert!(n <= OutcomeEvent::<N, I, M>::MAX_JSON_LEN);

    // Into MAX_JSON_LEN bytes.
    let mut buf = vec![0u8; OutcomeEvent::<N, I, M>::MAX_JSON_LEN];
    assert_eq!(e.to_json(&mut buf), Ok(n));
    assert_eq!(
        String::from_utf8_lossy(&buf[..n]),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(&buf[..n], &expected[..]);

    // Every length from 0 to n, in a larger buffer whose tail must stay as
    // it was. The fillers are 0x00 and 0xFF: neither occurs in the output
    // (control characters are escaped; 0xFF is never UTF-8), so what was
    // written is visible.
    for fill in [0x00u8, 0xff] {
        for len in 0..=n {
            let mut big = vec![fill; n + 8];
            let result = e.to_json(&mut big[..len]);
            if len < n {
                let err = result.unwrap_err();
                assert_eq!(err.kind(), ErrorKind::BufferTooSmall, "len {len}");
                assert_eq!(err.path().to_string(), "$", "len {len}");
                assert_eq!(err.offset(), len, "len {len}");
                // The reference fails too: n is the exact length.
                if fill == 0 {
                    assert!(serde_json_core::to_slice(e, &mut vec![0u8; len]).is_err());
                }
                // What was written is a prefix of the JSON; the rest of the
                // buffer is untouched.
                let k = big[..len].iter().position(|&b| b == fill).unwrap_or(len);
                assert_eq!(&big[..k], &expected[..k], "len {len}");
                assert!(big[k..].iter().all(|&b| b == fill), "len {len}");
            } else {
                assert_eq!(result, Ok(n));
                assert_eq!(&big[..n], &expected[..]);
                assert!(big[n..].iter().all(|&b| b == fill));
            }
        }
    }
    String::from_utf8(expected).unwrap()
}

/// The docs' example event with its name and message replaced.
fn with_strings(name: &str, message: &str) -> OutcomeEvent {
    let mut e = sailor_webhook::parse(MS.as_bytes()).unwrap();
    e.outcome.outcome_name = heapless::String::try_from(name).unwrap();
    e.error_message = ErrorMessage::new(message);
    assert!(!e.error_message.is_truncated());
    e
}

/// The canonical JSON of the docs' example up to `outcome_name`, and from
/// `call` to `error_message`'s value.
const HEAD: &str = concat!(
    r#"{"timestamp":1781935984000,"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","#,
    r#""organization_id":"00000000-0000-4000-8000-000000000002"},"outcome":{"#,
    r#""outcome_id":"00000000-0000-4000-8000-000000000003","outcome_name":"#
);
const MIDDLE: &str = concat!(
    r#","outcome_type":"action"},"call":{"call_id":"00000000-0000-4000-8000-000000000004","#,
    r#""phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"},"#,
    r#""destination":{"destination_type":"smart_list","#,
    r#""destination_id":"00000000-0000-4000-8000-000000000006"},"error_message":"#
);

#[test]
fn fixtures() {
    let mut count = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let input = std::fs::read(&path).unwrap();
        let e = sailor_webhook::parse(&input).unwrap();
        check(&e);
        let mut small: OutcomeEvent<64, 4, 64> = OutcomeEvent::new();
        small
            .parse_into(&input, &sailor_webhook::Options::new())
            .unwrap();
        check(&small);
        count += 1;
    }
    assert_eq!(count, 3);
    // The docs' example, written out.
    let json = check(&sailor_webhook::parse(MS.as_bytes()).unwrap());
    assert_eq!(json, format!(r#"{HEAD}"Interested"{MIDDLE}""}}"#));
}

/// A `const NAME: &str = r#"..."#;` of the benchmarks' source, decoded as
/// the JSON string it holds.
fn bench_json_string(name: &str) -> (String, String) {
    let start = BENCH
        .find(&format!("const {name}: &str ="))
        .unwrap_or_else(|| panic!("{name} not in benches/parse.rs"));
    let rest = &BENCH[start..];
    let open = rest.find("r#\"").unwrap() + 3;
    let close = open + rest[open..].find("\"#;").unwrap();
    let raw = rest[open..close].to_string();
    let decoded: String = serde_json::from_str(&raw).unwrap();
    (raw, decoded)
}

#[test]
fn escapes_seed_of_the_benchmarks() {
    let (name_json, name) = bench_json_string("ESCAPED_NAME_JSON");
    let (msg_json, msg) = bench_json_string("ESCAPED_MSG_JSON");
    let input = MS.replacen(r#""Interested""#, &name_json, 1).replacen(
        r#""error_message": """#,
        &format!(r#""error_message": {msg_json}"#),
        1,
    );
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e.outcome.outcome_name.as_str(), name);
    assert_eq!(e.error_message.as_str(), msg);
    let json = check(&e);
    // `\/` and `\u00XX` come out raw; `"`, `\` and the short escapes stay.
    assert_eq!(
        json,
        format!(
            "{HEAD}\"Caf\u{e9} \\\"VIP\\\" \u{2603} \u{1f680} lead \u{1f600}/A\"{MIDDLE}\
             \"list \u{1d11e} \\\"Warm\\\"\\\\leads\\n\\tnot found: r\u{e9}sum\u{e9} \u{2603} \
             \u{1f389}, retry later\"}}"
        )
    );
}

/// How serde-json-core (and so `to_json`) escapes one character.
fn escaped(c: char) -> String {
    match c {
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        '\u{8}' => "\\b".into(),
        '\t' => "\\t".into(),
        '\n' => "\\n".into(),
        '\u{c}' => "\\f".into(),
        '\r' => "\\r".into(),
        '\0'..='\u{1f}' => format!("\\u{:04X}", c as u32),
        _ => c.to_string(),
    }
}

#[test]
fn every_ascii_character_alone_and_all_together() {
    let all: String = (0u8..0x80).map(char::from).collect();
    for c in all.chars() {
        let s = c.to_string();
        let json = check(&with_strings(&s, &s));
        let e = escaped(c);
        assert_eq!(json, format!("{HEAD}\"{e}\"{MIDDLE}\"{e}\"}}"), "{c:?}");
    }
    let json = check(&with_strings(&all, &all));
    let e: String = all.chars().map(escaped).collect();
    assert_eq!(json, format!("{HEAD}\"{e}\"{MIDDLE}\"{e}\"}}"));
    // The exact escaped form of the characters writers disagree on.
    assert_eq!(
        escaped('\0') + &escaped('\u{1f}') + &escaped('\u{b}') + &escaped('/'),
        "\\u0000\\u001F\\u000B/"
    );
}

#[test]
fn non_ascii_characters_stay_raw() {
    let cases = [
        "\u{7f}",           // DEL
        "\u{80}",           // the first 2-byte character, a C1 control
        "\u{9f}",           // the last C1 control
        "\u{a0}\u{ad}",     // no-break space, soft hyphen
        "\u{2028}\u{2029}", // line and paragraph separators
        "\u{feff}",         // byte order mark
        "\u{fdd0}\u{fdef}", // noncharacters
        "\u{fffe}\u{ffff}", // noncharacters at the end of the BMP
        "\u{1fffe}\u{10fffe}\u{10ffff}",
        "\u{10000}\u{1f600}\u{1d11e}", // astral characters
        "\u{d7ff}\u{e000}",            // around the surrogates
        "a\"b\\c/d\u{1}e\u{2028}f\u{10ffff}g\u{7f}",
    ];
    for s in cases {
        let json = check(&with_strings(s, s));
        let e: String = s.chars().map(escaped).collect();
        assert_eq!(json, format!("{HEAD}\"{e}\"{MIDDLE}\"{e}\"}}"), "{s:?}");
    }
}

#[test]
fn every_destination_shape() {
    let base = sailor_webhook::parse(MS.as_bytes()).unwrap();
    let ids = |n: u8| {
        let mut v = heapless::Vec::<Uuid, 16>::new();
        for i in 0..n {
            v.push(id(0x10 + i)).unwrap();
        }
        v
    };
    let shapes = [
        (Destination::None, r#"{"destination_type":"none"}"#.to_string()),
        (
            Destination::SmartList(id(6)),
            r#"{"destination_type":"smart_list","destination_id":"00000000-0000-4000-8000-000000000006"}"#
                .to_string(),
        ),
        (
            Destination::RemoveAll,
            r#"{"destination_type":"remove_from_smart_list","selection":"all"}"#.to_string(),
        ),
        (
            Destination::RemoveSelected(ids(0)),
            r#"{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":[]}"#
                .to_string(),
        ),
        (
            Destination::RemoveSelected(ids(1)),
            r#"{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":["00000000-0000-4000-8000-000000000010"]}"#
                .to_string(),
        ),
        (
            Destination::RemoveSelected(ids(2)),
            r#"{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":["00000000-0000-4000-8000-000000000010","00000000-0000-4000-8000-000000000011"]}"#
                .to_string(),
        ),
    ];
    for (destination, expected) in shapes {
        let mut e = base.clone();
        e.destination = destination;
        let json = check(&e);
        assert_eq!(
            json,
            format!(
                r#"{HEAD}"Interested","outcome_type":"action"}},"call":{{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"}},"destination":{expected},"error_message":""}}"#
            )
        );
    }
    // Sixteen ids: commas between, none after the last.
    let mut e = base.clone();
    e.destination = Destination::RemoveSelected(ids(16));
    let json = check(&e);
    assert_eq!(
        json.matches("\"00000000-0000-4000-8000-0000000000").count(),
        6 + 16 - 1
    );
    assert!(json.contains(r#"-00000000001e","00000000-0000-4000-8000-00000000001f"]}"#));
}

#[test]
fn timestamps_of_every_digit_count() {
    let base = sailor_webhook::parse(MS.as_bytes()).unwrap();
    let mut values = vec![0, MAX_TIMESTAMP, u64::MAX];
    let mut p = 1u64;
    for _ in 0..20 {
        values.extend([p - 1, p, p + 1]);
        p = p.saturating_mul(10);
    }
    for v in values {
        let mut e = base.clone();
        e.timestamp = Timestamp::from_millis(v);
        let json = check(&e);
        assert!(
            json.starts_with(&format!("{{\"timestamp\":{v},\"scope\":")),
            "{v}"
        );
    }
    assert_eq!(MAX_TIMESTAMP, 9_007_199_254_740_991);
    // Seconds normalised and saturated.
    let mut e = base.clone();
    e.timestamp = Timestamp::from_seconds(u64::MAX);
    assert!(check(&e).starts_with("{\"timestamp\":18446744073709551615,"));
}

#[test]
fn phone_numbers_outcome_types_and_the_empty_event() {
    let base = sailor_webhook::parse(MS.as_bytes()).unwrap();
    for text in [
        "+12",
        "+15555550100",
        "+999999999999999",
        "+100000000000000",
    ] {
        let mut e = base.clone();
        e.call.phone_number = text.parse::<PhoneNumber>().unwrap();
        let json = check(&e);
        assert!(
            json.contains(&format!(r#","phone_number":"{text}","#)),
            "{text}"
        );
    }
    let mut e = base.clone();
    e.outcome.outcome_type = OutcomeType::Disposition;
    assert!(check(&e).contains(r#","outcome_type":"disposition"},"#));

    // The placeholder event: zero ids, no phone digits, empty strings.
    let empty: OutcomeEvent = OutcomeEvent::new();
    let json = check(&empty);
    assert!(json.contains(r#""phone_number":"+","#));
    assert!(json.contains(r#""outcome_name":"","#));
}

#[test]
fn small_capacities_and_the_worst_case() {
    // Zero-capacity strings and one id.
    let mut tiny: OutcomeEvent<0, 1, 0> = OutcomeEvent::new();
    check(&tiny);
    let mut ids = heapless::Vec::new();
    ids.push(id(0x10)).unwrap();
    tiny.destination = Destination::RemoveSelected(ids);
    check(&tiny);

    // Every byte escaped as \u00XX and every id: MAX_JSON_LEN - 1 bytes.
    let mut worst: OutcomeEvent = sailor_webhook::parse(MS.as_bytes()).unwrap();
    worst.timestamp = Timestamp::from_millis(u64::MAX);
    worst.call.phone_number = "+999999999999999".parse().unwrap();
    worst.outcome = Outcome {
        outcome_id: id(3),
        outcome_name: heapless::String::try_from(
            "\u{1}"
                .repeat(sailor_webhook::MAX_OUTCOME_NAME_BYTES)
                .as_str(),
        )
        .unwrap(),
        outcome_type: OutcomeType::Disposition,
    };
    worst.error_message = ErrorMessage::new(&"\u{1f}".repeat(256));
    let mut all = heapless::Vec::new();
    for i in 0..16 {
        all.push(id(0x10 + i)).unwrap();
    }
    worst.destination = Destination::RemoveSelected(all);
    let json = check(&worst);
    assert_eq!(json.len(), <OutcomeEvent>::MAX_JSON_LEN - 1);
}
