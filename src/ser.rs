//! Canonical compact JSON out of an [`OutcomeEvent`], through `serde` and
//! `serde-json-core`'s `to_slice`, into the caller's buffer.
//!
//! Canonical means: Sailor's field names in the order of the docs' example
//! (`timestamp`, `scope`, `outcome`, `call`, `destination`, `error_message`),
//! lowercase UUIDs, milliseconds, the destination always present, and no
//! whitespace.

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
    /// (offset: the buffer length).
    pub fn to_json(&self, buf: &mut [u8]) -> Result<usize, Error> {
        serde_json_core::to_slice(self, buf)
            .map_err(|_| Error::new(ErrorKind::BufferTooSmall, Path::ROOT, buf.len()))
    }
}
