//! Domain types: UUIDs, E.164 phone numbers, timestamps, outcome types and
//! the idempotency key.

use core::fmt;

use crate::error::{Error, ErrorKind, Path};

/// A UUID: 16 bytes, parsed only from the 36-character hyphenated form
/// (hex digits in either case), displayed in lowercase.
///
/// ```
/// use sailor_webhook::Uuid;
/// let id: Uuid = "00000000-0000-4000-8000-00000000000A".parse()?;
/// assert_eq!(id.to_string(), "00000000-0000-4000-8000-00000000000a");
/// # Ok::<(), sailor_webhook::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
// Aligned to 8: results and structs that carry ids then hold them as two
// aligned words, written and read back whole (store forwarding works).
#[repr(align(8))]
pub struct Uuid([u8; 16]);

const HYPHENS: [usize; 4] = [8, 13, 18, 23];

impl Uuid {
    /// The text length of a hyphenated UUID.
    pub const TEXT_LEN: usize = 36;

    /// From its 16 bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Uuid {
        Uuid(bytes)
    }

    /// Its 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Parses the 36-character hyphenated form; `None` for anything else.
    // Inlined on the fast path: returned through memory, the 17-byte
    // Option<Uuid> is read back with wider loads than it was written with
    // (a store-forwarding stall per id). The compact path keeps one copy, for flash.
    #[cfg_attr(not(sailor_compact), inline(always))]
    #[cfg_attr(sailor_compact, inline)]
    pub fn parse_bytes(text: &[u8]) -> Option<Uuid> {
        let text: &[u8; 36] = text.try_into().ok()?;
        if text[8] != b'-' || text[13] != b'-' || text[18] != b'-' || text[23] != b'-' {
            return None;
        }
        crate::path::uuid_digits(text).map(Uuid)
    }

    /// The hyphenated UUID whose decoded text `bytes` gives, one byte at a
    /// time (no copy of the text): exactly 36 bytes, hyphens at 8, 13, 18
    /// and 23, hex digits elsewhere; `None` for anything else, after at most
    /// 37 bytes. The reader of escaped ids in an [`IdList`](crate::IdList),
    /// and (as [`read_decoded`](Self::read_decoded)) of every UUID on the
    /// compact path.
    pub(crate) fn from_decoded(bytes: impl Iterator<Item = u8>) -> Option<Uuid> {
        let mut id = Uuid([0; 16]);
        id.read_decoded(bytes).then_some(id)
    }

    /// [`from_decoded`](Self::from_decoded) into `self`, in place (no
    /// `Option<Uuid>` in the caller's frame); `false` for anything but a
    /// UUID, and then `self` holds part of it.
    pub(crate) fn read_decoded(&mut self, bytes: impl Iterator<Item = u8>) -> bool {
        let mut digits = 0usize;
        for (i, b) in bytes.enumerate() {
            if HYPHENS.contains(&i) {
                if b != b'-' {
                    return false;
                }
                continue;
            }
            let (Some(d), Some(slot)) = (crate::path::hex_value(b), self.0.get_mut(digits / 2))
            else {
                return false;
            };
            *slot = if digits.is_multiple_of(2) {
                d << 4
            } else {
                *slot | d
            };
            digits += 1;
        }
        digits == 32
    }

    /// The fast path of a UUID string: `text` starts with its opening quote,
    /// and the 36-character form and its closing quote follow, no escapes.
    /// `None` for anything else (the caller then reads it as a string).
    #[cfg_attr(not(sailor_compact), inline(always))]
    #[cfg_attr(sailor_compact, inline)]
    pub(crate) fn parse_quoted(text: &[u8]) -> Option<Uuid> {
        match text.get(..Uuid::TEXT_LEN + 2)? {
            [b'"', digits @ .., b'"'] => Uuid::parse_bytes(digits),
            _ => None,
        }
    }

    /// Writes the lowercase hyphenated form into `buf` and returns it.
    pub fn encode<'b>(&self, buf: &'b mut [u8; 36]) -> &'b str {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        // The digits in order; the hyphens at their fixed places.
        let mut digits = self.0.iter().flat_map(|&b| [b >> 4, b & 15]);
        for (i, slot) in buf.iter_mut().enumerate() {
            *slot = if HYPHENS.contains(&i) {
                b'-'
            } else {
                let d = digits.next().unwrap_or(0);
                DIGITS.get(usize::from(d)).copied().unwrap_or(b'0')
            };
        }
        core::str::from_utf8(buf).unwrap_or_default()
    }
}

