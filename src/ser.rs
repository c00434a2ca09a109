//! Canonical compact JSON out of an [`OutcomeEvent`], into the caller's
//! buffer, and `serde::Serialize` for every type.
//!
//! Canonical means: Sailor's field names in the order of the docs' example
//! (`timestamp`, `scope`, `outcome`, `call`, `destination`, `error_message`),
//! lowercase UUIDs, milliseconds, the destination always present, and no
//! whitespace.
//!
//! [`to_json`](OutcomeEvent::to_json) writes the form itself, with no
//! indexing that can panic and no `core::fmt`: serde-json-core's `to_slice`
//! keeps bounds-check panics (proven by `scripts/panic-check.sh`). Its output
//! is byte for byte what `serde_json_core::to_slice` writes from the
//! `Serialize` impls below (tested in `tests/to_json.rs`): strings escape `"`,
//! `\\`, `\b`, `\t`, `\n`, `\f`, `\r` and other control characters as
//! `\u00XX` (uppercase hex), and nothing else (`/`, DEL, U+2028 and all
//! non-ASCII stay raw UTF-8).

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::error::{Error, ErrorKind, Path};
use crate::event::{Destination, ErrorMessage, Outcome, OutcomeEvent};
use crate::types::{Call, OutcomeType, PhoneNumber, Scope, Timestamp, Uuid};

impl Serialize for Uuid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.encode(&mut [0; 36]))
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.encode(&mut [0; 16]))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.millis())
    }
}

impl Serialize for OutcomeType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Scope", 2)?;
        st.serialize_field("subaccount_id", &self.subaccount_id)?;
        st.serialize_field("organization_id", &self.organization_id)?;
        st.end()
    }
}

impl Serialize for Call {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Call", 3)?;
        st.serialize_field("call_id", &self.call_id)?;
        st.serialize_field("phone_number", &self.phone_number)?;
        st.serialize_field("contact_id", &self.contact_id)?;
        st.end()
    }
}

impl<const NAME: usize> Serialize for Outcome<NAME> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Outcome", 3)?;
        st.serialize_field("outcome_id", &self.outcome_id)?;
        st.serialize_field("outcome_name", self.outcome_name.as_str())?;
        st.serialize_field("outcome_type", &self.outcome_type)?;
        st.end()
    }
}

impl<const IDS: usize> Serialize for Destination<IDS> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = match self {
            Destination::None => 1,
            Destination::SmartList(_) | Destination::RemoveAll => 2,
            Destination::RemoveSelected(_) => 3,
        };
        let mut st = s.serialize_struct("Destination", fields)?;
        st.serialize_field("destination_type", self.destination_type())?;
        if let Destination::SmartList(id) = self {
            st.serialize_field("destination_id", id)?;
        }
        if let Some(selection) = self.selection() {
            st.serialize_field("selection", selection)?;
        }
        if let Destination::RemoveSelected(ids) = self {
            st.serialize_field("destination_ids", ids.as_slice())?;
        }
        st.end()
    }
}

impl<const MSG: usize> Serialize for ErrorMessage<MSG> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<const NAME: usize, const IDS: usize, const MSG: usize> Serialize
    for OutcomeEvent<NAME, IDS, MSG>
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("OutcomeEvent", 6)?;
        st.serialize_field("timestamp", &self.timestamp)?;
        st.serialize_field("scope", &self.scope)?;
        st.serialize_field("outcome", &self.outcome)?;
        st.serialize_field("call", &self.call)?;
        st.serialize_field("destination", &self.destination)?;
        st.serialize_field("error_message", &self.error_message)?;
        st.end()
    }
}

/// The fixed part of the canonical form at its longest: names, punctuation,
/// five UUIDs, a 20-digit timestamp, `disposition`, a 16-byte phone number
/// and the longest destination header (`smart_list` with its id and an empty
/// `selected` removal are both 89 bytes): 534 bytes.
const FIXED_JSON_LEN: usize = concat!(
    r#"{"timestamp":18446744073709551615,"#,
    r#""scope":{"subaccount_id":"","organization_id":""},"#,
    r#""outcome":{"outcome_id":"","outcome_name":"","outcome_type":"disposition"},"#,
    r#""call":{"call_id":"","phone_number":"+999999999999999","contact_id":""},"#,
    r#""destination":{"destination_type":"remove_from_smart_list","selection":"selected","destination_ids":[]},"#,
    r#""error_message":""}"#
)
.len()
    + 5 * Uuid::TEXT_LEN;

