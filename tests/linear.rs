//! Issue 9's cases outside the invalid table: the quadratic-time payload
//! that once took 0.92 s, and noncharacters, which FACTS.md accepts.

use sailor_webhook::{ErrorKind, OutcomeEvent, Path};

const MS: &str = include_str!("fixtures/webhook-page-ms.json");

/// 8,464 distinct two-character unknown top-level members valued 0 in
/// front of the docs' payload (compact), 59,776 bytes: the Bloom filter
/// saturated and every member rescanned the object. It is now rejected at
/// the 65th name, `too_many_members` at `*`, after reading about 450 bytes.
#[test]
fn the_8464_member_payload_is_rejected_at_the_65th_name() {
    let compact: String = {
        let v: serde_json::Value = serde_json::from_str(MS).unwrap();
        serde_json::to_string(&v).unwrap()
    };
    let alphabet: Vec<char> = ('!'..='~').filter(|c| !matches!(c, '"' | '\\')).collect();
    let members: Vec<String> = alphabet
        .iter()
        .flat_map(|a| alphabet.iter().map(move |b| format!("\"{a}{b}\":0")))
        .collect();
    assert_eq!(members.len(), 8464);
    let body = format!("{{{},{}", members.join(","), &compact[1..]);
    assert_eq!(body.len(), 59_776);
    let at = 1 + members[..64].iter().map(|m| m.len() + 1).sum::<usize>();
    assert_eq!(&body[at..at + 6], members[64]);
    for result in [
        sailor_webhook::validate(body.as_bytes()),
        sailor_webhook::parse(body.as_bytes()).map(|_| ()),
    ] {
        let err = result.unwrap_err();
        assert_eq!(
            (err.kind(), err.path(), err.offset()),
            (
                ErrorKind::TooManyMembers,
                Path::unknown_in(sailor_webhook::Field::Root),
                at
            )
        );
        assert_eq!(
            err.to_string(),
            format!("too_many_members at * (byte {at}): too many members")
        );
    }
    // max_members lowers the bound; the same name is then the 9th.
    let err = sailor_webhook::Options::new()
        .max_members(8)
        .validate(body.as_bytes())
        .unwrap_err();
    let at8 = 1 + members[..8].iter().map(|m| m.len() + 1).sum::<usize>();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::TooManyMembers, at8));
    // Values above 64 are clamped: still the 65th.
    let err = sailor_webhook::Options::new()
        .max_members(1000)
        .validate(body.as_bytes())
        .unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::TooManyMembers, at));
}

/// Noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) are accepted, raw or
/// escaped, and come back byte for byte: in the view's raw text, in the
/// owned event, and in the canonical JSON.
#[test]
fn noncharacters_are_accepted_and_kept_byte_for_byte() {
    let raw = "\u{FDD0}\u{FDEF}\u{FFFE}\u{FFFF}\u{1FFFE}\u{10FFFF}";
    let escaped = r"\uFDD0\ufdef\uFFFE\uffff\ud83f\udffe\udbff\udfff";
    for (json, what) in [(raw, "raw"), (escaped, "escaped")] {
        let body = MS
            .replace("\"Interested\"", &format!("\"{json}\""))
            .replace(
                "\"error_message\": \"\"",
                &format!("\"error_message\": \"{json}x\""),
            );
        let view = sailor_webhook::parse_view(body.as_bytes()).unwrap();
        assert_eq!(view.outcome.outcome_name.raw(), json, "{what}");
        assert_eq!(view.outcome.outcome_name, raw, "{what}");
        let event: OutcomeEvent = sailor_webhook::parse(body.as_bytes()).unwrap();
        assert_eq!(
            event.outcome.outcome_name.as_bytes(),
            raw.as_bytes(),
            "{what}"
        );
        assert_eq!(event.error_message.as_str(), format!("{raw}x"), "{what}");
        assert!(!event.error_message.is_truncated());
        let mut buf = [0u8; 2048];
        let n = event.to_json(&mut buf).unwrap();
        let out = std::str::from_utf8(&buf[..n]).unwrap();
        assert!(
            out.contains(&format!("\"outcome_name\":\"{raw}\"")),
            "{what}: {out}"
        );
        assert_eq!(sailor_webhook::parse(&buf[..n]).unwrap(), event);
    }
}
