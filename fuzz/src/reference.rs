//! The independent reference of the `differential` target.
//!
//! Stage 1, JSON validity: serde_json (std) reads the whole input through a
//! custom visitor into [`J`], a tree that keeps every member in order,
//! duplicate names included (a map would keep only one; the walk of stage 2
//! reports them), and it asks for every string as a `str`, so serde_json validates UTF-8
//! and surrogate escapes in all of them (its `IgnoredAny` and byte-string
//! paths would not: they accept lone surrogates, and `IgnoredAny` on a slice
//! does not even check UTF-8).
//!
//! Stage 2, payload validity: [`reference`] walks the JSON tree together
//! with the byte positions of its values ([`locate`], a small scanner for
//! input serde_json has already accepted) and applies the rules of
//! `../shared/sailor-docs/FACTS.md`, written here without looking at the
//! crate's parser. The walk goes in document order and stops at the first
//! broken rule, so for any input serde_json accepts the reference predicts
//! the exact error: its code, path and offset ([`Located`]). It also applies
//! the crate's bounds (depth, string length, duplicate names, the tracked
//! member budget) at the place they are broken. When serde_json rejects the
//! input, the reference knows only that it is invalid ([`Reject::Json`]).
//!
//! Where an error is reported (the contract of `tests/invalid.rs`): at the
//! opening quote of a bad string value or member name, at the first byte of
//! a value of the wrong type or of a bad timestamp, at the `{` or `[` past
//! the depth limit, at the closing `}` of an object missing a member, and at
//! the member name (or the `[` of the id list) of a destination member that
//! does not fit the destination.
//!
//! The intended divergences between the reference and serde_json, kept exact
//! (each one is applied in [`reference`], never by skipping input):
//!
//! | input | serde_json | sailor-webhook | reference |
//! |---|---|---|---|
//! | nesting deeper than 32 (root object = 1) | accepts up to 128 | `depth_limit` | `depth_limit` at the 33rd level's bracket |
//! | nesting deeper than 128 | recursion limit error | `depth_limit` | rejects (serde_json error, position unknown) |
//! | input over 64 KiB | accepts | `input_too_large` | `input_too_large` at byte 65536 |
//! | a string over 16 KiB of raw (escaped) bytes | accepts | `string_too_long` | `string_too_long` at its quote |
//! | duplicate member names (after unescaping) | accepts, last wins | `duplicate_key` | `duplicate_key` (the walk) |
//! | more than 64 tracked member names open at once (see [`MAX_MEMBERS`]) | accepts | `too_many_members` | `too_many_members` (the walk) |
//! | numbers beyond f64 range (`1e400`) | rejects without `arbitrary_precision` | accepts (unknown members) | accepts: `arbitrary_precision` is on |
//! | a lone surrogate escape (`i_string_1st_surrogate_but_2nd_missing`, ...) | rejects for `str`, accepts for bytes / `IgnoredAny` | `lone_surrogate` | rejects (`str` only) |
//! | invalid UTF-8 in a string (`i_string_invalid_utf-8`, overlong, encoded surrogates) | rejects for `str`; `IgnoredAny` skips unchecked | `invalid_utf8` | rejects (`str` only) |
//! | a UTF-8 BOM (`i_structure_UTF-8_BOM_empty_object`) | rejects | `byte_order_mark` | `byte_order_mark` at byte 0 |
//! | UTF-16 / UTF-32 input (`i_string_utf16BE_no_BOM`, ...) | rejects | rejects | rejects |
//! | huge exponents / many digits (`i_number_huge_exp`, `i_number_very_big_negative_int`) | accepts (`arbitrary_precision`) | accepts in unknown members, `invalid_timestamp` as `timestamp` | same rule |
//! | `{"$serde_json::private::Number": ...}` | read as a number under `arbitrary_precision` | an object | an object: the key's address tells a real key from serde_json's token |

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::plain::{Plain, PlainDest};