impl<const NAME: usize, const IDS: usize, const MSG: usize> OutcomeEvent<NAME, IDS, MSG> {
    /// An upper bound of the canonical JSON length at these capacities
    /// (every string byte escaped as `\u00XX`, each id taking 39 bytes with
    /// its quotes and comma), for sizing the buffer of
    /// [`to_json`](Self::to_json). 5,574 bytes at the default capacities.
    pub const MAX_JSON_LEN: usize = FIXED_JSON_LEN + 6 * (NAME + MSG) + 39 * IDS;

    /// Writes the canonical compact JSON into `buf` and returns its length.
    /// A buffer of [`MAX_JSON_LEN`](Self::MAX_JSON_LEN) bytes always fits;
    /// a smaller one may fail with [`BufferTooSmall`](ErrorKind::BufferTooSmall)
    /// (offset: the buffer length). Nothing past `buf.len()` is written;
    /// after an error, `buf` starts with a prefix of the JSON and the rest
    /// of it is as it was. Never panics (proven at link time by
    /// `scripts/panic-check.sh`).
    pub fn to_json(&self, buf: &mut [u8]) -> Result<usize, Error> {
        let (destination_id, destination_ids) = match &self.destination {
            Destination::SmartList(id) => (Some(id), None),
            Destination::RemoveSelected(ids) => (None, Some(ids.as_slice())),
            Destination::None | Destination::RemoveAll => (None, None),
        };
        let parts = Parts {
            timestamp: self.timestamp.millis(),
            scope: &self.scope,
            outcome_id: &self.outcome.outcome_id,
            outcome_name: self.outcome.outcome_name.as_str(),
            outcome_type: self.outcome.outcome_type.as_str(),
            call: &self.call,
            destination_type: self.destination.destination_type(),
            destination_id,
            selection: self.destination.selection(),
            destination_ids,
            error_message: self.error_message.as_str(),
        };
        let full = buf.len();
        let mut out = Out { buf, len: 0 };
        match out.event(&parts) {
            Some(()) => Ok(out.len),
            None => Err(Error::new(ErrorKind::BufferTooSmall, Path::ROOT, full)),
        }
    }
}

/// An event's values, borrowed, without its capacities: one copy of the
/// writer serves every `OutcomeEvent<NAME, IDS, MSG>` (flash).
struct Parts<'e> {
    timestamp: u64,
    scope: &'e Scope,
    outcome_id: &'e Uuid,
    outcome_name: &'e str,
    outcome_type: &'static str,
    call: &'e Call,
    destination_type: &'static str,
    destination_id: Option<&'e Uuid>,
    selection: Option<&'static str>,
    destination_ids: Option<&'e [Uuid]>,
    error_message: &'e str,
}

