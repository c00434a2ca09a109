//! The compact path: byte at a time, no tables, no 64-bit arithmetic
//! (emulated, and so large, on 32-bit microcontrollers). See [`super`].

use crate::jsonstr::JsonStr;
use crate::scan::NAME_WINDOW;

/// The value of one hex digit.
#[inline]
pub(crate) fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' | b'A'..=b'F' => Some((b | 0x20) - b'a' + 10),
        _ => None,
    }
}

/// Whether a byte ends the plain part of a string: `"`, `\` or a control.
#[inline]
pub(crate) fn is_stop(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// No word-wise skip: the caller's loop goes byte by byte from `i`.
#[inline(always)]
pub(crate) fn skip_plain(_buf: &[u8], i: usize) -> usize {
    i
}

/// No fast path for strings: every string takes the one byte-wise scanner.
#[inline(always)]
pub(crate) fn closing_quote(_buf: &[u8], _start: usize) -> Option<usize> {
    None
}

/// No word-wise skip of equal bytes: the caller compares byte by byte.
#[inline(always)]
pub(crate) fn equal_run(_buf: &[u8], i: usize, j: usize) -> (usize, usize) {
    (i, j)
}

/// The 32 hex digits of a hyphenated UUID whose hyphens are checked, one
/// at a time.
pub(crate) fn uuid_digits(text: &[u8; 36]) -> Option<[u8; 16]> {
    let mut digits = text
        .iter()
        .enumerate()
        .filter(|&(i, _)| !matches!(i, 8 | 13 | 18 | 23))
        .map(|(_, &c)| hex_value(c));
    let mut out = [0u8; 16];
    for byte in &mut out {
        let hi = digits.next()??;
        let lo = digits.next()??;
        *byte = (hi << 4) | lo;
    }
    Some(out)
}

/// No fast path for a quoted UUID: every UUID is read as a string and
/// decoded one byte at a time ([`Uuid::from_decoded`](crate::Uuid)).
#[inline(always)]
pub(crate) fn quoted_uuid(_text: &[u8]) -> Option<crate::Uuid> {
    None
}

/// A name's pattern: nothing beyond its text (it is compared byte by byte).
#[derive(Clone, Copy)]
pub(crate) struct Pattern;

impl Pattern {
    pub(crate) const fn new(_text: &[u8], _end: &[u8]) -> Pattern {
        Pattern
    }
}

/// The bytes after an opening quote that a name is matched against.
pub(crate) struct Window<'a>(&'a [u8; NAME_WINDOW]);

impl<'a> Window<'a> {
    #[inline]
    pub(crate) fn new(bytes: &'a [u8; NAME_WINDOW]) -> Self {
        Window(bytes)
    }

    /// Whether the window starts with `text`, its closing quote and, for a
    /// member name, the `:`; a name over [`NAME_WINDOW`] never matches.
    pub(crate) fn matches(&self, text: &str, member: bool, _pattern: &Pattern) -> bool {
        let text = text.as_bytes();
        let end: &[u8] = if member { b"\":" } else { b"\"" };
        text.len() + end.len() <= NAME_WINDOW
            && self.0.starts_with(text)
            && self.0.get(text.len()..).is_some_and(|r| r.starts_with(end))
    }
}

/// The number of decoded characters: the lead bytes of the decoded text
/// (one escape decoder in flash, [`Bytes`](crate::jsonstr::Bytes)).
pub(crate) fn char_count(s: &JsonStr<'_>) -> usize {
    crate::jsonstr::Bytes::of(s.raw().as_bytes())
        .filter(|&b| b & 0xc0 != 0x80)
        .count()
}

/// Decodes as much of `s` as fits in `out`, one character at a time; returns
/// whether all of it fit. (`out` was cleared and the plain case tried.)
/// The characters come from [`Bytes`](crate::jsonstr::Bytes), the compact
/// path's one escape decoder.
pub(crate) fn decode_truncating(s: &JsonStr<'_>, out: &mut heapless::string::StringView) -> bool {
    out.clear();
    let mut bytes = crate::jsonstr::Bytes::of(s.raw().as_bytes());
    let mut c = [0u8; 4];
    while let Some(lead) = bytes.next() {
        let len = crate::jsonstr::utf8_len(lead);
        for (k, slot) in c.iter_mut().enumerate().take(len) {
            *slot = if k == 0 {
                lead
            } else {
                bytes.next().unwrap_or(0)
            };
        }
        let pushed = c
            .get(..len)
            .and_then(|utf8| core::str::from_utf8(utf8).ok())
            .is_some_and(|t| out.push_str(t).is_ok());
        if !pushed {
            return false;
        }
    }
    true
}

/// A held member name: the offset of its opening quote (the names are
/// compared in the input itself: half the memory of the fast path's keys).
pub(crate) type Entry = u32;

/// The entry of the name whose opening quote is at `name`.
#[inline]
pub(crate) fn entry(_buf: &[u8], name: usize) -> Entry {
    name as u32
}

/// Where the name at `name` goes in `run`, an object's sorted names; `None`
/// when the run holds the same decoded name. A binary search on the text:
/// at most 7 comparisons of decoded names.
pub(crate) fn search(run: &[Entry], _entry: Entry, buf: &[u8], name: usize) -> Option<usize> {
    let (mut lo, mut hi) = (0, run.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let earlier = run.get(mid).map_or(0, |&at| at as usize);
        match crate::scan::cmp_names(buf, earlier, name) {
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
            core::cmp::Ordering::Equal => return None,
        }
    }
    Some(lo)
}

/// A stored flag ([`JsonStr`]'s escapes): a `u32`, so the struct has no padding to copy.
pub(crate) type Flag = u32;

/// The flag for `b`.
#[inline(always)]
pub(crate) fn flag(b: bool) -> Flag {
    u32::from(b)
}

/// Whether the flag is set.
#[inline(always)]
pub(crate) fn is_set(f: Flag) -> bool {
    f != 0
}
