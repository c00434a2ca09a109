//! `JsonStr`: a validated JSON string borrowed from the input, decoded on demand.

use core::fmt;

/// A JSON string value borrowed from the input bytes.
///
/// The scanner has already checked it: valid UTF-8, no raw control
/// characters, every escape well formed, surrogate pairs joined. A string
/// without escapes is available as `&str` for free ([`as_str`](Self::as_str));
/// one with escapes decodes on demand ([`chars`](Self::chars)).
#[derive(Clone, Copy)]
pub struct JsonStr<'a> {
    raw: &'a str,
    offset: u32,
    /// Whether it has escapes: a `bool` on the fast path, a `u32` on the
    /// compact one ([`path::Flag`](crate::path)), where a `bool` left three
    /// bytes of padding that 32-bit targets copied with a `memcpy` call per
    /// move (356 B of flash). On the fast path the `u32` cost 14% more
    /// instructions per parse (callgrind), so each path has its own.
    escaped: crate::path::Flag,
}

impl<'a> JsonStr<'a> {
    /// Builds from already-validated raw contents (the text between the quotes).
    pub(crate) fn from_validated(raw: &'a str, offset: usize, escaped: bool) -> Self {
        JsonStr {
            raw,
            offset: offset.min(u32::MAX as usize) as u32,
            escaped: crate::path::flag(escaped),
        }
    }

    /// The raw text between the quotes, escapes not decoded.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The decoded text, when the string has no escapes (zero-copy).
    pub fn as_str(&self) -> Option<&'a str> {
        if crate::path::is_set(self.escaped) {
            None
        } else {
            Some(self.raw)
        }
    }

    /// Whether the string contains escapes (and so needs decoding).
    pub fn has_escapes(&self) -> bool {
        crate::path::is_set(self.escaped)
    }

    /// The byte offset of the opening quote in the input.
    pub fn offset(&self) -> usize {
        self.offset as usize
    }

    /// The decoded characters.
    pub fn chars(&self) -> Chars<'a> {
        Chars {
            rest: self.raw.as_bytes(),
            plain: self.raw.chars(),
            escaped: crate::path::is_set(self.escaped),
        }
    }

    /// The number of decoded characters (Unicode scalar values).
    pub fn char_count(&self) -> usize {
        crate::path::char_count(self)
    }

    /// The length of the decoded text in UTF-8 bytes.
    pub fn decoded_len(&self) -> usize {
        if crate::path::is_set(self.escaped) {
            self.chars().map(char::len_utf8).sum()
        } else {
            self.raw.len()
        }
    }

    /// Decodes into `buf`, returning the decoded text, or `None` when it does not fit.
    pub fn decode_into<'b>(&self, buf: &'b mut [u8]) -> Option<&'b str> {
        let mut len = 0;
        for b in Bytes::of(self.raw.as_bytes()) {
            *buf.get_mut(len)? = b;
            len += 1;
        }
        core::str::from_utf8(buf.get(..len)?).ok()
    }

    /// Decodes as much as fits in `out` at a character boundary; returns whether all of it fit.
    // One copy of the decoding for every capacity (through the view): on
    // 64-bit targets it is inlined into each anyway.
    #[inline]
    pub fn decode_truncating<const N: usize>(&self, out: &mut heapless::String<N>) -> bool {
        self.decode_truncating_view(out.as_mut_view())
    }

    #[cfg_attr(not(sailor_compact), inline(always))]
    fn decode_truncating_view(&self, out: &mut heapless::string::StringView) -> bool {
        out.clear();
        if let Some(s) = self.as_str() {
            if out.push_str(s).is_ok() {
                return true;
            }
        }
        crate::path::decode_truncating(self, out)
    }

    /// The decoded text as bytes, for text that is short when valid
    /// (member names, enum values, UUIDs, phone numbers): without escapes
    /// the raw text itself, not copied; with escapes decoded into `buf`;
    /// `b"\xff"` (which no text equals and no rule accepts) when that does
    /// not fit. The one "decode a short string" step of both parsers.
    #[inline]
    pub(crate) fn decoded_bytes<'b>(&self, buf: &'b mut [u8]) -> &'b [u8]
    where
        'a: 'b,
    {
        if !crate::path::is_set(self.escaped) {
            return self.raw.as_bytes();
        }
        match self.decode_into(buf) {
            Some(s) => s.as_bytes(),
            None => b"\xff",
        }
    }

    /// Whether both strings decode to the same text.
    pub fn decoded_eq(&self, other: &JsonStr<'_>) -> bool {
        if !crate::path::is_set(self.escaped) && !crate::path::is_set(other.escaped) {
            return self.raw == other.raw;
        }
        self.chars().eq(other.chars())
    }
}

impl PartialEq for JsonStr<'_> {
    /// Compares the decoded text (`"a\u0062"` equals `"ab"`).
    fn eq(&self, other: &Self) -> bool {
        self.decoded_eq(other)
    }
}

impl Eq for JsonStr<'_> {}

impl PartialEq<str> for JsonStr<'_> {
    fn eq(&self, other: &str) -> bool {
        match self.as_str() {
            Some(s) => s == other,
            None => self.chars().eq(other.chars()),
        }
    }
}

impl PartialEq<&str> for JsonStr<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl fmt::Display for JsonStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(s) => f.write_str(s),
            None => {
                use fmt::Write;
                self.chars().try_for_each(|c| f.write_char(c))
            }
        }
    }
}

