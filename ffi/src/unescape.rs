//! Decoding a validated JSON string's raw text into a caller's buffer (the
//! core's `JsonStr` cannot be rebuilt from the pointer and length C holds).
//! Malformed text (not made by the library) is an error, never a panic.

/// Why decoding stopped.
pub(crate) enum Fail {
    /// The decoded text needs this many bytes (and one more for the NUL).
    TooSmall(usize),
    /// Not the raw text of a validated JSON string.
    Malformed,
}

/// The value of four hex digits.
pub(crate) fn hex4(bytes: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for k in 0..4 {
        let d = (*bytes.get(k)? as char).to_digit(16)?;
        v = (v << 4) | d;
    }
    Some(v)
}

/// One escape at the start of `bytes` (its backslash first): the character
/// and the bytes it took.
fn escape(bytes: &[u8]) -> Option<(char, usize)> {
    let c = match bytes.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = hex4(bytes.get(2..)?)?;
            if (0xd800..0xdc00).contains(&hi) {
                if bytes.get(6..8)? != b"\\u" {
                    return None;
                }
                let lo = hex4(bytes.get(8..)?)?.checked_sub(0xdc00)?;
                if lo >= 0x400 {
                    return None;
                }
                return Some((char::from_u32(0x10000 + ((hi - 0xd800) << 10) + lo)?, 12));
            }
            return Some((char::from_u32(hi)?, 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// UTF-8 of `c` without `char::encode_utf8` (which keeps a panic path).
fn utf8(c: char) -> ([u8; 4], usize) {
    let v = c as u32;
    if v < 0x80 {
        ([v as u8, 0, 0, 0], 1)
    } else if v < 0x800 {
        ([0xc0 | (v >> 6) as u8, 0x80 | (v & 0x3f) as u8, 0, 0], 2)
    } else if v < 0x1_0000 {
        (
            [
                0xe0 | (v >> 12) as u8,
                0x80 | ((v >> 6) & 0x3f) as u8,
                0x80 | (v & 0x3f) as u8,
                0,
            ],
            3,
        )
    } else {
        (
            [
                0xf0 | (v >> 18) as u8,
                0x80 | ((v >> 12) & 0x3f) as u8,
                0x80 | ((v >> 6) & 0x3f) as u8,
                0x80 | (v & 0x3f) as u8,
            ],
            4,
        )
    }
}

/// Decodes `raw` into `buf`; the decoded length, or why not. When it does
/// not fit, the whole text is still measured (for the caller's next buffer).
pub(crate) fn decode(raw: &[u8], buf: &mut [u8]) -> Result<usize, Fail> {
    if core::str::from_utf8(raw).is_err() {
        return Err(Fail::Malformed);
    }
    let mut i = 0;
    let mut n = 0;
    let mut fits = true;
    while let Some(&b) = raw.get(i) {
        let (bytes, len, used) = if b == b'\\' {
            let (c, used) = escape(raw.get(i..).ok_or(Fail::Malformed)?).ok_or(Fail::Malformed)?;
            let (bytes, len) = utf8(c);
            (bytes, len, used)
        } else if b == b'"' || b < 0x20 {
            return Err(Fail::Malformed);
        } else {
            ([b, 0, 0, 0], 1, 1)
        };
        for &x in bytes.get(..len).unwrap_or_default() {
            match buf.get_mut(n) {
                Some(slot) if fits => *slot = x,
                _ => fits = false,
            }
            n += 1;
        }
        i += used;
    }
    if fits {
        Ok(n)
    } else {
        Err(Fail::TooSmall(n))
    }
}
