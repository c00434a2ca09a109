//! The docs' payloads and every destination shape, parsed to exact values,
//! owned and borrowed; escapes; serialization; options.

use sailor_webhook::{
    Destination, DestinationView, ErrorKind, ErrorMessage, IdempotencyKey, Options, Outcome,
    OutcomeEvent, OutcomeType, OutcomeView, PhoneNumber, Timestamp, Uuid,
};

const MS: &str = include_str!("fixtures/webhook-page-ms.json");
const SECONDS: &str = include_str!("fixtures/guide-page-seconds.json");
const REMOVE_SELECTED: &str = include_str!("fixtures/remove-selected.json");

const SMART_LIST_MEMBER: &str = r#""destination": {
  "destination_type": "smart_list",
  "destination_id": "00000000-0000-4000-8000-000000000006"
 }"#;

fn id(n: u8) -> Uuid {
    let mut b = [0u8; 16];
    b[6] = 0x40;
    b[8] = 0x80;
    b[15] = n;
    Uuid::from_bytes(b)
}

/// `MS` with `from` (which must occur exactly once) replaced by `to`.
fn replace(from: &str, to: &str) -> String {
    assert_eq!(MS.matches(from).count(), 1, "{from:?} must occur once");
    MS.replacen(from, to, 1)
}

/// `MS` with its destination member replaced by `member` (empty: removed).
fn with_destination(member: &str) -> String {
    if member.is_empty() {
        replace(&format!(",\n {SMART_LIST_MEMBER}"), "")
    } else {
        replace(SMART_LIST_MEMBER, member)
    }
}

/// `MS` with `member` inserted as the first member of the top-level object.
fn first_member(member: &str) -> String {
    MS.replacen("{\n", &format!("{{\n {member},\n"), 1)
}

