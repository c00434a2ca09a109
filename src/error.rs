//! The one error type every stage shares: a kind, a field path and a byte offset.

use core::fmt;

/// What went wrong. The [`code`](ErrorKind::code) strings are stable API.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ErrorKind {
    /// The input is longer than [`Options::max_input_bytes`](crate::Options::max_input_bytes).
    InputTooLarge,
    /// The input ended inside a value.
    UnexpectedEnd,
    /// A byte that JSON does not allow at this place.
    UnexpectedByte,
    /// The input starts with a UTF-8 byte-order mark (RFC 8259 §8.1 forbids sending one).
    ByteOrderMark,
    /// Something other than whitespace follows the top-level object.
    TrailingData,
    /// Invalid UTF-8: a bad sequence, an overlong form or an encoded surrogate.
    InvalidUtf8,
    /// A raw control character (U+0000 to U+001F) inside a string.
    ControlCharacter,
    /// An unknown escape, or a `\u` escape without four hex digits.
    InvalidEscape,
    /// A `\u` escape of a surrogate that is not part of a valid pair.
    LoneSurrogate,
    /// A number that is not valid JSON (leading zero, missing digits, ...).
    InvalidNumber,
    /// Containers nested deeper than [`Options::max_depth`](crate::Options::max_depth).
    DepthLimit,
    /// A string longer than [`Options::max_string_bytes`](crate::Options::max_string_bytes).
    StringTooLong,
    /// A member name appears twice in one object (compared after unescaping).
    DuplicateKey,
    /// More member names held at once by the duplicate check than
    /// [`Options::max_members`](crate::Options::max_members) (64 by default):
    /// the unknown members of the objects still open, and every member of an
    /// object inside an unknown value.
    TooManyMembers,
    /// An unknown member, in strict mode.
    UnknownMember,
    /// A required member is absent.
    MissingField,
    /// A member has the wrong JSON type (a string where a number belongs, `null`, ...).
    WrongType,
    /// Not a 36-character hyphenated UUID.
    InvalidUuid,
    /// Not an E.164 number: `+`, then 2 to 15 digits, the first not `0`.
    InvalidPhoneNumber,
    /// A timestamp that is negative (`-0` too), fractional, has an exponent,
    /// is above 2^53 − 1 ([`MAX_TIMESTAMP`](crate::MAX_TIMESTAMP)),
    /// or a seconds value below 100000000 (before 1973-03-03), whose
    /// millisecond form would read back as seconds.
    InvalidTimestamp,
    /// A timestamp in seconds (below 100000000000), in strict mode.
    TimestampInSeconds,
    /// Older than `now_ms - tolerance` (see [`Options::now_ms`](crate::Options::now_ms)).
    TimestampTooOld,
    /// Newer than `now_ms + tolerance` (see [`Options::now_ms`](crate::Options::now_ms)).
    TimestampInFuture,
    /// A string outside its length rule (`outcome_name`: 1 to 120 characters).
    InvalidLength,
    /// A string that is not one of the documented enum values.
    UnknownEnumValue,
    /// Destination members that do not fit the `destination_type` or `selection`.
    InconsistentDestination,
    /// A value that does not fit the fixed capacity of the owned event.
    CapacityExceeded,
    /// The output buffer is too small for the serialized event.
    BufferTooSmall,
    /// An HTTP method other than `POST` (see [`receive`](crate::receive)).
    MethodNotAllowed,
    /// A content type other than `application/json` (see [`receive`](crate::receive)).
    UnsupportedMediaType,
}

