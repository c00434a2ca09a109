//! The strict scanner: RFC 8259 tokens, UTF-8, escapes, depth and duplicate
//! member names, with no recursion that the input can drive.

use core::cmp::Ordering;

use crate::error::{ErrorKind, Fault};
use crate::jsonstr::{Bytes, JsonStr};

pub use crate::options::{MAX_DEPTH_LIMIT, MAX_MEMBERS_LIMIT};

/// The bytes after a name's opening quote that [`Scanner::known_name`]
/// matches in place: the longest schema name or value (22 bytes,
/// `remove_from_smart_list`) with its closing quote and `:` fits. Longer
/// text never matches in place and takes the decoding path.
pub(crate) const NAME_WINDOW: usize = 24;

use crate::path;

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The member names that the duplicate check holds: for every open object,
/// the names it must compare (the unknown members of a schema object, every
/// member of an object inside an unknown value), sorted by decoded text and
/// kept as the offsets of their opening quotes in the input, each with its
/// first four decoded bytes as a number that sorts the same way.
///
/// Objects nest, so their runs nest too: one stack serves them all. An
/// object's run starts at the length the stack had when the object opened
/// (its `base`), and closing the object truncates the stack there. A new
/// name costs a binary search of its object's run (at most 7 comparisons,
/// nearly all settled by the four-byte keys) and a shift of at most 63
/// entries, so the check is linear in the input, with no hash for an input
/// to flood. Past `limit` names held at once the payload is
/// [`TooManyMembers`](ErrorKind::TooManyMembers).
pub(crate) struct Names {
    /// Per name, sorted within each object's run: the offset of its opening
    /// quote, and on the fast path its four-byte key too ([`path::Entry`]).
    held: [path::Entry; MAX_MEMBERS_LIMIT],
    len: usize,
    limit: usize,
}

impl Names {
    pub(crate) const fn new(limit: usize) -> Names {
        Names {
            held: [0; MAX_MEMBERS_LIMIT],
            len: 0,
            limit: if limit > MAX_MEMBERS_LIMIT {
                MAX_MEMBERS_LIMIT
            } else {
                limit
            },
        }
    }

    /// The base of an object opening now.
    #[inline]
    pub(crate) fn open(&self) -> usize {
        self.len
    }

    /// Releases the names of the object whose run starts at `base`.
    #[inline]
    pub(crate) fn close(&mut self, base: usize) {
        self.len = base.min(self.len);
    }

    /// Adds the name whose opening quote is at `name` (validated input) to
    /// the run starting at `base`: a [`DuplicateKey`](ErrorKind::DuplicateKey)
    /// when the run holds the same decoded name, else a
    /// [`TooManyMembers`](ErrorKind::TooManyMembers) when `limit` names are
    /// held already.
    pub(crate) fn insert(&mut self, buf: &[u8], base: usize, name: usize) -> Result<(), Fault> {
        let len = self.len.min(MAX_MEMBERS_LIMIT);
        let run = self.held.get(base..len).unwrap_or_default();
        let entry = path::entry(buf, name);
        let Some(lo) = path::search(run, entry, buf, name) else {
            return Err(Fault::new(ErrorKind::DuplicateKey, name));
        };
        if len >= self.limit {
            return Err(Fault::new(ErrorKind::TooManyMembers, name));
        }
        // Shift the run's tail up by one and put the new name in its place.
        // (A plain loop: `copy_within` would link a 1.5 KB memmove on Cortex-M.)
        let mut moving = entry;
        for h in self.held.iter_mut().take(len + 1).skip(base + lo) {
            moving = core::mem::replace(h, moving);
        }
        self.len = len + 1;
        Ok(())
    }
}