impl core::str::FromStr for Uuid {
    type Err = Error;

    /// Parses the hyphenated form; the error is [`ErrorKind::InvalidUuid`] at offset 0.
    fn from_str(s: &str) -> Result<Uuid, Error> {
        Uuid::parse_bytes(s.as_bytes()).ok_or(Error::new(ErrorKind::InvalidUuid, Path::ROOT, 0))
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encode(&mut [0; 36]))
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uuid({self})")
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Uuid {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.encode(&mut [0; 36]))
    }
}

/// An E.164 phone number: `+`, then 2 to 15 digits, the first not `0`.
/// Stored in 8 bytes.
///
/// ```
/// use sailor_webhook::PhoneNumber;
/// let n: PhoneNumber = "+15555550100".parse()?;
/// assert_eq!(n.to_string(), "+15555550100");
/// # Ok::<(), sailor_webhook::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(u64);

impl PhoneNumber {
    /// The longest text form: `+` and 15 digits.
    pub const MAX_TEXT_LEN: usize = 16;

    /// No number (not valid E.164): the placeholder in [`OutcomeEvent::new`](crate::OutcomeEvent::new).
    pub(crate) const NONE: PhoneNumber = PhoneNumber(0);

    /// Parses `+` and 2 to 15 digits, the first not `0`; `None` otherwise.
    #[cfg_attr(not(sailor_compact), inline(always))]
    pub fn parse_bytes(text: &[u8]) -> Option<PhoneNumber> {
        // The length first, then the digits: 18 fewer instructions per
        // parse on the fast path (callgrind) than `from_decoded` over the slice.
        let (&plus, digits) = text.split_first()?;
        if plus != b'+' || !(2..=15).contains(&digits.len()) || digits.first() == Some(&b'0') {
            return None;
        }
        let mut v = 0u64;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u64::from(d - b'0');
        }
        Some(PhoneNumber(v))
    }

    /// [`parse_bytes`](Self::parse_bytes) on decoded text given one byte at
    /// a time (no copy of the text; the compact path's reader); `None`
    /// after at most 17 bytes.
    #[cfg(any(test, sailor_compact))]
    pub(crate) fn from_decoded(mut bytes: impl Iterator<Item = u8>) -> Option<PhoneNumber> {
        if bytes.next()? != b'+' {
            return None;
        }
        let mut v = 0u64;
        let mut n = 0;
        for d in bytes {
            if !d.is_ascii_digit() || (n == 0 && d == b'0') || n == 15 {
                return None;
            }
            v = v * 10 + u64::from(d - b'0');
            n += 1;
        }
        (n >= 2).then_some(PhoneNumber(v))
    }

    /// The digits as a number (the leading digit is never 0, so it is lossless).
    pub const fn as_u64(&self) -> u64 {
        self.0
    }

    /// Writes the `+digits` form into `buf` and returns it.
    pub fn encode<'b>(&self, buf: &'b mut [u8; 16]) -> &'b str {
        let mut v = self.0;
        let mut i = buf.len();
        while v > 0 && i > 1 {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        i -= 1;
        buf[i] = b'+';
        core::str::from_utf8(&buf[i..]).unwrap_or_default()
    }
}

impl core::str::FromStr for PhoneNumber {
    type Err = Error;

    /// Parses E.164; the error is [`ErrorKind::InvalidPhoneNumber`] at offset 0.
    fn from_str(s: &str) -> Result<PhoneNumber, Error> {
        PhoneNumber::parse_bytes(s.as_bytes()).ok_or(Error::new(
            ErrorKind::InvalidPhoneNumber,
            Path::ROOT,
            0,
        ))
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encode(&mut [0; 16]))
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({self})")
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for PhoneNumber {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.encode(&mut [0; 16]))
    }
}

/// Values below this are read as seconds (before 1973-03-03 in milliseconds).
pub const SECONDS_THRESHOLD: u64 = 100_000_000_000;

/// The largest valid timestamp: 2^53 − 1, I-JSON's largest exact integer, so
/// that every JSON consumer reads it exactly. Larger values are
/// [`InvalidTimestamp`](crate::ErrorKind::InvalidTimestamp).
pub const MAX_TIMESTAMP: u64 = (1 << 53) - 1;