fn with_name(name_json: &str) -> String {
    replace(
        r#""outcome_name": "Interested""#,
        &format!(r#""outcome_name": {name_json}"#),
    )
}

fn pos(input: &str, needle: &str) -> usize {
    input
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in input"))
}

/// Asserts the fields common to the three fixtures.
fn assert_common_owned(e: &OutcomeEvent) {
    assert_eq!(e.scope.subaccount_id, id(1));
    assert_eq!(e.scope.organization_id, id(2));
    assert_eq!(e.outcome.outcome_id, id(3));
    assert_eq!(e.outcome.outcome_name.as_str(), "Interested");
    assert_eq!(e.outcome.outcome_type, OutcomeType::Action);
    assert_eq!(e.call.call_id, id(4));
    assert_eq!(e.call.phone_number.to_string(), "+15555550100");
    assert_eq!(e.call.phone_number.as_u64(), 15_555_550_100);
    assert_eq!(e.call.contact_id, id(5));
    assert_eq!(e.error_message.as_str(), "");
    assert!(!e.error_message.is_truncated());
}

fn assert_common_view(v: &OutcomeView<'_>) {
    assert_eq!(v.scope.subaccount_id, id(1));
    assert_eq!(v.scope.organization_id, id(2));
    assert_eq!(v.outcome.outcome_id, id(3));
    assert_eq!(v.outcome.outcome_name.as_str(), Some("Interested"));
    assert_eq!(v.outcome.outcome_name, "Interested");
    assert_eq!(v.outcome.outcome_type, OutcomeType::Action);
    assert_eq!(v.call.call_id, id(4));
    assert_eq!(v.call.phone_number.to_string(), "+15555550100");
    assert_eq!(v.call.contact_id, id(5));
    assert_eq!(v.error_message.as_str(), Some(""));
}

#[test]
fn webhook_page_ms_owned() {
    let e = sailor_webhook::parse(MS.as_bytes()).unwrap();
    assert_common_owned(&e);
    assert_eq!(e.timestamp.millis(), 1_781_935_984_000);
    assert!(!e.timestamp.was_seconds());
    assert_eq!(e.destination, Destination::SmartList(id(6)));
    assert_eq!(e.destination.destination_type(), "smart_list");
    assert_eq!(e.destination.selection(), None);
    assert_eq!(id(1).to_string(), "00000000-0000-4000-8000-000000000001");
}

#[test]
fn webhook_page_ms_view() {
    let v = sailor_webhook::parse_view(MS.as_bytes()).unwrap();
    assert_common_view(&v);
    assert_eq!(v.timestamp.millis(), 1_781_935_984_000);
    assert!(!v.timestamp.was_seconds());
    assert_eq!(v.destination, DestinationView::SmartList(id(6)));
    // The borrowed strings point into the input.
    assert_eq!(v.outcome.outcome_name.offset(), pos(MS, r#""Interested""#));
    assert_eq!(v.error_message.offset(), pos(MS, r#""""#));
    assert_eq!(sailor_webhook::validate(MS.as_bytes()), Ok(()));
    // The owned event is the view, copied.
    let from_view = <OutcomeEvent>::from_view(&v).unwrap();
    assert_eq!(from_view, sailor_webhook::parse(MS.as_bytes()).unwrap());
}

#[test]
fn guide_page_seconds_is_normalised_to_millis() {
    let e = sailor_webhook::parse(SECONDS.as_bytes()).unwrap();
    assert_common_owned(&e);
    assert_eq!(e.timestamp.millis(), 1_781_935_984_000);
    assert!(e.timestamp.was_seconds());
    assert_eq!(e.destination, Destination::SmartList(id(6)));

    let v = sailor_webhook::parse_view(SECONDS.as_bytes()).unwrap();
    assert_common_view(&v);
    assert_eq!(v.timestamp.millis(), 1_781_935_984_000);
    assert!(v.timestamp.was_seconds());

    // Equality compares the instant, not the provenance.
    let ms = sailor_webhook::parse(MS.as_bytes()).unwrap();
    assert_eq!(e, ms);
    assert_eq!(
        Timestamp::from_seconds(1_781_935_984),
        Timestamp::from_millis(1_781_935_984_000)
    );
}

#[test]
fn strict_mode_rejects_seconds() {
    let strict = Options::new().strict(true);
    let at = pos(SECONDS, "1781935984");
    for err in [
        strict.parse(SECONDS.as_bytes()).unwrap_err(),
        strict.parse_view(SECONDS.as_bytes()).unwrap_err(),
        strict.validate(SECONDS.as_bytes()).unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::TimestampInSeconds);
        assert_eq!(err.path().to_string(), "timestamp");
        assert_eq!(err.offset(), at);
    }
    // The ms payload is fine in strict mode.
    assert_eq!(
        strict.parse(MS.as_bytes()).unwrap().timestamp.millis(),
        1_781_935_984_000
    );
}

#[test]
fn timestamp_threshold() {
    // 99999999999 is the largest value read as seconds; 100000000000 is ms.
    let e = sailor_webhook::parse(replace("1781935984000", "99999999999").as_bytes()).unwrap();
    assert_eq!(e.timestamp.millis(), 99_999_999_999_000);
    assert!(e.timestamp.was_seconds());
    let e = sailor_webhook::parse(replace("1781935984000", "100000000000").as_bytes()).unwrap();
    assert_eq!(e.timestamp.millis(), 100_000_000_000);
    assert!(!e.timestamp.was_seconds());
    // The largest valid value is 2^53 - 1 (FACTS.md, decided); one more is
    // invalid_timestamp (tests/invalid.rs has the exact rows).
    let e = sailor_webhook::parse(replace("1781935984000", "9007199254740991").as_bytes()).unwrap();
    assert_eq!(e.timestamp.millis(), sailor_webhook::MAX_TIMESTAMP);
    assert_eq!(sailor_webhook::MAX_TIMESTAMP, (1 << 53) - 1);
}

#[test]
fn remove_selected_fixture() {
    let e = sailor_webhook::parse(REMOVE_SELECTED.as_bytes()).unwrap();
    assert_common_owned(&e);
    assert_eq!(e.timestamp.millis(), 1_781_935_984_000);
    let mut ids = heapless::Vec::<Uuid, 16>::new();
    ids.push(id(0x10)).unwrap();
    assert_eq!(e.destination, Destination::RemoveSelected(ids));
    assert_eq!(e.destination.destination_type(), "remove_from_smart_list");
    assert_eq!(e.destination.selection(), Some("selected"));

    let v = sailor_webhook::parse_view(REMOVE_SELECTED.as_bytes()).unwrap();
    assert_common_view(&v);
    let DestinationView::RemoveSelected(list) = v.destination else {
        panic!("{:?}", v.destination)
    };
    assert_eq!(list.len(), 1);
    assert!(!list.is_empty());
    assert_eq!(list.offset(), pos(REMOVE_SELECTED, "["));
    assert_eq!(list.iter().collect::<Vec<_>>(), vec![id(0x10)]);
    let mut it = list.iter();
    assert_eq!(
        it.next_with_offset(),
        Some((
            id(0x10),
            pos(REMOVE_SELECTED, r#""00000000-0000-4000-8000-000000000010""#)
        ))
    );
    assert_eq!(it.next_with_offset(), None);
}

/// Ids written with escapes, between plain ones: each read back, with the
/// offset of its opening quote, by the list's iterator (in place on the fast
/// path when plain; decoded one byte at a time otherwise, and always on the
/// compact path), and the same ids owned.
#[test]
fn escaped_destination_ids_iterate_with_their_offsets() {
    let plain = r#""00000000-0000-4000-8000-000000000010""#;
    let hex = r#""00000000-0000-4000-8000-000000000011""#;
    let hyphen = r#""00000000-0000-4000-8000-000000000012""#;
    let spaced = r#""00000000-0000-4000-8000-000000000013""#;
    let list = format!("[{plain}, {hex},{hyphen} ,{spaced}]");
    let input = REMOVE_SELECTED.replacen(&format!("[\n   {plain}\n  ]"), &list, 1);
    assert!(input.contains(&list), "the fixture's list was replaced");
    let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
    let DestinationView::RemoveSelected(ids) = v.destination else {
        panic!("{:?}", v.destination)
    };
    assert_eq!(ids.len(), 4);
    let mut it = ids.iter();
    for (n, text) in [(0x10, plain), (0x11, hex), (0x12, hyphen), (0x13, spaced)] {
        assert_eq!(
            it.next_with_offset(),
            Some((id(n), pos(&input, text))),
            "{text}"
        );
    }
    assert_eq!(it.next_with_offset(), None);
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    let owned: Vec<Uuid> = match &e.destination {
        Destination::RemoveSelected(ids) => ids.iter().copied().collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(owned, vec![id(0x10), id(0x11), id(0x12), id(0x13)]);
}

/// Every destination shape: (name, member text, owned result).
fn shapes() -> Vec<(&'static str, String, Destination)> {
    let sel = |n: usize| {
        let mut v = heapless::Vec::<Uuid, 16>::new();
        for k in 0..n {
            v.push(id(0x10 + k as u8)).unwrap();
        }
        Destination::RemoveSelected(v)
    };
    let ids = |n: usize| {
        (0..n)
            .map(|k| format!(r#""00000000-0000-4000-8000-0000000000{:02x}""#, 0x10 + k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        ("absent", String::new(), Destination::None),
        ("null", r#""destination": null"#.into(), Destination::None),
        (
            "none",
            r#""destination": {"destination_type": "none"}"#.into(),
            Destination::None,
        ),
        ("smart_list", SMART_LIST_MEMBER.into(), Destination::SmartList(id(6))),
        (
            "selected, one id",
            format!(
                r#""destination": {{"destination_type": "remove_from_smart_list", "selection": "selected", "destination_ids": [{}]}}"#,
                ids(1)
            ),
            sel(1),
        ),
        (
            "selected, 16 ids (the default capacity)",
            format!(
                r#""destination": {{"destination_ids": [{}], "selection": "selected", "destination_type": "remove_from_smart_list"}}"#,
                ids(16)
            ),
            sel(16),
        ),
        (
            "all, ids absent",
            r#""destination": {"destination_type": "remove_from_smart_list", "selection": "all"}"#
                .into(),
            Destination::RemoveAll,
        ),
        (
            "all, ids []",
            r#""destination": {"destination_type": "remove_from_smart_list", "selection": "all", "destination_ids": [ ]}"#
                .into(),
            Destination::RemoveAll,
        ),
    ]
}

#[test]
fn every_destination_shape_owned_and_view() {
    for (name, member, expected) in shapes() {
        let input = with_destination(&member);
        let e = sailor_webhook::parse(input.as_bytes())
            .unwrap_or_else(|err| panic!("{name}: {err}\n{input}"));
        assert_common_owned(&e);
        assert_eq!(e.destination, expected, "{name}");

        let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
        assert_common_view(&v);
        match (&v.destination, &expected) {
            (DestinationView::None, Destination::None) => {}
            (DestinationView::SmartList(a), Destination::SmartList(b)) => assert_eq!(a, b),
            (DestinationView::RemoveAll, Destination::RemoveAll) => {}
            (DestinationView::RemoveSelected(list), Destination::RemoveSelected(ids)) => {
                assert_eq!(list.len(), ids.len(), "{name}");
                assert_eq!(list.iter().collect::<Vec<_>>(), ids.as_slice(), "{name}");
            }
            (got, want) => panic!("{name}: view {got:?}, owned {want:?}"),
        }
        assert_eq!(<OutcomeEvent>::from_view(&v).unwrap(), e, "{name}");
    }
}

#[test]
fn smaller_capacities() {
    // The remove-selected fixture fits one id; name 10 bytes; empty message.
    let e = Options::new()
        .parse_view(REMOVE_SELECTED.as_bytes())
        .and_then(|v| OutcomeEvent::<10, 1, 0>::from_view(&v))
        .unwrap();
    assert_eq!(e.outcome.outcome_name.as_str(), "Interested");
    // One byte less for the name is a capacity error at the name.
    let v = sailor_webhook::parse_view(REMOVE_SELECTED.as_bytes()).unwrap();
    let err = OutcomeEvent::<9, 1, 0>::from_view(&v).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CapacityExceeded);
    assert_eq!(err.path().to_string(), "outcome.outcome_name");
    assert_eq!(err.offset(), pos(REMOVE_SELECTED, r#""Interested""#));
    // No room for the one id.
    let err = OutcomeEvent::<{ sailor_webhook::MAX_OUTCOME_NAME_BYTES }, 0, 256>::parse_with(
        REMOVE_SELECTED.as_bytes(),
        &Options::new(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CapacityExceeded);
    assert_eq!(err.path().to_string(), "destination.destination_ids[0]");
    assert_eq!(
        err.offset(),
        pos(REMOVE_SELECTED, r#""00000000-0000-4000-8000-000000000010""#)
    );
}

#[test]
fn seventeen_ids_exceed_the_default_capacity() {
    let ids = (0..17)
        .map(|k| format!(r#""00000000-0000-4000-8000-0000000000{:02x}""#, 0x10 + k))
        .collect::<Vec<_>>();
    let input = with_destination(&format!(
        r#""destination": {{"destination_type": "remove_from_smart_list", "selection": "selected", "destination_ids": [{}]}}"#,
        ids.join(",")
    ));
    let err = sailor_webhook::parse(input.as_bytes()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CapacityExceeded);
    assert_eq!(err.path().to_string(), "destination.destination_ids[16]");
    assert_eq!(err.offset(), pos(&input, &ids[16]));
    // The borrowed view has no capacity: all 17 are there.
    let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
    let DestinationView::RemoveSelected(list) = v.destination else {
        panic!()
    };
    assert_eq!(list.len(), 17);
    assert_eq!(list.iter().last(), Some(id(0x20)));
    // A larger capacity takes them.
    let e = OutcomeEvent::<{ sailor_webhook::MAX_OUTCOME_NAME_BYTES }, 17, 256>::parse_with(
        input.as_bytes(),
        &Options::new(),
    )
    .unwrap();
    let Destination::RemoveSelected(got) = e.destination else {
        panic!()
    };
    assert_eq!(got.len(), 17);
}

#[test]
fn escaped_member_names() {
    let input = replace(r#""call_id""#, r#""call\u005fid""#);
    let input = input.replacen(r#""timestamp""#, r#""\u0074imestamp""#, 1);
    let input = input.replacen(r#""destination_type""#, r#""destination\u005Ftype""#, 1);
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e, sailor_webhook::parse(MS.as_bytes()).unwrap());
    assert_eq!(e.call.call_id, id(4));
    assert_eq!(e.timestamp.millis(), 1_781_935_984_000);
    assert_eq!(e.destination, Destination::SmartList(id(6)));
}

#[test]
fn escaped_values() {
    // A name with quote, backslash, slash and a BMP escape.
    let input = with_name(r#""Caf\u00e9 \"VIP\" \\ a\/b\tc""#);
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e.outcome.outcome_name.as_str(), "Café \"VIP\" \\ a/b\tc");
    let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
    let name = v.outcome.outcome_name;
    assert!(name.has_escapes());
    assert_eq!(name.as_str(), None);
    assert_eq!(name.raw(), r#"Caf\u00e9 \"VIP\" \\ a\/b\tc"#);
    assert_eq!(name, "Café \"VIP\" \\ a/b\tc");
    assert_eq!(name.to_string(), "Café \"VIP\" \\ a/b\tc");
    assert_eq!(name.char_count(), 18);
    assert_eq!(name.decoded_len(), 19);
    assert_eq!(String::from(name), "Café \"VIP\" \\ a/b\tc");

    // Escaped enum values, UUIDs and phone numbers decode before validation.
    let input = replace(r#""action""#, r#""\u0061ction""#)
        .replacen(
            r#""00000000-0000-4000-8000-000000000004""#,
            r#""00000000-0000-4000-8000-00000000000\u0034""#,
            1,
        )
        .replacen(r#""+15555550100""#, r#""\u002B15555550100""#, 1)
        .replacen(r#""smart_list""#, r#""smart\u005flist""#, 1)
        .replacen(
            r#""error_message": """#,
            r#""error_message": "line\nbreak""#,
            1,
        );
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e.outcome.outcome_type, OutcomeType::Action);
    assert_eq!(e.call.call_id, id(4));
    assert_eq!(e.call.phone_number.to_string(), "+15555550100");
    assert_eq!(e.destination, Destination::SmartList(id(6)));
    assert_eq!(e.error_message.as_str(), "line\nbreak");
    let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
    assert_eq!(v.error_message, "line\nbreak");

    // Escaped ids inside destination_ids.
    let input = with_destination(
        r#""destination": {"destination_type": "remove_from_smart_list", "selection": "selected", "destination_ids": ["00000000-0000-4000-8000-0000000000\u0031\u0030", "00000000-0000-4000-8000-00000000001A"]}"#,
    );
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    let mut ids = heapless::Vec::<Uuid, 16>::new();
    ids.push(id(0x10)).unwrap();
    ids.push(id(0x1a)).unwrap();
    assert_eq!(e.destination, Destination::RemoveSelected(ids));
}

#[test]
fn surrogate_pairs_in_outcome_name() {
    // U+1F600 and U+1D11E as escaped pairs (either hex case), U+10FFFF at the edge.
    let input = with_name(r#""\ud83d\ude00 Happy \uD834\uDD1E \uDBFF\uDFFF""#);
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e.outcome.outcome_name.as_str(), "😀 Happy 𝄞 \u{10FFFF}");
    let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
    assert_eq!(v.outcome.outcome_name, "😀 Happy 𝄞 \u{10FFFF}");
    assert_eq!(v.outcome.outcome_name.char_count(), 11);
    assert_eq!(v.outcome.outcome_name.decoded_len(), 4 + 7 + 4 + 1 + 4);
    // The same characters raw.
    let raw = with_name("\"😀 Happy 𝄞 \u{10FFFF}\"");
    assert_eq!(sailor_webhook::parse(raw.as_bytes()).unwrap(), e);
}

#[test]
fn outcome_name_length_is_counted_in_characters() {
    for name in [
        "a".to_string(),
        "a".repeat(120),
        "é".repeat(120),
        "😀".repeat(120), // 480 bytes: exactly the default capacity
        "\\u00e9".repeat(120),
    ] {
        let input = with_name(&format!("\"{name}\""));
        let e = sailor_webhook::parse(input.as_bytes())
            .unwrap_or_else(|err| panic!("{}: {err}", &name[..name.len().min(12)]));
        assert_eq!(
            e.outcome.outcome_name.chars().count(),
            name.replace("\\u00e9", "é").chars().count()
        );
        let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
        assert_eq!(
            v.outcome.outcome_name.char_count(),
            e.outcome.outcome_name.chars().count()
        );
    }
    let e =
        sailor_webhook::parse(with_name(&format!("\"{}\"", "é".repeat(120))).as_bytes()).unwrap();
    assert_eq!(e.outcome.outcome_name.as_str(), "é".repeat(120));
    assert_eq!(e.outcome.outcome_name.len(), 240);
}

#[test]
fn disposition_and_error_message() {
    let input = replace(r#""action""#, r#""disposition""#).replacen(
        r#""error_message": """#,
        r#""error_message": "Smart List not found""#,
        1,
    );
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e.outcome.outcome_type, OutcomeType::Disposition);
    assert_eq!(e.outcome.outcome_type.to_string(), "disposition");
    assert_eq!(e.error_message.as_str(), "Smart List not found");
    // Absent and null read as "".
    for input in [
        replace("\"error_message\": \"\",\n", ""),
        replace(r#""error_message": """#, r#""error_message": null"#),
    ] {
        let e = sailor_webhook::parse(input.as_bytes()).unwrap();
        assert_eq!(e.error_message.as_str(), "");
        assert!(!e.error_message.is_truncated());
        let v = sailor_webhook::parse_view(input.as_bytes()).unwrap();
        assert_eq!(v.error_message, "");
    }
}

#[test]
fn unknown_members_are_ignored_in_lenient_mode() {
    let input = replace(
        r#""outcome_type": "action""#,
        r#""outcome_type": "action", "color": {"r": [1, 2.5e-3, true, null, "x"], "g": {}}"#,
    )
    .replacen("{\n", "{\n \"version\": 2,\n", 1); // the root's first member
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e, sailor_webhook::parse(MS.as_bytes()).unwrap());
    let err = Options::new()
        .strict(true)
        .parse(input.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownMember);
    assert_eq!(err.path().to_string(), "*");
    assert_eq!(err.offset(), pos(&input, r#""version""#));
}

#[test]
fn whitespace_and_member_order_do_not_matter() {
    let compact = r#"{"destination":null,"call":{"contact_id":"00000000-0000-4000-8000-000000000005","phone_number":"+15555550100","call_id":"00000000-0000-4000-8000-000000000004"},"outcome":{"outcome_type":"action","outcome_name":"Interested","outcome_id":"00000000-0000-4000-8000-000000000003"},"scope":{"organization_id":"00000000-0000-4000-8000-000000000002","subaccount_id":"00000000-0000-4000-8000-000000000001"},"timestamp":1781935984000}"#;
    let e = sailor_webhook::parse(compact.as_bytes()).unwrap();
    assert_common_owned(&e);
    assert_eq!(e.destination, Destination::None);
    let padded = format!(" \t\r\n{MS}\n\r\t ");
    assert_eq!(
        sailor_webhook::parse(padded.as_bytes()).unwrap(),
        sailor_webhook::parse(MS.as_bytes()).unwrap()
    );
    // Upper-case UUIDs are accepted and equal their lower-case form.
    let upper = replace(
        r#""00000000-0000-4000-8000-000000000006""#,
        r#""ABCDEF00-0000-4000-8000-00000000000F""#,
    );
    let e = sailor_webhook::parse(upper.as_bytes()).unwrap();
    let expected: Uuid = "abcdef00-0000-4000-8000-00000000000f".parse().unwrap();
    assert_eq!(e.destination, Destination::SmartList(expected));
    assert_eq!(expected.to_string(), "abcdef00-0000-4000-8000-00000000000f");
}

#[test]
fn phone_number_bounds() {
    for (text, value) in [("+12", 12u64), ("+123456789012345", 123_456_789_012_345)] {
        let input = replace("+15555550100", text);
        let e = sailor_webhook::parse(input.as_bytes()).unwrap();
        assert_eq!(e.call.phone_number.as_u64(), value);
        assert_eq!(e.call.phone_number.to_string(), text);
        assert_eq!(text.parse::<PhoneNumber>().unwrap(), e.call.phone_number);
    }
}

// ---- Serialization ----

const CANONICAL_MS: &str = concat!(
    r#"{"timestamp":1781935984000,"#,
    r#""scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},"#,
    r#""outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","outcome_name":"Interested","outcome_type":"action"},"#,
    r#""call":{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"},"#,
    r#""destination":{"destination_type":"smart_list","destination_id":"00000000-0000-4000-8000-000000000006"},"#,
    r#""error_message":""}"#
);

fn to_json<const N: usize, const I: usize, const M: usize>(e: &OutcomeEvent<N, I, M>) -> String {
    let mut buf = vec![0u8; OutcomeEvent::<N, I, M>::MAX_JSON_LEN];
    let n = e.to_json(&mut buf).unwrap();
    String::from_utf8(buf[..n].to_vec()).unwrap()
}

#[test]
fn canonical_json_of_the_docs_payload() {
    let e = sailor_webhook::parse(MS.as_bytes()).unwrap();
    assert_eq!(to_json(&e), CANONICAL_MS);
    assert_eq!(e.to_json_string(), CANONICAL_MS);
    assert_eq!(e.to_json_vec(), CANONICAL_MS.as_bytes());
    // The seconds variant serializes in milliseconds.
    let s = sailor_webhook::parse(SECONDS.as_bytes()).unwrap();
    assert_eq!(to_json(&s), CANONICAL_MS);
    // Upper-case input UUIDs come out lower-case.
    let upper = replace("000000000006", "00000000ABCD");
    let json = to_json(&sailor_webhook::parse(upper.as_bytes()).unwrap());
    assert!(
        json.contains(r#""destination_id":"00000000-0000-4000-8000-00000000abcd""#),
        "{json}"
    );
}

#[test]
fn canonical_json_of_each_destination() {
    let tail = |dest: &str| {
        format!(
            r#"{}"destination":{dest},"error_message":""}}"#,
            &CANONICAL_MS[..CANONICAL_MS.find(r#""destination""#).unwrap()]
        )
    };
    let expected = [
        r#"{"destination_type":"none"}"#.to_string(),
        r#"{"destination_type":"none"}"#.to_string(),
        r#"{"destination_type":"none"}"#.to_string(),
        r#"{"destination_type":"smart_list","destination_id":"00000000-0000-4000-8000-000000000006"}"#.to_string(),
        r#"{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":["00000000-0000-4000-8000-000000000010"]}"#.to_string(),
        format!(
            r#"{{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":[{}]}}"#,
            (0..16)
                .map(|k| format!(r#""00000000-0000-4000-8000-0000000000{:02x}""#, 0x10 + k))
                .collect::<Vec<_>>()
                .join(",")
        ),
        r#"{"destination_type":"remove_from_smart_list","selection":"all"}"#.to_string(),
        r#"{"destination_type":"remove_from_smart_list","selection":"all"}"#.to_string(),
    ];
    for ((name, member, _), dest) in shapes().into_iter().zip(expected) {
        let e = sailor_webhook::parse(with_destination(&member).as_bytes()).unwrap();
        assert_eq!(to_json(&e), tail(&dest), "{name}");
    }
}

#[test]
fn round_trip_every_shape() {
    let mut inputs: Vec<String> = shapes()
        .into_iter()
        .map(|(_, m, _)| with_destination(&m))
        .collect();
    inputs.push(SECONDS.to_string());
    inputs.push(REMOVE_SELECTED.to_string());
    inputs.push(with_name(
        r#""\ud83d\ude00 \"q\" \\ \u0000\u001f\u007f\b\f\n\r\t é""#,
    ));
    inputs.push(replace(
        r#""error_message": """#,
        r#""error_message": "\u0001 failed \"x\"""#,
    ));
    inputs.push(replace(r#""action""#, r#""disposition""#));
    for input in &inputs {
        let e = sailor_webhook::parse(input.as_bytes()).unwrap();
        let json = to_json(&e);
        let back =
            sailor_webhook::parse(json.as_bytes()).unwrap_or_else(|err| panic!("{err}\n{json}"));
        assert_eq!(back, e, "{json}");
        // Canonical output is a fixed point.
        assert_eq!(to_json(&back), json);
        // serde_json agrees that it is JSON.
        let _: serde_json::Value = serde_json::from_str(&json).unwrap();
    }
}

#[test]
fn round_trip_of_early_seconds_timestamps() {
    // A seconds value is normalised to ms; the canonical ms form must parse
    // back to the same instant, so seconds that are still below the threshold
    // once normalised (before 1973-03-03) are rejected.
    for (ts, millis) in [
        ("99999999999", Some(99_999_999_999_000u64)),
        ("100000000", Some(100_000_000_000)),
        ("99999999", None),
        ("1", None),
        ("0", None),
    ] {
        let input = replace("1781935984000", ts);
        match millis {
            Some(millis) => {
                let e = sailor_webhook::parse(input.as_bytes()).unwrap();
                assert_eq!(e.timestamp.millis(), millis);
                assert!(e.timestamp.was_seconds());
                let back = sailor_webhook::parse(to_json(&e).as_bytes()).unwrap();
                assert_eq!(back, e, "timestamp {ts}");
                assert!(!back.timestamp.was_seconds());
            }
            None => {
                let err = sailor_webhook::parse(input.as_bytes()).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::InvalidTimestamp, "timestamp {ts}");
                assert_eq!(err.path().to_string(), "timestamp");
                assert_eq!(err.offset(), pos(&input, ts));
            }
        }
    }
}

fn worst_case_event() -> OutcomeEvent {
    const NAME: usize = sailor_webhook::MAX_OUTCOME_NAME_BYTES;
    let mut name = heapless::String::<NAME>::new();
    for k in 0..NAME as u32 {
        name.push(char::from_u32(k % 32).unwrap()).unwrap();
    }
    let mut ids = heapless::Vec::<Uuid, 16>::new();
    for _ in 0..16 {
        ids.push(Uuid::from_bytes([0xff; 16])).unwrap();
    }
    let msg: String = (0..256u32)
        .map(|k| char::from_u32(k % 32).unwrap())
        .collect();
    let msg = ErrorMessage::<256>::new(&msg);
    assert!(!msg.is_truncated());
    OutcomeEvent {
        timestamp: Timestamp::from_millis(u64::MAX),
        scope: sailor_webhook::Scope {
            subaccount_id: Uuid::from_bytes([0xff; 16]),
            organization_id: Uuid::from_bytes([0xff; 16]),
        },
        outcome: Outcome {
            outcome_id: Uuid::from_bytes([0xff; 16]),
            outcome_name: name,
            outcome_type: OutcomeType::Disposition,
        },
        call: sailor_webhook::Call {
            call_id: Uuid::from_bytes([0xff; 16]),
            phone_number: "+999999999999999".parse().unwrap(),
            contact_id: Uuid::from_bytes([0xff; 16]),
        },
        destination: Destination::RemoveSelected(ids),
        error_message: msg,
    }
}

#[test]
fn max_json_len_fits_the_worst_case() {
    const MAX: usize = <OutcomeEvent>::MAX_JSON_LEN;
    assert_eq!(MAX, 5574);
    assert_eq!(OutcomeEvent::<10, 1, 0>::MAX_JSON_LEN, 534 + 60 + 39);
    let e = worst_case_event();
    let mut buf = vec![0u8; <OutcomeEvent>::MAX_JSON_LEN];
    let n = e.to_json(&mut buf).unwrap();
    assert!(n <= <OutcomeEvent>::MAX_JSON_LEN);
    // A buffer one byte short fails with BufferTooSmall at offset = its length.
    let err = e.to_json(&mut buf[..n - 1]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BufferTooSmall);
    assert_eq!(err.path().to_string(), "$");
    assert_eq!(err.offset(), n - 1);

    // The worst case for each byte is 6 (\u00XX): all bytes \u0001.
    let mut all_six = e.clone();
    all_six.outcome.outcome_name.clear();
    for _ in 0..sailor_webhook::MAX_OUTCOME_NAME_BYTES {
        all_six.outcome.outcome_name.push('\u{1}').unwrap();
    }
    all_six.error_message = ErrorMessage::new(&"\u{1}".repeat(256));
    let n6 = all_six.to_json(&mut buf).unwrap();
    // The bound is tight: only the comma after the last id is slack.
    assert_eq!(n6, MAX - 1);
    // The exact length: everything but the two strings, plus 6 bytes a byte.
    let mut empty = all_six.clone();
    empty.outcome.outcome_name.clear();
    empty.error_message = ErrorMessage::new("");
    let base = empty.to_json(&mut buf).unwrap();
    assert_eq!(
        n6,
        base + 6 * (sailor_webhook::MAX_OUTCOME_NAME_BYTES + 256)
    );
    assert_eq!(base, 534 + 39 * 16 - 1);
}

#[test]
fn error_message_truncates_at_a_char_boundary() {
    // 255 ASCII bytes then a 2-byte char: 257 bytes, cut to 255.
    let long = format!("{}é", "a".repeat(255));
    for text in [long.clone(), format!("{}\\u00e9", "a".repeat(255))] {
        let input = replace(
            r#""error_message": """#,
            &format!(r#""error_message": "{text}""#),
        );
        let e = sailor_webhook::parse(input.as_bytes()).unwrap();
        assert_eq!(e.error_message.as_str(), "a".repeat(255));
        assert!(e.error_message.is_truncated());
        assert_eq!(
            format!("{:?}", e.error_message),
            format!("{:?} (truncated)", "a".repeat(255))
        );
    }
    // Exactly 256 bytes is not truncated.
    let exact = format!("{}é", "a".repeat(254));
    let input = replace(
        r#""error_message": """#,
        &format!(r#""error_message": "{exact}""#),
    );
    let e = sailor_webhook::parse(input.as_bytes()).unwrap();
    assert_eq!(e.error_message.as_str(), exact);
    assert!(!e.error_message.is_truncated());
    // Four-byte characters at a smaller capacity: 10 bytes hold two.
    let m = ErrorMessage::<10>::new("😀😀😀");
    assert_eq!(m.as_str(), "😀😀");
    assert!(m.is_truncated());
    let input = replace(
        r#""error_message": """#,
        r#""error_message": "😀😀\ud83d\ude00""#,
    );
    let e = OutcomeEvent::<{ sailor_webhook::MAX_OUTCOME_NAME_BYTES }, 16, 10>::parse_with(
        input.as_bytes(),
        &Options::new(),
    )
    .unwrap();
    assert_eq!(e.error_message.as_str(), "😀😀");
    assert!(e.error_message.is_truncated());
    // Truncation is provenance: a cut message equals the same text uncut.
    assert_eq!(ErrorMessage::<10>::new("😀😀"), m);
    // A truncated event round-trips to the cut text.
    let json = to_json(&e);
    let back = OutcomeEvent::<{ sailor_webhook::MAX_OUTCOME_NAME_BYTES }, 16, 10>::parse_with(
        json.as_bytes(),
        &Options::new(),
    )
    .unwrap();
    assert_eq!(back, e);
    assert!(!back.error_message.is_truncated());
}

#[test]
fn idempotency_key() {
    let e = sailor_webhook::parse(MS.as_bytes()).unwrap();
    let k = e.idempotency_key();
    assert_eq!(
        k.to_string(),
        "00000000-0000-4000-8000-000000000004:00000000-0000-4000-8000-000000000003"
    );
    assert_eq!(k.to_string().len(), IdempotencyKey::TEXT_LEN);
    assert_eq!(k.call_id(), id(4));
    assert_eq!(k.outcome_id(), id(3));
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(id(4).as_bytes());
    bytes[16..].copy_from_slice(id(3).as_bytes());
    assert_eq!(k.as_bytes(), &bytes);
    assert_eq!(k, IdempotencyKey::new(id(4), id(3)));
    assert_eq!(k.encode(&mut [0; 73]), k.to_string());
    // The view gives the same key; so does the seconds variant.
    assert_eq!(
        sailor_webhook::parse_view(MS.as_bytes())
            .unwrap()
            .idempotency_key(),
        k
    );
    assert_eq!(
        sailor_webhook::parse(SECONDS.as_bytes())
            .unwrap()
            .idempotency_key(),
        k
    );
    // Upper-case input gives the same, lower-case key.
    let upper = replace(
        "00000000-0000-4000-8000-000000000004",
        "00000000-0000-4000-8000-00000000000A",
    );
    let ku = sailor_webhook::parse(upper.as_bytes())
        .unwrap()
        .idempotency_key();
    assert_eq!(
        ku.to_string(),
        "00000000-0000-4000-8000-00000000000a:00000000-0000-4000-8000-000000000003"
    );
    assert_eq!(
        IdempotencyKey::ZERO.to_string(),
        format!("{0}:{0}", Uuid::default())
    );
}

#[test]
fn now_ms_window() {
    const TS: u64 = 1_781_935_984_000;
    let at = pos(MS, "1781935984000");
    let ok = |o: Options| assert_eq!(o.parse(MS.as_bytes()).unwrap().timestamp.millis(), TS);
    let fails = |o: Options, kind: ErrorKind| {
        for err in [
            o.parse(MS.as_bytes()).unwrap_err(),
            o.validate(MS.as_bytes()).unwrap_err(),
        ] {
            assert_eq!(err.kind(), kind);
            assert_eq!(err.path().to_string(), "timestamp");
            assert_eq!(err.offset(), at);
        }
    };
    ok(Options::new().now_ms(TS, 0));
    ok(Options::new().now_ms(TS + 60_000, 60_000)); // exactly at the old edge
    ok(Options::new().now_ms(TS - 60_000, 60_000)); // exactly at the future edge
    fails(
        Options::new().now_ms(TS + 60_001, 60_000),
        ErrorKind::TimestampTooOld,
    );
    fails(Options::new().now_ms(TS + 1, 0), ErrorKind::TimestampTooOld);
    fails(
        Options::new().now_ms(TS - 60_001, 60_000),
        ErrorKind::TimestampInFuture,
    );
    fails(
        Options::new().now_ms(TS - 1, 0),
        ErrorKind::TimestampInFuture,
    );
    fails(Options::new().now_ms(0, 0), ErrorKind::TimestampInFuture);
    ok(Options::new().now_ms(0, u64::MAX));
    ok(Options::new().now_ms(u64::MAX, u64::MAX));
    fails(
        Options::new().now_ms(u64::MAX, 0),
        ErrorKind::TimestampTooOld,
    );
    // The window applies to the normalised value of a seconds timestamp.
    let s = Options::new().now_ms(TS + 1000, 1000);
    assert_eq!(s.parse(SECONDS.as_bytes()).unwrap().timestamp.millis(), TS);
    let err = Options::new()
        .now_ms(TS + 1001, 1000)
        .parse(SECONDS.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TimestampTooOld);
    assert_eq!(err.offset(), pos(SECONDS, "1781935984"));
}

#[test]
fn options_bounds() {
    let len = MS.len();
    // max_input_bytes: the length itself is fine, one less is not.
    assert!(Options::new()
        .max_input_bytes(len)
        .parse(MS.as_bytes())
        .is_ok());
    let err = Options::new()
        .max_input_bytes(len - 1)
        .parse(MS.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InputTooLarge);
    assert_eq!(err.path().to_string(), "$");
    assert_eq!(err.offset(), len - 1);
    assert_eq!(Options::new().input_limit(), 64 * 1024);
    assert_eq!(Options::new().max_input_bytes(7).input_limit(), 7);
    assert!(Options::new().strict(true).is_strict());
    assert!(!Options::default().is_strict());

    // max_depth: the ms payload needs 2, remove-selected needs 3.
    assert!(Options::new().max_depth(2).parse(MS.as_bytes()).is_ok());
    let err = Options::new()
        .max_depth(1)
        .parse(MS.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit);
    assert_eq!(err.path().to_string(), "scope");
    assert_eq!(err.offset(), pos(MS, "{\n  \"subaccount_id\""));
    let err = Options::new()
        .max_depth(0)
        .parse(MS.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit);
    assert_eq!(err.path().to_string(), "$");
    assert_eq!(err.offset(), 0);
    assert!(Options::new()
        .max_depth(3)
        .parse(REMOVE_SELECTED.as_bytes())
        .is_ok());
    let err = Options::new()
        .max_depth(2)
        .parse(REMOVE_SELECTED.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit);
    assert_eq!(err.path().to_string(), "destination.destination_ids");
    assert_eq!(err.offset(), pos(REMOVE_SELECTED, "["));
    // Values above the hard limit are clamped to it.
    assert_eq!(Options::new().max_depth(1000), Options::new().max_depth(64));

    // max_string_bytes: the longest string of the ms payload is a UUID (36).
    assert!(Options::new()
        .max_string_bytes(36)
        .parse(MS.as_bytes())
        .is_ok());
    let err = Options::new()
        .max_string_bytes(35)
        .parse(MS.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StringTooLong);
    assert_eq!(err.path().to_string(), "scope.subaccount_id");
    assert_eq!(
        err.offset(),
        pos(MS, r#""00000000-0000-4000-8000-000000000001""#)
    );
    // Member names count too: "error_message" (13 bytes) is the first one.
    let err = Options::new()
        .max_string_bytes(12)
        .parse(MS.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StringTooLong);
    assert_eq!(err.path().to_string(), "$");
    assert_eq!(err.offset(), pos(MS, r#""error_message""#));
    // The default, 16 KiB, for an unknown member's string.
    let big = first_member(&format!("\"x\": \"{}\"", "a".repeat(16 * 1024 + 1)));
    let err = Options::new()
        .max_input_bytes(1 << 20)
        .parse(big.as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StringTooLong);
    assert_eq!(err.path().to_string(), "*");
    assert_eq!(err.offset(), pos(&big, "\"aaa"));
    let ok = first_member(&format!("\"x\": \"{}\"", "a".repeat(16 * 1024)));
    assert!(sailor_webhook::parse(ok.as_bytes()).is_ok());
    // Escapes count in raw bytes.
    let err = Options::new()
        .max_string_bytes(36)
        .parse(with_name(&format!("\"{}\"", "\\u0041".repeat(7))).as_bytes())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StringTooLong);
    assert_eq!(err.path().to_string(), "outcome.outcome_name");
}

#[test]
fn a_view_counts_any_number_of_ids() {
    // More ids than a u16 holds, with a raised input limit.
    let ids: Vec<String> = (0..70_000u32)
        .map(|k| format!("\"00000000-0000-4000-8000-{k:012}\""))
        .collect();
    let input = with_destination(&format!(
        r#""destination": {{"destination_type": "remove_from_smart_list", "selection": "selected", "destination_ids": [{}]}}"#,
        ids.join(",")
    ));
    let v = Options::new()
        .max_input_bytes(8 << 20)
        .parse_view(input.as_bytes())
        .unwrap();
    let DestinationView::RemoveSelected(list) = v.destination else {
        panic!()
    };
    assert_eq!(list.len(), 70_000);
    assert_eq!(list.iter().count(), 70_000);
    assert_eq!(
        list.iter().last().unwrap().to_string(),
        "00000000-0000-4000-8000-000000069999"
    );
    // The count costs no space: a slice and two u32s.
    assert_eq!(
        std::mem::size_of::<sailor_webhook::IdList<'_>>(),
        std::mem::size_of::<&[u8]>() + 8
    );
}

#[test]
fn fully_escaped_known_names() {
    // 42 raw bytes that decode to "call_id"; 48 that decode to "outcome_name".
    let input = replace(
        r#""call_id""#,
        r#""\u0063\u0061\u006c\u006c\u005f\u0069\u0064""#,
    )
    .replacen(
        r#""outcome_name""#,
        r#""\u006f\u0075\u0074\u0063\u006f\u006d\u0065\u005f\u006e\u0061\u006d\u0065""#,
        1,
    );
    assert_eq!(
        sailor_webhook::parse(input.as_bytes()).unwrap(),
        sailor_webhook::parse(MS.as_bytes()).unwrap()
    );
}

#[test]
fn parse_reader_limits_the_input() {
    let e = Options::new().parse_reader(MS.as_bytes()).unwrap();
    assert_eq!(e, sailor_webhook::parse(MS.as_bytes()).unwrap());
    let limit = MS.len() - 1;
    match Options::new()
        .max_input_bytes(limit)
        .parse_reader(MS.as_bytes())
    {
        Err(sailor_webhook::ReadOrParseError::Parse(err)) => {
            assert_eq!(err.kind(), ErrorKind::InputTooLarge);
            assert_eq!(err.path().to_string(), "$");
            assert_eq!(err.offset(), limit);
        }
        other => panic!("{other:?}"),
    }
    // The same error as parsing the bytes with that limit.
    let err = Options::new()
        .max_input_bytes(limit)
        .parse(MS.as_bytes())
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InputTooLarge, limit)
    );
}