/// The crate's default nesting limit.
pub const MAX_DEPTH: usize = 32;
/// The crate's default input limit.
pub const MAX_INPUT: usize = 64 * 1024;
/// The crate's default string limit (raw bytes between the quotes).
pub const MAX_STRING: usize = 16 * 1024;
/// Values below this are seconds (FACTS.md).
pub const SECONDS_BELOW: u64 = 100_000_000_000;
/// The largest valid timestamp (FACTS.md: 2^53 - 1, I-JSON's exact-integer
/// limit), when [`CORE_BOUNDS`] is on.
pub const MAX_TIMESTAMP: u64 = 9_007_199_254_740_991;
/// The budget of tracked member names held at once (issue 9), when
/// [`CORE_BOUNDS`] is on. Tracked: every unknown member name of the five
/// schema objects, and every member name of any object inside an unknown
/// member's value, at any depth; each is held while its object is open. A
/// new tracked name that is not a duplicate, read while this many are held,
/// is `too_many_members` at its quote, with the unknown member's path.
pub const MAX_MEMBERS: usize = 64;
/// Whether the core applies the rules of issue 9 (the timestamp bound and
/// the tracked-member budget): on since they landed on main (fe513af).
pub const CORE_BOUNDS: bool = true;

/// The bounds the reference applies beyond FACTS.md's fixed rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// The largest valid timestamp.
    pub max_timestamp: u64,
    /// The tracked-member budget, if any (see [`MAX_MEMBERS`]).
    pub max_members: Option<usize>,
}

impl Rules {
    /// Before issue 9: any `u64` timestamp, no member budget.
    pub const BEFORE_ISSUE_9: Rules = Rules {
        max_timestamp: u64::MAX,
        max_members: None,
    };
    /// Issue 9: timestamps up to 2^53 - 1, 64 tracked names.
    pub const ISSUE_9: Rules = Rules {
        max_timestamp: MAX_TIMESTAMP,
        max_members: Some(MAX_MEMBERS),
    };
    /// The rules of the core being fuzzed ([`CORE_BOUNDS`]).
    pub const CORE: Rules = if CORE_BOUNDS {
        Rules::ISSUE_9
    } else {
        Rules::BEFORE_ISSUE_9
    };
}

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
        // Every member in order, duplicates included: the walk reports them.
        let mut members: Vec<(String, J)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            if key.token && members.is_empty() {
                // serde_json's arbitrary_precision number: {TOKEN: "digits"}.
                let text: String = map.next_value()?;
                return Ok(J::Num(text));
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

/// An error the reference can place exactly: the crate's stable code, the
/// path as the crate displays it, and the byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The stable code (`invalid_uuid`).
    pub code: &'static str,
    /// The path (`call.phone_number`, `destination.destination_ids[2]`, `scope.*`, `$`).
    pub path: String,
    /// The byte offset.
    pub offset: usize,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {} (byte {})", self.code, self.path, self.offset)
    }
}

/// Why the reference rejected an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
    /// serde_json's error: not JSON. The reference does not know where the
    /// crate reports it.
    Json(String),
    /// A broken rule at a known place.
    Known(Located),
}

impl Reject {
    /// The exact error, when the reference knows it.
    pub fn located(&self) -> Option<&Located> {
        match self {
            Reject::Known(l) => Some(l),
            Reject::Json(_) => None,
        }
    }
}

/// An accepted payload: its values, and where each `destination_ids`
/// element starts (the opening quote), for the owned event's capacity error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The payload's values (the full message, every id).
    pub plain: Plain,
    /// The offset of each `destination_ids` element.
    pub ids_at: Vec<usize>,
}

/// Stage 1: the JSON tree, or serde_json's reason to reject the input.
pub fn json(input: &[u8]) -> Result<J, Reject> {
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
    Ok(root)
}

/// The whole reference with the default options (`strict` aside) and the
/// core's rules ([`Rules::CORE`]): the payload's values, or why it is
/// invalid (exactly, where it can know).
pub fn reference(input: &[u8], strict: bool) -> Result<Accepted, Reject> {
    reference_with(input, strict, Rules::CORE)
}

/// [`reference`] with the given `rules`.
pub fn reference_with(input: &[u8], strict: bool, rules: Rules) -> Result<Accepted, Reject> {
    if input.len() > MAX_INPUT {
        return Err(Reject::Known(fail("input_too_large", "$", MAX_INPUT)));
    }
    if input.starts_with(b"\xEF\xBB\xBF") {
        return Err(Reject::Known(fail("byte_order_mark", "$", 0)));
    }
    let root = json(input)?;
    let at = locate(input, 0);
    let mut w = Walk {
        input,
        strict,
        rules,
        held: 0,
        ids_at: Vec::new(),
    };
    let plain = w.root(&root, &at).map_err(Reject::Known)?;
    Ok(Accepted {
        plain,
        ids_at: w.ids_at,
    })
}

