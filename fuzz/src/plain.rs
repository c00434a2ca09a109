//! A plain model of a payload, and the cross-checks of one parse.

use sailor_webhook::{
    Destination, DestinationView, ErrorKind, JsonStr, Options, OutcomeEvent, OutcomeView,
};

/// The default capacities of [`OutcomeEvent`] (kept in step with the crate).
pub const NAME_CAPACITY: usize = 480;
/// `destination_ids` capacity of the default [`OutcomeEvent`].
pub const IDS_CAPACITY: usize = 16;
/// `error_message` capacity (bytes) of the default [`OutcomeEvent`].
pub const MSG_CAPACITY: usize = 256;

/// A destination, as plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlainDest {
    /// absent, `null` or `none`
    None,
    /// `smart_list`
    SmartList([u8; 16]),
    /// `remove_from_smart_list`, `all`
    RemoveAll,
    /// `remove_from_smart_list`, `selected`
    RemoveSelected(Vec<[u8; 16]>),
}

/// A payload, as plain data: every value the crate hands back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plain {
    pub millis: u64,
    pub was_seconds: bool,
    pub subaccount_id: [u8; 16],
    pub organization_id: [u8; 16],
    pub outcome_id: [u8; 16],
    pub outcome_name: String,
    /// `true` for `action`, `false` for `disposition`.
    pub action: bool,
    pub call_id: [u8; 16],
    /// The `+digits` text.
    pub phone: String,
    pub contact_id: [u8; 16],
    pub destination: PlainDest,
    pub error_message: String,
    /// Whether the owned event cut the message (always false from a view).
    pub truncated: bool,
}

/// Cuts `text` at a character boundary to at most `cap` bytes.
pub fn truncate_chars(text: &str, cap: usize) -> (String, bool) {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() + c.len_utf8() > cap {
            return (out, true);
        }
        out.push(c);
    }
    (out, false)
}

/// Decodes a [`JsonStr`] and checks that its accessors agree with each other.
pub fn decode_checked(s: &JsonStr<'_>) -> String {
    let decoded: String = s.chars().collect();
    assert_eq!(s.to_string(), decoded, "Display differs from chars()");
    assert_eq!(s.char_count(), decoded.chars().count(), "char_count");
    assert_eq!(s.decoded_len(), decoded.len(), "decoded_len");
    assert_eq!(String::from(*s), decoded, "From<JsonStr> for String");
    match s.as_str() {
        Some(t) => {
            assert!(!s.has_escapes());
            assert_eq!(t, decoded);
            assert_eq!(t, s.raw());
        }
        None => assert!(s.has_escapes()),
    }
    assert!(*s == *decoded.as_str(), "PartialEq<str>");
    // An independent decoder: serde_json on the same raw text.
    match serde_json::from_str::<String>(&format!("\"{}\"", s.raw())) {
        Ok(t) => assert_eq!(t, decoded, "serde_json decodes {:?} differently", s.raw()),
        Err(e) => panic!("accepted a string serde_json rejects ({e}): {:?}", s.raw()),
    }
    let mut buf = vec![0u8; decoded.len()];
    assert_eq!(
        s.decode_into(&mut buf),
        Some(decoded.as_str()),
        "decode_into, exact fit"
    );
    if !decoded.is_empty() {
        let mut short = vec![0u8; decoded.len() - 1];
        assert_eq!(
            s.decode_into(&mut short),
            None,
            "decode_into, one byte short"
        );
    }
    decoded
}

impl Plain {
    /// From a borrowed view (full error message, all ids).
    pub fn of_view(v: &OutcomeView<'_>) -> Plain {
        let destination = match v.destination {
            DestinationView::None => PlainDest::None,
            DestinationView::SmartList(id) => PlainDest::SmartList(*id.as_bytes()),
            DestinationView::RemoveAll => PlainDest::RemoveAll,
            DestinationView::RemoveSelected(list) => {
                let ids: Vec<[u8; 16]> = list.iter().map(|id| *id.as_bytes()).collect();
                assert_eq!(ids.len(), list.len(), "IdList::len vs its iterator");
                assert!(!list.is_empty(), "a parsed `selected` list is never empty");
                PlainDest::RemoveSelected(ids)
            }
        };
        Plain {
            millis: v.timestamp.millis(),
            was_seconds: v.timestamp.was_seconds(),
            subaccount_id: *v.scope.subaccount_id.as_bytes(),
            organization_id: *v.scope.organization_id.as_bytes(),
            outcome_id: *v.outcome.outcome_id.as_bytes(),
            outcome_name: decode_checked(&v.outcome.outcome_name),
            action: v.outcome.outcome_type == sailor_webhook::OutcomeType::Action,
            call_id: *v.call.call_id.as_bytes(),
            phone: v.call.phone_number.to_string(),
            contact_id: *v.call.contact_id.as_bytes(),
            destination,
            error_message: decode_checked(&v.error_message),
            truncated: false,
        }
    }

