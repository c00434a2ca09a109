//! Random valid payloads for the `roundtrip` target: a structured event from
//! `arbitrary`, rendered with random whitespace, member order, escapes and
//! unknown members, with the exact result the parser must give.

use arbitrary::{Result, Unstructured};
use sailor_webhook::{Options, MAX_DEPTH_LIMIT};

use crate::plain::{Plain, PlainDest};

/// Depth of generated unknown values (the payload's own objects are at
/// depth 2 at most, so everything stays far below the limit of 32).
const UNKNOWN_DEPTH: u32 = 5;

/// The smallest `max_depth` that `DeepUnknown` draws: the other unknown
/// values reach depth 2 + [`UNKNOWN_DEPTH`] (inside `scope`..`destination`),
/// one less than this, so the deep value is the only one at the limit.
const MIN_DEEP_LIMIT: usize = 2 + UNKNOWN_DEPTH as usize + 1;

/// At most this many objects in `DeepUnknown`'s chain (the rest are
/// arrays), so the tracked names held at its deepest point (up to two an
/// object, with at most 3 + 3 other unknown names and a sibling object's
/// four) stay within the budget of 64.
const DEEP_OBJECTS: usize = 20;

/// Characters worth trying: quotes, escapes, controls, `/`, DEL, the
/// boundaries of each UTF-8 length, U+2028, the BOM, the replacement
/// character, astral characters and the last scalar.
const INTERESTING: &[char] = &[
    '"',
    '\\',
    '/',
    '\u{0}',
    '\u{8}',
    '\u{9}',
    '\u{a}',
    '\u{c}',
    '\u{d}',
    '\u{1f}',
    ' ',
    '\u{7f}',
    '\u{80}',
    'é',
    '\u{7ff}',
    '\u{800}',
    '中',
    '\u{2028}',
    '\u{d7ff}',
    '\u{e000}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '\u{10000}',
    '😀',
    '\u{10ffff}',
    'a',
    'Z',
    '0',
    '_',
];

/// An arbitrary character, biased to the interesting ones.
pub fn any_char(u: &mut Unstructured<'_>) -> Result<char> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => *u.choose(INTERESTING)?,
        1 => char::from(u.int_in_range(0x20u8..=0x7e)?),
        _ => u.arbitrary::<char>()?,
    })
}

/// A string of `min..=max` arbitrary characters.
pub fn any_string(u: &mut Unstructured<'_>, min: usize, max: usize) -> Result<String> {
    let n = u.int_in_range(min..=max)?;
    let mut s = String::new();
    for _ in 0..n {
        s.push(any_char(u)?);
    }
    Ok(s)
}

fn uuid(u: &mut Unstructured<'_>) -> Result<[u8; 16]> {
    u.arbitrary()
}

/// One broken rule, rendered into an otherwise valid payload, so the
/// parser must give exactly one error (kind, path and offset).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// `call.phone_number` replaced by this text (not E.164).
    Phone(String),
    /// A lone surrogate escape (this text) inserted into the outcome name
    /// (`true`) or the error message (`false`) before character `at`.
    LoneSurrogate {
        in_name: bool,
        at: usize,
        escape: &'static str,
    },
    /// An unknown member, in object `parent` (0 root, 1 scope, 2 outcome,
    /// 3 call, 4 destination), holding an object with a duplicate name,
    /// `depth` containers down; `direct` makes the unknown member's own
    /// name the duplicate instead.
    DuplicateName {
        parent: u8,
        depth: u32,
        direct: bool,
    },
    /// One UUID with character `at` (0 to 35) replaced by `c`, which is
    /// then not a hex digit (or not a hyphen at 8, 13, 18, 23): `field` 0
    /// `subaccount_id`, 1 `organization_id`, 2 `outcome_id`, 3 `call_id`,
    /// 4 `contact_id`, 5 `destination_id`, 6 `destination_ids[index % n]`
    /// (no violation when the destination has no such member).
    BadUuid {
        field: u8,
        index: usize,
        at: usize,
        c: char,
    },
    /// `selection` `all` with these ids (at least one).
    AllWithIds(Vec<[u8; 16]>),
    /// Strict mode only: an unknown member in object `parent` (numbered as
    /// in `DuplicateName`).
    StrictUnknown { parent: u8 },
    /// A required member of object `parent` left out: the `pick`th (modulo
    /// their count) of those required for the rendered shape.
    Missing { parent: u8, pick: u8 },
    /// Lenient mode, no other unknown member anywhere: one unknown member
    /// in object `parent` whose value is an object of `split` + 1 names, the
    /// last of them holding an object with the rest: 64 names in all, the
    /// unknown member's own included (fine), or 65 (`over`: the last name
    /// is the 65th held, `too_many_members` there, at the unknown member's
    /// path).
    TooManyMembers { parent: u8, split: u8, over: bool },
    /// Lenient mode: an unknown member in object `parent` (numbered as in
    /// `DuplicateName`) whose value is a chain of containers, each inside
    /// the one before, `extra` levels past the deepest the options allow
    /// there (`Case::max_depth`, above 64 clamped to it, minus the parent's
    /// own depth: 1 at the top level, 2 in the others), with random
    /// siblings that stay within the limit. Up to the limit (`extra` -1 or
    /// 0) it is fine; past it (1 or 2), `depth_limit` at the first opening
    /// bracket too deep, at the unknown member's path (`*`, `scope.*`, ...).
    DeepUnknown { parent: u8, extra: i8 },
    /// `destination_type` `none` with members that only the other types
    /// allow (at least one): `destination_id` (this UUID), `selection`
    /// (`all` when true, else `selected`), `destination_ids` (these ids,
    /// maybe none). `inconsistent_destination` at the opening quote of the
    /// name of the first of them in the contract's order (`destination_id`,
    /// `selection`, `destination_ids`), in whatever order they were written.
    NoneWith {
        id: Option<[u8; 16]>,
        selection: Option<bool>,
        ids: Option<Vec<[u8; 16]>>,
    },
}

