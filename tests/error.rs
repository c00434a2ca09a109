//! The error type: stable codes and Display, paths, size, traits.

use std::collections::HashSet;

use sailor_webhook::{Error, ErrorKind, ErrorKind::*, Field, Path};

/// Every kind, with its code and message. `ErrorKind` is `#[non_exhaustive]`,
/// so a new kind must be added here (its code is public API).
const KINDS: &[(ErrorKind, &str, &str)] = &[
    (InputTooLarge, "input_too_large", "input too large"),
    (UnexpectedEnd, "unexpected_end", "unexpected end of input"),
    (UnexpectedByte, "unexpected_byte", "unexpected byte"),
    (
        ByteOrderMark,
        "byte_order_mark",
        "byte-order mark not allowed",
    ),
    (
        TrailingData,
        "trailing_data",
        "data after the top-level object",
    ),
    (InvalidUtf8, "invalid_utf8", "invalid UTF-8"),
    (
        ControlCharacter,
        "control_character",
        "raw control character in string",
    ),
    (InvalidEscape, "invalid_escape", "invalid escape"),
    (LoneSurrogate, "lone_surrogate", "lone surrogate escape"),
    (InvalidNumber, "invalid_number", "invalid number"),
    (DepthLimit, "depth_limit", "nesting too deep"),
    (StringTooLong, "string_too_long", "string too long"),
    (DuplicateKey, "duplicate_key", "duplicate member name"),
    (UnknownMember, "unknown_member", "unknown member"),
    (MissingField, "missing_field", "missing field"),
    (WrongType, "wrong_type", "wrong JSON type"),
    (InvalidUuid, "invalid_uuid", "invalid UUID"),
    (
        InvalidPhoneNumber,
        "invalid_phone_number",
        "invalid E.164 phone number",
    ),
    (InvalidTimestamp, "invalid_timestamp", "invalid timestamp"),
    (
        TimestampInSeconds,
        "timestamp_in_seconds",
        "timestamp in seconds",
    ),
    (TimestampTooOld, "timestamp_too_old", "timestamp too old"),
    (
        TimestampInFuture,
        "timestamp_in_future",
        "timestamp in the future",
    ),
    (InvalidLength, "invalid_length", "invalid length"),
    (UnknownEnumValue, "unknown_enum_value", "unknown enum value"),
    (
        InconsistentDestination,
        "inconsistent_destination",
        "inconsistent destination",
    ),
    (CapacityExceeded, "capacity_exceeded", "capacity exceeded"),
    (
        BufferTooSmall,
        "buffer_too_small",
        "output buffer too small",
    ),
    (MethodNotAllowed, "method_not_allowed", "method not allowed"),
    (
        UnsupportedMediaType,
        "unsupported_media_type",
        "unsupported media type",
    ),
];

#[test]
fn codes_are_stable_unique_snake_case() {
    let mut codes = HashSet::new();
    let mut messages = HashSet::new();
    let mut kinds = HashSet::new();
    for &(kind, code, message) in KINDS {
        assert_eq!(kind.code(), code);
        assert_eq!(kind.message(), message);
        assert_eq!(kind.to_string(), code, "ErrorKind displays as its code");
        assert!(
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && code.starts_with(|c: char| c.is_ascii_lowercase())
                && !code.starts_with('_')
                && !code.ends_with('_')
                && !code.contains("__"),
            "{code} is not snake_case"
        );
        assert!(codes.insert(code), "duplicate code {code}");
        assert!(messages.insert(message), "duplicate message {message}");
        assert!(kinds.insert(kind), "{kind:?} listed twice");
        // No generic catch-all kind.
        assert!(
            !code.contains("custom") && !code.contains("other"),
            "{code}"
        );
    }
    assert_eq!(KINDS.len(), 29);
}

#[test]
fn display_is_stable() {
    let cases = [
        (
            Error::new(WrongType, Path::field(Field::Timestamp), 14),
            "wrong_type at timestamp (byte 14): wrong JSON type",
        ),
        (
            Error::new(InvalidUuid, Path::field(Field::CallId), 212),
            "invalid_uuid at call.call_id (byte 212): invalid UUID",
        ),
        (
            Error::new(
                CapacityExceeded,
                Path::index(Field::DestinationIds, 16),
                900,
            ),
            "capacity_exceeded at destination.destination_ids[16] (byte 900): capacity exceeded",
        ),
        (
            Error::new(DuplicateKey, Path::unknown_in(Field::Call), 7),
            "duplicate_key at call.* (byte 7): duplicate member name",
        ),
        (
            Error::new(DepthLimit, Path::unknown_in(Field::Root), 44),
            "depth_limit at * (byte 44): nesting too deep",
        ),
        (
            Error::new(ByteOrderMark, Path::ROOT, 0),
            "byte_order_mark at $ (byte 0): byte-order mark not allowed",
        ),
    ];
    for (err, text) in cases {
        assert_eq!(err.to_string(), text);
    }
    // Errors from the parser display the same way.
    let err = sailor_webhook::parse(br#"{"timestamp": "soon"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "wrong_type at timestamp (byte 14): wrong JSON type"
    );
    let err = sailor_webhook::parse(b"").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected_end at $ (byte 0): unexpected end of input"
    );
    let err = sailor_webhook::parse(br#"{"x": [1,]}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected_byte at * (byte 9): unexpected byte"
    );
    let err = sailor_webhook::parse(br#"{"x": 1, "x": 2}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "duplicate_key at * (byte 9): duplicate member name"
    );
    let err = sailor_webhook::parse(br#"{"timestamp": 1781935984000}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing_field at scope (byte 27): missing field"
    );
    // Through std::io::Error, the text is kept.
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidData);
    assert_eq!(
        io.to_string(),
        "missing_field at scope (byte 27): missing field"
    );
}