/// The event time, in Unix epoch milliseconds.
///
/// It remembers whether the payload gave seconds that were normalised to
/// milliseconds ([`from_seconds`](Self::from_seconds)). That is provenance,
/// not value: equality compares the instant only, so a normalised timestamp
/// equals the same instant given in milliseconds (as `chrono` compares
/// instants across offsets).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Timestamp {
    millis: u64,
    from_seconds: bool,
}

impl Timestamp {
    /// A timestamp in milliseconds.
    pub const fn from_millis(millis: u64) -> Timestamp {
        Timestamp {
            millis,
            from_seconds: false,
        }
    }

    /// A timestamp given in seconds, normalised to milliseconds (saturating).
    pub const fn from_seconds(seconds: u64) -> Timestamp {
        Timestamp {
            millis: seconds.saturating_mul(1000),
            from_seconds: true,
        }
    }

    /// Unix epoch milliseconds.
    pub const fn millis(&self) -> u64 {
        self.millis
    }

    /// Whether the payload gave seconds that were normalised (lenient mode only).
    pub const fn was_seconds(&self) -> bool {
        self.from_seconds
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.millis == other.millis
    }
}

impl Eq for Timestamp {}

impl core::hash::Hash for Timestamp {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.millis.hash(state);
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.millis)
    }
}

/// `outcome.outcome_type`: an in-call action or a post-call disposition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum OutcomeType {
    /// `"action"`: applied during a live call (the outcomes that send webhooks).
    Action,
    /// `"disposition"`: applied after the call.
    Disposition,
}

impl OutcomeType {
    /// The wire form, `"action"` or `"disposition"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OutcomeType::Action => "action",
            OutcomeType::Disposition => "disposition",
        }
    }
}

impl fmt::Display for OutcomeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `scope`: the workspace and organisation that own the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Scope {
    /// `scope.subaccount_id`: the workspace.
    pub subaccount_id: Uuid,
    /// `scope.organization_id`: the organisation owning the workspace.
    pub organization_id: Uuid,
}

/// `call`: the call the outcome was applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Call {
    /// `call.call_id`
    pub call_id: Uuid,
    /// `call.phone_number`, E.164.
    pub phone_number: PhoneNumber,
    /// `call.contact_id`
    pub contact_id: Uuid,
}

/// The receiver's idempotency key: `call.call_id` then `outcome.outcome_id`,
/// 32 bytes. Its stable text form is `"{call_id}:{outcome_id}"` (73
/// characters, lowercase).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct IdempotencyKey([u8; 32]);

impl IdempotencyKey {
    /// The all-zero key (a placeholder; no real call has it).
    pub const ZERO: IdempotencyKey = IdempotencyKey([0; 32]);

    /// The length of the text form.
    pub const TEXT_LEN: usize = 73;

    /// The key of a call and an outcome.
    pub fn new(call_id: Uuid, outcome_id: Uuid) -> IdempotencyKey {
        let mut k = [0u8; 32];
        k[..16].copy_from_slice(call_id.as_bytes());
        k[16..].copy_from_slice(outcome_id.as_bytes());
        IdempotencyKey(k)
    }

    /// The 32 bytes: `call_id` then `outcome_id`.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The call id half.
    pub fn call_id(&self) -> Uuid {
        let mut b = [0u8; 16];
        b.copy_from_slice(&self.0[..16]);
        Uuid(b)
    }

    /// The outcome id half.
    pub fn outcome_id(&self) -> Uuid {
        let mut b = [0u8; 16];
        b.copy_from_slice(&self.0[16..]);
        Uuid(b)
    }

    /// Writes the text form into `buf` and returns it.
    pub fn encode<'b>(&self, buf: &'b mut [u8; 73]) -> &'b str {
        let (call, rest) = buf.split_at_mut(36);
        let (colon, outcome) = rest.split_at_mut(1);
        if let (Ok(call), Ok(outcome)) = (
            <&mut [u8; 36]>::try_from(call),
            <&mut [u8; 36]>::try_from(outcome),
        ) {
            self.call_id().encode(call);
            self.outcome_id().encode(outcome);
        }
        colon[0] = b':';
        core::str::from_utf8(buf).unwrap_or_default()
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.encode(&mut [0; 73]))
    }
}