/// The caller's buffer and how much of it is written. Every write is checked
/// (`None`: the buffer is full) through `get_mut`, so nothing can panic, and
/// each is all or nothing, so after a failure the buffer holds a prefix of
/// the JSON.
struct Out<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl Out<'_> {
    /// One byte.
    fn byte(&mut self, b: u8) -> Option<()> {
        *self.buf.get_mut(self.len)? = b;
        self.len += 1;
        Some(())
    }

    /// Bytes, all or none.
    fn bytes(&mut self, s: &[u8]) -> Option<()> {
        let end = self.len.checked_add(s.len())?;
        let dst = self.buf.get_mut(self.len..end)?;
        for (d, &c) in dst.iter_mut().zip(s) {
            *d = c;
        }
        self.len = end;
        Some(())
    }

    /// An unsigned integer in decimal, as serde-json-core writes a `u64`.
    fn decimal(&mut self, mut v: u64) -> Option<()> {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        for slot in digits.iter_mut().rev() {
            let (q, r) = div10(v);
            *slot = b'0' + r;
            v = q;
            start -= 1;
            if v == 0 {
                break;
            }
        }
        self.bytes(digits.get(start..)?)
    }

    /// A JSON string, escaped as serde-json-core escapes (see the module
    /// docs). `s` is UTF-8, so copying every other byte as it is copies
    /// every other character whole.
    fn string(&mut self, s: &str) -> Option<()> {
        self.byte(b'"')?;
        for &b in s.as_bytes() {
            let escape = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                b'\t' => b't',
                b'\n' => b'n',
                0x0c => b'f',
                b'\r' => b'r',
                0x00..=0x1f => b'u',
                _ => {
                    self.byte(b)?;
                    continue;
                }
            };
            self.bytes(&[b'\\', escape])?;
            if escape == b'u' {
                self.bytes(&[b'0', b'0', hex_upper(b >> 4), hex_upper(b & 0x0f)])?;
            }
        }
        self.byte(b'"')
    }

    /// A UUID as a string: lowercase, hyphenated.
    fn uuid(&mut self, id: &Uuid) -> Option<()> {
        self.byte(b'"')?;
        self.bytes(id.encode(&mut [0; 36]).as_bytes())?;
        self.byte(b'"')
    }

    /// A phone number as a string: `+` and its digits (none for the
    /// placeholder of `OutcomeEvent::new`), as `PhoneNumber::encode` writes
    /// it (a valid number has at most 15 digits).
    fn phone_number(&mut self, n: &PhoneNumber) -> Option<()> {
        self.bytes(b"\"+")?;
        if n.as_u64() != 0 {
            self.decimal(n.as_u64())?;
        }
        self.byte(b'"')
    }

    /// The whole event, members in the canonical order.
    fn event(&mut self, e: &Parts<'_>) -> Option<()> {
        self.bytes(br#"{"timestamp":"#)?;
        self.decimal(e.timestamp)?;
        self.bytes(br#","scope":{"subaccount_id":"#)?;
        self.uuid(&e.scope.subaccount_id)?;
        self.bytes(br#","organization_id":"#)?;
        self.uuid(&e.scope.organization_id)?;
        self.bytes(br#"},"outcome":{"outcome_id":"#)?;
        self.uuid(e.outcome_id)?;
        self.bytes(br#","outcome_name":"#)?;
        self.string(e.outcome_name)?;
        self.bytes(br#","outcome_type":"#)?;
        self.string(e.outcome_type)?;
        self.bytes(br#"},"call":{"call_id":"#)?;
        self.uuid(&e.call.call_id)?;
        self.bytes(br#","phone_number":"#)?;
        self.phone_number(&e.call.phone_number)?;
        self.bytes(br#","contact_id":"#)?;
        self.uuid(&e.call.contact_id)?;
        self.bytes(br#"},"destination":{"destination_type":"#)?;
        self.string(e.destination_type)?;
        if let Some(id) = e.destination_id {
            self.bytes(br#","destination_id":"#)?;
            self.uuid(id)?;
        }
        if let Some(selection) = e.selection {
            self.bytes(br#","selection":"#)?;
            self.string(selection)?;
        }
        if let Some(ids) = e.destination_ids {
            self.bytes(br#","destination_ids":["#)?;
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    self.byte(b',')?;
                }
                self.uuid(id)?;
            }
            self.byte(b']')?;
        }
        self.bytes(br#"},"error_message":"#)?;
        self.string(e.error_message)?;
        self.byte(b'}')
    }
}

/// `n / 10` and `n % 10` with shifts and adds: a `u64` division is a
/// library call on 32-bit targets (`u64_div_rem`, 864 bytes on Cortex-M4).
///
/// Hacker's Delight's `divu10` (10-17), widened to 64 bits. The shifts and
/// adds compute `0.8 n (1 - 2^-64)`; their truncations lose less than 5.3,
/// so before `>> 3` the estimate is at least `0.8 n - 6.1`, and after it
/// `q >= n / 10 - 1.64`, never above `n / 10`: `q` is the quotient or one
/// below it, and one correction step is exact. (A correction loop instead
/// would be turned back into a division by the optimizer.)
fn div10(n: u64) -> (u64, u8) {
    let mut q = (n >> 1) + (n >> 2);
    q += q >> 4;
    q += q >> 8;
    q += q >> 16;
    q += q >> 32;
    q >>= 3;
    let mut r = n - ((q << 3) + (q << 1));
    if r > 9 {
        q += 1;
        r -= 10;
    }
    (q, r as u8)
}

/// The uppercase hex digit of a value below 16 (serde-json-core's case).
fn hex_upper(d: u8) -> u8 {
    if d < 10 {
        b'0' + d
    } else {
        b'A' + (d - 10)
    }
}

#[cfg(test)]
mod tests {
    use super::div10;

    #[test]
    fn div10_is_exact() {
        let check = |n: u64| assert_eq!(div10(n), (n / 10, (n % 10) as u8), "{n}");
        for n in 0..1_000_000 {
            check(n);
            check(u64::MAX - n);
        }
        for k in 0..64 {
            for d in 0..100 {
                check((1u64 << k).wrapping_add(d));
                check((1u64 << k).wrapping_sub(d));
            }
        }
        let mut p = 1u64;
        for _ in 0..20 {
            for d in 0..100 {
                check(p.wrapping_add(d));
                check(p.wrapping_sub(d));
            }
            p = p.wrapping_mul(10);
        }
        // xorshift64: a million values spread over the whole range.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1_000_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            check(x);
        }
    }
}