impl Violation {
    /// `NoneWith`'s error: the member it is at, by the contract's order.
    fn none_with_first(&self) -> Option<&'static str> {
        match self {
            Violation::NoneWith { id: Some(_), .. } => Some("destination_id"),
            Violation::NoneWith {
                selection: Some(_), ..
            } => Some("selection"),
            Violation::NoneWith { ids: Some(_), .. } => Some("destination_ids"),
            _ => None,
        }
    }
}

/// The paths of the UUID fields of `BadUuid`, `destination_ids` aside.
const UUID_PATHS: [&str; 6] = [
    "scope.subaccount_id",
    "scope.organization_id",
    "outcome.outcome_id",
    "call.call_id",
    "call.contact_id",
    "destination.destination_id",
];

/// The path prefix of the members of object `parent`.
const MEMBER_PREFIX: [&str; 5] = ["", "scope.", "outcome.", "call.", "destination."];

/// Lone surrogate escapes as they can appear: a high one followed by a
/// plain character, a non-surrogate escape, a short escape or another
/// high one; a low one alone.
const LONE: &[&str] = &[
    "\\ud800",
    "\\uD800x",
    "\\udbff\\u0041",
    "\\uD83D\\n",
    "\\ud800\\ud800",
    "\\udc00",
    "\\uDFFF",
    "\\ude00\\ud83d",
];

/// Phone texts that break E.164 by one rule each.
fn bad_phone(u: &mut Unstructured<'_>, good: &str) -> Result<String> {
    let digits = &good[1..];
    Ok(match u.int_in_range(0u8..=6)? {
        // one digit too many (16), or 16+ digits
        0 => format!("{good}{}", char::from(b'0' + u.int_in_range(0u8..=9)?))
            .chars()
            .chain(std::iter::repeat('1'))
            .take(17.max(good.len() + 1))
            .collect(),
        // one digit only
        1 => format!("+{}", &digits[..1]),
        // a leading zero
        2 => format!("+0{}", &digits[1..]),
        // no plus
        3 => digits.to_owned(),
        // a non-digit somewhere
        4 => {
            let mut t: Vec<char> = good.chars().collect();
            let i = u.int_in_range(1..=t.len() - 1)?;
            t[i] = *u.choose(&[' ', '-', 'a', '٣', '+', '.'])?;
            t.into_iter().collect()
        }
        // nothing but the plus
        5 => "+".to_owned(),
        _ => String::new(),
    })
}

/// A generated event and the options it is parsed with.
#[derive(Debug)]
pub struct Case {
    pub strict: bool,
    /// `Options::max_depth` to parse with: the default (32) but for
    /// `DeepUnknown`, which draws it (from 8 up, or past 64 to be clamped).
    pub max_depth: usize,
    /// At most one broken rule.
    pub violation: Option<Violation>,
    /// The payload's timestamp number as sent (ms, or seconds below 1e11).
    pub sent_timestamp: u64,
    /// The expected view (full message, all ids).
    pub expected: Plain,
}

