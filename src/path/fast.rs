//! The fast path: eight bytes at a time (SWAR) and 256-byte tables, for
//! 64-bit targets and wasm32. See [`super`].

use crate::jsonstr::{unescape, JsonStr};
use crate::scan::NAME_WINDOW;

/// `0x01` in every byte of a word.
const LO: u64 = u64::from_le_bytes([0x01; 8]);
/// `0x80` in every byte of a word.
const HI: u64 = u64::from_le_bytes([0x80; 8]);

const HEX: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// True for bytes that end the plain part of a string: `"`, `\` and controls.
const STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// The value of one hex digit.
#[inline]
pub(crate) fn hex_value(b: u8) -> Option<u8> {
    let v = HEX[b as usize];
    if v == 0xff {
        None
    } else {
        Some(v)
    }
}

/// Whether a byte ends the plain part of a string: `"`, `\` or a control.
#[inline]
pub(crate) fn is_stop(b: u8) -> bool {
    STOP[b as usize]
}

/// SWAR: the high bit set in the first byte of `w` (little-endian) that is
/// `"`, `\` or a control character, and possibly in later bytes; zero when
/// there is none. Only the lowest set bit is exact, which is all the callers use.
#[inline]
fn stop_bits(w: u64) -> u64 {
    let quote = w ^ (LO * u64::from(b'"'));
    let backslash = w ^ (LO * u64::from(b'\\'));
    let zero_quote = quote.wrapping_sub(LO) & !quote;
    let zero_backslash = backslash.wrapping_sub(LO) & !backslash;
    let control = w.wrapping_sub(LO * 0x20) & !w;
    (zero_quote | zero_backslash | control) & HI
}

/// From `i`, eight bytes at a time, to the first stop byte (or to where
/// fewer than eight bytes remain; the caller goes on byte by byte).
#[inline(always)]
pub(crate) fn skip_plain(buf: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = buf.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let stop = stop_bits(u64::from_le_bytes(*chunk));
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// The fast path of a string whose opening quote is at `start`: the index
/// of its closing quote when the first stop byte after it, found eight
/// bytes at a time, is that quote (no escape, no control) and lies more than
/// eight bytes before the end; `None` sends the caller to the full scanner.
#[inline(always)]
pub(crate) fn closing_quote(buf: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while let Some(chunk) = buf.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let stop = stop_bits(u64::from_le_bytes(*chunk));
        if stop != 0 {
            i += (stop.trailing_zeros() / 8) as usize;
            return (buf.get(i) == Some(&b'"')).then_some(i);
        }
        i += 8;
    }
    None
}

/// Skips equal bytes of the names at `i` and `j`, eight at a time, while
/// neither word holds a quote or a backslash.
#[inline]
pub(crate) fn equal_run(buf: &[u8], mut i: usize, mut j: usize) -> (usize, usize) {
    while let (Some(x), Some(y)) = (
        buf.get(i..).and_then(<[u8]>::first_chunk::<8>),
        buf.get(j..).and_then(<[u8]>::first_chunk::<8>),
    ) {
        let w = u64::from_le_bytes(*x);
        if w != u64::from_le_bytes(*y) || stop_bits(w) != 0 {
            break;
        }
        i += 8;
        j += 8;
    }
    (i, j)
}

/// A UUID string without escapes at the front of `text` (its opening
/// quote first), read in place; `None` for anything else.
#[inline(always)]
pub(crate) fn quoted_uuid(text: &[u8]) -> Option<crate::Uuid> {
    crate::Uuid::parse_quoted(text)
}