impl ErrorKind {
    /// The stable snake_case code of this kind, e.g. `"invalid_uuid"`.
    pub const fn code(self) -> &'static str {
        use ErrorKind::*;
        match self {
            InputTooLarge => "input_too_large",
            UnexpectedEnd => "unexpected_end",
            UnexpectedByte => "unexpected_byte",
            ByteOrderMark => "byte_order_mark",
            TrailingData => "trailing_data",
            InvalidUtf8 => "invalid_utf8",
            ControlCharacter => "control_character",
            InvalidEscape => "invalid_escape",
            LoneSurrogate => "lone_surrogate",
            InvalidNumber => "invalid_number",
            DepthLimit => "depth_limit",
            StringTooLong => "string_too_long",
            DuplicateKey => "duplicate_key",
            TooManyMembers => "too_many_members",
            UnknownMember => "unknown_member",
            MissingField => "missing_field",
            WrongType => "wrong_type",
            InvalidUuid => "invalid_uuid",
            InvalidPhoneNumber => "invalid_phone_number",
            InvalidTimestamp => "invalid_timestamp",
            TimestampInSeconds => "timestamp_in_seconds",
            TimestampTooOld => "timestamp_too_old",
            TimestampInFuture => "timestamp_in_future",
            InvalidLength => "invalid_length",
            UnknownEnumValue => "unknown_enum_value",
            InconsistentDestination => "inconsistent_destination",
            CapacityExceeded => "capacity_exceeded",
            BufferTooSmall => "buffer_too_small",
            MethodNotAllowed => "method_not_allowed",
            UnsupportedMediaType => "unsupported_media_type",
        }
    }

    /// A short human description, stable like [`code`](Self::code).
    pub const fn message(self) -> &'static str {
        use ErrorKind::*;
        match self {
            InputTooLarge => "input too large",
            UnexpectedEnd => "unexpected end of input",
            UnexpectedByte => "unexpected byte",
            ByteOrderMark => "byte-order mark not allowed",
            TrailingData => "data after the top-level object",
            InvalidUtf8 => "invalid UTF-8",
            ControlCharacter => "raw control character in string",
            InvalidEscape => "invalid escape",
            LoneSurrogate => "lone surrogate escape",
            InvalidNumber => "invalid number",
            DepthLimit => "nesting too deep",
            StringTooLong => "string too long",
            DuplicateKey => "duplicate member name",
            TooManyMembers => "too many members",
            UnknownMember => "unknown member",
            MissingField => "missing field",
            WrongType => "wrong JSON type",
            InvalidUuid => "invalid UUID",
            InvalidPhoneNumber => "invalid E.164 phone number",
            InvalidTimestamp => "invalid timestamp",
            TimestampInSeconds => "timestamp in seconds",
            TimestampTooOld => "timestamp too old",
            TimestampInFuture => "timestamp in the future",
            InvalidLength => "invalid length",
            UnknownEnumValue => "unknown enum value",
            InconsistentDestination => "inconsistent destination",
            CapacityExceeded => "capacity exceeded",
            BufferTooSmall => "output buffer too small",
            MethodNotAllowed => "method not allowed",
            UnsupportedMediaType => "unsupported media type",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A member of the payload schema: the field part of a [`Path`].
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Field {
    /// The top-level object itself.
    Root,
    /// `timestamp`
    Timestamp,
    /// `scope`
    Scope,
    /// `scope.subaccount_id`
    SubaccountId,
    /// `scope.organization_id`
    OrganizationId,
    /// `outcome`
    Outcome,
    /// `outcome.outcome_id`
    OutcomeId,
    /// `outcome.outcome_name`
    OutcomeName,
    /// `outcome.outcome_type`
    OutcomeType,
    /// `call`
    Call,
    /// `call.call_id`
    CallId,
    /// `call.phone_number`
    PhoneNumber,
    /// `call.contact_id`
    ContactId,
    /// `destination`
    Destination,
    /// `destination.destination_type`
    DestinationType,
    /// `destination.destination_id`
    DestinationId,
    /// `destination.selection`
    Selection,
    /// `destination.destination_ids`
    DestinationIds,
    /// `error_message`
    ErrorMessage,
}

impl Field {
    /// The dotted path of this field, e.g. `"call.phone_number"`; `"$"` for the root.
    pub const fn as_str(self) -> &'static str {
        use Field::*;
        match self {
            Root => "$",
            Timestamp => "timestamp",
            Scope => "scope",
            SubaccountId => "scope.subaccount_id",
            OrganizationId => "scope.organization_id",
            Outcome => "outcome",
            OutcomeId => "outcome.outcome_id",
            OutcomeName => "outcome.outcome_name",
            OutcomeType => "outcome.outcome_type",
            Call => "call",
            CallId => "call.call_id",
            PhoneNumber => "call.phone_number",
            ContactId => "call.contact_id",
            Destination => "destination",
            DestinationType => "destination.destination_type",
            DestinationId => "destination.destination_id",
            Selection => "destination.selection",
            DestinationIds => "destination.destination_ids",
            ErrorMessage => "error_message",
        }
    }
}