impl fmt::Debug for JsonStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.chars() {
            fmt::Write::write_fmt(f, format_args!("{}", c.escape_debug()))?;
        }
        f.write_str("\"")
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for JsonStr<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "\"{=str}\"", self.raw)
    }
}

/// Iterator over the decoded characters of a [`JsonStr`].
#[derive(Clone)]
pub struct Chars<'a> {
    rest: &'a [u8],
    plain: core::str::Chars<'a>,
    escaped: bool,
}

/// The decoded UTF-8 bytes of validated string text, one at a time: the
/// one escape decoder of the compact path's comparisons, counts and copies
/// (decoded characters compare in code point order, as their UTF-8 bytes
/// do, so comparing bytes gives the same order as comparing characters).
#[derive(Clone)]
pub(crate) struct Bytes<'a> {
    rest: &'a [u8],
    /// The code point of the last escape decoded, whose last `left` UTF-8
    /// bytes are still to give (computed from it, not stored).
    c: u32,
    left: u8,
    /// Stops at an unescaped `"` (reading a validated string in place).
    quoted: bool,
}

impl<'a> Bytes<'a> {
    /// The decoded bytes of `raw`, a string's validated text.
    pub(crate) fn of(raw: &'a [u8]) -> Bytes<'a> {
        Bytes {
            rest: raw,
            c: 0,
            left: 0,
            quoted: false,
        }
    }

    /// The decoded bytes of the validated string whose text starts `rest`,
    /// up to its closing quote.
    pub(crate) fn name(rest: &'a [u8]) -> Bytes<'a> {
        Bytes {
            quoted: true,
            ..Bytes::of(rest)
        }
    }

    /// The text not read yet (for [`name`](Self::name), from the closing
    /// quote on once the last byte was given).
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.rest
    }
}

impl Iterator for Bytes<'_> {
    type Item = u8;

    // Out of line on the fast path, where only escaped text reaches it
    // (inlined, `seed_compact` took 21 more instructions per parse than
    // with the 4-byte buffer it replaced; out of line, 11 more).
    #[cfg_attr(not(sailor_compact), inline(never))]
    fn next(&mut self) -> Option<u8> {
        if self.left > 0 {
            // A continuation byte: six bits of the code point, high ones first.
            self.left -= 1;
            return Some(0x80 | (self.c >> (6 * u32::from(self.left)) & 0x3f) as u8);
        }
        let (&first, after) = self.rest.split_first()?;
        if first == b'"' && self.quoted {
            return None;
        }
        if first != b'\\' {
            self.rest = after;
            return Some(first);
        }
        let (c, used) = unescape(self.rest)?;
        self.rest = self.rest.get(used..)?;
        let c = u32::from(c);
        // The lead byte: 0xc0, 0xe0 or 0xf0 (the top 2, 3 or 4 bits of
        // 0xff00 >> len) over the code point's top bits.
        let len: u32 = match c {
            0..=0x7f => return Some(c as u8),
            0x80..=0x7ff => 2,
            0x800..=0xffff => 3,
            _ => 4,
        };
        self.c = c;
        self.left = (len - 1) as u8;
        Some((0xff00u32 >> len) as u8 | (c >> (6 * (len - 1))) as u8)
    }
}

/// The value of the four hex digits that start `bytes`, or the index of
/// the first byte that is not one (`bytes.len()` when it ends first). The
/// one `\u` reader: the scanner turns the index into its error, the
/// decoders of validated text only need the value.
pub(crate) fn hex4(bytes: &[u8]) -> Result<u32, usize> {
    let mut v = 0u32;
    for k in 0..4 {
        let d = bytes
            .get(k)
            .and_then(|&b| crate::path::hex_value(b))
            .ok_or(k.min(bytes.len()))?;
        v = (v << 4) | u32::from(d);
    }
    Ok(v)
}

/// Decodes the escape at the start of validated text (`bytes` starts with
/// its backslash): the character and the bytes it took. A surrogate pair is
/// one character of 12 bytes. The one escape decoder of validated text.
pub(crate) fn unescape(bytes: &[u8]) -> Option<(char, usize)> {
    let simple = match bytes.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => {
            let hi = hex4(bytes.get(2..)?).ok()?;
            if (0xd800..0xdc00).contains(&hi) {
                let lo = hex4(bytes.get(8..)?).ok()?.checked_sub(0xdc00)?;
                return Some((char::from_u32(0x10000 + ((hi - 0xd800) << 10) + lo)?, 12));
            }
            return Some((char::from_u32(hi)?, 6));
        }
    };
    Some((simple, 2))
}

impl Iterator for Chars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if !self.escaped {
            return self.plain.next();
        }
        let &first = self.rest.first()?;
        if first != b'\\' {
            // Validated UTF-8: decode one scalar from the front.
            let (head, rest) = self.rest.split_at_checked(utf8_len(first))?;
            self.rest = rest;
            return core::str::from_utf8(head).ok()?.chars().next();
        }
        let (c, used) = unescape(self.rest)?;
        self.rest = self.rest.get(used..)?;
        Some(c)
    }
}

/// The length of the UTF-8 sequence that the lead byte `lead` of valid
/// UTF-8 starts.
#[inline]
pub(crate) fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Pushes `c` onto `out` without `String::push`, whose `char::encode_utf8`
/// keeps a panic path (buffer too short) that the optimizer cannot remove.
pub(crate) fn push_char(out: &mut heapless::string::StringView, c: char) -> bool {
    let (bytes, n) = crate::scan::utf8(c);
    bytes
        .get(..n)
        .and_then(|b| core::str::from_utf8(b).ok())
        .is_some_and(|s| out.push_str(s).is_ok())
}