/// The 32 hex digits of a hyphenated UUID whose hyphens are checked,
/// eight at a time.
#[inline(always)]
pub(crate) fn uuid_digits(text: &[u8; 36]) -> Option<[u8; 16]> {
    // Eight digits at a time: 0-8, 9-13 with 14-18, 19-23 with 24-28, 28-36.
    let word = |at: usize| {
        text.get(at..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map_or(u64::MAX, |w| u64::from_le_bytes(*w))
    };
    let half = |at: usize| {
        text.get(at..)
            .and_then(<[u8]>::first_chunk::<4>)
            .map_or(u64::MAX, |w| u64::from(u32::from_le_bytes(*w)))
    };
    let (a, valid_a) = hex8(word(0));
    let (b, valid_b) = hex8(half(9) | half(14) << 32);
    let (c, valid_c) = hex8(half(19) | half(24) << 32);
    let (d, valid_d) = hex8(word(28));
    if valid_a & valid_b & valid_c & valid_d & HI != HI {
        return None;
    }
    let mut out = [0u8; 16];
    for (chunk, v) in out.chunks_exact_mut(4).zip([a, b, c, d]) {
        chunk.copy_from_slice(&v.to_le_bytes());
    }
    Some(out)
}

/// SWAR: eight ASCII hex digits (a little-endian word, either case) to
/// their four bytes, first digit in the high nibble of the first byte, and
/// a word with the high bit of each byte set when that byte is a hex digit
/// (the value is meaningless otherwise). The caller ANDs the words of all
/// four groups and tests once.
#[inline(always)]
pub(crate) fn hex8(w: u64) -> (u32, u64) {
    // For a byte x < 0x80, x + (0x80 - lo) has its high bit set iff x >= lo
    // (a byte >= 0x80 may carry into the next, but then `!w` rejects it).
    let at_least = |x: u64, lo: u64| x.wrapping_add(LO * (0x80 - lo));
    let digit = at_least(w, 0x30) & !at_least(w, 0x3a);
    let folded = w | (LO * 0x20); // 'A'-'F' to 'a'-'f'
    let letter = at_least(folded, 0x61) & !at_least(folded, 0x67) & HI;
    let valid = (digit | letter) & !w;
    let nibbles = (w & (LO * 0x0f)) + (letter >> 7) * 9;
    // Byte k of `pairs` is nibble k << 4 | nibble k+1 (kept for even k).
    let pairs = ((nibbles << 4) | (nibbles >> 8)) & 0x00ff_00ff_00ff_00ff;
    let quads = (pairs | (pairs >> 8)) & 0x0000_ffff_0000_ffff;
    ((quads | (quads >> 16)) as u32, valid)
}

/// A name's pattern: its text, closing quote and (for a member name) `:`,
/// as three masked little-endian words.
#[derive(Clone, Copy)]
pub(crate) struct Pattern {
    words: [u64; 3],
    masks: [u64; 3],
}

impl Pattern {
    pub(crate) const fn new(bytes: &[u8], end: &[u8]) -> Pattern {
        let len = bytes.len() + end.len();
        let mut words = [0u64; 3];
        let mut masks = [0u64; 3];
        if len <= NAME_WINDOW {
            let mut i = 0;
            while i < len {
                let b = if i < bytes.len() {
                    bytes[i]
                } else {
                    end[i - bytes.len()]
                };
                words[i / 8] |= (b as u64) << (8 * (i % 8));
                masks[i / 8] |= 0xff << (8 * (i % 8));
                i += 1;
            }
        } else {
            // Matches nothing: a bit in the pattern outside the mask.
            words[0] = 1;
        }
        Pattern { words, masks }
    }
}

/// The bytes after an opening quote, as three little-endian words.
pub(crate) struct Window([u64; 3]);

impl Window {
    #[inline(always)]
    pub(crate) fn new(bytes: &[u8; NAME_WINDOW]) -> Self {
        let word = |k: usize| {
            bytes
                .get(8 * k..)
                .and_then(<[u8]>::first_chunk::<8>)
                .map_or(0, |w| u64::from_le_bytes(*w))
        };
        Window([word(0), word(1), word(2)])
    }

    /// Whether the window starts with the name that `pattern` was made
    /// from, its closing quote and, for a member name, `:` (a name over
    /// [`NAME_WINDOW`] never matches).
    #[inline(always)]
    pub(crate) fn matches(&self, _text: &str, _member: bool, pattern: &Pattern) -> bool {
        let Pattern { words, masks } = *pattern;
        let [w0, w1, w2] = self.0;
        w0 & masks[0] == words[0] && w1 & masks[1] == words[1] && w2 & masks[2] == words[2]
    }
}

/// The number of decoded characters, a run of plain text at a time.
pub(crate) fn char_count(s: &JsonStr<'_>) -> usize {
    match s.as_str() {
        Some(t) => t.chars().count(),
        None => Segments { rest: s.raw() }
            .map(|seg| match seg {
                Segment::Text(t) => t.chars().count(),
                Segment::Char(_) => 1,
            })
            .sum(),
    }
}

/// Decodes as much of `s` as fits in `out`, a run of plain text at a time;
/// returns whether all of it fit. (`out` was cleared and the plain case tried.)
#[inline(always)]
pub(crate) fn decode_truncating(s: &JsonStr<'_>, out: &mut heapless::string::StringView) -> bool {
    out.clear();
    for seg in (Segments { rest: s.raw() }) {
        let fits = match seg {
            Segment::Text(t) => {
                out.push_str(t).is_ok() || {
                    // Cut at the last character that fits.
                    for c in t.chars() {
                        if !crate::jsonstr::push_char(out, c) {
                            break;
                        }
                    }
                    false
                }
            }
            Segment::Char(c) => crate::jsonstr::push_char(out, c),
        };
        if !fits {
            return false;
        }
    }
    true
}

/// A piece of decoded text: a run without escapes (borrowed) or one
/// decoded escape, so that decoding copies whole runs.
enum Segment<'a> {
    Text(&'a str),
    Char(char),
}

/// Iterator over the [`Segment`]s of validated raw string text.
struct Segments<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        let bytes = self.rest.as_bytes();
        let &first = bytes.first()?;
        if first == b'\\' {
            let (c, used) = unescape(bytes)?;
            self.rest = self.rest.get(used..)?;
            return Some(Segment::Char(c));
        }
        // Runs between escapes are short: a plain loop beats memchr here.
        let end = bytes
            .iter()
            .position(|&b| b == b'\\')
            .unwrap_or(bytes.len());
        let (text, rest) = self.rest.split_at_checked(end)?;
        self.rest = rest;
        Some(Segment::Text(text))
    }
}