/// Generates the event.
pub fn case(u: &mut Unstructured<'_>) -> Result<Case> {
    let strict: bool = u.arbitrary()?;
    let sent_timestamp = match u.int_in_range(0u8..=3)? {
        0 => u.int_in_range(0..=crate::reference::SECONDS_BELOW - 1)?,
        1 => *u.choose(&[
            0,
            1,
            99_999_999,
            100_000_000,
            1_781_935_984,
            99_999_999_999,
            100_000_000_000,
            1_781_935_984_000,
            crate::reference::MAX_TIMESTAMP,
            crate::reference::MAX_TIMESTAMP + 1,
            u64::MAX,
        ])?,
        _ => u.int_in_range(crate::reference::SECONDS_BELOW..=u64::MAX)?,
    };
    let (millis, was_seconds) = if sent_timestamp < crate::reference::SECONDS_BELOW {
        (sent_timestamp * 1000, true)
    } else {
        (sent_timestamp, false)
    };
    let mut phone = String::from("+");
    phone.push(char::from(b'0' + u.int_in_range(1u8..=9)?));
    for _ in 0..u.int_in_range(1..=14)? {
        phone.push(char::from(b'0' + u.int_in_range(0u8..=9)?));
    }
    let destination = match u.int_in_range(0u8..=3)? {
        0 => PlainDest::None,
        1 => PlainDest::SmartList(uuid(u)?),
        2 => PlainDest::RemoveAll,
        _ => {
            // Often just at the owned capacity (16) or one off.
            let n = if u.arbitrary()? {
                u.int_in_range(15..=17)?
            } else {
                u.int_in_range(1..=20)?
            };
            let mut ids = Vec::new();
            for _ in 0..n {
                ids.push(uuid(u)?);
            }
            PlainDest::RemoveSelected(ids)
        }
    };
    let expected = Plain {
        millis,
        was_seconds,
        subaccount_id: uuid(u)?,
        organization_id: uuid(u)?,
        outcome_id: uuid(u)?,
        outcome_name: any_string(u, 1, 120)?,
        action: u.arbitrary()?,
        call_id: uuid(u)?,
        phone,
        contact_id: uuid(u)?,
        destination,
        error_message: if u.ratio(1u8, 3)? {
            String::new()
        } else {
            any_string(u, 0, 300)?
        },
        truncated: false,
    };
    let mut expected = expected;
    let mut max_depth = Options::DEFAULT_MAX_DEPTH;
    let violation = match u.int_in_range(0u8..=12)? {
        0 => Some(Violation::Phone(bad_phone(u, &expected.phone)?)),
        1 => Some(Violation::LoneSurrogate {
            in_name: u.arbitrary()?,
            at: u.int_in_range(0..=300)?,
            escape: u.choose(LONE)?,
        }),
        2 if !strict => Some(Violation::DuplicateName {
            parent: u.int_in_range(0..=4)?,
            depth: u.int_in_range(0..=UNKNOWN_DEPTH)?,
            direct: u.ratio(1u8, 4)?,
        }),
        3 | 4 => {
            let at = u.int_in_range(0..=35)?;
            let mut c = any_char(u)?;
            if [8, 13, 18, 23].contains(&at) {
                if c == '-' {
                    c = 'x';
                }
            } else if c.is_ascii_hexdigit() {
                c = *u.choose(&['g', 'G', '-', ' ', 'z', '\u{e9}'])?;
            }
            Some(Violation::BadUuid {
                field: u.int_in_range(0..=6)?,
                index: u.arbitrary()?,
                at,
                c,
            })
        }
        5 => {
            let mut ids = Vec::new();
            for _ in 0..u.int_in_range(1..=3)? {
                ids.push(uuid(u)?);
            }
            expected.destination = PlainDest::RemoveAll;
            Some(Violation::AllWithIds(ids))
        }
        6 if strict => Some(Violation::StrictUnknown {
            parent: u.int_in_range(0..=4)?,
        }),
        7 => Some(Violation::Missing {
            parent: u.int_in_range(0..=4)?,
            pick: u.arbitrary()?,
        }),
        8 if !strict && crate::reference::CORE_BOUNDS => Some(Violation::TooManyMembers {
            parent: u.int_in_range(0..=4)?,
            split: u.int_in_range(0..=61)?,
            over: u.arbitrary()?,
        }),
        9 if !strict => {
            max_depth = match u.int_in_range(0u8..=3)? {
                0 | 1 => Options::DEFAULT_MAX_DEPTH,
                2 => u.int_in_range(MIN_DEEP_LIMIT..=MAX_DEPTH_LIMIT)?,
                _ => *u.choose(&[MAX_DEPTH_LIMIT, MAX_DEPTH_LIMIT + 1, 1000, usize::MAX])?,
            };
            Some(Violation::DeepUnknown {
                parent: u.int_in_range(0..=4)?,
                extra: u.int_in_range(-1..=2)?,
            })
        }
        10 => {
            // Which of the three members: at least one, `destination_id`
            // (the one a `none` destination is likeliest to carry) alone
            // most often.
            let mask = match u.int_in_range(0u8..=9)? {
                0..=2 => 1,
                m => m - 2,
            };
            let id = if mask & 1 != 0 { Some(uuid(u)?) } else { None };
            let selection = if mask & 2 != 0 {
                Some(u.arbitrary()?)
            } else {
                None
            };
            let ids = if mask & 4 != 0 {
                let mut ids = Vec::new();
                for _ in 0..u.int_in_range(0..=3)? {
                    ids.push(uuid(u)?);
                }
                Some(ids)
            } else {
                None
            };
            expected.destination = PlainDest::None;
            Some(Violation::NoneWith { id, selection, ids })
        }
        _ => None,
    };
    // With a broken rule, keep the timestamp valid in both modes so the
    // broken rule is the only error: milliseconds, and (once the core
    // bounds timestamps) at most 2^53 - 1.
    let sent_timestamp = if violation.is_some()
        && crate::reference::CORE_BOUNDS
        && sent_timestamp > crate::reference::MAX_TIMESTAMP
    {
        let ms = crate::reference::SECONDS_BELOW
            + sent_timestamp % (crate::reference::MAX_TIMESTAMP - crate::reference::SECONDS_BELOW);
        expected.millis = ms;
        ms
    } else {
        sent_timestamp
    };
    let (sent_timestamp, expected) = if violation.is_some() && expected.was_seconds {
        let ms = crate::reference::SECONDS_BELOW + sent_timestamp;
        (
            ms,
            Plain {
                millis: ms,
                was_seconds: false,
                ..expected
            },
        )
    } else {
        (sent_timestamp, expected)
    };
    Ok(Case {
        strict,
        max_depth,
        violation,
        sent_timestamp,
        expected,
    })
}

/// The JSON text being written, and where some values start.
pub struct Out {
    pub buf: Vec<u8>,
    /// Where the violation is: the error's offset and path.
    pub violation_at: Option<(usize, String)>,
    /// Offset of the timestamp number.
    pub timestamp_at: usize,
    /// Offsets of the opening quotes of `destination_ids` elements.
    pub id_at: Vec<usize>,
}

