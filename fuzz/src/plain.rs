//! A plain model of a payload, and the cross-checks of one parse.

use sailor_webhook::{
    Destination, DestinationView, Error, ErrorKind, JsonStr, Options, OutcomeEvent, OutcomeView,
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
            // `DestinationView` is non_exhaustive: a new shape needs a model here.
            other => panic!("a destination shape the fuzz model does not know: {other:?}"),
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
            // `Destination` is non_exhaustive: a new shape needs a model here.
            other => panic!("a destination shape the fuzz model does not know: {other:?}"),
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

/// Checks where an error's offset points, by kind: `missing_field` at the
/// closing `}`; a bad string value, member name or element (`invalid_uuid`,
/// `invalid_phone_number`, `invalid_length`, `unknown_enum_value`,
/// `unknown_member`, `duplicate_key`, `too_many_members`,
/// `string_too_long`, `capacity_exceeded`) at its opening `"`;
/// `inconsistent_destination` at a member name's `"` or the id list's `[`;
/// a bad number at its first byte; `wrong_type` at the first byte of a
/// value; `depth_limit` at a bracket; `lone_surrogate` at its backslash;
/// `unexpected_end` at the end of the input; `input_too_large` at the limit;
/// anything else inside the input.
pub fn check_offset(data: &[u8], opts: &Options, e: &Error) {
    let at = e.offset();
    let byte = data.get(at).copied();
    let ok = match e.code() {
        "input_too_large" => data.len() > opts.input_limit() && at == opts.input_limit(),
        "unexpected_end" => at == data.len(),
        "missing_field" => byte == Some(b'}'),
        "unknown_member"
        | "duplicate_key"
        | "too_many_members"
        | "invalid_uuid"
        | "invalid_phone_number"
        | "invalid_length"
        | "unknown_enum_value"
        | "string_too_long"
        | "capacity_exceeded" => byte == Some(b'"'),
        "inconsistent_destination" => matches!(byte, Some(b'"' | b'[')),
        "invalid_timestamp"
        | "timestamp_in_seconds"
        | "timestamp_too_old"
        | "timestamp_in_future"
        | "invalid_number" => {
            matches!(byte, Some(b'-' | b'0'..=b'9'))
        }
        "wrong_type" => matches!(
            byte,
            Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
        ),
        "depth_limit" => matches!(byte, Some(b'{' | b'[')),
        "lone_surrogate" => byte == Some(b'\\'),
        "control_character" => matches!(byte, Some(0..=0x1f)),
        "invalid_utf8" => matches!(byte, Some(0x80..)),
        "byte_order_mark" => at == 0,
        "trailing_data" => byte.is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')),
        _ => at < data.len(),
    };
    assert!(
        ok,
        "{e}: the offset points at {byte:?} ({} bytes)\n{:?}",
        data.len(),
        String::from_utf8_lossy(data)
    );
}

/// Checks a rejection `e` of `data` (from `opts.parse_view`): its offset
/// ([`check_offset`]), its `Display`, and that `parse` and `validate` give
/// the same error.
pub fn check_error(data: &[u8], opts: &Options, e: Error) {
    check_offset(data, opts, &e);
    let _ = e.to_string();
    assert_eq!(
        opts.parse(data),
        Err(e),
        "owned and borrowed disagree on the error"
    );
    assert_eq!(
        opts.validate(data),
        Err(e),
        "validate and parse_view disagree"
    );
}

/// Builds the owned event of an accepted `data` (view values `plain`, id
/// elements starting at `ids_at`) and checks it against the view: equal
/// field by field (the message cut to its capacity, and said so), or, past
/// the id capacity, exactly `capacity_exceeded` at the 17th id's quote.
/// `validate` accepts. Returns the event when there is one.
pub fn check_owned(
    data: &[u8],
    opts: &Options,
    plain: &Plain,
    ids_at: &[usize],
) -> Option<OutcomeEvent> {
    assert_eq!(
        opts.validate(data),
        Ok(()),
        "validate and parse_view disagree"
    );
    match (plain.owned_expectation(), opts.parse(data)) {
        (None, Err(e)) => {
            assert_eq!(e.kind(), ErrorKind::CapacityExceeded, "{e}");
            assert_eq!(e.path().to_string(), "destination.destination_ids[16]");
            assert_eq!(Some(e.offset()), ids_at.get(IDS_CAPACITY).copied(), "{e}");
            assert_eq!(data.get(e.offset()), Some(&b'"'), "offset of the 17th id");
            None
        }
        (None, Ok(ev)) => panic!("owned parse kept more ids than its capacity: {ev:?}"),
        (Some(_), Err(e)) => panic!("owned parse failed where the view succeeded: {e}"),
        (Some(expected), Ok(ev)) => {
            assert_eq!(
                Plain::of_event(&ev),
                expected,
                "owned and borrowed disagree"
            );
            assert!(ev.outcome.outcome_name.len() <= NAME_CAPACITY);
            Some(ev)
        }
    }
}

/// Runs every cross-check on one input with `opts` (the default options,
/// strict or not), and returns the view's plain form on success.
///
/// - `parse_view`, `parse` and `validate` agree (same error, or the owned
///   result fails only on the id capacity, exactly at `destination_ids[16]`);
/// - an error's offset points where its kind says ([`check_offset`]);
/// - anything accepted, the independent reference accepts with the same
///   values (same strictness);
/// - the owned event equals the view field by field;
/// - the canonical JSON is valid JSON (serde_json), fits `MAX_JSON_LEN`,
///   fails cleanly one byte short, parses back (same options) to an equal
///   event, and is a fixed point of parse → serialize.
pub fn check_parse(data: &[u8], opts: &Options) -> Result<Plain, Error> {
    let view = match opts.parse_view(data) {
        Err(e) => {
            check_error(data, opts, e);
            return Err(e);
        }
        Ok(v) => v,
    };
    let plain = Plain::of_view(&view);
    let ids_at = match crate::reference::reference(data, opts.is_strict()) {
        Ok(accepted) => {
            assert_eq!(
                plain,
                accepted.plain,
                "the reference reads other values (strict: {})\n{:?}",
                opts.is_strict(),
                String::from_utf8_lossy(data)
            );
            accepted.ids_at
        }
        Err(why) => panic!(
            "accepted input the reference rejects (strict: {}): {why:?}\n{:?}",
            opts.is_strict(),
            String::from_utf8_lossy(data)
        ),
    };
    assert_eq!(
        view.idempotency_key(),
        sailor_webhook::IdempotencyKey::new(view.call.call_id, view.outcome.outcome_id)
    );
    if let Some(event) = check_owned(data, opts, &plain, &ids_at) {
        assert_eq!(event.idempotency_key(), view.idempotency_key());
        check_serialize(&event, opts);
    }
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

/// `data` with `opts` (the default options, strict or not) against the
/// independent reference ([`crate::reference`]): the same verdict; when both
/// accept, the same values, and the owned event agrees with the view
/// ([`check_owned`]); when both reject and the reference knows where, the
/// same code, path and offset, and `parse` and `validate` give that error too.
pub fn check_reference(data: &[u8], opts: &Options) {
    check_reference_with(data, opts, crate::reference::Rules::CORE);
}

/// [`check_reference`] for options whose member budget differs from the
/// default: `rules` are the reference's rules for `opts`.
pub fn check_reference_with(data: &[u8], opts: &Options, rules: crate::reference::Rules) {
    let strict = opts.is_strict();
    let text = || String::from_utf8_lossy(data).into_owned();
    match (
        opts.parse_view(data),
        crate::reference::reference_with(data, strict, rules),
    ) {
        (Ok(view), Ok(accepted)) => {
            let plain = Plain::of_view(&view);
            assert_eq!(
                plain,
                accepted.plain,
                "decoded values differ (strict: {strict})\n{:?}",
                text()
            );
            check_owned(data, opts, &plain, &accepted.ids_at);
        }
        (Err(e), Err(why)) => {
            if let Some(l) = why.located() {
                assert_eq!(
                    (e.code(), e.path().to_string(), e.offset()),
                    (l.code, l.path.clone(), l.offset),
                    "the error differs from the reference's (strict: {strict}): {e}\n{:?}",
                    text()
                );
            }
            check_error(data, opts, e);
        }
        (Ok(v), Err(why)) => panic!(
            "we accept what the reference rejects (strict: {strict}): {why:?}\n{:?}\n{:?}",
            Plain::of_view(&v),
            text()
        ),
        (Err(e), Ok(_)) => panic!(
            "we reject what the reference accepts (strict: {strict}): {e}\n{:?}",
            text()
        ),
    }
}