/// The UTF-8 bytes of `c` and their count (without `char::encode_utf8`,
/// whose slice-length check reaches `core::fmt` on small targets).
pub(crate) fn utf8(c: char) -> ([u8; 4], usize) {
    let v = u32::from(c);
    let b = |x: u32| (x & 0xff) as u8;
    match v {
        0..=0x7f => ([b(v), 0, 0, 0], 1),
        0x80..=0x7ff => ([b(0xc0 | v >> 6), b(0x80 | (v & 0x3f)), 0, 0], 2),
        0x800..=0xffff => (
            [
                b(0xe0 | v >> 12),
                b(0x80 | (v >> 6 & 0x3f)),
                b(0x80 | (v & 0x3f)),
                0,
            ],
            3,
        ),
        _ => (
            [
                b(0xf0 | v >> 18),
                b(0x80 | (v >> 12 & 0x3f)),
                b(0x80 | (v >> 6 & 0x3f)),
                b(0x80 | (v & 0x3f)),
            ],
            4,
        ),
    }
}

/// Compares the decoded texts of the validated strings whose opening
/// quotes are at `a` and `b`.
pub(crate) fn cmp_names(buf: &[u8], a: usize, b: usize) -> Ordering {
    let (mut i, mut j) = (a + 1, b + 1);
    // Long equal runs eight bytes at a time on the fast path.
    (i, j) = path::equal_run(buf, i, j);
    // Equal raw bytes, up to an escape or the end, are equal decoded bytes;
    // the first raw bytes that differ, neither an escape, decide (a closing
    // quote ends the shorter name).
    while let (Some(&x), Some(&y)) = (buf.get(i), buf.get(j)) {
        if x == b'\\' || y == b'\\' {
            break;
        }
        if x != y || x == b'"' {
            return match (x, y) {
                (b'"', b'"') => Ordering::Equal,
                (b'"', _) => Ordering::Less,
                (_, b'"') => Ordering::Greater,
                _ => x.cmp(&y),
            };
        }
        i += 1;
        j += 1;
    }
    // An escape: the decoded UTF-8 bytes compare as the characters do, in
    // code point order. Both names are at a character boundary here: the bytes
    // before are the same, and the escape's side stops before an ASCII `\`.
    let tail = |k: usize| Bytes::name(buf.get(k..).unwrap_or_default());
    tail(i).cmp(tail(j))
}

/// A JSON number, validated against the RFC 8259 grammar.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Number {
    pub(crate) start: usize,
    pub(crate) negative: bool,
    pub(crate) fraction: bool,
    pub(crate) exponent: bool,
    /// The integer part, when it fits in a `u64`.
    pub(crate) int: Option<u64>,
}

pub(crate) struct Scanner<'a> {
    pub(crate) buf: &'a [u8],
    /// The longest valid UTF-8 prefix of `buf` (all of it, for a valid
    /// payload; empty until [`validate_text`](Self::validate_text)):
    /// strings inside it are sliced from it without validating them again.
    text: &'a str,
    pub(crate) pos: usize,
    pub(crate) max_string: usize,
    pub(crate) max_depth: usize,
    /// The member names the duplicate check holds.
    pub(crate) names: Names,
}

/// A member name or enum value of the schema, matched in place by
/// [`Scanner::known_name`]: its text, closing quote and (for a member name)
/// the `:` right after it. The path's [`Pattern`](path::Pattern) holds what
/// the match needs beyond the text (three masked words on the fast path,
/// nothing on the compact one). A text too long for [`NAME_WINDOW`] never
/// matches in place and is found by the decoding path.
#[derive(Clone, Copy)]
pub(crate) struct Name {
    pub(crate) text: &'static str,
    /// Bytes matched from the opening quote on.
    skip: usize,
    pub(crate) pattern: path::Pattern,
}

impl Name {
    /// A member name, matched with its closing quote and a `:` right after.
    pub(crate) const fn member(text: &'static str) -> Name {
        Name::new(text, b"\":")
    }

    /// An enum value, matched with its closing quote.
    pub(crate) const fn value(text: &'static str) -> Name {
        Name::new(text, b"\"")
    }

    const fn new(text: &'static str, end: &[u8]) -> Name {
        Name {
            text,
            skip: 1 + text.len() + end.len(),
            pattern: path::Pattern::new(text.as_bytes(), end),
        }
    }

