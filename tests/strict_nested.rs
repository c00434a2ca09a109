//! Strict mode with one unknown member inside each object of the schema
//! (the top level, `scope`, `outcome`, `call`, `destination`), placed first
//! and last in its object, its name plain, escaped, or one letter off a
//! known name: `unknown_member` at the unknown path of that object, at the
//! opening quote of the name; the default options accept the same payload
//! with the values of the payload without it.

use sailor_webhook::{Error, ErrorKind, Options, OutcomeEvent};

const MS: &str = include_str!("fixtures/webhook-page-ms.json");
const SEL: &str = include_str!("fixtures/remove-selected.json");

/// Where each object opens in the fixtures (`"name": {`), and the unknown
/// path its unknown members have.
const OBJECTS: [(&str, &str); 5] = [
    ("", "*"),
    ("\"scope\": {", "scope.*"),
    ("\"outcome\": {", "outcome.*"),
    ("\"call\": {", "call.*"),
    ("\"destination\": {", "destination.*"),
];

/// Unknown member names as written, each with its value: plain, escaped
/// (`\u0076` is `v`), one letter off a known name of each object, a known
/// name of another object.
const MEMBERS: [&str; 7] = [
    "\"version\": 2",
    "\"\\u0076ersion\": [1, {\"a\": null}]",
    "\"timestamps\": 1781935984000",
    "\"subaccount_Id\": \"00000000-0000-4000-8000-000000000001\"",
    "\"outcome_nam\": \"x\"",
    "\"Call_id\": {}",
    "\"destination_ids\": \"not here\"",
];

/// `base` with `member` added first or last in the object that opens at
/// `open` (the top level for `""`), and the offset of the member's name.
fn insert(base: &str, open: &str, member: &str, first: bool) -> (String, usize) {
    let start = if open.is_empty() {
        0
    } else {
        assert_eq!(base.matches(open).count(), 1, "{open:?}");
        base.find(open).unwrap() + open.len() - 1
    };
    // The object's closing brace: the first `}` at depth 0 after `start`.
    let mut depth = 0;
    let mut close = None;
    for (i, b) in base.bytes().enumerate().skip(start) {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close.expect("a closing brace");
    let (at, text) = if first {
        (start + 1, format!("{member},"))
    } else {
        (close, format!(", {member}"))
    };
    let mut out = base.to_owned();
    out.insert_str(at, &text);
    let name_at = if first { at } else { at + 2 };
    assert_eq!(out.as_bytes()[name_at], b'"');
    (out, name_at)
}

/// Whether `member`'s name is a known member of the object at `open`.
fn is_known(open: &str, member: &str) -> bool {
    let known: &[&str] = match open {
        "" => &[
            "timestamp",
            "scope",
            "outcome",
            "call",
            "destination",
            "error_message",
        ],
        "\"scope\": {" => &["subaccount_id", "organization_id"],
        "\"outcome\": {" => &["outcome_id", "outcome_name", "outcome_type"],
        "\"call\": {" => &["call_id", "phone_number", "contact_id"],
        _ => &[
            "destination_type",
            "destination_id",
            "selection",
            "destination_ids",
        ],
    };
    known
        .iter()
        .any(|k| member.starts_with(&format!("\"{k}\"")))
}

#[test]
fn strict_mode_rejects_an_unknown_member_in_each_object_at_its_name() {
    let strict = Options::new().strict(true);
    let mut checked = 0;
    for base in [MS, SEL] {
        let plain = Options::new().parse(base.as_bytes()).expect("fixture");
        assert_eq!(strict.parse(base.as_bytes()), Ok(plain.clone()));
        for (open, path) in OBJECTS {
            for member in MEMBERS {
                if is_known(open, member) {
                    continue;
                }
                for first in [true, false] {
                    let (input, at) = insert(base, open, member, first);
                    let input = input.as_bytes();
                    let e: Error = strict.parse_view(input).expect_err(&format!(
                        "strict mode accepted {member} in {path}\n{}",
                        String::from_utf8_lossy(input)
                    ));
                    assert_eq!(
                        (e.kind(), e.path().to_string().as_str(), e.offset()),
                        (ErrorKind::UnknownMember, path, at),
                        "{member} in {path} (first: {first}): {e}"
                    );
                    assert_eq!(strict.parse(input), Err(e));
                    assert_eq!(strict.validate(input), Err(e));
                    // Lenient: ignored, the same event.
                    let lenient: OutcomeEvent = Options::new()
                        .parse(input)
                        .unwrap_or_else(|e| panic!("{member} in {path}: {e}"));
                    assert_eq!(lenient, plain, "{member} in {path}");
                    checked += 1;
                }
            }
        }
    }
    // 2 fixtures x 5 objects x 7 names x 2 places, less the known names
    // (`destination_ids` in `destination`, in both places and fixtures).
    assert_eq!(checked, 2 * 5 * 7 * 2 - 2 * 2);
}

/// The first of two unknown members is the one reported, and an unknown
/// member before a broken rule is reported first.
#[test]
fn strict_mode_reports_the_first_unknown_member() {
    let strict = Options::new().strict(true);
    for (open, path) in OBJECTS.iter().skip(1) {
        let (once, first_at) = insert(MS, open, "\"a\": 1", true);
        let (twice, _) = insert(&once, open, "\"b\": 2", false);
        let e = strict.parse_view(twice.as_bytes()).unwrap_err();
        assert_eq!(
            (e.kind(), e.path().to_string(), e.offset()),
            (ErrorKind::UnknownMember, path.to_string(), first_at)
        );
        // A bad phone number after it: still the unknown member.
        let broken = once.replace("+15555550100", "+0");
        let e = strict.parse_view(broken.as_bytes()).unwrap_err();
        let expected = if *path == "call.*" || *path == "scope.*" || *path == "outcome.*" {
            (ErrorKind::UnknownMember, path.to_string(), first_at)
        } else {
            // `destination` comes after `call` in the fixture.
            let phone = broken.find("\"+0\"").unwrap();
            (
                ErrorKind::InvalidPhoneNumber,
                "call.phone_number".into(),
                phone,
            )
        };
        assert_eq!((e.kind(), e.path().to_string(), e.offset()), expected);
    }
}