#[cfg(test)]
mod tests {
    use super::Uuid;
    use crate::path::fast::hex8;

    /// The plain digit-by-digit reading that `hex8` must agree with.
    fn hex8_reference(digits: [u8; 8]) -> Option<u32> {
        let mut v = 0u32;
        for d in digits {
            v = (v << 4) | (char::from(d).to_digit(16)?);
        }
        Some(v)
    }

    #[test]
    fn hex8_agrees_with_the_reference_for_every_byte_at_every_position() {
        for base in [*b"0123abcd", *b"89ABCDEF", *b"ffffffff", *b"00000000"] {
            for at in 0..8 {
                for b in 0..=255u8 {
                    let mut digits = base;
                    digits[at] = b;
                    let (value, valid) = hex8(u64::from_le_bytes(digits));
                    let all = u64::from_le_bytes([0x80; 8]);
                    let got = (valid & all == all).then_some(value);
                    let want = hex8_reference(digits).map(u32::to_be_bytes);
                    assert_eq!(got.map(u32::to_le_bytes), want, "{digits:?}");
                }
            }
        }
    }

    #[test]
    fn the_compact_digit_loop_agrees_with_swar_for_every_byte_at_every_position() {
        let base = *b"0123abcd-89AB-CDEF-ffff-000000000000";
        for at in 0..36 {
            for b in 0..=255u8 {
                let mut text = base;
                text[at] = b;
                let hyphens = [8, 13, 18, 23].iter().all(|&i| text[i] == b'-');
                if !hyphens {
                    continue; // parse_bytes rejects before either runs
                }
                assert_eq!(
                    crate::path::compact::uuid_digits(&text),
                    crate::path::fast::uuid_digits(&text),
                    "{text:?}"
                );
            }
        }
    }

    /// The byte-at-a-time reader (the compact path's, and escaped ids')
    /// gives what the slice reader gives, for every byte at every place and
    /// for every length from 0 to 40.
    #[test]
    fn uuid_from_decoded_agrees_with_parse_bytes() {
        let base = *b"0123abcd-89AB-CDEF-ffff-000000000000";
        for at in 0..36 {
            for b in 0..=255u8 {
                let mut text = base;
                text[at] = b;
                assert_eq!(
                    Uuid::from_decoded(text.iter().copied()),
                    Uuid::parse_bytes(&text),
                    "{text:?}"
                );
            }
        }
        let long = *b"0123abcd-89AB-CDEF-ffff-0000000000000000";
        for len in 0..=long.len() {
            let text = &long[..len];
            let want = Uuid::parse_bytes(text);
            assert_eq!(want.is_some(), len == 36);
            assert_eq!(Uuid::from_decoded(text.iter().copied()), want, "{len}");
        }
    }

    /// E.164 as the contract says: `+`, then 2 to 15 digits, the first not 0.
    #[test]
    fn phone_numbers_exactly() {
        use super::PhoneNumber;
        let ok = |t: &str| {
            let got = PhoneNumber::parse_bytes(t.as_bytes());
            assert_eq!(PhoneNumber::from_decoded(t.bytes()), got, "{t}");
            got.map(|p| p.as_u64())
        };
        assert_eq!(ok("+12"), Some(12));
        assert_eq!(ok("+123456789012345"), Some(123_456_789_012_345));
        assert_eq!(ok("+15555550100"), Some(15_555_550_100));
        for bad in [
            "",
            "+",
            "+1",
            "12",
            "+0123",
            "+1234567890123456",
            "+12a",
            "+1 2",
            "++12",
            "-12",
            "+١٢",
        ] {
            assert_eq!(ok(bad), None, "{bad}");
        }
    }

    #[test]
    fn uuid_bytes_in_order() {
        let id = Uuid::parse_bytes(b"00112233-4455-6677-8899-aAbBcCdDeEfF").unwrap();
        assert_eq!(
            id.as_bytes(),
            &[
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
                0xee, 0xff
            ]
        );
        assert_eq!(
            Uuid::parse_bytes(b"00112233-4455-6677-8899-aabbccddeefg"),
            None
        );
        assert_eq!(
            Uuid::parse_bytes(b"00112233-4455-6677-8899_aabbccddeeff"),
            None
        );
    }
}