struct W<'u, 'a> {
    u: &'u mut Unstructured<'a>,
    out: Vec<u8>,
    unknowns: bool,
    violation: Option<Violation>,
    violation_at: Option<(usize, String)>,
    /// The UUID to break (`BadUuid`): its path, character index and character.
    bad_uuid: Option<(String, usize, char)>,
    /// `NoneWith`: the member of `destination` whose name is the error.
    none_with: Option<&'static str>,
    /// The nesting limit in force (`Case::max_depth`, clamped to 64).
    max_depth: usize,
}

const PARENT_PATH: [&str; 5] = ["*", "scope.*", "outcome.*", "call.*", "destination.*"];

impl W<'_, '_> {
    fn ws(&mut self) -> Result<()> {
        const WS: &[&[u8]] = &[b"", b"", b"", b" ", b"\n", b"\t", b"\r\n  ", b"  \t\n\r "];
        let w = self.u.choose(WS)?;
        self.out.extend_from_slice(w);
        Ok(())
    }

    fn hex4(&mut self, v: u32) -> Result<()> {
        let upper = self.u.arbitrary::<bool>()?;
        let s = if upper {
            format!("\\u{v:04X}")
        } else {
            format!("\\u{v:04x}")
        };
        self.out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    /// One character, raw or escaped in one of the forms JSON allows.
    fn char(&mut self, c: char) -> Result<()> {
        let short: Option<&[u8]> = match c {
            '"' => Some(b"\\\""),
            '\\' => Some(b"\\\\"),
            '/' => Some(b"\\/"),
            '\u{8}' => Some(b"\\b"),
            '\u{c}' => Some(b"\\f"),
            '\n' => Some(b"\\n"),
            '\r' => Some(b"\\r"),
            '\t' => Some(b"\\t"),
            _ => None,
        };
        let raw_ok = !matches!(c, '"' | '\\' | '\u{0}'..='\u{1f}');
        // 0: raw, 1: short escape, 2: \u escape(s)
        let mut how = self.u.int_in_range(0u8..=5)?.saturating_sub(3);
        if how == 0 && !raw_ok {
            how = 2;
        }
        if how == 1 && short.is_none() {
            how = 2;
        }
        match how {
            0 => {
                let mut b = [0u8; 4];
                self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
            1 => self.out.extend_from_slice(short.unwrap_or_default()),
            _ => {
                let mut units = [0u16; 2];
                for &unit in c.encode_utf16(&mut units).iter() {
                    self.hex4(u32::from(unit))?;
                }
            }
        }
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<()> {
        self.out.push(b'"');
        for c in s.chars() {
            self.char(c)?;
        }
        self.out.push(b'"');
        Ok(())
    }

    /// A string with `escape` (a lone surrogate) inserted before character
    /// `at` (or at the end); records where it is.
    fn string_with(&mut self, s: &str, at: usize, escape: &str, path: &str) -> Result<()> {
        self.out.push(b'"');
        let at = at.min(s.chars().count());
        for (i, c) in s.chars().enumerate() {
            if i == at {
                self.violation_at = Some((self.out.len(), path.to_owned()));
                self.out.extend_from_slice(escape.as_bytes());
            }
            self.char(c)?;
        }
        if at == s.chars().count() {
            self.violation_at = Some((self.out.len(), path.to_owned()));
            self.out.extend_from_slice(escape.as_bytes());
        }
        self.out.push(b'"');
        Ok(())
    }

    /// `TooManyMembers`' value: an object of `split` + 1 names, the last
    /// holding an object with the rest of `total` - 1 names (the unknown
    /// member's own name is the first of `total`); records the offset of the
    /// last name when it is the 65th held.
    fn many(&mut self, total: usize, split: usize, parent: u8) -> Result<()> {
        let inner = total - 2 - split;
        self.out.push(b'{');
        for i in 0..split {
            self.ws()?;
            self.string(&format!("n{i}"))?;
            self.out.push(b':');
            self.any_value(0)?;
            self.out.push(b',');
        }
        self.ws()?;
        self.string("m")?;
        self.out.push(b':');
        self.ws()?;
        self.out.push(b'{');
        for i in 0..inner {
            if i > 0 {
                self.out.push(b',');
            }
            self.ws()?;
            if i + 1 == inner && total > crate::reference::MAX_MEMBERS {
                self.violation_at =
                    Some((self.out.len(), PARENT_PATH[usize::from(parent)].to_owned()));
            }
            self.string(&format!("n{i}"))?;
            self.out.push(b':');
            self.any_value(0)?;
        }
        self.ws()?;
        self.out.extend_from_slice(b"}}");
        Ok(())
    }

    /// `DeepUnknown`'s value from the container at nesting `depth` on:
    /// `left` containers, each holding the next (after random siblings, in
    /// objects under unique names, whose own containers stay within the
    /// limit), the last holding scalars only; arrays once `objects` (the
    /// chain's objects so far) reaches [`DEEP_OBJECTS`]. Records the offset
    /// of the opening bracket one level past the limit.
    fn deep(&mut self, depth: usize, left: usize, objects: usize, parent: u8) -> Result<()> {
        if depth == self.max_depth + 1 {
            self.violation_at = Some((self.out.len(), PARENT_PATH[usize::from(parent)].to_owned()));
        }
        let object = objects < DEEP_OBJECTS && self.u.arbitrary()?;
        self.out.push(if object { b'{' } else { b'[' });
        // The elements: `None` the next container of the chain, `Some(n)` a
        // sibling holding up to `n` levels (one while within the limit).
        let room = u32::from(depth < self.max_depth);
        let mut elements = Vec::new();
        if left == 1 {
            for _ in 0..self.u.int_in_range(0..=2)? {
                elements.push(Some(0));
            }
        } else {
            if self.u.ratio(1u8, 3)? {
                elements.push(Some(room));
            }
            elements.push(None);
            if self.u.ratio(1u8, 3)? {
                elements.push(Some(room));
            }
        }
        let mut names: Vec<String> = Vec::new();
        for (i, element) in elements.into_iter().enumerate() {
            if i > 0 {
                self.ws()?;
                self.out.push(b',');
            }
            self.ws()?;
            if object {
                let mut name = any_string(self.u, 0, 6)?;
                while names.contains(&name) {
                    name.push('_');
                }
                self.string(&name)?;
                names.push(name);
                self.ws()?;
                self.out.push(b':');
                self.ws()?;
            }
            match element {
                Some(levels) => self.any_value(levels)?,
                None => self.deep(depth + 1, left - 1, objects + usize::from(object), parent)?,
            }
        }
        self.ws()?;
        self.out.push(if object { b'}' } else { b']' });
        Ok(())
    }

    /// A value with an object holding a duplicate name, `depth` containers
    /// down; records the second name's offset.
    fn duplicate(&mut self, depth: u32, parent: u8) -> Result<()> {
        if depth > 0 {
            let in_array = self.u.arbitrary::<bool>()?;
            self.out.push(if in_array { b'[' } else { b'{' });
            self.ws()?;
            if self.u.arbitrary()? {
                // a valid sibling first
                if !in_array {
                    self.string("s")?;
                    self.out.push(b':');
                }
                self.any_value(1)?;
                self.out.push(b',');
                self.ws()?;
            }
            if !in_array {
                self.string("n")?;
                self.ws()?;
                self.out.push(b':');
            }
            self.duplicate(depth - 1, parent)?;
            self.ws()?;
            self.out.push(if in_array { b']' } else { b'}' });
            return Ok(());
        }
        let name = any_string(self.u, 0, 6)?;
        self.out.push(b'{');
        self.ws()?;
        self.string(&name)?;
        self.out.push(b':');
        self.any_value(1)?;
        let mut others = vec![name.clone()];
        for _ in 0..self.u.int_in_range(0..=2)? {
            let other = any_string(self.u, 0, 6)?;
            if !others.contains(&other) {
                others.push(other.clone());
                self.out.push(b',');
                self.string(&other)?;
                self.out.push(b':');
                self.any_value(0)?;
            }
        }
        self.out.push(b',');
        self.ws()?;
        self.violation_at = Some((self.out.len(), PARENT_PATH[usize::from(parent)].to_owned()));
        // The same name, rendered again with its own random escapes.
        self.string(&name)?;
        self.ws()?;
        self.out.push(b':');
        self.any_value(1)?;
        self.out.push(b'}');
        Ok(())
    }

    /// A JSON array of the UUIDs `ids`, with drawn whitespace around its
    /// commas and brackets; `path(i, at)` names id `i`'s path (its text
    /// starts at byte `at`), where a `BadUuid` may break it.
    fn id_array(
        &mut self,
        ids: &[[u8; 16]],
        mut path: impl FnMut(usize, usize) -> String,
    ) -> Result<()> {
        self.out.push(b'[');
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.ws()?;
                self.out.push(b',');
            }
            self.ws()?;
            let path = path(i, self.out.len());
            self.uuid(id, &path)?;
        }
        self.ws()?;
        self.out.push(b']');
        Ok(())
    }

    /// The UUID at `path`; broken there when it is `BadUuid`'s target.
    fn uuid(&mut self, id: &[u8; 16], path: &str) -> Result<()> {
        let upper = self.u.arbitrary::<bool>()?;
        let mut text = String::new();
        for (i, b) in id.iter().enumerate() {
            if [4, 6, 8, 10].contains(&i) {
                text.push('-');
            }
            if upper {
                text.push_str(&format!("{b:02X}"));
            } else {
                text.push_str(&format!("{b:02x}"));
            }
        }
        if let Some((target, at, c)) = self.bad_uuid.clone() {
            if target == path {
                self.bad_uuid = None;
                let mut chars: Vec<char> = text.chars().collect();
                chars[at] = c;
                text = chars.into_iter().collect();
                self.violation_at = Some((self.out.len(), target));
            }
        }
        self.string(&text)
    }

    /// A random, valid number.
    fn number(&mut self) -> Result<()> {
        let mut s = String::new();
        if self.u.arbitrary()? {
            s.push('-');
        }
        if self.u.arbitrary()? {
            s.push('0');
        } else {
            s.push(char::from(b'0' + self.u.int_in_range(1u8..=9)?));
            for _ in 0..self.u.int_in_range(0..=25)? {
                s.push(char::from(b'0' + self.u.int_in_range(0u8..=9)?));
            }
        }
        if self.u.arbitrary()? {
            s.push('.');
            for _ in 0..self.u.int_in_range(1..=5)? {
                s.push(char::from(b'0' + self.u.int_in_range(0u8..=9)?));
            }
        }
        if self.u.arbitrary()? {
            s.push(*self.u.choose(&['e', 'E'])?);
            s.push_str(self.u.choose(&["", "+", "-"])?);
            for _ in 0..self.u.int_in_range(1..=4)? {
                s.push(char::from(b'0' + self.u.int_in_range(0u8..=9)?));
            }
        }
        self.out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    /// A random valid JSON value with unique member names, `depth` levels at most.
    fn any_value(&mut self, depth: u32) -> Result<()> {
        let kind = if depth == 0 {
            self.u.int_in_range(0u8..=5)?
        } else {
            self.u.int_in_range(0u8..=7)?
        };
        match kind {
            0 => self.out.extend_from_slice(b"null"),
            1 => self.out.extend_from_slice(b"true"),
            2 => self.out.extend_from_slice(b"false"),
            3 => self.number()?,
            4 | 5 => {
                let s = any_string(self.u, 0, 12)?;
                self.string(&s)?;
            }
            6 => {
                self.out.push(b'[');
                let n = self.u.int_in_range(0..=4)?;
                for i in 0..n {
                    if i > 0 {
                        self.ws()?;
                        self.out.push(b',');
                    }
                    self.ws()?;
                    self.any_value(depth - 1)?;
                }
                self.ws()?;
                self.out.push(b']');
            }
            _ => {
                let mut names: Vec<String> = Vec::new();
                for _ in 0..self.u.int_in_range(0..=4)? {
                    let name = any_string(self.u, 0, 8)?;
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                self.out.push(b'{');
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        self.ws()?;
                        self.out.push(b',');
                    }
                    self.ws()?;
                    self.string(name)?;
                    self.ws()?;
                    self.out.push(b':');
                    self.ws()?;
                    self.any_value(depth - 1)?;
                }
                self.ws()?;
                self.out.push(b'}');
            }
        }
        Ok(())
    }
}

/// A member: its name and how to write its value.
type Member<'m> = (String, Box<dyn FnOnce(&mut W<'_, '_>) -> Result<()> + 'm>);