    /// Whether this is a member name (matched with its `:`).
    pub(crate) const fn is_member(&self) -> bool {
        self.skip == self.text.len() + 3
    }
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(
        buf: &'a [u8],
        max_string: usize,
        max_depth: usize,
        max_members: usize,
    ) -> Self {
        Scanner {
            buf,
            text: "",
            pos: 0,
            max_string,
            max_depth: max_depth.min(MAX_DEPTH_LIMIT),
            names: Names::new(max_members),
        }
    }

    /// Validates the input as UTF-8 once, so that strings are sliced from
    /// it without validating each (until then every string is validated on
    /// its own, which gives the same results). Called once the input is
    /// known to start like an object, so a wrong first byte fails fast.
    pub(crate) fn validate_text(&mut self) {
        self.text = match core::str::from_utf8(self.buf) {
            Ok(text) => text,
            Err(e) => self
                .buf
                .get(..e.valid_up_to())
                .and_then(|valid| core::str::from_utf8(valid).ok())
                .unwrap_or_default(),
        };
    }

    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    #[inline]
    pub(crate) fn skip_ws(&mut self) {
        while let Some(&b) = self.buf.get(self.pos) {
            if !is_ws(b) {
                break;
            }
            self.pos += 1;
        }
    }

    /// The fault for a byte that is not `expected` (or the end of input).
    #[inline]
    pub(crate) fn unexpected(&self) -> Fault {
        match self.peek() {
            None => Fault::new(ErrorKind::UnexpectedEnd, self.pos),
            Some(_) => Fault::new(ErrorKind::UnexpectedByte, self.pos),
        }
    }

    /// Consumes `b` (after whitespace).
    #[inline]
    pub(crate) fn eat(&mut self, b: u8) -> Result<(), Fault> {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Scans a string; `pos` is at its opening quote.
    ///
    /// Inlined fast path: a string without escapes, whose closing quote is
    /// found by whole words inside the validated text. Anything else (an
    /// escape, a control byte, the last 8 bytes of input, invalid UTF-8, a
    /// string over the limit) goes to [`string_slow`](Self::string_slow),
    /// which scans it again from the start and finds the exact fault.
    /// Inlined on 64-bit targets: its result read back through memory
    /// stalls (see `Uuid::parse_bytes`).
    #[cfg_attr(not(sailor_compact), inline(always))]
    #[cfg_attr(sailor_compact, inline)]
    pub(crate) fn string(&mut self) -> Result<JsonStr<'a>, Fault> {
        let start = self.pos;
        if let Some(i) = path::closing_quote(self.buf, start) {
            if i - start - 1 <= self.max_string {
                if let Some(raw) = self.text.get(start + 1..i) {
                    self.pos = i + 1;
                    return Ok(JsonStr::from_validated(raw, start, false));
                }
            }
        }
        self.string_slow()
    }