/// `input` (if serde_json accepts it) with the first character of every
/// second member name of each object (the 2nd, 4th, ...) written as a `\u`
/// escape, names that start with an escape left as they are: the same
/// document, whose names the crate must compare and match after unescaping
/// (an escaped copy of a plain name is a duplicate, `"\u0063all_id"` is
/// `call_id`). `None` when serde_json rejects the input or nothing changes.
pub fn escape_names(input: &[u8]) -> Option<Vec<u8>> {
    if input.len() > MAX_INPUT || json(input).is_err() {
        return None;
    }
    // Every string passed serde_json as a `str` and the grammar outside
    // strings is ASCII: the whole input is UTF-8.
    let text = std::str::from_utf8(input).ok()?;
    fn every_second(l: &L, out: &mut Vec<usize>) {
        match &l.kind {
            LK::Obj { members, .. } => {
                for (k, (name_at, _, v)) in members.iter().enumerate() {
                    if k % 2 == 1 {
                        out.push(*name_at);
                    }
                    every_second(v, out);
                }
            }
            LK::Arr(items) => items.iter().for_each(|v| every_second(v, out)),
            LK::Scalar | LK::Str => {}
        }
    }
    let mut names = Vec::new();
    every_second(&locate(input, skip_ws(input, 0)), &mut names);
    names.sort_unstable();
    let mut out = Vec::with_capacity(input.len() + 12 * names.len());
    let mut done = 0;
    for quote in names {
        let first = quote + 1;
        let Some(c) = text[first..].chars().next() else {
            continue;
        };
        if c == '"' || c == '\\' {
            continue;
        }
        out.extend_from_slice(&input[done..first]);
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
        }
        done = first + c.len_utf8();
    }
    if done == 0 {
        return None;
    }
    out.extend_from_slice(&input[done..]);
    Some(out)
}

// ---- Positions: a scanner for input serde_json has accepted ----

/// Where a value is: its first byte, the byte after it, and its parts.
#[derive(Debug)]
pub struct L {
    /// The value's first byte.
    pub at: usize,
    /// The byte after the value.
    pub end: usize,
    /// Its parts.
    pub kind: LK,
}

/// The parts of an [`L`].
#[derive(Debug)]
pub enum LK {
    /// A number or literal.
    Scalar,
    /// A string (`at` is its opening quote).
    Str,
    /// An array's elements.
    Arr(Vec<L>),
    /// An object's members, each as (name's opening quote, the byte after
    /// the name's closing quote, value), and its closing brace.
    Obj {
        members: Vec<(usize, usize, L)>,
        close: usize,
    },
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// `i` is at an opening quote; the byte after the closing one.
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i + 1
}

/// The positions of the value at or after `i` (after whitespace), in input
/// that is valid JSON (serde_json said so; a panic here is a reference bug).
pub fn locate(b: &[u8], i: usize) -> L {
    let at = skip_ws(b, i);
    match b[at] {
        b'{' => {
            let mut members = Vec::new();
            let mut j = skip_ws(b, at + 1);
            if b[j] != b'}' {
                loop {
                    let name_at = j;
                    let name_end = string_end(b, j);
                    j = skip_ws(b, name_end) + 1; // the ':'
                    let v = locate(b, j);
                    j = skip_ws(b, v.end);
                    members.push((name_at, name_end, v));
                    if b[j] == b',' {
                        j = skip_ws(b, j + 1);
                    } else {
                        break;
                    }
                }
            }
            L {
                at,
                end: j + 1,
                kind: LK::Obj { members, close: j },
            }
        }
        b'[' => {
            let mut items = Vec::new();
            let mut j = skip_ws(b, at + 1);
            if b[j] != b']' {
                loop {
                    let v = locate(b, j);
                    j = skip_ws(b, v.end);
                    items.push(v);
                    if b[j] == b',' {
                        j += 1;
                    } else {
                        break;
                    }
                }
            }
            L {
                at,
                end: j + 1,
                kind: LK::Arr(items),
            }
        }
        b'"' => L {
            at,
            end: string_end(b, at),
            kind: LK::Str,
        },
        _ => {
            let mut end = at;
            while !matches!(
                b.get(end),
                None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
            ) {
                end += 1;
            }
            L {
                at,
                end,
                kind: LK::Scalar,
            }
        }
    }
}