impl W<'_, '_> {
    /// Writes an object: the members in random order, with unknown members
    /// (names unique and not among `known`) mixed in when allowed.
    /// `required` are the members that must be there for the rendered
    /// shape (`Missing` leaves one out; `StrictUnknown` adds an unknown one).
    fn object(
        &mut self,
        mut members: Vec<Member<'_>>,
        known: &[&str],
        required: &[&str],
        parent: u8,
    ) -> Result<()> {
        let mut missing = None;
        if let Some(Violation::Missing { parent: p, pick }) = self.violation {
            let present: Vec<&str> = required
                .iter()
                .copied()
                .filter(|r| members.iter().any(|(name, _)| name == r))
                .collect();
            if p == parent && !present.is_empty() {
                self.violation = None;
                let name = present[usize::from(pick) % present.len()];
                members.retain(|(n, _)| n != name);
                missing = Some(format!("{}{name}", MEMBER_PREFIX[usize::from(parent)]));
            }
        }
        let mut marked = None;
        if let Some(Violation::StrictUnknown { parent: p }) = self.violation {
            if p == parent {
                self.violation = None;
                let base = self.u.choose(known)?;
                let mut name = match self.u.int_in_range(0u8..=3)? {
                    0 => format!("{base}{}", any_char(self.u)?),
                    1 => base.to_uppercase(),
                    2 => base[..base.len() - 1].to_owned(),
                    _ => any_string(self.u, 0, 10)?,
                };
                if known.contains(&name.as_str()) {
                    name.push('_');
                }
                marked = Some(name.clone());
                members.push((name, Box::new(|w| w.any_value(2))));
            }
        }
        if let Some(Violation::TooManyMembers {
            parent: p,
            split,
            over,
        }) = self.violation
        {
            if p == parent {
                self.violation = None;
                let total = crate::reference::MAX_MEMBERS + usize::from(over);
                let split = usize::from(split).min(total - 3);
                members.push((
                    format!("{}\u{2}", known[0]),
                    Box::new(move |w| w.many(total, split, parent)),
                ));
            }
        }
        if let Some(Violation::DeepUnknown { parent: p, extra }) = self.violation {
            if p == parent {
                self.violation = None;
                // The parent's own depth, and the containers its member's
                // value may nest under the limit.
                let own = if parent == 0 { 1 } else { 2 };
                let levels = (self.max_depth - own)
                    .checked_add_signed(isize::from(extra))
                    .unwrap_or(1)
                    .max(1);
                members.push((
                    format!("{}\u{3}", known[0]),
                    Box::new(move |w| w.deep(own + 1, levels, 0, parent)),
                ));
            }
        }
        let mut dup_direct = None;
        if let Some(Violation::DuplicateName {
            parent: p,
            depth,
            direct,
        }) = self.violation.clone()
        {
            if p == parent {
                self.violation = None;
                if direct {
                    let name = any_string(self.u, 0, 8)?;
                    if !known.contains(&name.as_str()) {
                        dup_direct = Some(name.clone());
                        members.push((name, Box::new(|w| w.any_value(1))));
                    }
                }
                if dup_direct.is_none() {
                    let name = format!("{}\u{1}", known[0]);
                    members.push((name, Box::new(move |w| w.duplicate(depth, parent))));
                }
            }
        }
        if self.unknowns {
            let mut taken: Vec<String> = known.iter().map(|k| (*k).to_owned()).collect();
            taken.extend(members.iter().map(|(name, _)| name.clone()));
            for _ in 0..self.u.int_in_range(0..=3)? {
                let name = if self.u.arbitrary()? {
                    // Near misses of known names are the interesting ones.
                    let base = self.u.choose(known)?;
                    let mut n = (*base).to_owned();
                    match self.u.int_in_range(0u8..=3)? {
                        0 => n.push(any_char(self.u)?),
                        1 => n = n.to_uppercase(),
                        2 => {
                            n.pop();
                        }
                        _ => n.insert(0, any_char(self.u)?),
                    }
                    n
                } else {
                    any_string(self.u, 0, 10)?
                };
                if taken.contains(&name) {
                    continue;
                }
                taken.push(name.clone());
                let depth = self.u.int_in_range(0..=UNKNOWN_DEPTH)?;
                members.push((name, Box::new(move |w| w.any_value(depth))));
            }
        }
        // Random order: repeatedly take a random remaining member.
        self.out.push(b'{');
        let mut first = true;
        while !members.is_empty() {
            let i = self.u.choose_index(members.len())?;
            let (name, write) = members.swap_remove(i);
            if !first {
                self.ws()?;
                self.out.push(b',');
            }
            first = false;
            self.ws()?;
            if marked.as_ref() == Some(&name) {
                self.violation_at =
                    Some((self.out.len(), PARENT_PATH[usize::from(parent)].to_owned()));
            }
            if parent == 4 && self.none_with == Some(name.as_str()) {
                self.none_with = None;
                self.violation_at = Some((self.out.len(), format!("destination.{name}")));
            }
            self.string(&name)?;
            self.ws()?;
            self.out.push(b':');
            self.ws()?;
            write(self)?;
        }
        if let Some(name) = dup_direct {
            // The unknown member's name again, last, with its own escapes.
            self.ws()?;
            self.out.push(b',');
            self.ws()?;
            self.violation_at = Some((self.out.len(), PARENT_PATH[usize::from(parent)].to_owned()));
            self.string(&name)?;
            self.out.push(b':');
            self.any_value(0)?;
        }
        self.ws()?;
        if let Some(path) = missing {
            self.violation_at = Some((self.out.len(), path));
        }
        self.out.push(b'}');
        Ok(())
    }
}

