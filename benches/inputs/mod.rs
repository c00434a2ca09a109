//! The docs' example payload, the input both `benches/parse.rs` and
//! `benches/instructions.rs` start from (`seed_pretty`, and `seed_compact`
//! through [`compact`]).

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