#[test]
fn every_field_path() {
    let fields = [
        (Field::Root, "$"),
        (Field::Timestamp, "timestamp"),
        (Field::Scope, "scope"),
        (Field::SubaccountId, "scope.subaccount_id"),
        (Field::OrganizationId, "scope.organization_id"),
        (Field::Outcome, "outcome"),
        (Field::OutcomeId, "outcome.outcome_id"),
        (Field::OutcomeName, "outcome.outcome_name"),
        (Field::OutcomeType, "outcome.outcome_type"),
        (Field::Call, "call"),
        (Field::CallId, "call.call_id"),
        (Field::PhoneNumber, "call.phone_number"),
        (Field::ContactId, "call.contact_id"),
        (Field::Destination, "destination"),
        (Field::DestinationType, "destination.destination_type"),
        (Field::DestinationId, "destination.destination_id"),
        (Field::Selection, "destination.selection"),
        (Field::DestinationIds, "destination.destination_ids"),
        (Field::ErrorMessage, "error_message"),
    ];
    let mut seen = HashSet::new();
    for (field, text) in fields {
        assert_eq!(field.as_str(), text);
        assert!(seen.insert(text));
        let p = Path::field(field);
        assert_eq!(p.to_string(), text);
        assert_eq!(p.schema_field(), field);
        assert_eq!(p.array_index(), None);
        assert!(!p.is_unknown_member());
        let u = Path::unknown_in(field);
        assert!(u.is_unknown_member());
        assert_eq!(u.schema_field(), field);
        let expected = if field == Field::Root {
            "*".to_string()
        } else {
            format!("{text}.*")
        };
        assert_eq!(u.to_string(), expected);
    }
    let p = Path::index(Field::DestinationIds, 2);
    assert_eq!(p.to_string(), "destination.destination_ids[2]");
    assert_eq!(p.array_index(), Some(2));
    // Indexes saturate at u16::MAX.
    assert_eq!(
        Path::index(Field::DestinationIds, 1 << 20).array_index(),
        Some(65535)
    );
    assert_eq!(Path::ROOT, Path::field(Field::Root));
}

#[test]
fn error_is_small_copy_and_an_error() {
    fn copy<T: Copy + Send + Sync + 'static>() {}
    fn error<T: core::error::Error>() {}
    copy::<Error>();
    copy::<ErrorKind>();
    copy::<Path>();
    error::<Error>();
    assert!(
        std::mem::size_of::<Error>() <= 16,
        "{}",
        std::mem::size_of::<Error>()
    );
    assert_eq!(std::mem::size_of::<Error>(), 12);

    let e = Error::new(InvalidPhoneNumber, Path::field(Field::PhoneNumber), 99);
    let copy_of = e;
    assert_eq!(e, copy_of);
    assert_eq!(e.kind(), InvalidPhoneNumber);
    assert_eq!(e.code(), "invalid_phone_number");
    assert_eq!(e.path(), Path::field(Field::PhoneNumber));
    assert_eq!(e.offset(), 99);
    // Offsets saturate at u32::MAX.
    let far = Error::new(InputTooLarge, Path::ROOT, usize::MAX);
    assert_eq!(far.offset(), u32::MAX as usize);
    // The error works as a boxed std error with its Display text.
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    assert_eq!(
        boxed.to_string(),
        "invalid_phone_number at call.phone_number (byte 99): invalid E.164 phone number"
    );
    assert!(boxed.source().is_none());
}

#[test]
fn domain_type_parse_errors() {
    let err = "not-a-uuid".parse::<sailor_webhook::Uuid>().unwrap_err();
    assert_eq!(err.to_string(), "invalid_uuid at $ (byte 0): invalid UUID");
    let err = "5555550100"
        .parse::<sailor_webhook::PhoneNumber>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid_phone_number at $ (byte 0): invalid E.164 phone number"
    );
}

/// The code path this build was compiled for: `compact` when forced with
/// `SAILOR_WEBHOOK_PATH=compact` (CI runs the whole suite so), else the
/// target's default (fast on 64-bit hosts).
#[test]
fn the_code_path_is_the_one_asked_for() {
    let expected = match option_env!("SAILOR_WEBHOOK_PATH") {
        Some("compact") => "compact",
        Some("fast") => "fast",
        _ if cfg!(target_pointer_width = "64") || cfg!(target_arch = "wasm32") => "fast",
        _ => "compact",
    };
    assert_eq!(sailor_webhook::CODE_PATH, expected);
}