    /// From an owned event.
    pub fn of_event(e: &OutcomeEvent) -> Plain {
        let destination = match &e.destination {
            Destination::None => PlainDest::None,
            Destination::SmartList(id) => PlainDest::SmartList(*id.as_bytes()),
            Destination::RemoveAll => PlainDest::RemoveAll,
            Destination::RemoveSelected(ids) => {
                PlainDest::RemoveSelected(ids.iter().map(|id| *id.as_bytes()).collect())
            }
        };
        Plain {
            millis: e.timestamp.millis(),
            was_seconds: e.timestamp.was_seconds(),
            subaccount_id: *e.scope.subaccount_id.as_bytes(),
            organization_id: *e.scope.organization_id.as_bytes(),
            outcome_id: *e.outcome.outcome_id.as_bytes(),
            outcome_name: e.outcome.outcome_name.as_str().to_owned(),
            action: e.outcome.outcome_type == sailor_webhook::OutcomeType::Action,
            call_id: *e.call.call_id.as_bytes(),
            phone: e.call.phone_number.to_string(),
            contact_id: *e.call.contact_id.as_bytes(),
            destination,
            error_message: e.error_message.as_str().to_owned(),
            truncated: e.error_message.is_truncated(),
        }
    }

    /// What the owned event must hold for this (view) payload: the message
    /// cut to the capacity. `None` when the ids exceed the capacity.
    pub fn owned_expectation(&self) -> Option<Plain> {
        if let PlainDest::RemoveSelected(ids) = &self.destination {
            if ids.len() > IDS_CAPACITY {
                return None;
            }
        }
        let mut p = self.clone();
        let (msg, cut) = truncate_chars(&self.error_message, MSG_CAPACITY);
        p.error_message = msg;
        p.truncated = cut;
        Some(p)
    }
}

/// Runs every cross-check on one input with `opts`, and returns the view's
/// plain form on success.
///
/// - `parse_view`, `parse` and `validate` agree (same error, or the owned
///   result fails only on the id capacity, exactly at `destination_ids[16]`);
/// - the owned event equals the view field by field;
/// - the error offset is inside the input and `Display` works;
/// - the canonical JSON is valid JSON (serde_json), fits `MAX_JSON_LEN`,
///   fails cleanly one byte short, parses back (same options) to an equal
///   event, and is a fixed point of parse → serialize.
pub fn check_parse(data: &[u8], opts: &Options) -> Result<Plain, sailor_webhook::Error> {
    let view = opts.parse_view(data);
    let owned = opts.parse(data);
    let valid = opts.validate(data);
    let view = match view {
        Err(e) => {
            assert!(
                e.offset() <= data.len(),
                "error offset {} past the input ({} bytes): {e}",
                e.offset(),
                data.len()
            );
            let _ = e.to_string();
            assert_eq!(owned, Err(e), "owned and borrowed disagree on the error");
            assert_eq!(valid, Err(e), "validate and parse_view disagree");
            return Err(e);
        }
        Ok(v) => v,
    };
    assert_eq!(valid, Ok(()), "validate and parse_view disagree");
    // Whatever is accepted is JSON (serde_json) without duplicate names,
    // within the bounds.
    if let Err(why) = crate::reference::json(data) {
        panic!(
            "accepted input the JSON reference rejects: {why:?}\n{:?}",
            String::from_utf8_lossy(data)
        );
    }
    let plain = Plain::of_view(&view);
    assert_eq!(
        view.idempotency_key(),
        sailor_webhook::IdempotencyKey::new(view.call.call_id, view.outcome.outcome_id)
    );
    let event = match (plain.owned_expectation(), owned) {
        (None, Err(e)) => {
            assert_eq!(e.kind(), ErrorKind::CapacityExceeded, "{e}");
            assert_eq!(e.path().to_string(), "destination.destination_ids[16]");
            assert!(e.offset() < data.len());
            assert_eq!(data.get(e.offset()), Some(&b'"'), "offset of the 17th id");
            return Ok(plain);
        }
        (None, Ok(ev)) => panic!("owned parse kept more ids than its capacity: {ev:?}"),
        (Some(_), Err(e)) => panic!("owned parse failed where the view succeeded: {e}"),
        (Some(expected), Ok(ev)) => {
            assert_eq!(
                Plain::of_event(&ev),
                expected,
                "owned and borrowed disagree"
            );
            assert_eq!(ev.idempotency_key(), view.idempotency_key());
            assert!(ev.outcome.outcome_name.len() <= NAME_CAPACITY);
            ev
        }
    };
    check_serialize(&event, opts);
    Ok(plain)
}

/// The canonical JSON of `event` parses back (with `opts`) to an equal event.
pub fn check_serialize(event: &OutcomeEvent, opts: &Options) {
    let mut buf = vec![0u8; <OutcomeEvent>::MAX_JSON_LEN];
    let n = event
        .to_json(&mut buf)
        .unwrap_or_else(|e| panic!("to_json failed within MAX_JSON_LEN: {e}"));
    let json = &buf[..n];
    assert_eq!(
        event.to_json_vec(),
        json,
        "to_json_vec differs from to_json"
    );
    if n > 0 {
        let mut short = vec![0u8; n - 1];
        let err = event
            .to_json(&mut short)
            .expect_err("to_json fit one byte short");
        assert_eq!(err.kind(), ErrorKind::BufferTooSmall);
    }
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(json) {
        panic!(
            "canonical JSON is not JSON ({e}): {}",
            String::from_utf8_lossy(json)
        );
    }
    let again = opts.parse(json).unwrap_or_else(|e| {
        panic!(
            "canonical JSON does not parse back: {e}\n{}",
            String::from_utf8_lossy(json)
        )
    });
    assert_eq!(
        &again,
        event,
        "round trip changed the event:\n{}",
        String::from_utf8_lossy(json)
    );
    assert_eq!(
        Plain::of_event(&again).millis,
        event.timestamp.millis(),
        "round trip changed the timestamp"
    );
    assert_eq!(
        again.to_json_vec(),
        json,
        "canonical JSON is not a fixed point"
    );
}