fn m<'m>(name: &str, f: impl FnOnce(&mut W<'_, '_>) -> Result<()> + 'm) -> Member<'m> {
    (name.to_owned(), Box::new(f))
}

/// Renders `case` as JSON. Unknown members only when lenient.
pub fn render(u: &mut Unstructured<'_>, case: &Case) -> Result<Out> {
    let e = &case.expected;
    let mut w = W {
        u,
        out: Vec::new(),
        unknowns: !case.strict && !matches!(case.violation, Some(Violation::TooManyMembers { .. })),
        violation: case.violation.clone(),
        violation_at: None,
        bad_uuid: match (&case.violation, &e.destination) {
            (Some(Violation::BadUuid { field: 6, .. }), PlainDest::RemoveSelected(ids)) => {
                let Some(Violation::BadUuid { index, at, c, .. }) = case.violation else {
                    unreachable!()
                };
                Some((
                    format!("destination.destination_ids[{}]", index % ids.len()),
                    at,
                    c,
                ))
            }
            (Some(Violation::BadUuid { field, at, c, .. }), _) if *field < 6 => {
                Some((UUID_PATHS[usize::from(*field)].to_owned(), *at, *c))
            }
            _ => None,
        },
        none_with: case.violation.as_ref().and_then(Violation::none_with_first),
        max_depth: case.max_depth.min(MAX_DEPTH_LIMIT),
    };
    let timestamp_at = std::cell::Cell::new(0usize);
    let id_at = std::cell::RefCell::new(Vec::new());
    w.ws()?;
    let mut top: Vec<Member<'_>> = Vec::new();
    top.push(m("timestamp", |w| {
        timestamp_at.set(w.out.len());
        w.out
            .extend_from_slice(case.sent_timestamp.to_string().as_bytes());
        Ok(())
    }));
    top.push(m("scope", |w| {
        w.object(
            vec![
                m("subaccount_id", |w| {
                    w.uuid(&e.subaccount_id, "scope.subaccount_id")
                }),
                m("organization_id", |w| {
                    w.uuid(&e.organization_id, "scope.organization_id")
                }),
            ],
            &["subaccount_id", "organization_id"],
            &["subaccount_id", "organization_id"],
            1,
        )
    }));
    top.push(m("outcome", |w| {
        w.object(
            vec![
                m("outcome_id", |w| {
                    w.uuid(&e.outcome_id, "outcome.outcome_id")
                }),
                m("outcome_name", |w| match &w.violation {
                    Some(Violation::LoneSurrogate {
                        in_name: true,
                        at,
                        escape,
                    }) => {
                        let (at, escape) = (*at, *escape);
                        w.string_with(&e.outcome_name, at, escape, "outcome.outcome_name")
                    }
                    _ => w.string(&e.outcome_name),
                }),
                m("outcome_type", |w| {
                    w.string(if e.action { "action" } else { "disposition" })
                }),
            ],
            &["outcome_id", "outcome_name", "outcome_type"],
            &["outcome_id", "outcome_name", "outcome_type"],
            2,
        )
    }));
    top.push(m("call", |w| {
        w.object(
            vec![
                m("call_id", |w| w.uuid(&e.call_id, "call.call_id")),
                m("phone_number", |w| match &w.violation {
                    Some(Violation::Phone(bad)) => {
                        let bad = bad.clone();
                        w.violation_at = Some((w.out.len(), "call.phone_number".to_owned()));
                        w.string(&bad)
                    }
                    _ => w.string(&e.phone),
                }),
                m("contact_id", |w| w.uuid(&e.contact_id, "call.contact_id")),
            ],
            &["call_id", "phone_number", "contact_id"],
            &["call_id", "phone_number", "contact_id"],
            3,
        )
    }));
    const DEST: &[&str] = &[
        "destination_type",
        "destination_id",
        "selection",
        "destination_ids",
    ];
    match &e.destination {
        PlainDest::None if matches!(case.violation, Some(Violation::NoneWith { .. })) => {
            let Some(Violation::NoneWith { id, selection, ids }) = &case.violation else {
                unreachable!()
            };
            top.push(m("destination", move |w| {
                let mut d = vec![m("destination_type", |w| w.string("none"))];
                if let Some(id) = id {
                    d.push(m("destination_id", move |w| {
                        w.uuid(id, "destination.destination_id")
                    }));
                }
                if let Some(all) = *selection {
                    d.push(m("selection", move |w| {
                        w.string(if all { "all" } else { "selected" })
                    }));
                }
                if let Some(ids) = ids {
                    d.push(m("destination_ids", move |w| {
                        w.id_array(ids, |_, _| String::new())
                    }));
                }
                w.object(d, DEST, &["destination_type"], 4)
            }))
        }
        PlainDest::None => match w.u.int_in_range(0u8..=2)? {
            0 => {}
            1 => top.push(m("destination", |w| {
                w.out.extend_from_slice(b"null");
                Ok(())
            })),
            _ => top.push(m("destination", |w| {
                w.object(
                    vec![m("destination_type", |w| w.string("none"))],
                    DEST,
                    &["destination_type"],
                    4,
                )
            })),
        },
        PlainDest::SmartList(id) => top.push(m("destination", move |w| {
            w.object(
                vec![
                    m("destination_type", |w| w.string("smart_list")),
                    m("destination_id", move |w| {
                        w.uuid(id, "destination.destination_id")
                    }),
                ],
                DEST,
                &["destination_type", "destination_id"],
                4,
            )
        })),
        PlainDest::RemoveAll => top.push(m("destination", |w| {
            let mut d = vec![
                m("destination_type", |w| w.string("remove_from_smart_list")),
                m("selection", |w| w.string("all")),
            ];
            if let Some(Violation::AllWithIds(ids)) = &case.violation {
                d.push(m("destination_ids", move |w| {
                    w.violation_at = Some((w.out.len(), "destination.destination_ids".to_owned()));
                    w.id_array(ids, |_, _| String::new())
                }));
            } else if w.u.arbitrary()? {
                d.push(m("destination_ids", |w| {
                    w.out.push(b'[');
                    w.ws()?;
                    w.out.push(b']');
                    Ok(())
                }));
            }
            w.object(d, DEST, &["destination_type", "selection"], 4)
        })),
        PlainDest::RemoveSelected(ids) => {
            let id_at = &id_at;
            top.push(m("destination", move |w| {
                w.object(
                    vec![
                        m("destination_type", |w| w.string("remove_from_smart_list")),
                        m("selection", |w| w.string("selected")),
                        m("destination_ids", move |w| {
                            w.id_array(ids, |i, at| {
                                id_at.borrow_mut().push(at);
                                format!("destination.destination_ids[{i}]")
                            })
                        }),
                    ],
                    DEST,
                    &["destination_type", "selection", "destination_ids"],
                    4,
                )
            }))
        }
    }
    if let Some(Violation::LoneSurrogate {
        in_name: false,
        at,
        escape,
    }) = &case.violation
    {
        let (at, escape) = (*at, *escape);
        top.push(m("error_message", move |w| {
            w.string_with(&e.error_message, at, escape, "error_message")
        }));
    } else if e.error_message.is_empty() {
        match w.u.int_in_range(0u8..=2)? {
            0 => {}
            1 => top.push(m("error_message", |w| {
                w.out.extend_from_slice(b"null");
                Ok(())
            })),
            _ => top.push(m("error_message", |w| w.string(""))),
        }
    } else {
        top.push(m("error_message", |w| w.string(&e.error_message)));
    }
    w.object(
        top,
        &[
            "timestamp",
            "scope",
            "outcome",
            "call",
            "destination",
            "error_message",
        ],
        &["timestamp", "scope", "outcome", "call"],
        0,
    )?;
    w.ws()?;
    if matches!(w.violation, Some(Violation::DuplicateName { .. })) {
        // A duplicate name meant for a destination object that was not
        // rendered as one: no violation after all.
        w.violation_at = None;
    }
    Ok(Out {
        violation_at: w.violation_at,
        buf: w.out,
        timestamp_at: timestamp_at.get(),
        id_at: id_at.into_inner(),
    })
}