    /// Scans any string, byte by byte where needed; `pos` is at its opening quote.
    #[inline(never)]
    fn string_slow(&mut self) -> Result<JsonStr<'a>, Fault> {
        let start = self.pos;
        let mut i = start + 1;
        let mut escaped = false;
        loop {
            // Straight to the first byte that needs a look (eight at a
            // time on the fast path; byte by byte below on the compact one).
            i = path::skip_plain(self.buf, i);
            let Some(&b) = self.buf.get(i) else {
                return Err(Fault::new(ErrorKind::UnexpectedEnd, i));
            };
            if !path::is_stop(b) {
                i += 1;
                continue;
            }
            match b {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i = self.escape(i)?;
                }
                _ => return Err(Fault::new(ErrorKind::ControlCharacter, i)),
            }
        }
        let content = self.buf.get(start + 1..i).unwrap_or_default();
        if content.len() > self.max_string {
            return Err(Fault::new(ErrorKind::StringTooLong, start));
        }
        // Inside the validated prefix the slice is free; past it (an input
        // with invalid UTF-8 somewhere), validate this string for its error.
        let raw = match self.text.get(start + 1..i) {
            Some(raw) => raw,
            None => core::str::from_utf8(content)
                .map_err(|e| Fault::new(ErrorKind::InvalidUtf8, start + 1 + e.valid_up_to()))?,
        };
        self.pos = i + 1;
        Ok(JsonStr::from_validated(raw, start, escaped))
    }

    /// The four hex digits of a `\u` escape at `at`, or the fault at the
    /// first byte that is not one.
    fn hex4(&self, at: usize) -> Result<u32, Fault> {
        let rest = self.buf.get(at..).unwrap_or_default();
        crate::jsonstr::hex4(rest).map_err(|k| {
            let kind = if k >= rest.len() {
                ErrorKind::UnexpectedEnd
            } else {
                ErrorKind::InvalidEscape
            };
            Fault::new(kind, at + k)
        })
    }

    /// Checks the escape at `i` (a backslash); returns the index after it.
    fn escape(&self, i: usize) -> Result<usize, Fault> {
        match self.buf.get(i + 1) {
            None => Err(Fault::new(ErrorKind::UnexpectedEnd, i + 1)),
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(i + 2),
            Some(b'u') => {
                let cp = self.hex4(i + 2)?;
                match cp {
                    0xd800..=0xdbff => {
                        if self.buf.get(i + 6) == Some(&b'\\') && self.buf.get(i + 7) == Some(&b'u')
                        {
                            let lo = self.hex4(i + 8)?;
                            if (0xdc00..=0xdfff).contains(&lo) {
                                return Ok(i + 12);
                            }
                        } else if self.buf.len() <= i + 7 {
                            return Err(Fault::new(ErrorKind::UnexpectedEnd, self.buf.len()));
                        }
                        Err(Fault::new(ErrorKind::LoneSurrogate, i))
                    }
                    0xdc00..=0xdfff => Err(Fault::new(ErrorKind::LoneSurrogate, i)),
                    _ => Ok(i + 6),
                }
            }
            Some(_) => Err(Fault::new(ErrorKind::InvalidEscape, i)),
        }
    }

    /// Scans a number; `pos` is at `-` or a digit.
    // Inlined on 64-bit targets, like Uuid::parse_bytes: the returned Number
    // is read back through memory otherwise.
    #[cfg_attr(not(sailor_compact), inline(always))]
    pub(crate) fn number(&mut self) -> Result<Number, Fault> {
        let start = self.pos;
        let mut i = start;
        let negative = self.buf.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let mut int: Option<u64> = Some(0);
        match self.buf.get(i) {
            Some(b'0') => {
                i += 1;
                if matches!(self.buf.get(i), Some(b'0'..=b'9')) {
                    return Err(Fault::new(ErrorKind::InvalidNumber, start));
                }
            }
            Some(b'1'..=b'9') => {
                // Up to 19 digits always fit in a u64: no overflow check per digit.
                let digits = i;
                let mut v = 0u64;
                while let Some(&d @ b'0'..=b'9') = self.buf.get(i) {
                    v = v.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                    i += 1;
                }
                // Past 19 digits only 20 can fit (the first is not 0), and
                // then exactly when they are at most u64::MAX's digits: the
                // wrapping sum is exact in that case.
                let fits = i - digits <= 19
                    || (i - digits == 20
                        && self
                            .buf
                            .get(digits..i)
                            .is_some_and(|d| d <= b"18446744073709551615".as_slice()));
                int = if fits { Some(v) } else { None };
            }
            None => return Err(Fault::new(ErrorKind::UnexpectedEnd, i)),
            Some(_) => return Err(Fault::new(ErrorKind::InvalidNumber, start)),
        }
        let mut fraction = false;
        if self.buf.get(i) == Some(&b'.') {
            fraction = true;
            i += 1;
            i = self.digits(i, start)?;
        }
        let mut exponent = false;
        if matches!(self.buf.get(i), Some(b'e' | b'E')) {
            exponent = true;
            i += 1;
            if matches!(self.buf.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            i = self.digits(i, start)?;
        }
        self.pos = i;
        Ok(Number {
            start,
            negative,
            fraction,
            exponent,
            int,
        })
    }

    /// One or more digits at `i`; returns the index after them.
    fn digits(&self, mut i: usize, start: usize) -> Result<usize, Fault> {
        match self.buf.get(i) {
            Some(b'0'..=b'9') => {}
            None => return Err(Fault::new(ErrorKind::UnexpectedEnd, i)),
            Some(_) => return Err(Fault::new(ErrorKind::InvalidNumber, start)),
        }
        while matches!(self.buf.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        Ok(i)
    }

    /// Consumes the literal `word` (`true`, `false` or `null`).
    pub(crate) fn literal(&mut self, word: &[u8]) -> Result<(), Fault> {
        for (k, &w) in word.iter().enumerate() {
            match self.buf.get(self.pos + k) {
                Some(&b) if b == w => {}
                None => return Err(Fault::new(ErrorKind::UnexpectedEnd, self.pos + k)),
                Some(_) => return Err(Fault::new(ErrorKind::UnexpectedByte, self.pos + k)),
            }
        }
        self.pos += word.len();
        Ok(())
    }

    /// When the text at `pos` is one of `names` spelled exactly (no escapes,
    /// and for a member name no whitespace before its `:`), consumes it and
    /// returns its index. The names are tried from index `first` on, round
    /// the end: the caller's guess of the next one.
    // Inlined on 64-bit targets (constant names, no call per member);
    // 32-bit targets keep one copy, for flash.
    #[cfg_attr(not(sailor_compact), inline(always))]
    #[cfg_attr(sailor_compact, inline)]
    pub(crate) fn known_name(&mut self, names: &[Name], first: usize) -> Option<usize> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let window = path::Window::new(self.buf.get(self.pos + 1..)?.first_chunk::<NAME_WINDOW>()?);
        let mut k = first;
        for _ in 0..names.len() {
            if k >= names.len() {
                k = 0;
            }
            let name = names.get(k)?;
            let matched = window.matches(name.text, name.is_member(), &name.pattern);
            if matched && name.text.len() <= self.max_string {
                self.pos += name.skip;
                return Some(k);
            }
            k += 1;
        }
        None
    }

    /// Reads a member name and its `:`, and the whitespace before the value.
    #[inline]
    pub(crate) fn member_name(&mut self) -> Result<JsonStr<'a>, Fault> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return Err(self.unexpected());
        }
        let key = self.string()?;
        self.eat(b':')?;
        self.skip_ws();
        Ok(key)
    }

    /// Records the member name `key` in the object whose names start at
    /// `base` (see [`Names`]).
    pub(crate) fn check_unique(&mut self, base: usize, key: &JsonStr<'_>) -> Result<(), Fault> {
        self.names.insert(self.buf, base, key.offset())
    }

    /// Skips one complete value of any type, checking all of it strictly.
    /// `depth` is the nesting depth of the container holding the value.
    /// Iterative: the explicit stack has [`MAX_DEPTH_LIMIT`] frames.
    pub(crate) fn skip_value(&mut self, depth: usize) -> Result<(), Fault> {
        let mut bases = [0u8; MAX_DEPTH_LIMIT]; // each open frame's Names base
        let mut objects: u64 = 0; // bit n: frame n is an object
        let mut n: usize = 0; // open frames
        'value: loop {
            self.skip_ws();
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    if depth + n + 1 > self.max_depth || n >= MAX_DEPTH_LIMIT {
                        return Err(Fault::new(ErrorKind::DepthLimit, self.pos));
                    }
                    let is_object = open == b'{';
                    if let Some(slot) = bases.get_mut(n) {
                        *slot = self.names.open() as u8;
                    }
                    if is_object {
                        objects |= 1 << n;
                    } else {
                        objects &= !(1 << n);
                    }
                    n += 1;
                    self.pos += 1;
                    self.skip_ws();
                    let close = if is_object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        n -= 1; // nothing held: no names to release
                    } else {
                        if is_object {
                            self.member_in(&bases, n)?;
                        }
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => return Err(self.unexpected()),
            }
            // After a value: close containers or move to the next element.
            loop {
                if n == 0 {
                    return Ok(());
                }
                let is_object = objects & (1 << (n - 1)) != 0;
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if is_object {
                            self.member_in(&bases, n)?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if is_object => {
                        self.pos += 1;
                        n -= 1;
                        self.names
                            .close(bases.get(n).map_or(0, |&b| usize::from(b)));
                    }
                    Some(b']') if !is_object => {
                        self.pos += 1;
                        n -= 1;
                    }
                    _ => return Err(self.unexpected()),
                }
            }
        }
    }

    /// A member name inside the `n`th open frame of `skip_value`.
    fn member_in(&mut self, bases: &[u8; MAX_DEPTH_LIMIT], n: usize) -> Result<(), Fault> {
        let base = bases.get(n - 1).map_or(0, |&b| usize::from(b));
        let key = self.member_name()?;
        self.check_unique(base, &key)
    }
}

