//! What gets stored: a valid payload decoded into column values, or a
//! rejected delivery as it came.

use axum::body::Bytes;
use sailor_webhook::receive::{decide, Decision, Rejection};
use sailor_webhook::{DestinationView, Error, ErrorKind, Field, Options, Path, Uuid};

/// A valid event, decoded into column values (every string in full).
#[derive(Debug)]
pub struct EventRow {
    /// `call.call_id`
    pub call_id: Uuid,
    /// `outcome.outcome_id`
    pub outcome_id: Uuid,
    /// `timestamp`, in milliseconds.
    pub timestamp_ms: i64,
    /// Whether the payload gave seconds.
    pub timestamp_was_seconds: bool,
    /// `scope.subaccount_id`
    pub subaccount_id: Uuid,
    /// `scope.organization_id`
    pub organization_id: Uuid,
    /// `outcome.outcome_name`, decoded.
    pub outcome_name: String,
    /// `outcome.outcome_type`
    pub outcome_type: &'static str,
    /// `call.phone_number`, E.164.
    pub phone_number: String,
    /// `call.contact_id`
    pub contact_id: Uuid,
    /// `destination.destination_type` (`none` when absent).
    pub destination_type: &'static str,
    /// `destination.selection` of a removal.
    pub destination_selection: Option<&'static str>,
    /// `destination.destination_id` of `smart_list`.
    pub destination_id: Option<Uuid>,
    /// `destination.destination_ids` of a `selected` removal, every id in order.
    pub destination_ids: Option<Vec<Uuid>>,
    /// `error_message`, decoded, whole.
    pub error_message: String,
    /// The body as received.
    pub raw_body: Bytes,
    /// When the receiver read it.
    pub received_at_ms: i64,
}

impl EventRow {
    /// The idempotency key's text form, `call_id:outcome_id`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.call_id, self.outcome_id)
    }
}

/// A delivery answered 4xx, kept with its body for inspection.
#[derive(Debug)]
pub struct RejectedRow {
    /// When the receiver read it.
    pub received_at_ms: i64,
    /// The status it was answered with.
    pub status: u16,
    /// Why.
    pub error: Error,
    /// Its `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body as received.
    pub raw_body: Bytes,
}

/// The columns of a valid payload, decoded from the borrowed view: every
/// string in full (decoded from its escapes) and every destination id, in
/// order. Nothing goes through the owned event, whose capacities (16 ids,
/// 256 bytes of message) would refuse or cut what FACTS.md allows.
pub fn event_row(
    method: &str,
    content_type: Option<&str>,
    body: &Bytes,
    options: &Options,
    received_at_ms: i64,
) -> Result<EventRow, Rejection> {
    let view = match decide(method, content_type, body, options) {
        Decision::Accept(view) => view,
        Decision::Reject(r) => return Err(r),
    };
    let millis = view.timestamp.millis();
    let timestamp_ms = i64::try_from(millis).map_err(|_| {
        // Past the year 292 million: beyond a signed 64-bit column.
        let digits = millis.to_string();
        let at = body
            .windows(digits.len())
            .position(|w| w == digits.as_bytes())
            .unwrap_or(0);
        Rejection {
            status: 400,
            error: Error::new(
                ErrorKind::InvalidTimestamp,
                Path::field(Field::Timestamp),
                at,
            ),
        }
    })?;
    let (destination_type, destination_selection, destination_id, destination_ids) =
        match &view.destination {
            DestinationView::None => ("none", None, None, None),
            DestinationView::SmartList(id) => ("smart_list", None, Some(*id), None),
            DestinationView::RemoveAll => ("remove_from_smart_list", Some("all"), None, None),
            DestinationView::RemoveSelected(ids) => (
                "remove_from_smart_list",
                Some("selected"),
                None,
                Some(ids.iter().collect()),
            ),
            // DestinationView is non_exhaustive: a shape newer than this
            // receiver has no columns here, so it is refused, not stored in part.
            _ => {
                return Err(Rejection {
                    status: 400,
                    error: Error::new(
                        ErrorKind::UnknownEnumValue,
                        Path::field(Field::DestinationType),
                        0,
                    ),
                })
            }
        };
    Ok(EventRow {
        call_id: view.call.call_id,
        outcome_id: view.outcome.outcome_id,
        timestamp_ms,
        timestamp_was_seconds: view.timestamp.was_seconds(),
        subaccount_id: view.scope.subaccount_id,
        organization_id: view.scope.organization_id,
        outcome_name: view.outcome.outcome_name.to_string(),
        outcome_type: view.outcome.outcome_type.as_str(),
        phone_number: view.call.phone_number.to_string(),
        contact_id: view.call.contact_id,
        destination_type,
        destination_selection,
        destination_id,
        destination_ids,
        error_message: view.error_message.to_string(),
        raw_body: body.clone(),
        received_at_ms,
    })
}
