//! A table of invalid payloads, each with its exact error kind, path and offset.
//!
//! Every row is a valid fixture with a targeted edit. In the replacement
//! text, `§` marks the byte where the error must be reported (it is removed
//! before parsing) and `⟪XX⟫` stands for the raw byte 0xXX, so rows can hold
//! invalid UTF-8 and control characters and still read as text.

use sailor_webhook::{ErrorKind, ErrorKind::*, Options, OutcomeEvent};

const MS: &str = include_str!("fixtures/webhook-page-ms.json");
const SEL: &str = include_str!("fixtures/remove-selected.json");

const U1: &str = "00000000-0000-4000-8000-000000000001";
const U2: &str = "00000000-0000-4000-8000-000000000002";
const U3: &str = "00000000-0000-4000-8000-000000000003";
const U4: &str = "00000000-0000-4000-8000-000000000004";
const U5: &str = "00000000-0000-4000-8000-000000000005";
const U6: &str = "00000000-0000-4000-8000-000000000006";
const U10: &str = "00000000-0000-4000-8000-000000000010";

/// An input and the offset its `§` marker gave (if any).
struct Case {
    input: Vec<u8>,
    offset: Option<usize>,
}

/// Applies `edits` to `base`; each `from` must occur exactly once at that point.
fn edit(base: &str, edits: &[(&str, &str)]) -> String {
    let mut text = base.to_string();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} must occur once in\n{text}"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// Turns marked-up text into bytes: `§` is removed and recorded, `⟪XX⟫` becomes a byte.
fn build(text: &str) -> Case {
    let mut input = Vec::new();
    let mut offset = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '§' {
            assert!(offset.is_none(), "two markers in {text}");
            offset = Some(input.len());
            rest = &rest[c.len_utf8()..];
        } else if let Some(tail) = rest.strip_prefix('⟪') {
            let (hex, tail) = tail.split_once('⟫').unwrap();
            input.push(u8::from_str_radix(hex, 16).unwrap());
            rest = tail;
        } else {
            let mut b = [0; 4];
            input.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            rest = &rest[c.len_utf8()..];
        }
    }
    Case { input, offset }
}

fn ms(edits: &[(&str, &str)]) -> Case {
    build(&edit(MS, edits))
}

fn sel(edits: &[(&str, &str)]) -> Case {
    build(&edit(SEL, edits))
}

/// `MS` with `member` (marked-up) added as the first member of the top-level object.
fn ms_with(member: &str) -> Case {
    build(&MS.replacen("{\n", &format!("{{\n {member},\n"), 1))
}