#[cfg(test)]
mod tests {
    use super::Scanner;
    use crate::path::{compact, fast};

    #[test]
    fn integers_past_19_digits_fit_exactly_up_to_u64_max() {
        let int = |text: &str| {
            let mut s = Scanner::new(text.as_bytes(), 100, 32, 64);
            s.number().map(|n| n.int).ok()
        };
        assert_eq!(
            int("9999999999999999999"),
            Some(Some(9_999_999_999_999_999_999))
        );
        assert_eq!(
            int("10000000000000000000"),
            Some(Some(10_000_000_000_000_000_000))
        );
        assert_eq!(int("18446744073709551615"), Some(Some(u64::MAX)));
        assert_eq!(int("18446744073709551616"), Some(None));
        assert_eq!(int("18446744073709551700"), Some(None));
        assert_eq!(int("99999999999999999999"), Some(None));
        assert_eq!(int("100000000000000000000"), Some(None));
        assert_eq!(int("-18446744073709551615"), Some(Some(u64::MAX)));
        assert_eq!(int("18446744073709551615.5"), Some(Some(u64::MAX)));
        // Every 20-digit neighbour of u64::MAX, against checked arithmetic.
        for delta in 0..2000u64 {
            for base in [u64::MAX - delta, 10_000_000_000_000_000_000 + delta] {
                let text = base.to_string();
                assert_eq!(int(&text), Some(Some(base)), "{text}");
            }
            let over = format!("1844674407370955{:04}", 1615 + delta + 1);
            if over.len() == 20 {
                assert_eq!(int(&over), Some(None), "{over}");
            }
        }
    }