/// Where in the payload an error is: a field, an optional array index, or an
/// unknown member of an object.
///
/// It displays as `call.phone_number`, `destination.destination_ids[2]`,
/// `$` (the top-level object), or `call.*` / `*` for an unknown member of
/// `call` / of the top-level object (whose name the error does not copy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Path {
    field: Field,
    index: Option<u16>,
    unknown: bool,
}

impl Path {
    /// The top-level object.
    pub const ROOT: Path = Path::field(Field::Root);

    /// The path of a schema field.
    pub const fn field(field: Field) -> Path {
        Path {
            field,
            index: None,
            unknown: false,
        }
    }

    /// The path of element `index` of an array field (saturates at `u16::MAX`).
    pub const fn index(field: Field, index: usize) -> Path {
        let index = if index > u16::MAX as usize {
            u16::MAX
        } else {
            index as u16
        };
        Path {
            field,
            index: Some(index),
            unknown: false,
        }
    }

    /// The path of an unknown member inside the object `parent`.
    pub const fn unknown_in(parent: Field) -> Path {
        Path {
            field: parent,
            index: None,
            unknown: true,
        }
    }

    /// The schema field this path names (for an unknown member, its parent object).
    pub const fn schema_field(&self) -> Field {
        self.field
    }

    /// The array index, for an element of `destination_ids`.
    pub const fn array_index(&self) -> Option<usize> {
        match self.index {
            Some(i) => Some(i as usize),
            None => None,
        }
    }

    /// Whether the path is inside an unknown member.
    pub const fn is_unknown_member(&self) -> bool {
        self.unknown
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.unknown, self.field) {
            (true, Field::Root) => return f.write_str("*"),
            (true, field) => return write!(f, "{}.*", field.as_str()),
            _ => {}
        }
        f.write_str(self.field.as_str())?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        Ok(())
    }
}

/// A rejected payload: the [`ErrorKind`], the [`Path`] of the field, and the
/// byte offset in the input.
///
/// It is small and `Copy`. Its `Display` form is stable:
/// `invalid_uuid at call.call_id (byte 212): invalid UUID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Error {
    kind: ErrorKind,
    path: Path,
    offset: u32,
}

impl Error {
    /// An error of `kind` at `path`, at byte `offset` of the input (saturating at `u32::MAX`).
    pub const fn new(kind: ErrorKind, path: Path, offset: usize) -> Error {
        let offset = if offset > u32::MAX as usize {
            u32::MAX
        } else {
            offset as u32
        };
        Error { kind, path, offset }
    }

    /// What went wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable snake_case code of the kind (`"invalid_uuid"`).
    pub const fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Which field.
    pub const fn path(&self) -> Path {
        self.path
    }

    /// The byte offset in the input where the problem was found.
    pub const fn offset(&self) -> usize {
        self.offset as usize
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {} (byte {}): {}",
            self.kind.code(),
            self.path,
            self.offset,
            self.kind.message()
        )
    }
}

impl core::error::Error for Error {}

/// A problem found by the scanner, before the field path is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) kind: ErrorKind,
    pub(crate) at: usize,
}

impl Fault {
    pub(crate) const fn new(kind: ErrorKind, at: usize) -> Fault {
        Fault { kind, at }
    }

    pub(crate) const fn at(self, path: Path) -> Error {
        Error::new(self.kind, path, self.at)
    }
}