/// `MS` with `value` (marked-up) as the value of `outcome.outcome_name`.
fn name(value: &str) -> Case {
    ms(&[(r#""Interested""#, value)])
}

/// `MS` with `value` as the value of `call.call_id`.
fn call_id(value: &str) -> Case {
    ms(&[(&format!(r#""{U4}""#), value)])
}

/// `MS` with `value` as the value of `call.phone_number`.
fn phone(value: &str) -> Case {
    ms(&[(r#""+15555550100""#, value)])
}

/// `MS` with `value` as the value of `timestamp`.
fn ts(value: &str) -> Case {
    ms(&[("1781935984000", value)])
}

/// `MS` with its destination member replaced by `member`.
fn dest(member: &str) -> Case {
    ms(&[(
        &format!(
            "\"destination\": {{\n  \"destination_type\": \"smart_list\",\n  \"destination_id\": \"{U6}\"\n }}"
        ),
        member,
    )])
}

/// The marker for the closing brace of the top-level object.
const ROOT_CLOSE: (&str, &str) = (" }\n}\n", " }\n§}\n");

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Lenient; owned, view and validate all fail the same way.
    All,
    /// Lenient; only the owned event fails (a capacity), the view is fine.
    OwnedOnly,
    /// Strict mode; all three fail.
    Strict,
    /// Lenient as `All`; strict mode rejects it too, with this other kind.
    StrictKind(ErrorKind),
}

struct Row {
    name: String,
    case: Case,
    kind: ErrorKind,
    path: &'static str,
    mode: Mode,
}

#[derive(Default)]
struct Table(Vec<Row>);

impl Table {
    fn row(&mut self, name: &str, case: Case, kind: ErrorKind, path: &'static str) {
        self.add(name, case, kind, path, Mode::All);
    }
    fn add(&mut self, name: &str, case: Case, kind: ErrorKind, path: &'static str, mode: Mode) {
        assert!(
            self.0.iter().all(|r| r.name != name),
            "duplicate row name {name}"
        );
        self.0.push(Row {
            name: name.to_string(),
            case,
            kind,
            path,
            mode,
        });
    }
}

fn table() -> Table {
    let mut t = Table::default();

    // ---- Every required field missing: offset = the closing brace of its object.
    t.row(
        "missing timestamp",
        ms(&[(" \"timestamp\": 1781935984000,\n", ""), ROOT_CLOSE]),
        MissingField,
        "timestamp",
    );
    t.row(
        "missing scope",
        ms(&[(&format!(" \"scope\": {{\n  \"subaccount_id\": \"{U1}\",\n  \"organization_id\": \"{U2}\"\n }},\n"), ""), ROOT_CLOSE]),
        MissingField,
        "scope",
    );
    t.row(
        "missing outcome",
        ms(&[(&format!(" \"outcome\": {{\n  \"outcome_id\": \"{U3}\",\n  \"outcome_name\": \"Interested\",\n  \"outcome_type\": \"action\"\n }},\n"), ""), ROOT_CLOSE]),
        MissingField,
        "outcome",
    );
    t.row(
        "missing call",
        ms(&[(&format!(" \"call\": {{\n  \"call_id\": \"{U4}\",\n  \"phone_number\": \"+15555550100\",\n  \"contact_id\": \"{U5}\"\n }},\n"), ""), ROOT_CLOSE]),
        MissingField,
        "call",
    );
    t.row(
        "missing scope.subaccount_id",
        ms(&[
            (&format!("  \"subaccount_id\": \"{U1}\",\n"), ""),
            (&format!("\"{U2}\"\n }}"), &format!("\"{U2}\"\n §}}")),
        ]),
        MissingField,
        "scope.subaccount_id",
    );
    t.row(
        "missing scope.organization_id",
        ms(&[(&format!(",\n  \"organization_id\": \"{U2}\"\n }}"), "\n §}")]),
        MissingField,
        "scope.organization_id",
    );
    t.row(
        "missing outcome.outcome_id",
        ms(&[
            (&format!("  \"outcome_id\": \"{U3}\",\n"), ""),
            ("\"action\"\n }", "\"action\"\n §}"),
        ]),
        MissingField,
        "outcome.outcome_id",
    );
    t.row(
        "missing outcome.outcome_name",
        ms(&[
            ("  \"outcome_name\": \"Interested\",\n", ""),
            ("\"action\"\n }", "\"action\"\n §}"),
        ]),
        MissingField,
        "outcome.outcome_name",
    );
    t.row(
        "missing outcome.outcome_type",
        ms(&[(",\n  \"outcome_type\": \"action\"\n }", "\n §}")]),
        MissingField,
        "outcome.outcome_type",
    );
    t.row(
        "missing call.call_id",
        ms(&[
            (&format!("  \"call_id\": \"{U4}\",\n"), ""),
            (&format!("\"{U5}\"\n }}"), &format!("\"{U5}\"\n §}}")),
        ]),
        MissingField,
        "call.call_id",
    );
    t.row(
        "missing call.phone_number",
        ms(&[
            ("  \"phone_number\": \"+15555550100\",\n", ""),
            (&format!("\"{U5}\"\n }}"), &format!("\"{U5}\"\n §}}")),
        ]),
        MissingField,
        "call.phone_number",
    );
    t.row(
        "missing call.contact_id",
        ms(&[(&format!(",\n  \"contact_id\": \"{U5}\"\n }}"), "\n §}")]),
        MissingField,
        "call.contact_id",
    );
    t.row(
        "missing destination.destination_type",
        ms(&[
            ("  \"destination_type\": \"smart_list\",\n", ""),
            (&format!("\"{U6}\"\n }}"), &format!("\"{U6}\"\n §}}")),
        ]),
        MissingField,
        "destination.destination_type",
    );
    t.row(
        "smart_list without destination_id",
        ms(&[(&format!(",\n  \"destination_id\": \"{U6}\"\n }}"), "\n §}")]),
        MissingField,
        "destination.destination_id",
    );
    t.row(
        "remove without selection",
        sel(&[
            ("  \"selection\": \"selected\",\n", ""),
            ("  ]\n }", "  ]\n §}"),
        ]),
        MissingField,
        "destination.selection",
    );
    t.row(
        "selected without destination_ids",
        sel(&[(
            &format!(",\n  \"destination_ids\": [\n   \"{U10}\"\n  ]\n }}"),
            "\n §}",
        )]),
        MissingField,
        "destination.destination_ids",
    );
    t.row("empty object", build("{§}"), MissingField, "timestamp");

    // ---- Every field with the wrong JSON type: offset = the value.
    t.row(
        "timestamp as string",
        ts("§\"1781935984000\""),
        WrongType,
        "timestamp",
    );
    t.row("timestamp null", ts("§null"), WrongType, "timestamp");
    t.row("timestamp true", ts("§true"), WrongType, "timestamp");
    t.row("timestamp object", ts("§{}"), WrongType, "timestamp");
    t.row(
        "scope as string",
        ms(&[(&format!("\"scope\": {{\n  \"subaccount_id\": \"{U1}\",\n  \"organization_id\": \"{U2}\"\n }}"), "\"scope\": §\"x\"")]),
        WrongType,
        "scope",
    );
    t.row(
        "scope null",
        ms(&[("\"scope\": {", "\"scope\": §null, \"_\": {")]),
        WrongType,
        "scope",
    );
    t.row(
        "outcome as array",
        ms(&[("\"outcome\": {", "\"outcome\": §[{")]),
        WrongType,
        "outcome",
    );
    t.row(
        "call as number",
        ms(&[("\"call\": {", "\"call\": §42, \"_\": {")]),
        WrongType,
        "call",
    );
    t.row(
        "destination as string",
        dest("\"destination\": §\"smart_list\""),
        WrongType,
        "destination",
    );
    t.row(
        "destination as array",
        dest("\"destination\": §[]"),
        WrongType,
        "destination",
    );
    t.row(
        "destination false",
        dest("\"destination\": §false"),
        WrongType,
        "destination",
    );
    t.row(
        "subaccount_id number",
        ms(&[(&format!("\"{U1}\""), "§1")]),
        WrongType,
        "scope.subaccount_id",
    );
    t.row(
        "organization_id null",
        ms(&[(&format!("\"{U2}\""), "§null")]),
        WrongType,
        "scope.organization_id",
    );
    t.row(
        "outcome_id object",
        ms(&[(&format!("\"{U3}\""), "§{}")]),
        WrongType,
        "outcome.outcome_id",
    );
    t.row(
        "outcome_name number",
        name("§1"),
        WrongType,
        "outcome.outcome_name",
    );
    t.row(
        "outcome_name null",
        name("§null"),
        WrongType,
        "outcome.outcome_name",
    );
    t.row(
        "outcome_type array",
        ms(&[("\"action\"", "§[\"action\"]")]),
        WrongType,
        "outcome.outcome_type",
    );
    t.row("call_id true", call_id("§true"), WrongType, "call.call_id");
    t.row(
        "phone_number as number",
        phone("§15555550100"),
        WrongType,
        "call.phone_number",
    );
    t.row(
        "contact_id array",
        ms(&[(&format!("\"{U5}\""), &format!("§[\"{U5}\"]"))]),
        WrongType,
        "call.contact_id",
    );
    t.row(
        "destination_type null",
        ms(&[("\"smart_list\"", "§null")]),
        WrongType,
        "destination.destination_type",
    );
    t.row(
        "destination_id number",
        ms(&[(&format!("\"{U6}\""), "§6")]),
        WrongType,
        "destination.destination_id",
    );
    t.row(
        "selection true",
        sel(&[("\"selected\"", "§true")]),
        WrongType,
        "destination.selection",
    );
    t.row(
        "destination_ids as string",
        sel(&[(&format!("[\n   \"{U10}\"\n  ]"), &format!("§\"{U10}\""))]),
        WrongType,
        "destination.destination_ids",
    );
    t.row(
        "destination_ids object",
        sel(&[(&format!("[\n   \"{U10}\"\n  ]"), "§{}")]),
        WrongType,
        "destination.destination_ids",
    );
    t.row(
        "destination_ids[0] number",
        sel(&[(&format!("\"{U10}\""), "§10")]),
        WrongType,
        "destination.destination_ids[0]",
    );
    t.row(
        "destination_ids[1] null",
        sel(&[(&format!("\"{U10}\""), &format!("\"{U10}\", §null"))]),
        WrongType,
        "destination.destination_ids[1]",
    );
    t.row(
        "destination_ids nested array",
        sel(&[(&format!("\"{U10}\""), &format!("§[\"{U10}\"]"))]),
        WrongType,
        "destination.destination_ids[0]",
    );
    t.row(
        "error_message number",
        ms(&[("\"error_message\": \"\"", "\"error_message\": §0")]),
        WrongType,
        "error_message",
    );
    t.row(
        "error_message false",
        ms(&[("\"error_message\": \"\"", "\"error_message\": §false")]),
        WrongType,
        "error_message",
    );
    t.row(
        "error_message object",
        ms(&[("\"error_message\": \"\"", "\"error_message\": §{}")]),
        WrongType,
        "error_message",
    );
    t.row(
        "top level array",
        build(&format!("§[{MS}]")),
        WrongType,
        "$",
    );
    t.row("top level null", build("§null"), WrongType, "$");
    t.row("top level string", build("§\"{}\""), WrongType, "$");

    // ---- UUIDs: offset = the opening quote.
    t.row(
        "uuid short",
        call_id("§\"00000000-0000-4000-8000-00000000004\""),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid long",
        call_id("§\"00000000-0000-4000-8000-0000000000040\""),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid braced",
        call_id(&format!("§\"{{{U4}}}\"")),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid urn",
        call_id(&format!("§\"urn:uuid:{U4}\"")),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid 32 digits",
        call_id("§\"00000000000040008000000000000004\""),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid non-hex",
        call_id("§\"0000000g-0000-4000-8000-000000000004\""),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid hyphen moved",
        call_id("§\"000000000-000-4000-8000-000000000004\""),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid spaces for hyphens",
        call_id("§\"00000000 0000 4000 8000 000000000004\""),
        InvalidUuid,
        "call.call_id",
    );
    t.row(
        "uuid empty",
        ms(&[(&format!("\"{U1}\""), "§\"\"")]),
        InvalidUuid,
        "scope.subaccount_id",
    );
    t.row(
        "uuid escaped non-hex",
        ms(&[(
            &format!("\"{U3}\""),
            "§\"\\u00670000000-0000-4000-8000-000000000003\"",
        )]),
        InvalidUuid,
        "outcome.outcome_id",
    );
    t.row(
        "uuid full-width digit",
        ms(&[(
            &format!("\"{U5}\""),
            "§\"０0000000-0000-4000-8000-000000000005\"",
        )]),
        InvalidUuid,
        "call.contact_id",
    );
    t.row(
        "destination_id braced",
        ms(&[(&format!("\"{U6}\""), &format!("§\"{{{U6}}}\""))]),
        InvalidUuid,
        "destination.destination_id",
    );
    t.row(
        "destination_ids[1] short",
        sel(&[(&format!("\"{U10}\""), &format!("\"{U10}\", §\"0000\""))]),
        InvalidUuid,
        "destination.destination_ids[1]",
    );

    // ---- Phones: offset = the opening quote.
    t.row(
        "phone without +",
        phone("§\"15555550100\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone leading 0",
        phone("§\"+05555550100\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone 16 digits",
        phone("§\"+1555555010012345\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone spaces",
        phone("§\"+1 555 555 0100\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone one digit",
        phone("§\"+1\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone plus only",
        phone("§\"+\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone empty",
        phone("§\"\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone letter O",
        phone("§\"+1555555010O\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone dashes",
        phone("§\"+1-555-555-0100\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone double plus",
        phone("§\"++15555550100\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );
    t.row(
        "phone escaped, too long",
        phone("§\"\\u002B1555555010012345\""),
        InvalidPhoneNumber,
        "call.phone_number",
    );

    // ---- outcome_name length: offset = the opening quote.
    t.row(
        "outcome_name empty",
        name("§\"\""),
        InvalidLength,
        "outcome.outcome_name",
    );
    let a121 = format!("§\"{}\"", "a".repeat(121));
    t.row(
        "outcome_name 121 ascii",
        name(&a121),
        InvalidLength,
        "outcome.outcome_name",
    );
    let e121 = format!("§\"{}\"", "é".repeat(121));
    t.row(
        "outcome_name 121 é",
        name(&e121),
        InvalidLength,
        "outcome.outcome_name",
    );
    let x121 = format!("§\"{}\"", "\\u00e9".repeat(121));
    t.row(
        "outcome_name 121 escaped",
        name(&x121),
        InvalidLength,
        "outcome.outcome_name",
    );
    let s121 = format!("§\"{}\"", "\\ud83d\\ude00".repeat(121));
    t.row(
        "outcome_name 121 surrogate pairs",
        name(&s121),
        InvalidLength,
        "outcome.outcome_name",
    );
    let emoji121 = format!("§\"{}\"", "😀".repeat(121));
    t.row(
        "outcome_name 121 emoji (484 bytes)",
        name(&emoji121),
        InvalidLength,
        "outcome.outcome_name",
    );

    // ---- Unknown enum values: offset = the value's opening quote.
    t.row(
        "outcome_type capitalised",
        ms(&[("\"action\"", "§\"Action\"")]),
        UnknownEnumValue,
        "outcome.outcome_type",
    );
    t.row(
        "outcome_type plural",
        ms(&[("\"action\"", "§\"actions\"")]),
        UnknownEnumValue,
        "outcome.outcome_type",
    );
    t.row(
        "outcome_type empty",
        ms(&[("\"action\"", "§\"\"")]),
        UnknownEnumValue,
        "outcome.outcome_type",
    );
    t.row(
        "outcome_type trailing space",
        ms(&[("\"action\"", "§\"disposition \"")]),
        UnknownEnumValue,
        "outcome.outcome_type",
    );
    t.row(
        "outcome_type with NUL",
        ms(&[("\"action\"", "§\"action\\u0000\"")]),
        UnknownEnumValue,
        "outcome.outcome_type",
    );
    t.row(
        "destination_type plural",
        ms(&[("\"smart_list\"", "§\"smart_lists\"")]),
        UnknownEnumValue,
        "destination.destination_type",
    );
    t.row(
        "destination_type None",
        ms(&[("\"smart_list\"", "§\"None\"")]),
        UnknownEnumValue,
        "destination.destination_type",
    );
    t.row(
        "destination_type remove plural",
        sel(&[("\"remove_from_smart_list\"", "§\"remove_from_smart_lists\"")]),
        UnknownEnumValue,
        "destination.destination_type",
    );
    t.row(
        "destination_type 40 bytes",
        ms(&[(
            "\"smart_list\"",
            &format!("§\"{}\"", "smart_list".repeat(4)),
        )]),
        UnknownEnumValue,
        "destination.destination_type",
    );
    t.row(
        "selection some",
        sel(&[("\"selected\"", "§\"some\"")]),
        UnknownEnumValue,
        "destination.selection",
    );
    t.row(
        "selection ALL",
        sel(&[("\"selected\"", "§\"ALL\"")]),
        UnknownEnumValue,
        "destination.selection",
    );

    // ---- Inconsistent destinations.
    t.row(
        "selected with []",
        sel(&[(&format!("[\n   \"{U10}\"\n  ]"), "§[ ]")]),
        InconsistentDestination,
        "destination.destination_ids",
    );
    t.row(
        "all with ids",
        sel(&[
            ("\"selected\"", "\"all\""),
            (&format!("[\n   \"{U10}\""), &format!("§[\n   \"{U10}\"")),
        ]),
        InconsistentDestination,
        "destination.destination_ids",
    );
    t.row(
        "none with destination_id",
        dest(&format!(
            "\"destination\": {{\"destination_type\": \"none\", §\"destination_id\": \"{U6}\"}}"
        )),
        InconsistentDestination,
        "destination.destination_id",
    );
    t.row(
        "none with selection",
        dest("\"destination\": {§\"selection\": \"all\", \"destination_type\": \"none\"}"),
        InconsistentDestination,
        "destination.selection",
    );
    t.row(
        "smart_list with selection",
        ms(&[(
            "\"destination_type\": \"smart_list\",",
            "\"destination_type\": \"smart_list\", §\"selection\": \"all\",",
        )]),
        InconsistentDestination,
        "destination.selection",
    );
    t.row(
        "smart_list with destination_ids",
        ms(&[(
            "\"destination_type\": \"smart_list\",",
            &format!("\"destination_type\": \"smart_list\", §\"destination_ids\": [\"{U10}\"],"),
        )]),
        InconsistentDestination,
        "destination.destination_ids",
    );
    t.row(
        "remove with destination_id",
        sel(&[(
            "\"selection\": \"selected\",",
            &format!("\"selection\": \"selected\", §\"destination_id\": \"{U6}\","),
        )]),
        InconsistentDestination,
        "destination.destination_id",
    );
    let ids: Vec<String> = (0..17)
        .map(|k| format!("\"00000000-0000-4000-8000-0000000001{k:02}\""))
        .collect();
    let ids17 = format!("[{}, §{}]", ids[..16].join(", "), ids[16]);
    t.add(
        "17 ids (capacity 16)",
        sel(&[(&format!("[\n   \"{U10}\"\n  ]"), &ids17)]),
        CapacityExceeded,
        "destination.destination_ids[16]",
        Mode::OwnedOnly,
    );

    // ---- Timestamps: offset = the number.
    t.row(
        "timestamp negative",
        ts("§-1781935984000"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp minus zero",
        ts("§-0"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp float",
        ts("§1781935984000.5"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp float .0",
        ts("§1781935984000.0"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp exponent",
        ts("§1.781935984e12"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp integer exponent",
        ts("§1781935984000E0"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp over u64",
        ts("§18446744073709551616"),
        InvalidTimestamp,
        "timestamp",
    );
    // ---- The largest timestamp is 2^53 - 1 (FACTS.md, decided).
    t.row(
        "timestamp 2^53",
        ts("§9007199254740992"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp u64::MAX",
        ts("§18446744073709551615"),
        InvalidTimestamp,
        "timestamp",
    );
    t.row(
        "timestamp minus zero as a fraction",
        ts("§-0.0"),
        InvalidTimestamp,
        "timestamp",
    );
    t.add(
        "timestamp seconds before 1973",
        ts("§99999999"),
        InvalidTimestamp,
        "timestamp",
        Mode::StrictKind(TimestampInSeconds),
    );
    t.row(
        "timestamp leading zero",
        ts("§01781935984000"),
        InvalidNumber,
        "timestamp",
    );
    t.row(
        "timestamp dot without digits",
        ts("§1781935984000."),
        InvalidNumber,
        "timestamp",
    );
    t.row("timestamp bare minus", ts("§-"), InvalidNumber, "timestamp");
    t.row(
        "timestamp plus sign",
        ts("§+1781935984000"),
        UnexpectedByte,
        "timestamp",
    );
    t.row(
        "timestamp then letters",
        ts("1781935984000§x67"),
        UnexpectedByte,
        "$",
    );

    // ---- Duplicate member names: offset = the second name.
    // ---- Whitespace is RFC 8259's four bytes only (FACTS.md, decided).
    for (what, ws) in [
        ("form feed", "⟪0C⟫"),
        ("vertical tab", "⟪0B⟫"),
        ("NBSP", "\u{a0}"),
        ("U+2028", "\u{2028}"),
        ("NUL", "⟪00⟫"),
    ] {
        t.row(
            &format!("{what} before a member"),
            ms(&[(
                "{\n \"error_message\"",
                &format!("{{\n§{ws} \"error_message\""),
            )]),
            UnexpectedByte,
            "$",
        );
        t.row(
            &format!("{what} before a value"),
            ms(&[(
                "\"timestamp\": 1781935984000",
                &format!("\"timestamp\":§{ws} 1781935984000"),
            )]),
            UnexpectedByte,
            "timestamp",
        );
        t.row(
            &format!("{what} after the object"),
            build(&format!("{}§{ws}\n", MS.trim_end())),
            TrailingData,
            "$",
        );
        t.row(
            &format!("{what} before the object"),
            build(&format!("§{ws}{MS}")),
            UnexpectedByte,
            "$",
        );
    }

    // ---- The duplicate check holds at most 64 names at once (linear cost, fixed memory).
    let members = |n: usize| -> String {
        (0..n)
            .map(|i| format!("\"m{i}\": {i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    t.row(
        "65 unknown members",
        ms_with(&format!("{}, §\"m64\": 64", members(64))),
        TooManyMembers,
        "*",
    );
    t.row(
        "65 names held: 25 open at the top, 40 in a nested object",
        ms_with(&format!(
            "{}, \"x\": {{{}, §\"n39\": 0}}",
            members(24),
            (0..39)
                .map(|i| format!("\"n{i}\": 0"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        TooManyMembers,
        "*",
    );
    t.row(
        "65 unknown members in call",
        ms(&[(
            "\"phone_number\"",
            &format!("{}, §\"m64\": 64, \"phone_number\"", members(64)),
        )]),
        TooManyMembers,
        "call.*",
    );
    t.row(
        "a duplicate among 64 unknown members is a duplicate",
        ms_with(&format!("{}, §\"m\\u0033\": 3", members(64))),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate names sharing a long prefix",
        ms_with(&format!(
            "\"{p}b\": 1, \"{p}a\": 2, \"{p}c\": 3, §\"{p}\\u0061\": 4",
            p = "p".repeat(500)
        )),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate astral name, escaped as a pair",
        ms_with("\"\u{1F600}x\": 1, \"\u{1F600}\": 2, §\"\\ud83d\\ude00\": 3"),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate timestamp",
        ms(&[(
            "\"timestamp\": 1781935984000,",
            "\"timestamp\": 1781935984000, §\"timestamp\": 1781935984000,",
        )]),
        DuplicateKey,
        "timestamp",
    );
    t.row(
        "duplicate scope",
        ms(&[(" }\n}\n", " },\n §\"scope\": null\n}\n")]),
        DuplicateKey,
        "scope",
    );
    t.row(
        "duplicate outcome (escaped)",
        ms(&[(" }\n}\n", " },\n §\"\\u006futcome\": 1\n}\n")]),
        DuplicateKey,
        "outcome",
    );
    t.row(
        "duplicate call",
        ms(&[(" }\n}\n", " },\n §\"call\": {}\n}\n")]),
        DuplicateKey,
        "call",
    );
    t.row(
        "duplicate destination",
        ms(&[(" }\n}\n", " },\n §\"destination\": null\n}\n")]),
        DuplicateKey,
        "destination",
    );
    t.row(
        "duplicate error_message",
        ms(&[(
            "\"error_message\": \"\",",
            "\"error_message\": \"\", §\"error_message\": null,",
        )]),
        DuplicateKey,
        "error_message",
    );
    t.row(
        "duplicate subaccount_id",
        ms(&[(
            &format!("\"subaccount_id\": \"{U1}\","),
            &format!("\"subaccount_id\": \"{U1}\", §\"subaccount_id\": \"{U1}\","),
        )]),
        DuplicateKey,
        "scope.subaccount_id",
    );
    t.row(
        "duplicate outcome_name",
        ms(&[(
            "\"outcome_name\": \"Interested\",",
            "\"outcome_name\": \"Interested\", §\"outcome_name\": \"Other\",",
        )]),
        DuplicateKey,
        "outcome.outcome_name",
    );
    t.row(
        "duplicate call_id, second escaped",
        ms(&[(
            &format!("\"call_id\": \"{U4}\","),
            &format!("\"call_id\": \"{U4}\", §\"call\\u005fid\": \"{U4}\","),
        )]),
        DuplicateKey,
        "call.call_id",
    );
    t.row(
        "duplicate call_id, first escaped",
        ms(&[(
            &format!("\"call_id\": \"{U4}\","),
            &format!("\"call\\u005Fid\": \"{U4}\", §\"call_id\": \"{U4}\","),
        )]),
        DuplicateKey,
        "call.call_id",
    );
    t.row(
        "duplicate destination_type",
        ms(&[(
            "\"destination_type\": \"smart_list\",",
            "\"destination_type\": \"smart_list\", §\"destination_type\": \"smart_list\",",
        )]),
        DuplicateKey,
        "destination.destination_type",
    );
    t.row(
        "duplicate destination_ids",
        sel(&[
            (
                "\"selection\": \"selected\",",
                &format!("\"destination_ids\": [\"{U10}\"], \"selection\": \"selected\","),
            ),
            ("  \"destination_ids\": [\n", "  §\"destination_ids\": [\n"),
        ]),
        DuplicateKey,
        "destination.destination_ids",
    );
    t.row(
        "duplicate unknown",
        ms_with("\"x\": 1, §\"x\": 2"),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate unknown, escaped",
        ms_with("\"x\": 1, §\"\\u0078\": 2"),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate unknown, surrogate pair",
        ms_with("\"😀\": 1, §\"\\ud83d\\ude00\": 2"),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate unknown, solidus escape",
        ms_with("\"a/b\": 1, §\"a\\/b\": 2"),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate unknown after tricky values",
        ms_with(r#""x": {"a": [1, {"b": "}]\","}], "c": "\"\\"}, "y": [], "z": "x", §"x": 1"#),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate unknown in scope",
        ms(&[(
            &format!("\"subaccount_id\": \"{U1}\","),
            &format!("\"v\": 1, \"subaccount_id\": \"{U1}\", §\"v\": 2,"),
        )]),
        DuplicateKey,
        "scope.*",
    );
    t.row(
        "duplicate unknown in destination",
        ms(&[(
            "\"destination_type\": \"smart_list\",",
            "\"destination_type\": \"smart_list\", \"w\": 1, §\"w\": 1,",
        )]),
        DuplicateKey,
        "destination.*",
    );
    t.row(
        "duplicate in nested unknown object",
        ms_with(r#""x": {"a": 1, "b": {"c": 1, §"c": 2}}"#),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate in object inside unknown array",
        ms_with(r#""x": [{"k": 1}, {"k": 1, "j": 2, §"\u006b": 3}]"#),
        DuplicateKey,
        "*",
    );
    t.row(
        "duplicate in unknown inside call",
        ms(&[(
            "\"phone_number\": \"+15555550100\",",
            "\"phone_number\": \"+15555550100\", \"meta\": {\"a\": {\"b\": [], §\"b\": {}}},",
        )]),
        DuplicateKey,
        "call.*",
    );

    // ---- BOM, empty input, trailing data.
    t.row(
        "BOM",
        build(&format!("§⟪EF⟫⟪BB⟫⟪BF⟫{MS}")),
        ByteOrderMark,
        "$",
    );
    t.row(
        "BOM after whitespace",
        build(&format!(" §⟪EF⟫⟪BB⟫⟪BF⟫{MS}")),
        UnexpectedByte,
        "$",
    );
    t.row("empty input", build("§"), UnexpectedEnd, "$");
    t.row("whitespace only", build(" \n\t§"), UnexpectedEnd, "$");
    t.row(
        "truncated",
        build(&format!("{}§", &MS[..MS.find("\"call\"").unwrap()])),
        UnexpectedEnd,
        "$",
    );
    t.row(
        "truncated in a string",
        build(&format!("{}§", &MS[..MS.find("Interested").unwrap() + 5])),
        UnexpectedEnd,
        "outcome.outcome_name",
    );
    t.row(
        "trailing letter",
        build(&format!("{MS}§x")),
        TrailingData,
        "$",
    );
    t.row(
        "trailing object",
        build(&format!("{MS} §{{}}")),
        TrailingData,
        "$",
    );
    t.row(
        "trailing NUL",
        build(&format!("{MS}§⟪00⟫")),
        TrailingData,
        "$",
    );
    t.row(
        "trailing comma",
        build(&format!("{}§,\n", MS.trim_end())),
        TrailingData,
        "$",
    );
    t.row(
        "trailing brace",
        build(&format!("{}§}}", MS.trim_end())),
        TrailingData,
        "$",
    );
    t.row(
        "trailing comma in object",
        ms(&[(" }\n}\n", " },\n§}\n")]),
        UnexpectedByte,
        "$",
    );
    t.row(
        "leading comma in object",
        ms(&[("{\n \"error_message\"", "{\n §, \"error_message\"")]),
        UnexpectedByte,
        "$",
    );
    t.row(
        "missing comma",
        ms(&[(
            "\"error_message\": \"\",\n \"timestamp\"",
            "\"error_message\": \"\"\n §\"timestamp\"",
        )]),
        UnexpectedByte,
        "$",
    );
    t.row(
        "missing colon",
        ms(&[(
            "\"timestamp\": 1781935984000",
            "\"timestamp\" §1781935984000",
        )]),
        UnexpectedByte,
        "$",
    );
    t.row(
        "single-quoted key",
        ms(&[("\"timestamp\"", "§'timestamp'")]),
        UnexpectedByte,
        "$",
    );

    // ---- Invalid JSON inside an unknown member (path `*` or `parent.*`).
    t.row(
        "unknown: trailing comma in array",
        ms_with("\"x\": [1,§]"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: trailing comma in object",
        ms_with("\"x\": {\"a\": 1,§}"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: missing colon",
        ms_with("\"x\": {\"a\" §1}"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: missing comma",
        ms_with("\"x\": [1 §2]"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: truncated literal",
        ms_with("\"x\": tru§"),
        UnexpectedByte,
        "*",
    );
    t.row("unknown: NaN", ms_with("\"x\": §NaN"), UnexpectedByte, "*");
    t.row(
        "unknown: leading zero",
        ms_with("\"x\": §01"),
        InvalidNumber,
        "*",
    );
    t.row(
        "unknown: fraction without digits",
        ms_with("\"x\": §1.e5"),
        InvalidNumber,
        "*",
    );
    t.row(
        "unknown: bad escape",
        ms_with("\"x\": \"§\\x41\""),
        InvalidEscape,
        "*",
    );
    t.row(
        "unknown: short \\u escape",
        ms_with("\"x\": \"\\u00§G0\""),
        InvalidEscape,
        "*",
    );
    t.row(
        "unknown: single quotes",
        ms_with("\"x\": [§'a']"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: mismatched close",
        ms_with("\"x\": [{}§}"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: comment",
        ms_with("\"x\": §/* c */ 1"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: non-string key",
        ms_with("\"x\": {§1: 2}"),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown: unclosed array as last member",
        ms(&[(" }\n}\n", " },\n \"x\": [1\n§}\n")]),
        UnexpectedByte,
        "*",
    );
    t.row(
        "unknown in call: missing value",
        ms(&[(
            "\"phone_number\": \"+15555550100\",",
            "\"phone_number\": \"+15555550100\", \"y\": §,",
        )]),
        UnexpectedByte,
        "call.*",
    );
    t.row(
        "unknown in destination: bad number",
        ms(&[(
            "\"destination_type\": \"smart_list\",",
            "\"destination_type\": \"smart_list\", \"y\": §-a,",
        )]),
        InvalidNumber,
        "destination.*",
    );

    // ---- Escapes: lone surrogates and bad escapes (offset = the backslash).
    t.row(
        "lone high surrogate",
        name("\"§\\ud800\""),
        LoneSurrogate,
        "outcome.outcome_name",
    );
    t.row(
        "lone low surrogate",
        name("\"ab§\\udc00cd\""),
        LoneSurrogate,
        "outcome.outcome_name",
    );
    t.row(
        "high surrogate then BMP escape",
        name("\"§\\ud800\\u0041\""),
        LoneSurrogate,
        "outcome.outcome_name",
    );
    t.row(
        "two high surrogates",
        name("\"§\\uD800\\uD800\""),
        LoneSurrogate,
        "outcome.outcome_name",
    );
    t.row(
        "inverted surrogate pair",
        name("\"§\\udd1e\\ud834\""),
        LoneSurrogate,
        "outcome.outcome_name",
    );
    t.row(
        "high surrogate then \\n",
        name("\"§\\ud800\\n\""),
        LoneSurrogate,
        "outcome.outcome_name",
    );
    t.row(
        "lone surrogate in a key",
        ms_with("\"§\\udfaa\": 0"),
        LoneSurrogate,
        "$",
    );
    t.row(
        "lone surrogate in unknown value",
        ms_with("\"x\": [\"§\\udbff\"]"),
        LoneSurrogate,
        "*",
    );
    t.row(
        "lone surrogate in error_message",
        ms(&[("\"error_message\": \"\"", "\"error_message\": \"§\\uDC01\"")]),
        LoneSurrogate,
        "error_message",
    );
    t.row(
        "escape \\x",
        name("\"§\\x49\""),
        InvalidEscape,
        "outcome.outcome_name",
    );
    t.row(
        "escape \\U",
        name("\"§\\U0049\""),
        InvalidEscape,
        "outcome.outcome_name",
    );
    t.row(
        "escape \\'",
        name("\"§\\'\""),
        InvalidEscape,
        "outcome.outcome_name",
    );
    t.row(
        "escape \\u with 3 digits",
        name("\"\\u004§\""),
        InvalidEscape,
        "outcome.outcome_name",
    );
    t.row(
        "escape of a raw tab",
        name("\"§\\⟪09⟫\""),
        InvalidEscape,
        "outcome.outcome_name",
    );

    // ---- Raw control characters (offset = the character).
    t.row(
        "raw tab in outcome_name",
        name("\"Inter§⟪09⟫ested\""),
        ControlCharacter,
        "outcome.outcome_name",
    );
    t.row(
        "raw newline in error_message",
        ms(&[("\"error_message\": \"\"", "\"error_message\": \"a§\nb\"")]),
        ControlCharacter,
        "error_message",
    );
    t.row(
        "raw NUL in a key",
        ms_with("\"a§⟪00⟫\": 1"),
        ControlCharacter,
        "$",
    );
    t.row(
        "raw 0x1F in phone",
        phone("\"+1555§⟪1F⟫5550100\""),
        ControlCharacter,
        "call.phone_number",
    );
    t.row(
        "raw CR in unknown value",
        ms_with("\"x\": \"§\r\""),
        ControlCharacter,
        "*",
    );
    t.row(
        "raw NUL in a UUID",
        call_id(&format!("\"{}§⟪00⟫\"", &U4[..35])),
        ControlCharacter,
        "call.call_id",
    );

    // ---- Invalid UTF-8 (offset = the first bad byte).
    t.row(
        "utf8 bad byte FF",
        name("\"Inter§⟪FF⟫ested\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 lone continuation",
        name("\"§⟪80⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 overlong 2-byte /",
        name("\"a§⟪C0⟫⟪AF⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 overlong 3-byte",
        name("\"§⟪E0⟫⟪80⟫⟪AF⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 encoded surrogate ED A0 80",
        name("\"x§⟪ED⟫⟪A0⟫⟪80⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 encoded low surrogate ED B0 80",
        name("\"§⟪ED⟫⟪B0⟫⟪80⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 above U+10FFFF",
        name("\"§⟪F4⟫⟪90⟫⟪80⟫⟪80⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 truncated sequence",
        name("\"ab§⟪E2⟫⟪82⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row(
        "utf8 latin-1 é",
        name("\"Caf§⟪E9⟫\""),
        InvalidUtf8,
        "outcome.outcome_name",
    );
    t.row("utf8 in a key", ms_with("\"k§⟪C3⟫\": 1"), InvalidUtf8, "$");
    t.row(
        "utf8 in unknown value",
        ms_with("\"x\": {\"y\": \"§⟪F8⟫⟪88⟫⟪80⟫⟪80⟫⟪80⟫\"}"),
        InvalidUtf8,
        "*",
    );
    t.row(
        "utf8 in error_message",
        ms(&[(
            "\"error_message\": \"\"",
            "\"error_message\": \"§⟪ED⟫⟪A0⟫⟪80⟫\"",
        )]),
        InvalidUtf8,
        "error_message",
    );
    t.row(
        "utf8 byte outside strings",
        ts("§⟪FF⟫"),
        UnexpectedByte,
        "timestamp",
    );

    // ---- Strict mode.
    let strict = |t: &mut Table, name: &str, case: Case, kind: ErrorKind, path: &'static str| {
        t.add(name, case, kind, path, Mode::Strict)
    };
    strict(
        &mut t,
        "strict: unknown top-level member",
        ms_with("§\"version\": 2"),
        UnknownMember,
        "*",
    );
    strict(
        &mut t,
        "strict: unknown escaped member",
        ms_with("§\"\\u0076\": 2"),
        UnknownMember,
        "*",
    );
    strict(
        &mut t,
        "strict: unknown member in scope",
        ms(&[(
            &format!("\"subaccount_id\": \"{U1}\","),
            &format!("\"subaccount_id\": \"{U1}\", §\"team\": null,"),
        )]),
        UnknownMember,
        "scope.*",
    );
    strict(
        &mut t,
        "strict: unknown member in outcome",
        ms(&[(
            "\"outcome_type\": \"action\"",
            "\"outcome_type\": \"action\", §\"color\": \"red\"",
        )]),
        UnknownMember,
        "outcome.*",
    );
    strict(
        &mut t,
        "strict: unknown member in destination",
        ms(&[(
            "\"destination_type\": \"smart_list\",",
            "\"destination_type\": \"smart_list\", §\"list_name\": \"Hot\",",
        )]),
        UnknownMember,
        "destination.*",
    );
    strict(
        &mut t,
        "strict: seconds timestamp",
        ts("§1781935984"),
        TimestampInSeconds,
        "timestamp",
    );
    strict(
        &mut t,
        "strict: earliest lenient seconds",
        ts("§100000000"),
        TimestampInSeconds,
        "timestamp",
    );

    t
}

fn check(row: &Row, result: Result<(), sailor_webhook::Error>, what: &str) {
    let err = match result {
        Ok(()) => panic!("{}: {what} accepted", row.name),
        Err(e) => e,
    };
    let got = (err.kind(), err.path().to_string(), Some(err.offset()));
    let want = (row.kind, row.path.to_string(), row.case.offset);
    assert_eq!(got, want, "{}: {what}: {err}", row.name);
    assert_eq!(
        err.to_string(),
        format!(
            "{} at {} (byte {}): {}",
            row.kind.code(),
            row.path,
            err.offset(),
            row.kind.message()
        ),
    );
}

#[test]
fn invalid_payloads_table() {
    let t = table();
    assert!(t.0.len() >= 60, "only {} rows", t.0.len());
    for row in &t.0 {
        assert!(
            row.case.offset.is_some(),
            "{}: every row here marks its offset",
            row.name
        );
        let input = &row.case.input;
        let opts = match row.mode {
            Mode::Strict => Options::new().strict(true),
            _ => Options::new(),
        };
        check(row, opts.parse(input).map(|_| ()), "parse");
        if row.mode == Mode::OwnedOnly {
            assert!(opts.parse_view(input).is_ok(), "{}: view", row.name);
            assert!(opts.validate(input).is_ok(), "{}: validate", row.name);
        } else {
            check(row, opts.parse_view(input).map(|_| ()), "parse_view");
            check(row, opts.validate(input), "validate");
        }
        if row.mode == Mode::Strict {
            // Everything that strict mode rejects, lenient mode accepts.
            let lenient = Options::new().parse(input);
            assert!(
                lenient.is_ok(),
                "{}: lenient: {:?}",
                row.name,
                lenient.err()
            );
        } else {
            // Every lenient rejection is also a strict one, the same error,
            // except inside unknown members, which strict mode rejects first.
            let strict = Options::new().strict(true).parse(input).map(|_| ());
            if let Mode::StrictKind(kind) = row.mode {
                let err = strict.unwrap_err();
                assert_eq!(
                    (err.kind(), err.path().to_string(), Some(err.offset())),
                    (kind, row.path.to_string(), row.case.offset),
                    "{}: strict",
                    row.name
                );
            } else if !row.path.ends_with('*') {
                check(row, strict, "strict parse");
            }
            // The crate-level functions agree with the default options.
            check(
                row,
                sailor_webhook::parse(input).map(|_| ()),
                "sailor_webhook::parse",
            );
        }
    }
    println!("{} invalid rows checked", t.0.len());
}

/// The edits above only break what they mean to: the same edit with a valid
/// value parses.
#[test]
fn the_edit_helpers_build_valid_payloads() {
    for case in [
        name("\"Interested\""),
        call_id(&format!("\"{U4}\"")),
        phone("\"+15555550100\""),
        ts("1781935984000"),
        ms_with("\"x\": [1, {\"a\": \"b\"}]"),
        dest("\"destination\": null"),
        sel(&[]),
        ms(&[]),
    ] {
        assert_eq!(case.offset, None);
        sailor_webhook::parse(&case.input).unwrap();
    }
    let c = build("a§⟪FF⟫b");
    assert_eq!((c.input, c.offset), (b"a\xffb".to_vec(), Some(1)));
}

#[test]
fn outcome_name_of_120_e_acute_passes() {
    let c = name(&format!("\"{}\"", "é".repeat(120)));
    let e = sailor_webhook::parse(&c.input).unwrap();
    assert_eq!(e.outcome.outcome_name.as_str(), "é".repeat(120));
    assert_eq!(e.outcome.outcome_name.chars().count(), 120);
    assert_eq!(e.outcome.outcome_name.len(), 240);
    let v = sailor_webhook::parse_view(&c.input).unwrap();
    assert_eq!(v.outcome.outcome_name.char_count(), 120);
    // Strict mode has the same length rule.
    assert!(Options::new().strict(true).parse(&c.input).is_ok());
    // 120 four-byte characters fill the default 480-byte capacity exactly.
    let c = name(&format!("\"{}\"", "😀".repeat(120)));
    assert_eq!(
        sailor_webhook::parse(&c.input)
            .unwrap()
            .outcome
            .outcome_name
            .len(),
        sailor_webhook::MAX_OUTCOME_NAME_BYTES
    );
    // ... and overflow a smaller one, as a capacity error at the name.
    let err = OutcomeEvent::<479, 16, 256>::parse_with(&c.input, &Options::new()).unwrap_err();
    assert_eq!(err.kind(), CapacityExceeded);
    assert_eq!(err.path().to_string(), "outcome.outcome_name");
    assert_eq!(err.offset(), MS.find("\"Interested\"").unwrap());
}

/// Near misses that must be accepted.
#[test]
fn near_misses_are_valid() {
    for (what, case) in [
        (
            "uuid upper case",
            call_id("\"00000000-0000-4000-8000-00000000000A\""),
        ),
        (
            "uuid escaped hyphen",
            call_id("\"00000000\\u002d0000-4000-8000-000000000004\""),
        ),
        ("phone 15 digits", phone("\"+123456789012345\"")),
        ("phone 2 digits", phone("\"+12\"")),
        ("name 1 char", name("\"x\"")),
        ("name with DEL", name("\"a\u{7f}b\"")),
        ("name escaped NUL", name("\"\\u0000\"")),
        ("name U+2028", name("\"\u{2028}\"")),
        ("name noncharacter U+FFFF", name("\"\\uFFFF\"")),
        ("keys differing in case", ms_with("\"x\": 1, \"X\": 2")),
        (
            "keys differing by NUL",
            ms_with("\"a\": 1, \"a\\u0000\": 2"),
        ),
        (
            "keys prefix of another",
            ms_with("\"ab\": 1, \"a\": 2, \"abc\": 3"),
        ),
        (
            "same key in sibling objects",
            ms_with("\"x\": [{\"k\": 1}, {\"k\": 2}], \"y\": {\"k\": {\"k\": 3}}"),
        ),
        (
            "known name as unknown's key",
            ms_with("\"x\": {\"timestamp\": 1, \"call_id\": 2}"),
        ),
        (
            "all with ids []",
            sel(&[
                ("\"selected\"", "\"all\""),
                (&format!("[\n   \"{U10}\"\n  ]"), "[]"),
            ]),
        ),
        ("timestamp min ms", ts("100000000000")),
        ("timestamp 2^53 - 1", ts("9007199254740991")),
        (
            "64 unknown members",
            ms_with(
                &(0..64)
                    .map(|i| format!("\"m{i}\": {i}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        (
            "unknown objects of 63 members, one after another",
            ms_with(&format!(
                "\"x\": [{}]",
                vec![
                    format!(
                        "{{{}}}",
                        (0..63)
                            .map(|i| format!("\"k{i}\": {{}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    50
                ]
                .join(", ")
            )),
        ),
        (
            "names equal but for an astral character",
            ms_with("\"\\ud83d\\ude00\": 1, \"\\ud83d\\ude01\": 2, \"\u{1F602}\": 3"),
        ),
        ("unknown huge exponent", ms_with("\"x\": 1.5e+9999")),
        (
            "unknown big int",
            ms_with("\"x\": -123123123123123123123123123123"),
        ),
        (
            "unknown depth 32",
            ms_with(&format!("\"x\": {}{}", "[".repeat(31), "]".repeat(31))),
        ),
    ] {
        let r = sailor_webhook::parse(&case.input);
        assert!(r.is_ok(), "{what}: {:?}", r.err());
        assert!(sailor_webhook::parse_view(&case.input).is_ok(), "{what}");
    }
}

/// The reference rule for UUIDs: 36 bytes, hyphens at 8, 13, 18 and 23,
/// hex digits (either case) elsewhere.
fn reference_uuid(text: &[u8]) -> Option<[u8; 16]> {
    if text.len() != 36 {
        return None;
    }
    let mut hex = Vec::new();
    for (i, &b) in text.iter().enumerate() {
        if [8, 13, 18, 23].contains(&i) {
            if b != b'-' {
                return None;
            }
        } else {
            hex.push((b as char).to_digit(16)? as u8);
        }
    }
    let mut out = [0u8; 16];
    for (k, pair) in hex.chunks(2).enumerate() {
        out[k] = pair[0] << 4 | pair[1];
    }
    Some(out)
}

/// Every single-byte change of a UUID (every position, every byte value),
/// and a few lengths, agree with the reference rule, directly and in a payload.
#[test]
fn uuid_parser_matches_the_reference_for_every_byte() {
    let bases = [
        "00000000-0000-4000-8000-000000000004",
        "0123abcd-ef45-6789-ABCD-EFabcdef0123",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ];
    let mut checked = 0;
    for base in bases {
        for pos in 0..36 {
            for b in 0..=255u8 {
                let mut text = base.as_bytes().to_vec();
                text[pos] = b;
                let expected = reference_uuid(&text);
                let got = sailor_webhook::Uuid::parse_bytes(&text).map(|u| *u.as_bytes());
                assert_eq!(got, expected, "{:?}", String::from_utf8_lossy(&text));
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 36 * 256);
    // In a payload (printable ASCII other than quote and backslash).
    for pos in 0..36 {
        for b in (0x20..0x7f_u8).filter(|&b| b != b'"' && b != b'\\') {
            let mut text = U4.as_bytes().to_vec();
            text[pos] = b;
            let value = String::from_utf8(text.clone()).unwrap();
            let case = call_id(&format!("\"{value}\""));
            let r = sailor_webhook::parse(&case.input);
            match reference_uuid(&text) {
                Some(bytes) => assert_eq!(r.unwrap().call.call_id.as_bytes(), &bytes),
                None => {
                    let err = r.unwrap_err();
                    assert_eq!(
                        (err.kind(), err.path().to_string()),
                        (InvalidUuid, "call.call_id".into())
                    );
                }
            }
        }
    }
    for len in [0, 1, 35, 37, 72] {
        assert_eq!(sailor_webhook::Uuid::parse_bytes(&vec![b'0'; len]), None);
    }
}

/// The same for E.164 phone numbers: `+`, 2 to 15 digits, the first not `0`.
#[test]
fn phone_parser_matches_the_reference() {
    let reference = |t: &[u8]| {
        t.len() >= 3
            && t.len() <= 16
            && t[0] == b'+'
            && t[1] != b'0'
            && t[1..].iter().all(u8::is_ascii_digit)
    };
    for base in ["+15555550100", "+12", "+999999999999999"] {
        for pos in 0..base.len() {
            for b in 0..=255u8 {
                let mut text = base.as_bytes().to_vec();
                text[pos] = b;
                let got = sailor_webhook::PhoneNumber::parse_bytes(&text);
                assert_eq!(
                    got.is_some(),
                    reference(&text),
                    "{:?}",
                    String::from_utf8_lossy(&text)
                );
                if let Some(p) = got {
                    assert_eq!(p.to_string().as_bytes(), &text[..]);
                }
            }
        }
    }
}

/// The table as data, for the tests that cannot run Rust (the Python and
/// Node packages, the C ABI): `tests/data/invalid.jsonl`, one row a line,
/// `{"name","input_hex","strict","code","path","offset","owned_only"}`.
/// `strict` says which options reject it with that error; `owned_only` rows
/// fail only in the owned event (a capacity), the view accepts them.
/// `SAILOR_BLESS=1 cargo test --test invalid` rewrites the file; otherwise
/// the test fails when the file is not exactly what the table gives.
#[test]
fn the_exported_table_is_current() {
    let t = table();
    let mut out = String::new();
    let json = |s: &str| serde_json::Value::from(s).to_string();
    for row in &t.0 {
        let hex: String = row.case.input.iter().map(|b| format!("{b:02x}")).collect();
        out.push_str(&format!(
            "{{\"name\":{},\"input_hex\":\"{hex}\",\"strict\":{},\"code\":{},\"path\":{},\"offset\":{},\"owned_only\":{}}}\n",
            json(&row.name),
            row.mode == Mode::Strict,
            json(row.kind.code()),
            json(row.path),
            row.case.offset.unwrap_or(0),
            row.mode == Mode::OwnedOnly,
        ));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/invalid.jsonl");
    if std::env::var_os("SAILOR_BLESS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
        std::fs::write(path, &out).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == out,
        "{path} is stale: run `SAILOR_BLESS=1 cargo test --test invalid` and commit it"
    );
}