// ---- Stage 2: FACTS.md, walked in document order ----

fn fail(code: &'static str, path: &str, offset: usize) -> Located {
    Located {
        code,
        path: path.to_owned(),
        offset,
    }
}

type R<T> = Result<T, Located>;

/// The members of the top level, and their paths.
const ROOT: [&str; 6] = [
    "timestamp",
    "scope",
    "outcome",
    "call",
    "destination",
    "error_message",
];
const SCOPE: [&str; 2] = ["subaccount_id", "organization_id"];
const OUTCOME: [&str; 3] = ["outcome_id", "outcome_name", "outcome_type"];
const CALL: [&str; 3] = ["call_id", "phone_number", "contact_id"];
const DESTINATION: [&str; 4] = [
    "destination_type",
    "destination_id",
    "selection",
    "destination_ids",
];

/// `parent.name`, or `name` at the top level.
fn field_path(parent: &str, name: &str) -> String {
    if parent == "$" {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// The path of an unknown member of `parent`: `*` or `parent.*`.
fn unknown_path(parent: &str) -> String {
    if parent == "$" {
        "*".to_owned()
    } else {
        format!("{parent}.*")
    }
}

/// A schema object: `(members, their positions, closing brace)`.
type Obj<'j, 'l> = (&'j [(String, J)], &'l [(usize, usize, L)], usize);

struct Walk<'i> {
    input: &'i [u8],
    strict: bool,
    rules: Rules,
    /// Tracked member names held now (see [`MAX_MEMBERS`]).
    held: usize,
    /// Where each `destination_ids` element starts.
    ids_at: Vec<usize>,
}

impl Walk<'_> {
    /// A string value or name over the string bound.
    fn string_len(&self, l: &L, path: &str) -> R<()> {
        if l.end - l.at - 2 > MAX_STRING {
            return Err(fail("string_too_long", path, l.at));
        }
        Ok(())
    }

    /// A new tracked name at `at`, not a duplicate: within the budget?
    fn track(&mut self, path: &str, at: usize) -> R<()> {
        if self.rules.max_members.is_some_and(|max| self.held >= max) {
            return Err(fail("too_many_members", path, at));
        }
        self.held += 1;
        Ok(())
    }

    /// An unknown member's value (any valid JSON, checked against the
    /// bounds), inside a container at nesting `depth`; errors at `path`.
    fn unknown_value(&mut self, j: &J, l: &L, depth: usize, path: &str) -> R<()> {
        match (j, &l.kind) {
            (J::Str(_), _) => self.string_len(l, path),
            (J::Arr(items), LK::Arr(at)) => {
                if depth + 1 > MAX_DEPTH {
                    return Err(fail("depth_limit", path, l.at));
                }
                for (j, l) in items.iter().zip(at) {
                    self.unknown_value(j, l, depth + 1, path)?;
                }
                Ok(())
            }
            (J::Obj(members), LK::Obj { members: at, .. }) => {
                if depth + 1 > MAX_DEPTH {
                    return Err(fail("depth_limit", path, l.at));
                }
                assert_eq!(members.len(), at.len(), "reference: tree and positions");
                let mut names: Vec<&str> = Vec::new();
                for ((name, v), (name_at, name_end, vl)) in members.iter().zip(at) {
                    if name_end - name_at - 2 > MAX_STRING {
                        return Err(fail("string_too_long", path, *name_at));
                    }
                    if names.contains(&name.as_str()) {
                        return Err(fail("duplicate_key", path, *name_at));
                    }
                    self.track(path, *name_at)?;
                    names.push(name);
                    self.unknown_value(v, vl, depth + 1, path)?;
                }
                self.held -= names.len();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The members of schema object `parent` (path `$`, `scope`, ...) at
    /// nesting `depth`, in order: a known one (index in `known`) goes to
    /// `on_known` with its name's offset, an unknown one is rejected in
    /// strict mode, else checked. Returns which known members were seen.
    fn object(
        &mut self,
        (members, at, _): Obj<'_, '_>,
        parent: &str,
        known: &[&str],
        depth: usize,
        mut on_known: impl FnMut(&mut Self, usize, usize, &J, &L) -> R<()>,
    ) -> R<Vec<bool>> {
        assert_eq!(members.len(), at.len(), "reference: tree and positions");
        let unknown = unknown_path(parent);
        let mut seen = vec![false; known.len()];
        let mut tracked: Vec<&str> = Vec::new();
        for ((name, v), (name_at, name_end, vl)) in members.iter().zip(at) {
            if name_end - name_at - 2 > MAX_STRING {
                return Err(fail("string_too_long", parent, *name_at));
            }
            if let Some(k) = known.iter().position(|n| n == name) {
                if seen[k] {
                    return Err(fail(
                        "duplicate_key",
                        &field_path(parent, known[k]),
                        *name_at,
                    ));
                }
                seen[k] = true;
                on_known(self, k, *name_at, v, vl)?;
            } else {
                if self.strict {
                    return Err(fail("unknown_member", &unknown, *name_at));
                }
                if tracked.contains(&name.as_str()) {
                    return Err(fail("duplicate_key", &unknown, *name_at));
                }
                self.track(&unknown, *name_at)?;
                tracked.push(name);
                self.unknown_value(v, vl, depth, &unknown)?;
            }
        }
        self.held -= tracked.len();
        Ok(seen)
    }

    /// The first of `required` (indexes into `known`) not seen: missing at `close`.
    fn missing(
        seen: &[bool],
        parent: &str,
        known: &[&str],
        required: usize,
        close: usize,
    ) -> R<()> {
        match (0..required).find(|&k| !seen[k]) {
            Some(k) => Err(fail("missing_field", &field_path(parent, known[k]), close)),
            None => Ok(()),
        }
    }

    /// The value must be an object (else `wrong_type` at its first byte).
    fn as_object<'j, 'l>(j: &'j J, l: &'l L, path: &str) -> R<Obj<'j, 'l>> {
        match (j, &l.kind) {
            (J::Obj(m), LK::Obj { members, close }) => Ok((m, members, *close)),
            _ => Err(fail("wrong_type", path, l.at)),
        }
    }

    /// A string value (else `wrong_type`), within the string bound.
    fn string<'j>(&self, j: &'j J, l: &L, path: &str) -> R<&'j str> {
        match j {
            J::Str(s) => {
                self.string_len(l, path)?;
                Ok(s)
            }
            _ => Err(fail("wrong_type", path, l.at)),
        }
    }

    /// A UUID: 36 characters, hyphens at 8, 13, 18 and 23, hex digits
    /// (either case) elsewhere.
    fn uuid(&self, j: &J, l: &L, path: &str) -> R<[u8; 16]> {
        let s = self.string(j, l, path)?.as_bytes();
        let invalid = || fail("invalid_uuid", path, l.at);
        if s.len() != 36 {
            return Err(invalid());
        }
        let mut hex = Vec::with_capacity(32);
        for (i, &c) in s.iter().enumerate() {
            if [8, 13, 18, 23].contains(&i) {
                if c != b'-' {
                    return Err(invalid());
                }
                continue;
            }
            hex.push((c as char).to_digit(16).ok_or_else(invalid)? as u8);
        }
        let mut out = [0u8; 16];
        for (k, pair) in hex.chunks(2).enumerate() {
            out[k] = pair[0] * 16 + pair[1];
        }
        Ok(out)
    }

    /// `timestamp`: a number written as digits only (no sign, fraction or
    /// exponent); below 1e11 it is seconds (normalised when lenient,
    /// rejected when strict), and seconds below 1e8 are invalid (their
    /// millisecond form would read back as seconds); at most the rules'
    /// `max_timestamp`.
    fn timestamp(&self, j: &J, l: &L) -> R<(u64, bool)> {
        let path = "timestamp";
        if !matches!(j, J::U64(_) | J::Num(_)) {
            return Err(fail("wrong_type", path, l.at));
        }
        let text = &self.input[l.at..l.end];
        let invalid = || fail("invalid_timestamp", path, l.at);
        if !text.iter().all(u8::is_ascii_digit) {
            return Err(invalid());
        }
        let v: u64 = std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(invalid)?;
        if v >= SECONDS_BELOW {
            if v > self.rules.max_timestamp {
                return Err(invalid());
            }
            return Ok((v, false));
        }
        if self.strict {
            return Err(fail("timestamp_in_seconds", path, l.at));
        }
        if v * 1000 < SECONDS_BELOW {
            return Err(invalid());
        }
        Ok((v * 1000, true))
    }

    fn root(&mut self, j: &J, l: &L) -> R<Plain> {
        let obj = Self::as_object(j, l, "$")?;
        let close = obj.2;
        let mut time = None;
        let (mut scope, mut outcome, mut call) = (None, None, None);
        let mut destination = PlainDest::None;
        let mut error_message = String::new();
        let seen = self.object(obj, "$", &ROOT, 1, |w, k, _, v, vl| {
            match k {
                0 => time = Some(w.timestamp(v, vl)?),
                1 => scope = Some(w.scope(v, vl)?),
                2 => outcome = Some(w.outcome(v, vl)?),
                3 => call = Some(w.call(v, vl)?),
                4 => destination = w.destination(v, vl)?,
                _ => {
                    error_message = match v {
                        J::Null => String::new(),
                        _ => w.string(v, vl, "error_message")?.to_owned(),
                    }
                }
            }
            Ok(())
        })?;
        Self::missing(&seen, "$", &ROOT, 4, close)?;
        let ((millis, was_seconds), (subaccount_id, organization_id)) =
            (time.expect("seen"), scope.expect("seen"));
        let (outcome_id, outcome_name, action) = outcome.expect("seen");
        let (call_id, phone, contact_id) = call.expect("seen");
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

    fn scope(&mut self, j: &J, l: &L) -> R<([u8; 16], [u8; 16])> {
        let obj = Self::as_object(j, l, "scope")?;
        let mut ids = [[0u8; 16]; 2];
        let seen = self.object(obj, "scope", &SCOPE, 2, |w, k, _, v, vl| {
            ids[k] = w.uuid(v, vl, &field_path("scope", SCOPE[k]))?;
            Ok(())
        })?;
        Self::missing(&seen, "scope", &SCOPE, 2, obj.2)?;
        Ok((ids[0], ids[1]))
    }

    /// `outcome`: its id, its name (1 to 120 characters) and whether its
    /// type is `action` (else `disposition`).
    fn outcome(&mut self, j: &J, l: &L) -> R<([u8; 16], String, bool)> {
        let obj = Self::as_object(j, l, "outcome")?;
        let (mut id, mut name, mut action) = ([0u8; 16], String::new(), false);
        let seen = self.object(obj, "outcome", &OUTCOME, 2, |w, k, _, v, vl| {
            match k {
                0 => id = w.uuid(v, vl, "outcome.outcome_id")?,
                1 => {
                    let path = "outcome.outcome_name";
                    let s = w.string(v, vl, path)?;
                    if !(1..=120).contains(&s.chars().count()) {
                        return Err(fail("invalid_length", path, vl.at));
                    }
                    name = s.to_owned();
                }
                _ => {
                    let path = "outcome.outcome_type";
                    action = match w.string(v, vl, path)? {
                        "action" => true,
                        "disposition" => false,
                        _ => return Err(fail("unknown_enum_value", path, vl.at)),
                    };
                }
            }
            Ok(())
        })?;
        Self::missing(&seen, "outcome", &OUTCOME, 3, obj.2)?;
        Ok((id, name, action))
    }

    /// `call`: its id, the E.164 phone number (`+`, 2 to 15 digits, the
    /// first not `0`) and the contact id.
    fn call(&mut self, j: &J, l: &L) -> R<([u8; 16], String, [u8; 16])> {
        let obj = Self::as_object(j, l, "call")?;
        let (mut id, mut phone, mut contact) = ([0u8; 16], String::new(), [0u8; 16]);
        let seen = self.object(obj, "call", &CALL, 2, |w, k, _, v, vl| {
            match k {
                0 => id = w.uuid(v, vl, "call.call_id")?,
                1 => {
                    let path = "call.phone_number";
                    let s = w.string(v, vl, path)?;
                    let digits = s.strip_prefix('+').unwrap_or("");
                    let ok = (2..=15).contains(&digits.len())
                        && digits.bytes().all(|b| b.is_ascii_digit())
                        && !digits.starts_with('0');
                    if !ok {
                        return Err(fail("invalid_phone_number", path, vl.at));
                    }
                    phone = s.to_owned();
                }
                _ => contact = w.uuid(v, vl, "call.contact_id")?,
            }
            Ok(())
        })?;
        Self::missing(&seen, "call", &CALL, 3, obj.2)?;
        Ok((id, phone, contact))
    }

    /// `destination`: `null`, or an object of one of the shapes of FACTS.md.
    /// Each member is checked as it comes; whether they fit together is
    /// checked at the closing brace: a member the type does not allow is
    /// `inconsistent_destination` at its name, a required one absent is
    /// `missing_field` at the brace, and the id list of `selection` `all`
    /// (non-empty) or `selected` (empty) is `inconsistent_destination` at
    /// its `[`.
    fn destination(&mut self, j: &J, l: &L) -> R<PlainDest> {
        let p = "destination";
        if *j == J::Null {
            return Ok(PlainDest::None);
        }
        let obj = Self::as_object(j, l, p)?;
        let close = obj.2;
        let mut kind = "";
        let mut id = [0u8; 16];
        let mut all = false;
        let mut ids = Vec::new();
        let mut name_at = [0usize; 4];
        let mut list_at = 0;
        let seen = self.object(obj, p, &DESTINATION, 2, |w, k, at, v, vl| {
            name_at[k] = at;
            match k {
                0 => {
                    let path = "destination.destination_type";
                    kind = match w.string(v, vl, path)? {
                        "none" => "none",
                        "smart_list" => "smart_list",
                        "remove_from_smart_list" => "remove",
                        _ => return Err(fail("unknown_enum_value", path, vl.at)),
                    };
                }
                1 => id = w.uuid(v, vl, "destination.destination_id")?,
                2 => {
                    let path = "destination.selection";
                    all = match w.string(v, vl, path)? {
                        "all" => true,
                        "selected" => false,
                        _ => return Err(fail("unknown_enum_value", path, vl.at)),
                    };
                }
                _ => {
                    let path = "destination.destination_ids";
                    let (J::Arr(items), LK::Arr(at)) = (v, &vl.kind) else {
                        return Err(fail("wrong_type", path, vl.at));
                    };
                    list_at = vl.at;
                    ids.clear();
                    w.ids_at.clear();
                    for (i, (v, l)) in items.iter().zip(at).enumerate() {
                        ids.push(w.uuid(v, l, &format!("{path}[{i}]"))?);
                        w.ids_at.push(l.at);
                    }
                }
            }
            Ok(())
        })?;
        let inconsistent = |k: usize, at: usize| {
            fail(
                "inconsistent_destination",
                &field_path(p, DESTINATION[k]),
                at,
            )
        };
        let missing = |k: usize| fail("missing_field", &field_path(p, DESTINATION[k]), close);
        Self::missing(&seen, p, &DESTINATION, 1, close)?;
        if kind != "smart_list" && seen[1] {
            return Err(inconsistent(1, name_at[1]));
        }
        if kind != "remove" {
            for k in [2, 3] {
                if seen[k] {
                    return Err(inconsistent(k, name_at[k]));
                }
            }
        }
        match kind {
            "none" => Ok(PlainDest::None),
            "smart_list" if seen[1] => Ok(PlainDest::SmartList(id)),
            "smart_list" => Err(missing(1)),
            _ if !seen[2] => Err(missing(2)),
            _ if all && !ids.is_empty() => Err(inconsistent(3, list_at)),
            _ if all => Ok(PlainDest::RemoveAll),
            _ if !seen[3] => Err(missing(3)),
            _ if ids.is_empty() => Err(inconsistent(3, list_at)),
            _ => Ok(PlainDest::RemoveSelected(ids)),
        }
    }
}

#[cfg(test)]
mod tests {
    //! The reference's own rules on the examples of issue 9 (bound.md).
    use super::*;

    /// The docs' payload with `extra` (members, without braces) added at
    /// the top level, before the known members.
    fn with_top(extra: &str) -> Vec<u8> {
        let base = r#""timestamp":1781935984000,"scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","organization_id":"00000000-0000-4000-8000-000000000002"},"outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","outcome_name":"Interested","outcome_type":"action"},"call":{"call_id":"00000000-0000-4000-8000-000000000004","phone_number":"+15555550100","contact_id":"00000000-0000-4000-8000-000000000005"}"#;
        if extra.is_empty() {
            format!("{{{base}}}").into_bytes()
        } else {
            format!("{{{extra},{base}}}").into_bytes()
        }
    }

    fn members(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("\"{prefix}{i}\":{i}")).collect()
    }

    fn verdict(input: &[u8], rules: Rules) -> Option<Located> {
        match reference_with(input, false, rules) {
            Ok(_) => None,
            Err(Reject::Known(l)) => Some(l),
            Err(Reject::Json(e)) => panic!("not JSON: {e}"),
        }
    }

    fn offset_of(input: &[u8], needle: &str) -> usize {
        let text = std::str::from_utf8(input).unwrap();
        assert_eq!(text.matches(needle).count(), 1, "{needle}");
        text.find(needle).unwrap()
    }

    #[test]
    fn sixty_four_unknown_members_fit_the_sixty_fifth_does_not() {
        let ok = with_top(&members("m", 64).join(","));
        assert_eq!(verdict(&ok, Rules::ISSUE_9), None);
        let over = with_top(&members("m", 65).join(","));
        let at = offset_of(&over, "\"m64\"");
        assert_eq!(
            verdict(&over, Rules::ISSUE_9),
            Some(fail("too_many_members", "*", at))
        );
        assert_eq!(verdict(&over, Rules::BEFORE_ISSUE_9), None);
        // A duplicate is reported as such, even past the budget.
        let dup = with_top(&format!("{},\"m0\":1", members("m", 64).join(",")));
        let at = dup.len() - with_top("").len() - "\"m0\":1,".len() + 1;
        assert_eq!(
            verdict(&dup, Rules::ISSUE_9),
            Some(fail("duplicate_key", "*", at))
        );
    }

    #[test]
    fn nested_names_count_with_the_open_top_level_ones() {
        // 24 unknown members, then "x" holding 40: the 40th nested name
        // is the 65th held (24 + "x" + 39 before it).
        let x = format!("\"x\":{{{}}}", members("n", 40).join(","));
        let input = with_top(&format!("{},{x}", members("m", 24).join(",")));
        let at = offset_of(&input, "\"n39\"");
        assert_eq!(
            verdict(&input, Rules::ISSUE_9),
            Some(fail("too_many_members", "*", at))
        );
        // With 23 before it, everything fits.
        let input = with_top(&format!("{},{x}", members("m", 23).join(",")));
        assert_eq!(verdict(&input, Rules::ISSUE_9), None);
        // Names of a closed object are released: two objects of 40 in a row fit.
        let y = format!("\"y\":{{{}}}", members("n", 40).join(","));
        let input = with_top(&format!("{x},{y}"));
        assert_eq!(verdict(&input, Rules::ISSUE_9), None);
    }

    #[test]
    fn nested_schema_objects_hold_their_unknown_names_until_they_close() {
        // 40 at the top level and 24 in `call`: the 24th in `call` is the
        // 64th held, fine; 25 in `call` is one too many, at `call.*`.
        for (n, over) in [(24, false), (25, true)] {
            let input = with_top(&members("m", 40).join(","));
            let text = String::from_utf8(input).unwrap();
            let extra = members("c", n).join(",");
            let input = text
                .replacen("\"call\":{", &format!("\"call\":{{{extra},"), 1)
                .into_bytes();
            let expected = over.then(|| {
                fail(
                    "too_many_members",
                    "call.*",
                    offset_of(&input, &format!("\"c{}\"", n - 1)),
                )
            });
            assert_eq!(verdict(&input, Rules::ISSUE_9), expected);
        }
    }

    #[test]
    fn escape_names_escapes_every_second_name_of_each_object() {
        let input = r#" {"ab":1,"cd":{"x":[{"p":0,"q":0,"\u0072":0}],"y":2},"\u00e9":3,"é":"é"}"#;
        let input = input.as_bytes();
        let out = escape_names(input).unwrap();
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            r#" {"ab":1,"\u0063d":{"x":[{"p":0,"\u0071":0,"\u0072":0}],"\u0079":2},"\u00e9":3,"\u00e9":"é"}"#
        );
        assert_eq!(json(&out), json(input));
        assert_eq!(escape_names(b"{\"a\":1}"), None);
        assert_eq!(escape_names(b"{\"a\":1,}"), None);
    }

    #[test]
    fn timestamps_stop_at_two_to_the_fifty_third_minus_one() {
        let base = String::from_utf8(with_top("")).unwrap();
        for (ts, ok) in [
            ("9007199254740991", true),
            ("9007199254740992", false),
            ("18446744073709551615", false),
            ("-0", false),
        ] {
            let input = base.replacen("1781935984000", ts, 1).into_bytes();
            let expected = (!ok).then(|| fail("invalid_timestamp", "timestamp", 13));
            assert_eq!(verdict(&input, Rules::ISSUE_9), expected, "{ts}");
        }
    }
}