/// A held member name: its four-byte key (see [`prefix_key`]) in the high
/// half, the offset of its opening quote in the low half.
pub(crate) type Entry = u64;

/// The entry of the name whose opening quote is at `name`.
#[inline]
pub(crate) fn entry(buf: &[u8], name: usize) -> Entry {
    u64::from(prefix_key(buf, name)) << 32 | name as u32 as u64
}

/// Where the name at `name` (its `entry`) goes in `run`, an object's sorted
/// names; `None` when the run holds the same decoded name. The first entry
/// whose key is not below the name's (branch-free), then, among the names
/// with an equal key, a binary search on the text: nearly every comparison
/// is settled by the keys.
#[inline]
pub(crate) fn search(run: &[Entry], entry: Entry, buf: &[u8], name: usize) -> Option<usize> {
    let key = entry & !0xffff_ffff;
    let mut lo = lower_bound(run, |h| h < key);
    if run.get(lo).is_some_and(|&h| h >> 32 == key >> 32) {
        let mut hi = lower_bound(run, |h| h >> 32 <= key >> 32);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let earlier = run.get(mid).map_or(0, |&h| h as u32 as usize);
            match crate::scan::cmp_names(buf, earlier, name) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return None,
            }
        }
    }
    Some(lo)
}

/// The number of leading `keys` for which `below` holds (they must be
/// sorted so that it holds for a prefix), found without branching on them.
#[inline]
fn lower_bound(keys: &[u64], below: impl Fn(u64) -> bool) -> usize {
    let mut lo = 0;
    let mut n = keys.len();
    while n > 1 {
        let half = n / 2;
        if keys.get(lo + half - 1).is_some_and(|&k| below(k)) {
            lo += half;
        }
        n -= half;
    }
    lo + usize::from(n == 1 && keys.get(lo).is_some_and(|&k| below(k)))
}

/// The first four decoded bytes of the validated string whose opening quote
/// is at `at`, big-endian, zeros past its end: keys that differ order their
/// names as [`cmp_names`](crate::scan::cmp_names) does (equal keys settle nothing).
fn prefix_key(buf: &[u8], at: usize) -> u32 {
    let raw = buf.get(at + 1..).unwrap_or_default();
    let mut bytes = [0u8; 4];
    let mut n = 0;
    // Before the first backslash the decoded bytes are the raw ones.
    for &b in raw.iter().take(4) {
        match b {
            b'"' => return u32::from_be_bytes(bytes),
            b'\\' => {
                n = 0;
                break;
            }
            _ => {
                if let Some(slot) = bytes.get_mut(n) {
                    *slot = b;
                }
                n += 1;
            }
        }
    }
    if n < 4 {
        bytes = [0; 4];
        for (slot, b) in bytes.iter_mut().zip(crate::jsonstr::Bytes::name(raw)) {
            *slot = b;
        }
    }
    u32::from_be_bytes(bytes)
}

/// A stored flag ([`JsonStr`]'s escapes): a `bool` (fewer instructions than a `u32` here).
pub(crate) type Flag = bool;

/// The flag for `b`.
#[inline(always)]
pub(crate) fn flag(b: bool) -> Flag {
    b
}

/// Whether the flag is set.
#[inline(always)]
pub(crate) fn is_set(f: Flag) -> bool {
    f
}
