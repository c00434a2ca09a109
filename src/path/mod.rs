//! The one code-path switch: **compact** (small code, byte at a time) or
//! **fast** (eight bytes at a time, 256-byte tables). Every pair of twin
//! implementations lives here, one in `compact` and one in `fast`, with
//! the same functions, and the rest of the crate calls `path::…` only.
//!
//! Which one is built is the `sailor_compact` cfg, set by `build.rs`:
//!
//! - by default it follows the target: compact where pointers are narrower
//!   than 64 bits (Cortex-M, RISC-V microcontrollers), fast on 64-bit
//!   targets and on `wasm32` (services, where speed matters and 64-bit
//!   arithmetic is native);
//! - the `compact` feature forces compact on any target;
//! - the environment variable `SAILOR_WEBHOOK_PATH=compact` or `=fast` at
//!   build time forces either (CI runs the whole test suite on the host
//!   with `compact`).
//!
//! Both give the same results for every input: the tests compare them
//! function by function, and the whole suite runs on each.
//!
//! Beyond these twins, the compact path has its own parser,
//! `crate::lean` (no recursion, the error recorded once, names looked up
//! after scanning), where the fast path has [`mod@crate::parse`]'s; the tests
//! build both parsers on either path and compare them on every input they
//! hold (`lean::tests`).

#[cfg(any(test, sailor_compact))]
pub(crate) mod compact;
#[cfg(any(test, not(sailor_compact)))]
pub(crate) mod fast;

#[cfg(sailor_compact)]
pub(crate) use compact::*;
#[cfg(not(sailor_compact))]
pub(crate) use fast::*;

/// The path this build uses: `"compact"` or `"fast"`.
pub const NAME: &str = if cfg!(sailor_compact) {
    "compact"
} else {
    "fast"
};

#[cfg(test)]
mod tests {
    use super::{compact, fast};
    use crate::jsonstr::{Bytes, JsonStr};

    #[test]
    fn the_flags_agree() {
        for b in [false, true] {
            assert_eq!(compact::is_set(compact::flag(b)), b);
            assert_eq!(fast::is_set(fast::flag(b)), b);
        }
        assert_eq!(size_of::<compact::Flag>(), 4, "no padding after it");
    }

    #[test]
    fn the_byte_classes_agree() {
        for b in 0..=255u8 {
            assert_eq!(compact::hex_value(b), fast::hex_value(b), "{b}");
            assert_eq!(compact::is_stop(b), fast::is_stop(b), "{b}");
        }
    }