    /// The compact path's byte-wise match agrees with the fast path's
    /// word-wise one on every name of the schema, each byte of the window
    /// changed to a few values.
    #[test]
    fn name_matching_by_bytes_agrees_with_words() {
        // Every name and value of the schema, each tried both as a member
        // name and as a value, and one text too long for the words.
        let mut texts: Vec<&str> = crate::parse::SCHEMA_TABLES
            .iter()
            .flat_map(|table| table.iter().map(|name| name.text))
            .collect();
        texts.push("a_name_of_exactly_twenty_two");
        assert_eq!(texts.len(), 26);
        let mut names = Vec::new();
        for &t in &texts {
            for (end, member) in [(&b"\":"[..], true), (b"\"", false)] {
                let patterns = (
                    compact::Pattern::new(t.as_bytes(), end),
                    fast::Pattern::new(t.as_bytes(), end),
                );
                names.push((t, member, patterns));
            }
        }
        let mut checked = 0;
        for &input_text in &texts {
            for tail in [&b"\":"[..], b"\"", b"\" :", b":", b"x\":"] {
                let mut base = [b' '; 24];
                let full: Vec<u8> = input_text.bytes().chain(tail.iter().copied()).collect();
                for (d, s) in base.iter_mut().zip(&full) {
                    *d = *s;
                }
                for at in 0..24 {
                    for v in [base[at], b'"', b':', b'a', b'\\', 0, 0xff] {
                        let mut b = base;
                        b[at] = v;
                        for (text, member, (cp, fp)) in &names {
                            assert_eq!(
                                compact::Window::new(&b).matches(text, *member, cp),
                                fast::Window::new(&b).matches(text, *member, fp),
                                "{text:?} on {:?}",
                                String::from_utf8_lossy(&b)
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100_000);
    }
}

#[cfg(test)]
mod names_tests {
    use super::{Names, MAX_MEMBERS_LIMIT};
    use crate::error::ErrorKind;
    use std::collections::BTreeSet;

    /// Pieces of names, each with its decoded text: plain, escaped, multi-byte,
    /// surrogate pairs, NUL, and equal texts spelled differently.
    const PIECES: [(&str, &str); 12] = [
        ("a", "a"),
        ("\\u0061", "a"),
        ("b", "b"),
        ("é", "é"),
        ("\\u00e9", "é"),
        ("\\u00E9", "é"),
        ("😀", "😀"),
        ("\\ud83d\\ude00", "😀"),
        ("\\u0000", "\0"),
        ("\\n", "\n"),
        ("\\\"", "\""),
        ("pppppppppp", "pppppppppp"),
    ];

    /// Random names (a fixed xorshift sequence) go into one object's run:
    /// the check reports a duplicate exactly when the decoded text was
    /// seen, and the run stays sorted by decoded text.
    // The entry is a u64 (fast path) or a u32 (compact): the same cast serves both.
    #[allow(clippy::unnecessary_cast)]
    #[test]
    fn insert_agrees_with_a_set_of_decoded_names() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut checked = 0;
        for _ in 0..2000 {
            let mut input = String::from("{");
            let mut names = Vec::new();
            for _ in 0..(next() % 40 + 1) {
                let (mut raw, mut text) = (String::new(), String::new());
                for _ in 0..(next() % 5) {
                    let (r, t) = PIECES[(next() % PIECES.len() as u64) as usize];
                    raw.push_str(r);
                    text.push_str(t);
                }
                if input.len() > 1 {
                    input.push(',');
                }
                names.push((input.len(), text));
                input.push_str(&format!("\"{raw}\":0"));
            }
            input.push('}');
            let buf = input.as_bytes();
            let mut held = Names::new(MAX_MEMBERS_LIMIT);
            let mut seen = BTreeSet::new();
            for (at, text) in &names {
                let got = held.insert(buf, 0, *at).map_err(|f| (f.kind, f.at));
                if seen.contains(text) {
                    assert_eq!(got, Err((ErrorKind::DuplicateKey, *at)), "{input}");
                    break;
                }
                assert_eq!(got, Ok(()), "{input}");
                seen.insert(text.clone());
                // Sorted by decoded text, as the set is.
                let order: Vec<&String> = held.held[..held.len]
                    .iter()
                    .map(|&h| {
                        &names
                            .iter()
                            .find(|(o, _)| *o as u64 == (h as u64) & 0xffff_ffff)
                            .unwrap()
                            .1
                    })
                    .collect();
                assert_eq!(order, seen.iter().collect::<Vec<_>>(), "{input}");
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// The runs nest: an inner object's names are released when it closes,
    /// and the bound counts every name held.
    #[test]
    fn runs_nest_and_the_bound_counts_every_held_name() {
        let input = br#"{"a":{"a":0,"b":0,"c":0},"b":0}"#;
        let mut held = Names::new(3);
        assert_eq!(held.insert(input, 0, 1).map_err(|f| f.kind), Ok(()));
        let inner = held.open();
        assert_eq!(held.insert(input, inner, 6).map_err(|f| f.kind), Ok(()));
        assert_eq!(held.insert(input, inner, 12).map_err(|f| f.kind), Ok(()));
        // Three held (one outer, two inner): a fourth is one too many.
        assert_eq!(
            held.insert(input, inner, 18).map_err(|f| (f.kind, f.at)),
            Err((ErrorKind::TooManyMembers, 18))
        );
        // Closing the inner object releases its two; "b" is new outside.
        held.close(inner);
        assert_eq!(held.len, 1);
        assert_eq!(held.insert(input, 0, 25).map_err(|f| f.kind), Ok(()));
    }
}
