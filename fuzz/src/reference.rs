//! The independent reference of the `differential` target.
//!
//! Stage 1, JSON validity: serde_json (std) reads the whole input through a
//! custom visitor into [`J`], a tree that keeps every member in order. The
//! visitor rejects duplicate member names itself (serde_json accepts them),
//! and it asks for every string as a `str`, so serde_json validates UTF-8
//! and surrogate escapes in all of them (its `IgnoredAny` and byte-string
//! paths would not: they accept lone surrogates, and `IgnoredAny` on a slice
//! does not even check UTF-8).
//!
//! Stage 2, payload validity: [`payload`] is a plain reimplementation of the
//! rules in `../shared/sailor-docs/FACTS.md`, written here without looking
//! at the crate's parser.
//!
//! The intended divergences between the reference and serde_json, kept exact
//! (each one is applied in [`json`] or [`payload`], never by skipping input):
//!
//! | input | serde_json | sailor-webhook | reference |
//! |---|---|---|---|
//! | nesting deeper than 32 (root object = 1) | accepts up to 128 | `depth_limit` | rejects |
//! | nesting deeper than 128 | recursion limit error | `depth_limit` | rejects (serde_json error) |
//! | input over 64 KiB | accepts | `input_too_large` | rejects |
//! | a string over 16 KiB of raw (escaped) bytes | accepts | `string_too_long` | rejects |
//! | duplicate member names (after unescaping) | accepts, last wins | `duplicate_key` | rejects (visitor) |
//! | numbers beyond f64 range (`1e400`) | rejects without `arbitrary_precision` | accepts (unknown members) | accepts: `arbitrary_precision` is on |
//! | a lone surrogate escape (`i_string_1st_surrogate_but_2nd_missing`, ...) | rejects for `str`, accepts for bytes / `IgnoredAny` | `lone_surrogate` | rejects (`str` only) |
//! | invalid UTF-8 in a string (`i_string_invalid_utf-8`, overlong, encoded surrogates) | rejects for `str`; `IgnoredAny` skips unchecked | `invalid_utf8` | rejects (`str` only) |
//! | a UTF-8 BOM (`i_structure_UTF-8_BOM_empty_object`) | rejects | `byte_order_mark` | rejects |
//! | UTF-16 / UTF-32 input (`i_string_utf16BE_no_BOM`, ...) | rejects | rejects | rejects |
//! | huge exponents / many digits (`i_number_huge_exp`, `i_number_very_big_negative_int`) | accepts (`arbitrary_precision`) | accepts in unknown members, `invalid_timestamp` as `timestamp` | same rule |
//! | `{"$serde_json::private::Number": ...}` | read as a number under `arbitrary_precision` | an object | an object: the key's address tells a real key from serde_json's token |

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::plain::{Plain, PlainDest};

/// The crate's default nesting limit.
pub const MAX_DEPTH: usize = 32;
/// The crate's default input limit.
pub const MAX_INPUT: usize = 64 * 1024;
/// The crate's default string limit (raw bytes between the quotes).
pub const MAX_STRING: usize = 16 * 1024;
/// Values below this are seconds (FACTS.md).
pub const SECONDS_BELOW: u64 = 100_000_000_000;

/// serde_json's private name for an `arbitrary_precision` number.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A JSON value that keeps members in order.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    /// An integer that fits `u64` (serde_json visits it as `u64`).
    U64(u64),
    /// Any other number (negative, fraction, exponent, or too big), as text.
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    /// Nesting depth: containers count 1 each, scalars 0.
    pub fn depth(&self) -> usize {
        match self {
            J::Arr(items) => 1 + items.iter().map(J::depth).max().unwrap_or(0),
            J::Obj(members) => 1 + members.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }

    fn get<'j>(members: &'j [(String, J)], name: &str) -> Option<&'j J> {
        members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// Carries the input's address range, to tell input keys from serde_json's token.
#[derive(Clone, Copy)]
struct Seed {
    lo: usize,
    hi: usize,
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = J;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<J, D::Error> {
        d.deserialize_any(ValueVisitor(self))
    }
}