    #[test]
    fn the_uuid_digits_agree_for_every_byte_at_every_place() {
        let base = *b"00000000-0000-4000-8000-00000000000a";
        let mut checked = 0;
        for at in 0..36 {
            for b in 0..=255u8 {
                let mut text = base;
                text[at] = b;
                assert_eq!(
                    compact::uuid_digits(&text),
                    fast::uuid_digits(&text),
                    "{at} {b}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 36 * 256);
        assert!(fast::uuid_digits(&base).is_some());
    }

    /// The fast path reads a plain quoted UUID in place, and gives what the
    /// byte-at-a-time reader gives for the same string; the compact path
    /// always leaves it to that reader.
    #[test]
    fn the_quoted_uuid_readers_agree() {
        let base = *b"\"00000000-0000-4000-8000-00000000000a\"";
        let mut read = 0;
        for at in 0..base.len() {
            for b in 0..=255u8 {
                let mut text = base;
                text[at] = b;
                assert_eq!(compact::quoted_uuid(&text), None, "no fast path");
                let inner = &text[1..text.len() - 1];
                let quoted = text[0] == b'"' && text[text.len() - 1] == b'"';
                let got = fast::quoted_uuid(&text);
                if quoted && !inner.contains(&b'\\') {
                    assert_eq!(
                        got,
                        crate::Uuid::from_decoded(inner.iter().copied()),
                        "{text:?}"
                    );
                    read += usize::from(got.is_some());
                } else {
                    assert_eq!(got, None, "{text:?}");
                }
            }
        }
        // Each hex digit takes 22 values, each hyphen and quote one.
        assert_eq!(read, 32 * 22 + 4 + 2);
    }

    /// Strings with every kind of stop byte at every position of the
    /// eight-byte words, and near the end of the input.
    #[test]
    fn the_string_paths_agree() {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for len in 0..20 {
            for stop in [b'"', b'\\', 0x01, 0x1f, b'a', 0xc3] {
                for at in 0..=len {
                    let mut s = vec![b'x'; len];
                    s.insert(at, stop);
                    s.insert(0, b'"');
                    inputs.push(s);
                }
            }
        }
        for input in &inputs {
            for i in 0..input.len() {
                assert_eq!(compact::closing_quote(input, i), None, "no fast path");
                if let Some(q) = fast::closing_quote(input, i) {
                    // The fast path finds the first stop byte only when it is a quote.
                    let first = input[i + 1..].iter().position(|&b| compact::is_stop(b));
                    assert_eq!(first.map(|p| p + i + 1), Some(q), "{input:?} {i}");
                    assert_eq!(input[q], b'"');
                }
                let (a, b) = (compact::skip_plain(input, i), fast::skip_plain(input, i));
                // Both stop at or before the first stop byte; compact moves
                // byte by byte (the caller's loop) and fast skips whole words.
                let first = input[i..]
                    .iter()
                    .position(|&b| compact::is_stop(b))
                    .map_or(input.len(), |p| p + i);
                assert!(a <= first && b <= first, "{input:?} {i}: {a} {b} {first}");
                assert!(input[b..first].len() < 8, "fast stops within a word of it");
                for j in 0..input.len() {
                    let (c, f) = (
                        compact::equal_run(input, i, j),
                        fast::equal_run(input, i, j),
                    );
                    assert_eq!(c, (i, j), "compact skips nothing");
                    // Fast skips whole equal words without a stop byte only.
                    assert_eq!((f.0 - i) % 8, 0);
                    assert_eq!(input[i..f.0], input[j..f.1]);
                    assert!(!input[i..f.0].iter().any(|&b| compact::is_stop(b)));
                }
            }
        }
    }

    /// The byte decoder gives the UTF-8 bytes of every Unicode scalar value
    /// written as an escape (`\uXXXX`, or a surrogate pair above U+FFFF),
    /// between plain bytes.
    #[test]
    fn the_byte_decoder_encodes_every_escaped_code_point() {
        use std::fmt::Write as _;
        let mut raw = std::string::String::new();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            raw.clear();
            let v = u32::from(c);
            if v <= 0xffff {
                write!(raw, "a\\u{v:04x}z").unwrap();
            } else {
                let (hi, lo) = (
                    0xd800 + ((v - 0x10000) >> 10),
                    0xdc00 + ((v - 0x10000) & 0x3ff),
                );
                write!(raw, "a\\u{hi:04X}\\u{lo:04x}z").unwrap();
            }
            let mut want = [0u8; 6];
            want[0] = b'a';
            let n = c.encode_utf8(&mut want[1..5]).len();
            want[n + 1] = b'z';
            let got: std::vec::Vec<u8> = Bytes::of(raw.as_bytes()).collect();
            assert_eq!(got, want[..n + 2], "{raw}");
        }
    }

    /// The decoders agree on plain, escaped and astral text, cut at every capacity.
    #[test]
    fn the_decoders_agree() {
        for raw in [
            "",
            "plain",
            "caf\u{e9} \u{1F600}",
            r#"a\u00e9\n\t\"\\\/\ud83d\ude00z"#,
            r"\u0000\uFFFF\uFDD0",
            "\u{10FFFF}\u{7f}x",
            r"\u007f\u0080\u07ff\u0800\u20ac\ud800\udc00\udbff\udfff",
        ] {
            let escaped = raw.contains('\\');
            let s = JsonStr::from_validated(raw, 0, escaped);
            assert_eq!(compact::char_count(&s), fast::char_count(&s), "{raw}");
            assert_eq!(compact::char_count(&s), s.chars().count(), "{raw}");
            fn both<const N: usize>(s: &JsonStr<'_>) {
                let mut a = heapless::String::<N>::new();
                let mut b = heapless::String::<N>::new();
                let fa = compact::decode_truncating(s, a.as_mut_view());
                let fb = fast::decode_truncating(s, b.as_mut_view());
                assert_eq!((fa, a.as_str()), (fb, b.as_str()), "{:?} in {N}", s.raw());
            }
            both::<1>(&s);
            both::<3>(&s);
            both::<5>(&s);
            both::<8>(&s);
            both::<13>(&s);
            both::<64>(&s);
            // The byte decoder gives the characters' UTF-8 bytes, and stops
            // at the closing quote of a string read in place.
            let text: std::string::String = s.chars().collect();
            let bytes: std::vec::Vec<u8> = Bytes::of(raw.as_bytes()).collect();
            assert_eq!(bytes, text.as_bytes(), "{raw}");
            let quoted = std::format!("{raw}\"tail\"");
            let named: std::vec::Vec<u8> = Bytes::name(quoted.as_bytes()).collect();
            assert_eq!(named, text.as_bytes(), "{raw}");
            // Short text decoded whole, or `\xff` when it does not fit.
            let mut buf = [0u8; 8];
            let short = s.decoded_bytes(&mut buf);
            if text.len() <= 8 || !escaped {
                assert_eq!(short, text.as_bytes(), "{raw}");
            } else {
                assert_eq!(short, b"\xff", "{raw}");
            }
        }
    }

    /// The two searches of the duplicate check agree: the same insertion
    /// place (so the same order) and the same duplicates, on names that are
    /// equal only after decoding and names that share long prefixes.
    #[test]
    fn the_name_searches_agree() {
        let names = [
            "b",
            "a",
            "\\u0061",
            "ab",
            "a\\u0062",
            "pppppppppq",
            "pppppppppp",
            "\\u00e9",
            "é",
            "😀",
            "\\ud83d\\ude00",
            "",
            "\\u0000",
            "pppppppppp\\n",
            "z",
        ];
        let mut input = String::from("{");
        let mut at = Vec::new();
        for (k, n) in names.iter().enumerate() {
            if k > 0 {
                input.push(',');
            }
            at.push(input.len());
            input.push_str(&format!("\"{n}\":0"));
        }
        input.push('}');
        let buf = input.as_bytes();
        let (mut c_run, mut f_run): (Vec<compact::Entry>, Vec<fast::Entry>) = (vec![], vec![]);
        for &name in &at {
            let c = compact::search(&c_run, compact::entry(buf, name), buf, name);
            let f = fast::search(&f_run, fast::entry(buf, name), buf, name);
            assert_eq!(c, f, "{:?}", &input[name..]);
            if let Some(i) = c {
                c_run.insert(i, compact::entry(buf, name));
                f_run.insert(i, fast::entry(buf, name));
            }
        }
        let offsets: Vec<u32> = f_run.iter().map(|&e| e as u32).collect();
        assert_eq!(c_run, offsets);
        // "a" twice (escaped), "ab" twice, "é" twice, the emoji twice: 4 duplicates.
        assert_eq!(c_run.len(), names.len() - 4);
    }
}
