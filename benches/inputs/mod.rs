//! The inputs `benches/parse.rs` and `benches/instructions.rs` share: the
//! docs' example payload (`seed_pretty`, and `seed_compact` through
//! [`compact`]), [`payload`], and the [`worst_case`] inputs.

/// The docs' example payload, pretty-printed as the webhook page prints it.
pub const SEED_PRETTY: &[u8] = include_bytes!("../../tests/fixtures/webhook-page-ms.json");

/// Drops the whitespace outside strings (the inputs here are valid JSON).
pub fn compact(pretty: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    for &b in pretty {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !b.is_ascii_whitespace() {
            out.push(b);
            in_string = b == b'"';
        }
    }
    out
}

/// A compact payload in the docs' member order, with the given JSON texts
/// for `error_message`, `outcome_name` and `destination`.
pub fn payload(message: &str, name: &str, destination: &str) -> Vec<u8> {
    format!(
        concat!(
            r#"{{"error_message":{},"timestamp":1781935984000,"#,
            r#""scope":{{"subaccount_id":"00000000-0000-4000-8000-000000000001","#,
            r#""organization_id":"00000000-0000-4000-8000-000000000002"}},"#,
            r#""outcome":{{"outcome_id":"00000000-0000-4000-8000-000000000003","#,
            r#""outcome_name":{},"outcome_type":"action"}},"#,
            r#""call":{{"call_id":"00000000-0000-4000-8000-000000000004","#,
            r#""phone_number":"+15555550100","#,
            r#""contact_id":"00000000-0000-4000-8000-000000000005"}},"#,
            r#""destination":{}}}"#
        ),
        message, name, destination
    )
    .into_bytes()
}

// ---------------------------------------------------------------- worst case

/// Inputs built to be slow, each within the default bounds (64 KiB input,
/// depth 32, 16 KiB strings, 64 member names held), and what `validate`
/// must say about each. The contract (FACTS.md) asks that none cost more
/// than a small constant times `seed_compact`'s time per byte; the goal is
/// 10×. `serde_json_value` (serde_json into an untyped `Value`, which
/// checks JSON syntax only) runs beside each as the peer.
pub mod worst_case {
    use super::{compact, payload, SEED_PRETTY};
    use sailor_webhook::{Error, ErrorKind, Path};

    /// The docs' payload (compact) with `members` (a JSON member list)
    /// put first in the top-level object.
    fn with_members(members: &str) -> Vec<u8> {
        let seed = compact(SEED_PRETTY);
        let mut out = b"{".to_vec();
        out.extend_from_slice(members.as_bytes());
        out.push(b',');
        out.extend_from_slice(&seed[1..]);
        out
    }

    /// Two-character names: `aa`, `ab`, ... (all distinct up to 26 × 26).
    fn short_name(i: usize) -> String {
        let a = (b'a' + (i / 26 % 26) as u8) as char;
        let b = (b'a' + (i % 26) as u8) as char;
        format!("{a}{b}")
    }

    /// Repeats `item` (a JSON value) as the elements of an unknown member's
    /// array, as many as fit in `budget` bytes of input.
    fn array_of(item: &str, budget: usize) -> String {
        let n = budget / (item.len() + 1);
        format!("\"x\":[{}]", vec![item; n].join(","))
    }

    /// One input: its name, its bytes, and `validate`'s exact result.
    pub struct Input {
        pub name: &'static str,
        pub bytes: Vec<u8>,
        pub expect: Result<(), Error>,
    }

    const BUDGET: usize = 60_000;

    pub fn inputs() -> Vec<Input> {
        let mut v = Vec::new();
        // The issue's attack: 8,464 distinct two-character unknown top-level
        // members valued 0, 59,776 bytes. Rejected at the 65th name.
        // Its names: every pair of the 92 printable ASCII characters other
        // than space, `"` and `\`.
        let alphabet: Vec<char> = ('!'..='~').filter(|c| !matches!(c, '"' | '\\')).collect();
        let attack: Vec<String> = alphabet
            .iter()
            .flat_map(|a| alphabet.iter().map(move |b| format!("\"{a}{b}\":0")))
            .collect();
        assert_eq!(attack.len(), 8464);
        let attack_bytes = with_members(&attack.join(","));
        let at = attack_bytes
            .windows(attack[64].len())
            .position(|w| w == attack[64].as_bytes())
            .unwrap_or(0);
        assert_eq!(attack_bytes.len(), 59_776);
        v.push(Input {
            name: "attack_8464_members",
            bytes: attack_bytes,
            expect: Err(Error::new(
                ErrorKind::TooManyMembers,
                Path::unknown_in(sailor_webhook::Field::Root),
                at,
            )),
        });
        // Many distinct short names: objects of 63 two-character members
        // (the most the budget allows beside `x`), one after another.
        let object: Vec<String> = (0..63)
            .map(|i| format!("\"{}\":0", short_name(i)))
            .collect();
        v.push(Input {
            name: "many_short_names",
            bytes: with_members(&array_of(&format!("{{{}}}", object.join(",")), BUDGET)),
            expect: Ok(()),
        });
        // Names sharing long prefixes: 63 names of 900 bytes that differ
        // only in their last two characters, so every comparison of the
        // duplicate check reads the whole prefix.
        let prefix = "p".repeat(898);
        let object: Vec<String> = (0..63)
            .map(|i| format!("\"{prefix}{}\":0", short_name(i)))
            .collect();
        v.push(Input {
            name: "long_shared_prefixes",
            bytes: with_members(&object.join(",")),
            expect: Ok(()),
        });
        // Many escapes: strings and names made of escapes only.
        let escapes = "\\u00e9\\n\\ud83d\\ude00\\\"\\/\\t".repeat(40);
        let object: Vec<String> = (0..8)
            .map(|i| format!("\"{}{escapes}\":\"{escapes}\"", short_name(i)))
            .collect();
        v.push(Input {
            name: "many_escapes",
            bytes: with_members(&array_of(&format!("{{{}}}", object.join(",")), BUDGET)),
            expect: Ok(()),
        });
        // Deep nesting at the limit: objects and arrays alternating down
        // to depth 32 (the top-level object is 1, `x`'s array 2).
        let mut deep = String::from("0");
        for d in (3..=32).rev() {
            deep = if d % 2 == 1 {
                format!("{{\"k\":{deep}}}")
            } else {
                format!("[{deep}]")
            };
        }
        v.push(Input {
            name: "deep_nesting",
            bytes: with_members(&array_of(&deep, BUDGET)),
            expect: Ok(()),
        });
        // Long strings: plain text at the 16 KiB string bound.
        let long = format!("\"{}\"", "long text ".repeat(1638));
        v.push(Input {
            name: "long_strings",
            bytes: with_members(&array_of(&long, BUDGET)),
            expect: Ok(()),
        });
        // Many destination ids: a `selected` removal with as many ids as fit.
        let n = BUDGET / 39;
        let ids: Vec<String> = (0..n)
            .map(|i| format!("\"00000000-0000-4000-8000-{i:012x}\""))
            .collect();
        let dest = format!(
            r#"{{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":[{}]}}"#,
            ids.join(",")
        );
        v.push(Input {
            name: "many_ids",
            bytes: payload(r#""""#, r#""Interested""#, &dest),
            expect: Ok(()),
        });
        for input in &v {
            assert!(
                input.bytes.len() <= sailor_webhook::Options::DEFAULT_MAX_INPUT_BYTES,
                "{} is {} bytes",
                input.name,
                input.bytes.len()
            );
        }
        v
    }
}