struct ValueVisitor(Seed);

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = J;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<J, E> {
        Ok(J::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<J, E> {
        Ok(J::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<J, E> {
        Ok(J::Num(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<J, E> {
        Ok(J::Num(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<J, E> {
        Ok(J::Str(v.to_owned()))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<J, E> {
        Ok(J::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<J, E> {
        Ok(J::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(self.0)? {
            items.push(v);
        }
        Ok(J::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
        let mut members: Vec<(String, J)> = Vec::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            if key.token && members.is_empty() {
                // serde_json's arbitrary_precision number: {TOKEN: "digits"}.
                let text: String = map.next_value()?;
                return Ok(J::Num(text));
            }
            if !seen.insert(key.text.clone()) {
                return Err(de::Error::custom(format_args!(
                    "duplicate member name {:?}",
                    key.text
                )));
            }
            let v = map.next_value_seed(self.0)?;
            members.push((key.text, v));
        }
        Ok(J::Obj(members))
    }
}

struct Key {
    text: String,
    /// serde_json's number token (not from the input).
    token: bool,
}

struct KeySeed(Seed);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_any(KeyVisitor(self.0))
    }
}

struct KeyVisitor(Seed);

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key, E> {
        let at = v.as_ptr() as usize;
        let outside = at < self.0.lo || at > self.0.hi;
        Ok(Key {
            text: v.to_owned(),
            token: outside && v == NUMBER_TOKEN,
        })
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        // A copied name: it had escapes, so it came from the input.
        Ok(Key {
            text: v.to_owned(),
            token: false,
        })
    }
}

/// The longest string in valid JSON, in raw bytes between the quotes.
fn longest_raw_string(input: &[u8]) -> usize {
    let (mut longest, mut i) = (0, 0);
    while i < input.len() {
        if input[i] == b'"' {
            let start = i + 1;
            i += 1;
            while i < input.len() && input[i] != b'"' {
                i += if input[i] == b'\\' { 2 } else { 1 };
            }
            longest = longest.max(i - start);
        }
        i += 1;
    }
    longest
}

/// Why the reference rejected an input (for messages only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
    /// serde_json's error, or a duplicate name.
    Json(String),
    /// A bound of the crate (depth, size, string length).
    Bound(&'static str),
    /// Valid JSON, but not a valid payload.
    Payload(&'static str),
}

/// Stage 1: the JSON tree, or why it is not acceptable JSON for the crate.
pub fn json(input: &[u8]) -> Result<J, Reject> {
    if input.len() > MAX_INPUT {
        return Err(Reject::Bound("input over 64 KiB"));
    }
    let range = input.as_ptr_range();
    let seed = Seed {
        lo: range.start as usize,
        hi: range.end as usize,
    };
    let mut de = serde_json::Deserializer::from_slice(input);
    let root = seed
        .deserialize(&mut de)
        .map_err(|e| Reject::Json(e.to_string()))?;
    de.end().map_err(|e| Reject::Json(e.to_string()))?;
    if root.depth() > MAX_DEPTH {
        return Err(Reject::Bound("nesting over 32"));
    }
    if longest_raw_string(input) > MAX_STRING {
        return Err(Reject::Bound("string over 16 KiB"));
    }
    Ok(root)
}

/// The whole reference: JSON validity, then payload validity.
pub fn reference(input: &[u8], strict: bool) -> Result<Plain, Reject> {
    payload(&json(input)?, strict)
}

fn uuid(v: Option<&J>) -> Result<[u8; 16], Reject> {
    let Some(J::Str(s)) = v else {
        return Err(Reject::Payload("uuid: absent or not a string"));
    };
    let b = s.as_bytes();
    if b.len() != 36 {
        return Err(Reject::Payload("uuid: not 36 bytes"));
    }
    let mut hex = Vec::with_capacity(32);
    for (i, &c) in b.iter().enumerate() {
        if [8, 13, 18, 23].contains(&i) {
            if c != b'-' {
                return Err(Reject::Payload("uuid: hyphen"));
            }
            continue;
        }
        let d = (c as char)
            .to_digit(16)
            .ok_or(Reject::Payload("uuid: not hex"))?;
        hex.push(d as u8);
    }
    let mut out = [0u8; 16];
    for (k, pair) in hex.chunks(2).enumerate() {
        out[k] = pair[0] * 16 + pair[1];
    }
    Ok(out)
}

fn members<'j>(v: Option<&'j J>, what: &'static str) -> Result<&'j [(String, J)], Reject> {
    match v {
        Some(J::Obj(m)) => Ok(m),
        _ => Err(Reject::Payload(what)),
    }
}

fn only_known(m: &[(String, J)], known: &[&str], strict: bool) -> Result<(), Reject> {
    if strict && m.iter().any(|(k, _)| !known.contains(&k.as_str())) {
        return Err(Reject::Payload("unknown member in strict mode"));
    }
    Ok(())
}

/// Stage 2: FACTS.md, on a JSON tree.
pub fn payload(root: &J, strict: bool) -> Result<Plain, Reject> {
    let J::Obj(top) = root else {
        return Err(Reject::Payload("top level is not an object"));
    };
    only_known(
        top,
        &[
            "timestamp",
            "scope",
            "outcome",
            "call",
            "destination",
            "error_message",
        ],
        strict,
    )?;

    // timestamp: a non-negative integer without fraction or exponent; below
    // 1e11 it is seconds (normalised when lenient, rejected when strict).
    // Decided in the core where FACTS.md is silent: seconds that are still
    // below 1e11 once in milliseconds (before 1973-03-03 either way) are
    // invalid, because their canonical form would read back as seconds.
    let (millis, was_seconds) = match J::get(top, "timestamp") {
        Some(J::U64(v)) if *v >= SECONDS_BELOW => (*v, false),
        Some(J::U64(_)) if strict => return Err(Reject::Payload("timestamp in seconds")),
        Some(J::U64(v)) if v * 1000 < SECONDS_BELOW => {
            return Err(Reject::Payload("timestamp before 1973 even as seconds"))
        }
        Some(J::U64(v)) => (v * 1000, true),
        _ => return Err(Reject::Payload("timestamp")),
    };

    let scope = members(J::get(top, "scope"), "scope")?;
    only_known(scope, &["subaccount_id", "organization_id"], strict)?;
    let subaccount_id = uuid(J::get(scope, "subaccount_id"))?;
    let organization_id = uuid(J::get(scope, "organization_id"))?;

    let outcome = members(J::get(top, "outcome"), "outcome")?;
    only_known(
        outcome,
        &["outcome_id", "outcome_name", "outcome_type"],
        strict,
    )?;
    let outcome_id = uuid(J::get(outcome, "outcome_id"))?;
    let outcome_name = match J::get(outcome, "outcome_name") {
        Some(J::Str(s)) if (1..=120).contains(&s.chars().count()) => s.clone(),
        _ => return Err(Reject::Payload("outcome_name")),
    };
    let action = match J::get(outcome, "outcome_type") {
        Some(J::Str(s)) if s == "action" => true,
        Some(J::Str(s)) if s == "disposition" => false,
        _ => return Err(Reject::Payload("outcome_type")),
    };

    let call = members(J::get(top, "call"), "call")?;
    only_known(call, &["call_id", "phone_number", "contact_id"], strict)?;
    let call_id = uuid(J::get(call, "call_id"))?;
    let contact_id = uuid(J::get(call, "contact_id"))?;
    let phone = match J::get(call, "phone_number") {
        Some(J::Str(s)) => {
            let digits = s.strip_prefix('+').ok_or(Reject::Payload("phone: no +"))?;
            let ok = (2..=15).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !digits.starts_with('0');
            if !ok {
                return Err(Reject::Payload("phone: not E.164"));
            }
            s.clone()
        }
        _ => return Err(Reject::Payload("phone_number")),
    };

    let destination = match J::get(top, "destination") {
        None | Some(J::Null) => PlainDest::None,
        Some(J::Obj(d)) => destination(d, strict)?,
        Some(_) => return Err(Reject::Payload("destination: wrong type")),
    };

    let error_message = match J::get(top, "error_message") {
        None | Some(J::Null) => String::new(),
        Some(J::Str(s)) => s.clone(),
        Some(_) => return Err(Reject::Payload("error_message")),
    };

    Ok(Plain {
        millis,
        was_seconds,
        subaccount_id,
        organization_id,
        outcome_id,
        outcome_name,
        action,
        call_id,
        phone,
        contact_id,
        destination,
        error_message,
        truncated: false,
    })
}

fn destination(d: &[(String, J)], strict: bool) -> Result<PlainDest, Reject> {
    only_known(
        d,
        &[
            "destination_type",
            "destination_id",
            "selection",
            "destination_ids",
        ],
        strict,
    )?;
    let kind = match J::get(d, "destination_type") {
        Some(J::Str(s)) => s.as_str(),
        _ => return Err(Reject::Payload("destination_type")),
    };
    let id = J::get(d, "destination_id");
    let selection = J::get(d, "selection");
    let ids = J::get(d, "destination_ids");
    // Every member present must have its type, whatever the destination_type.
    let id = id.map(|v| uuid(Some(v))).transpose()?;
    let selection = match selection {
        None => None,
        Some(J::Str(s)) if s == "all" => Some(true),
        Some(J::Str(s)) if s == "selected" => Some(false),
        Some(_) => return Err(Reject::Payload("selection")),
    };
    let ids = match ids {
        None => None,
        Some(J::Arr(items)) => Some(
            items
                .iter()
                .map(|v| uuid(Some(v)))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err(Reject::Payload("destination_ids")),
    };
    match kind {
        "none" if id.is_none() && selection.is_none() && ids.is_none() => Ok(PlainDest::None),
        "smart_list" if selection.is_none() && ids.is_none() => match id {
            Some(id) => Ok(PlainDest::SmartList(id)),
            None => Err(Reject::Payload("smart_list without destination_id")),
        },
        "remove_from_smart_list" if id.is_none() => match (selection, ids) {
            (Some(true), None) => Ok(PlainDest::RemoveAll),
            (Some(true), Some(ids)) if ids.is_empty() => Ok(PlainDest::RemoveAll),
            (Some(false), Some(ids)) if !ids.is_empty() => Ok(PlainDest::RemoveSelected(ids)),
            _ => Err(Reject::Payload("remove: selection and ids disagree")),
        },
        "none" | "smart_list" | "remove_from_smart_list" => Err(Reject::Payload(
            "members the destination_type does not allow",
        )),
        _ => Err(Reject::Payload("destination_type value")),
    }
}
