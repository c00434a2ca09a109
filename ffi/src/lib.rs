//! The C ABI of [sailor-webhook](https://docs.rs/sailor-webhook): strict,
//! zero-allocation validation of Sailor outcome webhooks from C.
//!
//! The header is `include/sailor_webhook.h`, generated from this file by
//! cbindgen (`ffi/cbindgen.toml`) and committed; `ffi/README.md` shows how
//! to build and link it. Every function:
//!
//! - allocates nothing and touches no global state, so it may be called from
//!   several threads at once (a given `sw_event` or `sw_dedup` is the
//!   caller's to lock if threads share it);
//! - answers a NULL pointer, an uninitialised object or a buffer that is too
//!   small with a negative [`sw_status`] (`SW_ERR_*`), never with undefined
//!   behaviour or a panic;
//! - answers a rejected payload or request with [`SW_REJECTED`] and fills the
//!   caller's [`sw_error`] (kind, path, byte offset) when it is not NULL.
//!
//! The owned event is the core's `OutcomeEvent` at its default capacities
//! (`outcome_name` 480 bytes, 16 `destination_ids`, `error_message` 256
//! bytes), stored *opaquely* in [`sw_event`]: `sw_parse_into` runs the core's
//! `parse_into` in that storage (its low stack, and exactly the core's
//! capacity errors), and [`sw_event_read`] gives C a struct of borrowed
//! fields. A `#[repr(C)]` mirror would have needed a second 1.1 KiB copy (or a
//! second implementation of the capacity rules) on every parse.
//!
//! `unsafe` is only at the boundary: turning the caller's pointers into
//! references and slices, each with a SAFETY comment naming the caller's
//! contract that the header documents.
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]
#![allow(non_camel_case_types)]

use core::fmt::{self, Write};
use core::mem::{align_of, size_of};
use core::slice;

use sailor_webhook::receive::{self, Decision};
use sailor_webhook::{
    DestinationView, Error, ErrorKind, Field, Options, OutcomeEvent, OutcomeType, OutcomeView,
    Path, Uuid,
};

#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // Unreachable by design (the core is proven panic-free at link time);
    // without std there is nothing better to do than stop.
    loop {}
}

// ---------------------------------------------------------------------------
// Status codes

/// The result of every `sw_` function that can fail: `SW_OK` (0),
/// `SW_REJECTED` (1: the payload or request was refused; the `sw_error`
/// says why), or a negative `SW_ERR_*` for a misuse of the API.
pub type sw_status = i32;

/// Success.
pub const SW_OK: i32 = 0;
/// The payload (or the HTTP request) was rejected; the `sw_error` out
/// parameter, when not NULL, holds the kind, path and byte offset.
pub const SW_REJECTED: i32 = 1;
/// A required pointer argument was NULL.
pub const SW_ERR_NULL: i32 = -1;
/// An output buffer was too small (or of length zero); nothing useful was
/// written, and any length out parameter says how many bytes are needed.
pub const SW_ERR_BUFFER_TOO_SMALL: i32 = -2;
/// An `sw_event` or `sw_dedup` that was not initialised with its `_init`
/// function (or was overwritten).
pub const SW_ERR_UNINITIALIZED: i32 = -3;
/// An argument out of range: an index past the end, a field or kind number
/// that does not exist, a string descriptor that was not made by this library.
pub const SW_ERR_ARGUMENT: i32 = -4;

// ---------------------------------------------------------------------------
// Error kinds (the core's ErrorKind, numbered; the numbers are stable ABI)

/// No error (an `sw_error` after a success).
pub const SW_KIND_NONE: u32 = 0;
/// `input_too_large`: longer than `max_input_bytes` (HTTP 413).
pub const SW_KIND_INPUT_TOO_LARGE: u32 = 1;
/// `unexpected_end`: the input ended inside a value.
pub const SW_KIND_UNEXPECTED_END: u32 = 2;
/// `unexpected_byte`: a byte JSON does not allow at this place.
pub const SW_KIND_UNEXPECTED_BYTE: u32 = 3;
/// `byte_order_mark`: the input starts with a UTF-8 BOM.
pub const SW_KIND_BYTE_ORDER_MARK: u32 = 4;
/// `trailing_data`: something other than whitespace after the object.
pub const SW_KIND_TRAILING_DATA: u32 = 5;
/// `invalid_utf8`: bad sequence, overlong form or encoded surrogate.
pub const SW_KIND_INVALID_UTF8: u32 = 6;
/// `control_character`: a raw U+0000..U+001F inside a string.
pub const SW_KIND_CONTROL_CHARACTER: u32 = 7;
/// `invalid_escape`: an unknown escape or a `\u` without four hex digits.
pub const SW_KIND_INVALID_ESCAPE: u32 = 8;
/// `lone_surrogate`: a `\u` surrogate that is not part of a valid pair.
pub const SW_KIND_LONE_SURROGATE: u32 = 9;
/// `invalid_number`: a number that is not valid JSON.
pub const SW_KIND_INVALID_NUMBER: u32 = 10;
/// `depth_limit`: nested deeper than `max_depth`.
pub const SW_KIND_DEPTH_LIMIT: u32 = 11;
/// `string_too_long`: a string longer than `max_string_bytes`.
pub const SW_KIND_STRING_TOO_LONG: u32 = 12;
/// `duplicate_key`: a member name twice in one object.
pub const SW_KIND_DUPLICATE_KEY: u32 = 13;
/// `too_many_members`: more names held by the duplicate check than `max_members`.
pub const SW_KIND_TOO_MANY_MEMBERS: u32 = 14;
/// `unknown_member`: an unknown member, in strict mode.
pub const SW_KIND_UNKNOWN_MEMBER: u32 = 15;
/// `missing_field`: a required member is absent.
pub const SW_KIND_MISSING_FIELD: u32 = 16;
/// `wrong_type`: a member has the wrong JSON type.
pub const SW_KIND_WRONG_TYPE: u32 = 17;
/// `invalid_uuid`: not a 36-character hyphenated UUID.
pub const SW_KIND_INVALID_UUID: u32 = 18;
/// `invalid_phone_number`: not E.164.
pub const SW_KIND_INVALID_PHONE_NUMBER: u32 = 19;
/// `invalid_timestamp`: negative, fractional, exponent, too large or too small.
pub const SW_KIND_INVALID_TIMESTAMP: u32 = 20;
/// `timestamp_in_seconds`: a timestamp in seconds, in strict mode.
pub const SW_KIND_TIMESTAMP_IN_SECONDS: u32 = 21;
/// `timestamp_too_old`: older than `now_ms - tolerance_ms`.
pub const SW_KIND_TIMESTAMP_TOO_OLD: u32 = 22;
/// `timestamp_in_future`: newer than `now_ms + tolerance_ms`.
pub const SW_KIND_TIMESTAMP_IN_FUTURE: u32 = 23;
/// `invalid_length`: a string outside its length rule.
pub const SW_KIND_INVALID_LENGTH: u32 = 24;
/// `unknown_enum_value`: not one of the documented enum values.
pub const SW_KIND_UNKNOWN_ENUM_VALUE: u32 = 25;
/// `inconsistent_destination`: destination members that do not fit together.
pub const SW_KIND_INCONSISTENT_DESTINATION: u32 = 26;
/// `capacity_exceeded`: does not fit the owned event (`sw_parse_into` only).
pub const SW_KIND_CAPACITY_EXCEEDED: u32 = 27;
/// `buffer_too_small`: reserved for the core's serializer error; the C API
/// reports a small buffer as `SW_ERR_BUFFER_TOO_SMALL` instead.
pub const SW_KIND_BUFFER_TOO_SMALL: u32 = 28;
/// `method_not_allowed`: an HTTP method other than POST (HTTP 405).
pub const SW_KIND_METHOD_NOT_ALLOWED: u32 = 29;
/// `unsupported_media_type`: a content type other than application/json (HTTP 415).
pub const SW_KIND_UNSUPPORTED_MEDIA_TYPE: u32 = 30;
/// A kind this version of the C API does not know (a newer core); its code is `"unknown"`.
pub const SW_KIND_UNKNOWN: u32 = 255;

fn kind_number(kind: ErrorKind) -> u32 {
    use ErrorKind::*;
    match kind {
        InputTooLarge => SW_KIND_INPUT_TOO_LARGE,
        UnexpectedEnd => SW_KIND_UNEXPECTED_END,
        UnexpectedByte => SW_KIND_UNEXPECTED_BYTE,
        ByteOrderMark => SW_KIND_BYTE_ORDER_MARK,
        TrailingData => SW_KIND_TRAILING_DATA,
        InvalidUtf8 => SW_KIND_INVALID_UTF8,
        ControlCharacter => SW_KIND_CONTROL_CHARACTER,
        InvalidEscape => SW_KIND_INVALID_ESCAPE,
        LoneSurrogate => SW_KIND_LONE_SURROGATE,
        InvalidNumber => SW_KIND_INVALID_NUMBER,
        DepthLimit => SW_KIND_DEPTH_LIMIT,
        StringTooLong => SW_KIND_STRING_TOO_LONG,
        DuplicateKey => SW_KIND_DUPLICATE_KEY,
        TooManyMembers => SW_KIND_TOO_MANY_MEMBERS,
        UnknownMember => SW_KIND_UNKNOWN_MEMBER,
        MissingField => SW_KIND_MISSING_FIELD,
        WrongType => SW_KIND_WRONG_TYPE,
        InvalidUuid => SW_KIND_INVALID_UUID,
        InvalidPhoneNumber => SW_KIND_INVALID_PHONE_NUMBER,
        InvalidTimestamp => SW_KIND_INVALID_TIMESTAMP,
        TimestampInSeconds => SW_KIND_TIMESTAMP_IN_SECONDS,
        TimestampTooOld => SW_KIND_TIMESTAMP_TOO_OLD,
        TimestampInFuture => SW_KIND_TIMESTAMP_IN_FUTURE,
        InvalidLength => SW_KIND_INVALID_LENGTH,
        UnknownEnumValue => SW_KIND_UNKNOWN_ENUM_VALUE,
        InconsistentDestination => SW_KIND_INCONSISTENT_DESTINATION,
        CapacityExceeded => SW_KIND_CAPACITY_EXCEEDED,
        BufferTooSmall => SW_KIND_BUFFER_TOO_SMALL,
        MethodNotAllowed => SW_KIND_METHOD_NOT_ALLOWED,
        UnsupportedMediaType => SW_KIND_UNSUPPORTED_MEDIA_TYPE,
        _ => SW_KIND_UNKNOWN,
    }
}

/// The kinds in number order (index = number - 1), for the reverse mapping.
const KINDS: [ErrorKind; 30] = {
    use ErrorKind::*;
    [
        InputTooLarge,
        UnexpectedEnd,
        UnexpectedByte,
        ByteOrderMark,
        TrailingData,
        InvalidUtf8,
        ControlCharacter,
        InvalidEscape,
        LoneSurrogate,
        InvalidNumber,
        DepthLimit,
        StringTooLong,
        DuplicateKey,
        TooManyMembers,
        UnknownMember,
        MissingField,
        WrongType,
        InvalidUuid,
        InvalidPhoneNumber,
        InvalidTimestamp,
        TimestampInSeconds,
        TimestampTooOld,
        TimestampInFuture,
        InvalidLength,
        UnknownEnumValue,
        InconsistentDestination,
        CapacityExceeded,
        BufferTooSmall,
        MethodNotAllowed,
        UnsupportedMediaType,
    ]
};

fn kind_of(number: u32) -> Option<ErrorKind> {
    KINDS.get((number as usize).checked_sub(1)?).copied()
}

/// NUL-terminated code strings, in number order (index = number - 1).
const CODES: [&core::ffi::CStr; 30] = [
    c"input_too_large",
    c"unexpected_end",
    c"unexpected_byte",
    c"byte_order_mark",
    c"trailing_data",
    c"invalid_utf8",
    c"control_character",
    c"invalid_escape",
    c"lone_surrogate",
    c"invalid_number",
    c"depth_limit",
    c"string_too_long",
    c"duplicate_key",
    c"too_many_members",
    c"unknown_member",
    c"missing_field",
    c"wrong_type",
    c"invalid_uuid",
    c"invalid_phone_number",
    c"invalid_timestamp",
    c"timestamp_in_seconds",
    c"timestamp_too_old",
    c"timestamp_in_future",
    c"invalid_length",
    c"unknown_enum_value",
    c"inconsistent_destination",
    c"capacity_exceeded",
    c"buffer_too_small",
    c"method_not_allowed",
    c"unsupported_media_type",
];

// ---------------------------------------------------------------------------
// Fields (the core's Field, numbered)

/// The schema fields, in number order (index = `SW_FIELD_*` number).
const FIELDS: [Field; 19] = {
    use Field::*;
    [
        Root,
        Timestamp,
        Scope,
        SubaccountId,
        OrganizationId,
        Outcome,
        OutcomeId,
        OutcomeName,
        OutcomeType,
        Call,
        CallId,
        PhoneNumber,
        ContactId,
        Destination,
        DestinationType,
        DestinationId,
        Selection,
        DestinationIds,
        ErrorMessage,
    ]
};

/// The top-level object (`$`).
pub const SW_FIELD_ROOT: u32 = 0;
/// `timestamp`
pub const SW_FIELD_TIMESTAMP: u32 = 1;
/// `scope`
pub const SW_FIELD_SCOPE: u32 = 2;
/// `scope.subaccount_id`
pub const SW_FIELD_SUBACCOUNT_ID: u32 = 3;
/// `scope.organization_id`
pub const SW_FIELD_ORGANIZATION_ID: u32 = 4;
/// `outcome`
pub const SW_FIELD_OUTCOME: u32 = 5;
/// `outcome.outcome_id`
pub const SW_FIELD_OUTCOME_ID: u32 = 6;
/// `outcome.outcome_name`
pub const SW_FIELD_OUTCOME_NAME: u32 = 7;
/// `outcome.outcome_type`
pub const SW_FIELD_OUTCOME_TYPE: u32 = 8;
/// `call`
pub const SW_FIELD_CALL: u32 = 9;
/// `call.call_id`
pub const SW_FIELD_CALL_ID: u32 = 10;
/// `call.phone_number`
pub const SW_FIELD_PHONE_NUMBER: u32 = 11;
/// `call.contact_id`
pub const SW_FIELD_CONTACT_ID: u32 = 12;
/// `destination`
pub const SW_FIELD_DESTINATION: u32 = 13;
/// `destination.destination_type`
pub const SW_FIELD_DESTINATION_TYPE: u32 = 14;
/// `destination.destination_id`
pub const SW_FIELD_DESTINATION_ID: u32 = 15;
/// `destination.selection`
pub const SW_FIELD_SELECTION: u32 = 16;
/// `destination.destination_ids`
pub const SW_FIELD_DESTINATION_IDS: u32 = 17;
/// `error_message`
pub const SW_FIELD_ERROR_MESSAGE: u32 = 18;

fn field_number(field: Field) -> u32 {
    FIELDS
        .iter()
        .position(|f| *f == field)
        .map_or(SW_FIELD_ROOT, |i| i as u32)
}

// ---------------------------------------------------------------------------
// The error

/// Why a payload or request was rejected: the kind, the field path and the
/// byte offset in the input. Filled by the library; read it directly, turn
/// the path into text with `sw_error_path` and the kind with
/// `sw_error_code_str`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct sw_error {
    /// The kind: one of `SW_KIND_*` (`SW_KIND_NONE` after a success).
    pub kind: u32,
    /// The byte offset in the input where the problem was found.
    pub offset: u32,
    /// The schema field of the path: one of `SW_FIELD_*` (for an unknown
    /// member, the object that holds it).
    pub field: u32,
    /// The array index for an element of `destination.destination_ids`, else -1.
    pub index: i32,
    /// 1 when the path is an unknown member of `field` (displayed `field.*`,
    /// or `*` at the top level), else 0.
    pub unknown_member: u8,
    /// The HTTP status this error answers: 400, 405, 413 or 415.
    pub http_status: u16,
}

impl sw_error {
    const NONE: sw_error = sw_error {
        kind: SW_KIND_NONE,
        offset: 0,
        field: SW_FIELD_ROOT,
        index: -1,
        unknown_member: 0,
        http_status: 0,
    };

    fn from_core(e: &Error) -> sw_error {
        let path = e.path();
        sw_error {
            kind: kind_number(e.kind()),
            offset: u32::try_from(e.offset()).unwrap_or(u32::MAX),
            field: field_number(path.schema_field()),
            index: path
                .array_index()
                .map_or(-1, |i| i32::try_from(i).unwrap_or(i32::MAX)),
            unknown_member: u8::from(path.is_unknown_member()),
            http_status: receive::status_for(e.kind()),
        }
    }

    fn path(&self) -> Option<Path> {
        let field = *FIELDS.get(self.field as usize)?;
        Some(if self.unknown_member != 0 {
            Path::unknown_in(field)
        } else if self.index >= 0 {
            Path::index(field, self.index as usize)
        } else {
            Path::field(field)
        })
    }
}

/// Records `e` in the caller's error (when given) and answers `SW_REJECTED`.
fn reject(err: Option<&mut sw_error>, e: &Error) -> sw_status {
    if let Some(out) = err {
        *out = sw_error::from_core(e);
    }
    SW_REJECTED
}

fn clear(err: &mut Option<&mut sw_error>) {
    if let Some(out) = err {
        **out = sw_error::NONE;
    }
}

/// A `fmt::Write` into a caller's byte buffer that fails instead of overflowing.
struct Cursor<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Write for Cursor<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Writes `value`'s text and a NUL into `buf`; the length without the NUL,
/// or `None` when it does not fit.
fn write_c_string(buf: &mut [u8], value: impl fmt::Display) -> Option<usize> {
    let mut cursor = Cursor { buf, len: 0 };
    write!(cursor, "{value}").ok()?;
    cursor.write_str("\0").ok()?;
    Some(cursor.len - 1)
}

// ---------------------------------------------------------------------------
// Pointer helpers (the only place raw input pointers become slices)

/// The caller's input bytes. NULL is `SW_ERR_NULL` (even with length 0).
///
/// # Safety
/// `ptr` must be valid for reads of `len` bytes for the lifetime `'a`.
unsafe fn input<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], sw_status> {
    if ptr.is_null() {
        return Err(SW_ERR_NULL);
    }
    // SAFETY: not NULL; the caller guarantees `len` readable bytes (header
    // contract of every function taking `input`/`len`).
    Ok(unsafe { slice::from_raw_parts(ptr, len) })
}

/// The caller's output buffer. NULL is `SW_ERR_NULL`.
///
/// # Safety
/// `ptr` must be valid for writes of `len` bytes for the lifetime `'a`,
/// and not aliased by anything else the call reads.
unsafe fn output<'a>(ptr: *mut u8, len: usize) -> Result<&'a mut [u8], sw_status> {
    if ptr.is_null() {
        return Err(SW_ERR_NULL);
    }
    // SAFETY: not NULL; the caller guarantees `len` writable bytes.
    Ok(unsafe { slice::from_raw_parts_mut(ptr, len) })
}

/// The options: NULL means the defaults.
fn options(opts: Option<&sw_options>) -> Options {
    opts.map_or_else(Options::new, sw_options::core)
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(status) => return status,
        }
    };
}

// ---------------------------------------------------------------------------
// Options

/// How to parse. Zero-initialise it (`sw_options o = {0};`) for the
/// defaults, or call `sw_options_default`; then set what you need.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct sw_options {
    /// Non-zero: strict mode (rejects unknown members and timestamps in
    /// seconds). Zero: lenient (the default).
    pub strict: u8,
    /// Non-zero: check the timestamp against `now_ms` ± `tolerance_ms`
    /// (`timestamp_too_old`, `timestamp_in_future`). The library reads no clock.
    pub check_clock: u8,
    /// The input limit in bytes (`input_too_large` above it); 0: the default, 65536.
    pub max_input_bytes: u32,
    /// The nesting limit (top-level object = 1); 0: the default, 32; at most 64.
    pub max_depth: u32,
    /// The limit for any one string in raw bytes; 0: the default, 16384.
    pub max_string_bytes: u32,
    /// Member names held at once by the duplicate check; 0: the default and
    /// the largest, 64.
    pub max_members: u32,
    /// The current time in milliseconds since the Unix epoch (with `check_clock`).
    pub now_ms: u64,
    /// The accepted distance from `now_ms` in milliseconds (with `check_clock`).
    pub tolerance_ms: u64,
}

impl sw_options {
    fn core(&self) -> Options {
        let mut o = Options::new().strict(self.strict != 0);
        if self.max_input_bytes != 0 {
            o = o.max_input_bytes(self.max_input_bytes as usize);
        }
        if self.max_depth != 0 {
            o = o.max_depth(self.max_depth as usize);
        }
        if self.max_string_bytes != 0 {
            o = o.max_string_bytes(self.max_string_bytes as usize);
        }
        if self.max_members != 0 {
            o = o.max_members(self.max_members as usize);
        }
        if self.check_clock != 0 {
            o = o.now_ms(self.now_ms, self.tolerance_ms);
        }
        o
    }
}

/// Fills `*opts` with the defaults: lenient, 65536-byte input, depth 32,
/// 16384-byte strings, 64 member names, no clock check (all-zero fields).
/// Returns `SW_ERR_NULL` when `opts` is NULL, else `SW_OK`.
///
/// # Safety
/// `opts` is NULL or points to writable `sw_options`.
#[no_mangle]
pub unsafe extern "C" fn sw_options_default(opts: *mut sw_options) -> sw_status {
    // SAFETY: NULL or a valid, exclusive sw_options (header contract).
    match unsafe { opts.as_mut() } {
        Some(o) => {
            *o = sw_options::default();
            SW_OK
        }
        None => SW_ERR_NULL,
    }
}

// ---------------------------------------------------------------------------
// Validate

/// Validates a payload, building nothing.
///
/// - `input`/`input_len`: the whole body. `input` must not be NULL (a
///   zero-length body is `SW_REJECTED` with `unexpected_end` at 0).
/// - `opts`: NULL for the defaults.
/// - `err`: NULL, or filled with the reason on `SW_REJECTED` (and cleared
///   to `SW_KIND_NONE` on `SW_OK`).
///
/// Returns `SW_OK`, `SW_REJECTED` or `SW_ERR_NULL`.
///
/// # Safety
/// `input` points to `input_len` readable bytes; `opts` and `err` are NULL
/// or valid.
#[no_mangle]
pub unsafe extern "C" fn sw_validate(
    input: *const u8,
    input_len: usize,
    opts: *const sw_options,
    err: *mut sw_error,
) -> sw_status {
    // SAFETY: NULL or valid and exclusive for the call (header contract).
    let mut err = unsafe { err.as_mut() };
    clear(&mut err);
    // SAFETY: `input_len` readable bytes at `input` (header contract).
    let bytes = tri!(unsafe { self::input(input, input_len) });
    // SAFETY: NULL or a valid sw_options (header contract).
    let o = options(unsafe { opts.as_ref() });
    match o.validate(bytes) {
        Ok(()) => SW_OK,
        Err(e) => reject(err, &e),
    }
}

// ---------------------------------------------------------------------------
// The borrowed view

/// A JSON string of the payload, still in the caller's input: the raw text
/// between the quotes, escapes not decoded. When `escaped` is 0 the raw
/// bytes are the text (UTF-8, no NUL terminator); otherwise decode it with
/// `sw_str_decode`. Valid as long as the input buffer is.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sw_str {
    /// The first raw byte (inside the input buffer).
    pub ptr: *const u8,
    /// The number of raw bytes.
    pub len: usize,
    /// The byte offset of the opening quote in the input.
    pub offset: u32,
    /// 1 when the raw text holds escapes (`\n`, `\u00e9`, ...), else 0.
    pub escaped: u8,
}

impl sw_str {
    fn of(s: &sailor_webhook::JsonStr<'_>) -> sw_str {
        sw_str {
            ptr: s.raw().as_ptr(),
            len: s.raw().len(),
            offset: u32::try_from(s.offset()).unwrap_or(u32::MAX),
            escaped: u8::from(s.has_escapes()),
        }
    }
}

/// What `destination` asks for.
pub type sw_destination_kind = u32;
/// No list movement (absent, `null` or `destination_type` `none`).
pub const SW_DESTINATION_NONE: u32 = 0;
/// Add to one Smart List: `destination_id`.
pub const SW_DESTINATION_SMART_LIST: u32 = 1;
/// Remove from every Smart List (`selection` `all`).
pub const SW_DESTINATION_REMOVE_ALL: u32 = 2;
/// Remove from the listed Smart Lists (`selection` `selected`): the ids.
pub const SW_DESTINATION_REMOVE_SELECTED: u32 = 3;

/// `outcome.outcome_type` `action`.
pub const SW_OUTCOME_ACTION: u32 = 0;
/// `outcome.outcome_type` `disposition`.
pub const SW_OUTCOME_DISPOSITION: u32 = 1;

/// A validated payload borrowed from the caller's input (no copies): filled
/// by `sw_parse_view` and `sw_decide`. The strings and the id list point
/// into the input and are valid as long as it is. UUIDs are 16 bytes in
/// text order (`sw_uuid_format` gives the 36-character form).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sw_view {
    /// `timestamp`, in milliseconds since the Unix epoch.
    pub timestamp_ms: u64,
    /// 1 when the payload sent seconds (lenient mode normalised them), else 0.
    pub timestamp_was_seconds: u8,
    /// `outcome.outcome_type`: `SW_OUTCOME_ACTION` or `SW_OUTCOME_DISPOSITION`.
    pub outcome_type: u32,
    /// `scope.subaccount_id`
    pub subaccount_id: [u8; 16],
    /// `scope.organization_id`
    pub organization_id: [u8; 16],
    /// `outcome.outcome_id`
    pub outcome_id: [u8; 16],
    /// `call.call_id`
    pub call_id: [u8; 16],
    /// `call.contact_id`
    pub contact_id: [u8; 16],
    /// `call.phone_number` in E.164 text (`+` and 2 to 15 digits), NUL-terminated.
    pub phone_number: [u8; 17],
    /// `outcome.outcome_name` (1 to 120 characters).
    pub outcome_name: sw_str,
    /// `error_message` (`""` when absent or `null`).
    pub error_message: sw_str,
    /// What `destination` asks for: one of `SW_DESTINATION_*`.
    pub destination_kind: sw_destination_kind,
    /// `destination.destination_id` for `SW_DESTINATION_SMART_LIST`, else zeros.
    pub destination_id: [u8; 16],
    /// The number of `destination.destination_ids` (`SW_DESTINATION_REMOVE_SELECTED`), else 0.
    pub destination_ids_count: u32,
    /// The raw `destination_ids` array text, `[` to `]`, in the input (NULL
    /// when there is none): iterate it with `sw_ids_begin`/`sw_ids_next`.
    pub destination_ids_raw: *const u8,
    /// The length of `destination_ids_raw`.
    pub destination_ids_raw_len: usize,
    /// The 32-byte idempotency key: `call_id` then `outcome_id` (for `sw_dedup_check`).
    pub idempotency_key: [u8; 32],
}

fn phone_text(n: &sailor_webhook::PhoneNumber) -> [u8; 17] {
    let mut out = [0u8; 17];
    let mut buf = [0u8; 16];
    let text = n.encode(&mut buf).as_bytes();
    if let Some(dst) = out.get_mut(..text.len()) {
        dst.copy_from_slice(text);
    }
    out
}

fn outcome_type_number(t: OutcomeType) -> u32 {
    match t {
        OutcomeType::Action => SW_OUTCOME_ACTION,
        OutcomeType::Disposition => SW_OUTCOME_DISPOSITION,
    }
}

impl sw_view {
    fn of(v: &OutcomeView<'_>) -> sw_view {
        let (kind, id, count, raw): (u32, [u8; 16], u32, &[u8]) = match v.destination {
            DestinationView::SmartList(id) => (SW_DESTINATION_SMART_LIST, *id.as_bytes(), 0, &[]),
            DestinationView::RemoveAll => (SW_DESTINATION_REMOVE_ALL, [0; 16], 0, &[]),
            DestinationView::RemoveSelected(list) => (
                SW_DESTINATION_REMOVE_SELECTED,
                [0; 16],
                u32::try_from(list.len()).unwrap_or(u32::MAX),
                &[], // patched by fill_view, which has the input
            ),
            _ => (SW_DESTINATION_NONE, [0; 16], 0, &[]),
        };
        sw_view {
            timestamp_ms: v.timestamp.millis(),
            timestamp_was_seconds: u8::from(v.timestamp.was_seconds()),
            outcome_type: outcome_type_number(v.outcome.outcome_type),
            subaccount_id: *v.scope.subaccount_id.as_bytes(),
            organization_id: *v.scope.organization_id.as_bytes(),
            outcome_id: *v.outcome.outcome_id.as_bytes(),
            call_id: *v.call.call_id.as_bytes(),
            contact_id: *v.call.contact_id.as_bytes(),
            phone_number: phone_text(&v.call.phone_number),
            outcome_name: sw_str::of(&v.outcome.outcome_name),
            error_message: sw_str::of(&v.error_message),
            destination_kind: kind,
            destination_id: id,
            destination_ids_count: count,
            destination_ids_raw: if raw.is_empty() {
                core::ptr::null()
            } else {
                raw.as_ptr()
            },
            destination_ids_raw_len: raw.len(),
            idempotency_key: *v.idempotency_key().as_bytes(),
        }
    }
}

/// Fills `out` from `v`, which borrows `input`; patches the id list's raw text.
fn fill_view(out: &mut sw_view, v: &OutcomeView<'_>, input: &[u8]) {
    *out = sw_view::of(v);
    if let DestinationView::RemoveSelected(list) = v.destination {
        let start = list.offset();
        // The array ends at the first `]` after `[`: ids are UUID strings, whose
        // text (escaped or not) holds no `]` byte.
        let rest = input.get(start..).unwrap_or_default();
        let end = rest.iter().position(|&b| b == b']').map_or(0, |i| i + 1);
        let raw = rest.get(..end).unwrap_or_default();
        out.destination_ids_raw = if raw.is_empty() {
            core::ptr::null()
        } else {
            raw.as_ptr()
        };
        out.destination_ids_raw_len = raw.len();
    }
}

/// Parses and validates a payload into a view borrowed from `input`.
///
/// Arguments as for `sw_validate`; `out` receives the view on `SW_OK` (it is
/// left unspecified otherwise). Returns `SW_OK`, `SW_REJECTED` or
/// `SW_ERR_NULL` (`input` or `out` NULL).
///
/// # Safety
/// `input` points to `input_len` readable bytes that outlive every use of
/// the view; `out` points to a writable `sw_view`; `opts`, `err` NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn sw_parse_view(
    input: *const u8,
    input_len: usize,
    opts: *const sw_options,
    out: *mut sw_view,
    err: *mut sw_error,
) -> sw_status {
    // SAFETY: NULL or valid and exclusive (header contract).
    let mut err = unsafe { err.as_mut() };
    clear(&mut err);
    // SAFETY: NULL or a valid, exclusive sw_view (header contract).
    let Some(out) = (unsafe { out.as_mut() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: `input_len` readable bytes at `input` (header contract).
    let bytes = tri!(unsafe { self::input(input, input_len) });
    // SAFETY: NULL or a valid sw_options (header contract).
    let o = options(unsafe { opts.as_ref() });
    // In place: one view on the stack (`parse_view` would return a second).
    let mut v = OutcomeView::new();
    match v.parse_into(bytes, &o) {
        Ok(()) => {
            fill_view(out, &v, bytes);
            SW_OK
        }
        Err(e) => reject(err, &e),
    }
}

/// Decodes a string of a view (escapes resolved) into `buf` as UTF-8 and a
/// NUL terminator; `*out_len` (when not NULL) receives the decoded length
/// without the NUL. The text may itself hold U+0000 (from `\u0000`): use
/// the length, not `strlen`, when that matters.
///
/// Returns `SW_OK`; `SW_ERR_NULL` (`s` or `buf` NULL, or `s->ptr` NULL with
/// a non-zero length); `SW_ERR_BUFFER_TOO_SMALL` when `buf_len` is below the
/// decoded length + 1 (then `*out_len` is the decoded length, and `buf` is
/// unspecified); `SW_ERR_ARGUMENT` when `s` does not hold valid escaped text
/// (it was not made by this library).
///
/// # Safety
/// `s` points to an `sw_str` from this library whose input is still alive;
/// `buf` to `buf_len` writable bytes; `out_len` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sw_str_decode(
    s: *const sw_str,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> sw_status {
    // SAFETY: NULL or a valid sw_str (header contract).
    let Some(s) = (unsafe { s.as_ref() }) else {
        return SW_ERR_NULL;
    };
    let raw: &[u8] = if s.len == 0 {
        &[]
    } else {
        // SAFETY: a non-empty sw_str from this library points to `len` bytes
        // of the caller's still-alive input (header contract).
        tri!(unsafe { self::input(s.ptr, s.len) })
    };
    // SAFETY: `buf_len` writable bytes at `buf` (header contract).
    let buf = tri!(unsafe { output(buf, buf_len) });
    let (status, len) = match unescape::decode(raw, buf) {
        Ok(n) => match buf.get_mut(n) {
            Some(nul) => {
                *nul = 0;
                (SW_OK, n)
            }
            None => (SW_ERR_BUFFER_TOO_SMALL, n),
        },
        Err(unescape::Fail::TooSmall(n)) => (SW_ERR_BUFFER_TOO_SMALL, n),
        Err(unescape::Fail::Malformed) => (SW_ERR_ARGUMENT, 0),
    };
    // SAFETY: NULL or writable (header contract).
    if let Some(l) = unsafe { out_len.as_mut() } {
        *l = len;
    }
    status
}

/// An iterator over the `destination.destination_ids` of a view. Start it
/// with `sw_ids_begin`; its fields are the library's.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sw_ids {
    /// The raw array text (from the view).
    pub raw: *const u8,
    /// Its length.
    pub raw_len: usize,
    /// The read position in `raw`.
    pub pos: usize,
}

/// Starts `*it` over the ids of `view` (none unless its destination is
/// `SW_DESTINATION_REMOVE_SELECTED`). Returns `SW_OK` or `SW_ERR_NULL`.
///
/// # Safety
/// `view` points to a view from `sw_parse_view`/`sw_decide`; `it` to a writable `sw_ids`.
#[no_mangle]
pub unsafe extern "C" fn sw_ids_begin(view: *const sw_view, it: *mut sw_ids) -> sw_status {
    // SAFETY: NULL or valid (header contract).
    let (Some(view), Some(it)) = (unsafe { view.as_ref() }, unsafe { it.as_mut() }) else {
        return SW_ERR_NULL;
    };
    *it = sw_ids {
        raw: view.destination_ids_raw,
        raw_len: if view.destination_ids_raw.is_null() {
            0
        } else {
            view.destination_ids_raw_len
        },
        pos: 0,
    };
    SW_OK
}

/// Writes the next id (16 bytes) into `out` and returns 1, or returns 0 at
/// the end; a negative `SW_ERR_*` for NULL arguments (`SW_ERR_NULL`) or an
/// iterator not started by `sw_ids_begin` (`SW_ERR_ARGUMENT`).
///
/// # Safety
/// `it` was started by `sw_ids_begin` and its view's input is still alive;
/// `out` points to 16 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn sw_ids_next(it: *mut sw_ids, out: *mut u8) -> i32 {
    // SAFETY: NULL or valid and exclusive (header contract).
    let Some(it) = (unsafe { it.as_mut() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: 16 writable bytes at `out` (header contract).
    let out = tri!(unsafe { output(out, 16) });
    if it.raw_len == 0 {
        return 0;
    }
    // SAFETY: started by sw_ids_begin: `raw_len` bytes of the live input.
    let raw = tri!(unsafe { input(it.raw, it.raw_len) });
    match ids::next(raw, &mut it.pos) {
        Ok(Some(id)) => {
            out.copy_from_slice(id.as_bytes());
            1
        }
        Ok(None) => 0,
        Err(()) => SW_ERR_ARGUMENT,
    }
}

// ---------------------------------------------------------------------------
// The owned event

/// The bytes of storage in an `sw_event` (at least the size of the core's
/// `OutcomeEvent` on every target, and its alignment: both checked at
/// compile time).
pub const SW_EVENT_STORAGE_BYTES: usize = 1280;

/// `SW_EVENT_STORAGE_BYTES` in 8-byte words.
pub const SW_EVENT_STORAGE_WORDS: usize = 160;

const _: () = assert!(SW_EVENT_STORAGE_WORDS * 8 == SW_EVENT_STORAGE_BYTES);

/// An owned, validated event with fixed capacities (`outcome_name` 480
/// bytes, 16 `destination_ids`, `error_message` 256 bytes, cut at a
/// character boundary beyond). Opaque: initialise it once with
/// `sw_event_init`, fill it with `sw_parse_into` (as often as you like), read
/// it with `sw_event_read`, serialize it with `sw_event_to_json`. It may
/// live anywhere (a static, a struct, the stack) and be copied with
/// `memcpy`; it holds no pointers.
#[repr(C)]
pub struct sw_event {
    /// `SW_EVENT_MAGIC` once initialised (do not write it).
    pub magic: u32,
    /// 1 once a parse into it succeeded (and until one fails).
    pub valid: u32,
    /// The library's storage.
    pub storage: [u64; SW_EVENT_STORAGE_WORDS],
}

/// The value of `sw_event.magic` after `sw_event_init`.
pub const SW_EVENT_MAGIC: u32 = 0x5357_4556;

/// An upper bound of the canonical JSON length of any `sw_event`: a buffer
/// of this many bytes always fits `sw_event_to_json` (5,574).
pub const SW_EVENT_MAX_JSON_LEN: usize = 5574;

// The name capacity derives from the rule (`MAX_OUTCOME_NAME_CHARS`, four bytes
// each): a change of the rule fails the asserts below until the C sizes follow.
type Event = OutcomeEvent<{ sailor_webhook::MAX_OUTCOME_NAME_BYTES }, 16, 256>;

const _: () = assert!(size_of::<Event>() <= SW_EVENT_STORAGE_BYTES);
const _: () = assert!(align_of::<Event>() <= align_of::<sw_event>());
const _: () = assert!(SW_EVENT_MAX_JSON_LEN == Event::MAX_JSON_LEN);

impl sw_event {
    fn event(&self) -> Option<&Event> {
        if self.magic != SW_EVENT_MAGIC {
            return None;
        }
        // SAFETY: the magic is only set by sw_event_init, right after it
        // wrote a valid Event at the start of `storage` (size and alignment
        // checked at compile time); every later write goes through `Event`.
        Some(unsafe { &*self.storage.as_ptr().cast::<Event>() })
    }

    fn event_mut(&mut self) -> Option<&mut Event> {
        if self.magic != SW_EVENT_MAGIC {
            return None;
        }
        // SAFETY: as in `event`; `&mut self` makes it exclusive.
        Some(unsafe { &mut *self.storage.as_mut_ptr().cast::<Event>() })
    }
}

/// Initialises `*ev` (an empty placeholder, not a valid event). Call it once
/// before the first `sw_parse_into`. Returns `SW_OK` or `SW_ERR_NULL`.
///
/// # Safety
/// `ev` is NULL or points to writable memory of `sizeof(sw_event)` bytes.
#[no_mangle]
pub unsafe extern "C" fn sw_event_init(ev: *mut sw_event) -> sw_status {
    if ev.is_null() {
        return SW_ERR_NULL;
    }
    // SAFETY: `ev` is writable (header contract) and 8-aligned as an
    // sw_event; `storage` is the right size and alignment for Event
    // (compile-time checks). Writing raw pointers never reads the old contents.
    unsafe {
        core::ptr::addr_of_mut!((*ev).storage)
            .cast::<Event>()
            .write(Event::new());
        core::ptr::addr_of_mut!((*ev).valid).write(0);
        core::ptr::addr_of_mut!((*ev).magic).write(SW_EVENT_MAGIC);
    }
    SW_OK
}

/// Parses and validates a payload into `*ev`, in place (the low-stack owned
/// path). On `SW_OK` the event holds the payload and `ev->valid` is 1; on
/// `SW_REJECTED` `ev->valid` is 0 and its contents are unspecified. Besides
/// every `sw_validate` error, a name or an id list over the capacity is
/// `capacity_exceeded`.
///
/// Returns `SW_OK`, `SW_REJECTED`, `SW_ERR_NULL` or `SW_ERR_UNINITIALIZED`.
///
/// # Safety
/// `ev` is an `sw_event` initialised by `sw_event_init` and not used by
/// another thread during the call; the rest as for `sw_validate`.
#[no_mangle]
pub unsafe extern "C" fn sw_parse_into(
    ev: *mut sw_event,
    input: *const u8,
    input_len: usize,
    opts: *const sw_options,
    err: *mut sw_error,
) -> sw_status {
    // SAFETY: NULL or valid and exclusive (header contract).
    let mut err = unsafe { err.as_mut() };
    clear(&mut err);
    // SAFETY: NULL or a valid, exclusive sw_event (header contract).
    let Some(ev) = (unsafe { ev.as_mut() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: `input_len` readable bytes at `input` (header contract).
    let bytes = tri!(unsafe { self::input(input, input_len) });
    // SAFETY: NULL or a valid sw_options (header contract).
    let o = options(unsafe { opts.as_ref() });
    ev.valid = 0;
    let Some(event) = ev.event_mut() else {
        return SW_ERR_UNINITIALIZED;
    };
    match event.parse_into(bytes, &o) {
        Ok(()) => {
            ev.valid = 1;
            SW_OK
        }
        Err(e) => reject(err, &e),
    }
}

/// The fields of an `sw_event`, borrowed from it (valid while the event is
/// neither parsed into again nor freed). Filled by `sw_event_read`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sw_event_fields {
    /// `timestamp`, in milliseconds since the Unix epoch.
    pub timestamp_ms: u64,
    /// 1 when the payload sent seconds (normalised), else 0.
    pub timestamp_was_seconds: u8,
    /// 1 when `error_message` was longer than 256 bytes and was cut, else 0.
    pub error_message_truncated: u8,
    /// `outcome.outcome_type`: `SW_OUTCOME_ACTION` or `SW_OUTCOME_DISPOSITION`.
    pub outcome_type: u32,
    /// `scope.subaccount_id`
    pub subaccount_id: [u8; 16],
    /// `scope.organization_id`
    pub organization_id: [u8; 16],
    /// `outcome.outcome_id`
    pub outcome_id: [u8; 16],
    /// `call.call_id`
    pub call_id: [u8; 16],
    /// `call.contact_id`
    pub contact_id: [u8; 16],
    /// `call.phone_number` in E.164 text, NUL-terminated.
    pub phone_number: [u8; 17],
    /// `outcome.outcome_name`, decoded UTF-8 (not NUL-terminated).
    pub outcome_name: *const u8,
    /// Its length in bytes.
    pub outcome_name_len: usize,
    /// `error_message`, decoded UTF-8 (not NUL-terminated).
    pub error_message: *const u8,
    /// Its length in bytes.
    pub error_message_len: usize,
    /// One of `SW_DESTINATION_*`.
    pub destination_kind: sw_destination_kind,
    /// `destination.destination_id` for `SW_DESTINATION_SMART_LIST`, else zeros.
    pub destination_id: [u8; 16],
    /// The number of `destination_ids` (read each with `sw_event_destination_id`).
    pub destination_ids_count: u32,
    /// The 32-byte idempotency key: `call_id` then `outcome_id`.
    pub idempotency_key: [u8; 32],
}

/// Fills `*out` with the fields of `*ev`. Returns `SW_OK`, `SW_ERR_NULL`,
/// or `SW_ERR_UNINITIALIZED` (not initialised, or no successful parse since
/// the last failed one: `ev->valid` is 0).
///
/// # Safety
/// `ev` and `out` are NULL or valid; `ev` is not being parsed into meanwhile.
#[no_mangle]
pub unsafe extern "C" fn sw_event_read(
    ev: *const sw_event,
    out: *mut sw_event_fields,
) -> sw_status {
    // SAFETY: NULL or valid (header contract).
    let (Some(ev), Some(out)) = (unsafe { ev.as_ref() }, unsafe { out.as_mut() }) else {
        return SW_ERR_NULL;
    };
    let Some(e) = ev.event().filter(|_| ev.valid == 1) else {
        return SW_ERR_UNINITIALIZED;
    };
    let (kind, id, count) = match &e.destination {
        sailor_webhook::Destination::SmartList(id) => {
            (SW_DESTINATION_SMART_LIST, *id.as_bytes(), 0)
        }
        sailor_webhook::Destination::RemoveAll => (SW_DESTINATION_REMOVE_ALL, [0; 16], 0),
        sailor_webhook::Destination::RemoveSelected(ids) => {
            (SW_DESTINATION_REMOVE_SELECTED, [0; 16], ids.len() as u32)
        }
        _ => (SW_DESTINATION_NONE, [0; 16], 0),
    };
    let name = e.outcome.outcome_name.as_bytes();
    let msg = e.error_message.as_str().as_bytes();
    *out = sw_event_fields {
        timestamp_ms: e.timestamp.millis(),
        timestamp_was_seconds: u8::from(e.timestamp.was_seconds()),
        error_message_truncated: u8::from(e.error_message.is_truncated()),
        outcome_type: outcome_type_number(e.outcome.outcome_type),
        subaccount_id: *e.scope.subaccount_id.as_bytes(),
        organization_id: *e.scope.organization_id.as_bytes(),
        outcome_id: *e.outcome.outcome_id.as_bytes(),
        call_id: *e.call.call_id.as_bytes(),
        contact_id: *e.call.contact_id.as_bytes(),
        phone_number: phone_text(&e.call.phone_number),
        outcome_name: name.as_ptr(),
        outcome_name_len: name.len(),
        error_message: msg.as_ptr(),
        error_message_len: msg.len(),
        destination_kind: kind,
        destination_id: id,
        destination_ids_count: count,
        idempotency_key: *e.idempotency_key().as_bytes(),
    };
    SW_OK
}

/// Writes `destination_ids[index]` of `*ev` (16 bytes) into `out`. Returns
/// `SW_OK`, `SW_ERR_NULL`, `SW_ERR_UNINITIALIZED` (as for `sw_event_read`)
/// or `SW_ERR_ARGUMENT` (`index` not below `destination_ids_count`).
///
/// # Safety
/// `ev` is NULL or valid; `out` NULL or 16 writable bytes.
#[no_mangle]
pub unsafe extern "C" fn sw_event_destination_id(
    ev: *const sw_event,
    index: usize,
    out: *mut u8,
) -> sw_status {
    // SAFETY: NULL or valid (header contract).
    let Some(ev) = (unsafe { ev.as_ref() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: 16 writable bytes at `out` (header contract).
    let out = tri!(unsafe { output(out, 16) });
    let Some(e) = ev.event().filter(|_| ev.valid == 1) else {
        return SW_ERR_UNINITIALIZED;
    };
    match &e.destination {
        sailor_webhook::Destination::RemoveSelected(ids) => match ids.get(index) {
            Some(id) => {
                out.copy_from_slice(id.as_bytes());
                SW_OK
            }
            None => SW_ERR_ARGUMENT,
        },
        _ => SW_ERR_ARGUMENT,
    }
}

/// Serializes `*ev` as canonical compact JSON into `buf` (no NUL added).
/// `*out_len` (when not NULL) receives the length written.
///
/// Returns `SW_OK`; `SW_ERR_NULL`; `SW_ERR_UNINITIALIZED` (as for
/// `sw_event_read`); `SW_ERR_BUFFER_TOO_SMALL` when the JSON does not fit
/// (`*out_len` is then 0; `SW_EVENT_MAX_JSON_LEN` bytes always fit).
///
/// # Safety
/// `ev` NULL or valid; `buf` points to `buf_len` writable bytes; `out_len` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sw_event_to_json(
    ev: *const sw_event,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> sw_status {
    // SAFETY: NULL or writable (header contract).
    let mut out_len = unsafe { out_len.as_mut() };
    if let Some(l) = out_len.as_deref_mut() {
        *l = 0;
    }
    // SAFETY: NULL or valid (header contract).
    let Some(ev) = (unsafe { ev.as_ref() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: `buf_len` writable bytes at `buf` (header contract).
    let buf = tri!(unsafe { output(buf, buf_len) });
    let Some(e) = ev.event().filter(|_| ev.valid == 1) else {
        return SW_ERR_UNINITIALIZED;
    };
    match e.to_json(buf) {
        Ok(n) => {
            if let Some(l) = out_len {
                *l = n;
            }
            SW_OK
        }
        Err(_) => SW_ERR_BUFFER_TOO_SMALL,
    }
}

// ---------------------------------------------------------------------------
// Errors as text

/// The stable snake_case code of an `SW_KIND_*` kind, e.g. `"invalid_uuid"`:
/// a static NUL-terminated string, never NULL. `SW_KIND_NONE` is `"none"`;
/// a number that is no kind is `"unknown"`.
#[no_mangle]
pub extern "C" fn sw_error_code_str(kind: u32) -> *const core::ffi::c_char {
    if kind == SW_KIND_NONE {
        return c"none".as_ptr();
    }
    (kind as usize)
        .checked_sub(1)
        .and_then(|i| CODES.get(i))
        .map_or(c"unknown".as_ptr(), |c| c.as_ptr())
}

/// Writes the path of `*err` into `buf` with a NUL: `call.phone_number`,
/// `destination.destination_ids[2]`, `$` (the top-level object), `call.*` or
/// `*` (an unknown member). 40 bytes always fit. `*out_len` (when not NULL)
/// receives the length without the NUL.
///
/// Returns `SW_OK`, `SW_ERR_NULL`, `SW_ERR_BUFFER_TOO_SMALL` (`buf_len` below
/// the length + 1) or `SW_ERR_ARGUMENT` (`err->field` is no `SW_FIELD_*`).
///
/// # Safety
/// `err` NULL or valid; `buf` points to `buf_len` writable bytes; `out_len` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sw_error_path(
    err: *const sw_error,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> sw_status {
    // SAFETY: NULL or valid (header contract).
    let Some(err) = (unsafe { err.as_ref() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: `buf_len` writable bytes at `buf` (header contract).
    let buf = tri!(unsafe { output(buf, buf_len) });
    let Some(path) = err.path() else {
        return SW_ERR_ARGUMENT;
    };
    let (status, len) = match write_c_string(buf, path) {
        Some(n) => (SW_OK, n),
        None => (
            SW_ERR_BUFFER_TOO_SMALL,
            write_c_string(&mut [0u8; 48], path).unwrap_or(0),
        ),
    };
    // SAFETY: NULL or writable (header contract).
    if let Some(l) = unsafe { out_len.as_mut() } {
        *l = len;
    }
    status
}

/// Writes the whole error as one line with a NUL, in the core's stable form:
/// `invalid_uuid at call.call_id (byte 212): invalid UUID`. 128 bytes always
/// fit. Returns and reports `*out_len` as `sw_error_path` does;
/// `SW_ERR_ARGUMENT` also for a kind that is no `SW_KIND_*`.
///
/// # Safety
/// As for `sw_error_path`.
#[no_mangle]
pub unsafe extern "C" fn sw_error_format(
    err: *const sw_error,
    buf: *mut u8,
    buf_len: usize,
    out_len: *mut usize,
) -> sw_status {
    // SAFETY: NULL or valid (header contract).
    let Some(err) = (unsafe { err.as_ref() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: `buf_len` writable bytes at `buf` (header contract).
    let buf = tri!(unsafe { output(buf, buf_len) });
    let (Some(path), Some(kind)) = (err.path(), kind_of(err.kind)) else {
        return SW_ERR_ARGUMENT;
    };
    let e = Error::new(kind, path, err.offset as usize);
    let (status, len) = match write_c_string(buf, e) {
        Some(n) => (SW_OK, n),
        None => (
            SW_ERR_BUFFER_TOO_SMALL,
            write_c_string(&mut [0u8; 160], e).unwrap_or(0),
        ),
    };
    // SAFETY: NULL or writable (header contract).
    if let Some(l) = unsafe { out_len.as_mut() } {
        *l = len;
    }
    status
}

/// Writes the 36-character lowercase hyphenated form of a 16-byte UUID and a
/// NUL into `out` (37 bytes). Returns `SW_OK`, `SW_ERR_NULL` or
/// `SW_ERR_BUFFER_TOO_SMALL` (`out_len` below 37).
///
/// # Safety
/// `id` NULL or 16 readable bytes; `out` NULL or `out_len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn sw_uuid_format(id: *const u8, out: *mut u8, out_len: usize) -> sw_status {
    // SAFETY: 16 readable bytes at `id` (header contract).
    let id = tri!(unsafe { input(id, 16) });
    // SAFETY: `out_len` writable bytes at `out` (header contract).
    let out = tri!(unsafe { output(out, out_len) });
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(id);
    let mut text = [0u8; 36];
    let text = Uuid::from_bytes(bytes).encode(&mut text);
    match write_c_string(out, text) {
        Some(_) => SW_OK,
        None => SW_ERR_BUFFER_TOO_SMALL,
    }
}

// ---------------------------------------------------------------------------
// HTTP

/// A header value as the core wants it: absent (NULL), text, or bytes that
/// are not UTF-8 (which match nothing).
///
/// # Safety
/// `ptr` NULL or `len` readable bytes.
unsafe fn header<'a>(ptr: *const u8, len: usize) -> Option<&'a str> {
    // SAFETY: NULL or `len` readable bytes (header contract).
    let bytes = unsafe { input(ptr, len) }.ok()?;
    // Not UTF-8: neither "POST" nor a JSON type; "\u{0}" matches neither.
    Some(core::str::from_utf8(bytes).unwrap_or("\u{0}"))
}

/// The checks that need no body: `POST` only (else `method_not_allowed`,
/// 405) and a JSON content type (`application/json`, any case, optional
/// parameters, charset utf-8 only; else `unsupported_media_type`, 415). Call
/// it before reading a body you would refuse anyway.
///
/// - `method`/`method_len`: the request method (not NUL-terminated); NULL
///   reads as no method (405).
/// - `content_type`/`content_type_len`: the Content-Type value; NULL means
///   the header is absent (415).
///
/// Returns `SW_OK` or `SW_REJECTED` (with `err->http_status`).
///
/// # Safety
/// Each pointer NULL or valid for its length; `err` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sw_check_headers(
    method: *const u8,
    method_len: usize,
    content_type: *const u8,
    content_type_len: usize,
    err: *mut sw_error,
) -> sw_status {
    // SAFETY: NULL or valid and exclusive (header contract).
    let mut err = unsafe { err.as_mut() };
    clear(&mut err);
    // SAFETY: NULL or valid for their lengths (header contract).
    let (m, ct) = unsafe {
        (
            header(method, method_len).unwrap_or(""),
            header(content_type, content_type_len),
        )
    };
    match receive::check_headers(m, ct) {
        Ok(()) => SW_OK,
        Err(r) => reject(err, &r.error),
    }
}

/// Decides a request the way Sailor's receiver checklist asks: `POST` only
/// (405), a JSON content type (415), a body within `max_input_bytes` (413),
/// a valid payload (400). On `SW_OK` the event is in `*view` (borrowed from
/// `body`) and `*http_status` is 200: store or enqueue it, then answer 2xx.
/// On `SW_REJECTED` `*http_status` is the status to answer and `*err` (when
/// not NULL) says why.
///
/// Arguments as for `sw_check_headers` and `sw_parse_view`; `http_status`
/// may be NULL. `body` must not be NULL (`SW_ERR_NULL`) unless the headers
/// already refuse the request.
///
/// # Safety
/// As for `sw_check_headers` and `sw_parse_view`; `http_status` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sw_decide(
    method: *const u8,
    method_len: usize,
    content_type: *const u8,
    content_type_len: usize,
    body: *const u8,
    body_len: usize,
    opts: *const sw_options,
    view: *mut sw_view,
    http_status: *mut u16,
    err: *mut sw_error,
) -> sw_status {
    // SAFETY: NULL or valid and exclusive (header contract).
    let mut err = unsafe { err.as_mut() };
    clear(&mut err);
    // SAFETY: NULL or writable (header contract).
    let mut status_out = unsafe { http_status.as_mut() };
    if let Some(s) = status_out.as_deref_mut() {
        *s = 0;
    }
    // SAFETY: NULL or a valid, exclusive sw_view (header contract).
    let Some(view) = (unsafe { view.as_mut() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: NULL or valid for their lengths (header contract).
    let (m, ct) = unsafe {
        (
            header(method, method_len).unwrap_or(""),
            header(content_type, content_type_len),
        )
    };
    let bytes: &[u8] = if body.is_null() {
        // The header checks come first, as in the core: a NULL body is only
        // an API error when the headers would let the request through.
        if let Err(r) = receive::check_headers(m, ct) {
            if let Some(s) = status_out {
                *s = r.status;
            }
            return reject(err, &r.error);
        }
        return SW_ERR_NULL;
    } else {
        // SAFETY: `body_len` readable bytes at `body` (header contract).
        tri!(unsafe { input(body, body_len) })
    };
    // SAFETY: NULL or a valid sw_options (header contract).
    let o = options(unsafe { opts.as_ref() });
    match receive::decide(m, ct, bytes, &o) {
        Decision::Accept(v) => {
            fill_view(view, &v, bytes);
            if let Some(s) = status_out {
                *s = 200;
            }
            SW_OK
        }
        Decision::Reject(r) => {
            if let Some(s) = status_out {
                *s = r.status;
            }
            reject(err, &r.error)
        }
    }
}

// ---------------------------------------------------------------------------
// Dedup window

/// The bytes one remembered key takes in a dedup window's memory.
pub const SW_DEDUP_KEY_BYTES: usize = 32;

/// The value of `sw_dedup.magic` after `sw_dedup_init`.
pub const SW_DEDUP_MAGIC: u32 = 0x5357_4444;

/// A window of the last `capacity` idempotency keys, in memory the caller
/// provides (`capacity` × 32 bytes; when full, a new key evicts the oldest),
/// like the core's `receive::Deduplicator`. Initialise it with
/// `sw_dedup_init`; its fields are the library's. Share it between threads
/// only under a lock.
#[repr(C)]
#[derive(Debug)]
pub struct sw_dedup {
    /// `SW_DEDUP_MAGIC` once initialised.
    pub magic: u32,
    /// How many keys the memory holds.
    pub capacity: u32,
    /// How many keys are remembered (at most `capacity`).
    pub len: u32,
    /// The slot the next new key goes to.
    pub next: u32,
    /// The caller's memory: `capacity` × 32 bytes.
    pub keys: *mut u8,
}

/// Initialises `*d` over `mem` (`mem_len` bytes; `mem_len / 32` keys, any
/// remainder unused), empty. `mem` must stay valid, and be used by nothing
/// else, as long as `*d` is used.
///
/// Returns `SW_OK`, `SW_ERR_NULL`, or `SW_ERR_BUFFER_TOO_SMALL` (`mem_len`
/// below 32: not even one key).
///
/// # Safety
/// `d` NULL or writable; `mem` NULL or `mem_len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn sw_dedup_init(
    d: *mut sw_dedup,
    mem: *mut u8,
    mem_len: usize,
) -> sw_status {
    // SAFETY: NULL or a valid, exclusive sw_dedup (header contract).
    let Some(d) = (unsafe { d.as_mut() }) else {
        return SW_ERR_NULL;
    };
    if mem.is_null() {
        return SW_ERR_NULL;
    }
    let capacity = (mem_len / SW_DEDUP_KEY_BYTES).min(u32::MAX as usize);
    if capacity == 0 {
        return SW_ERR_BUFFER_TOO_SMALL;
    }
    *d = sw_dedup {
        magic: SW_DEDUP_MAGIC,
        capacity: capacity as u32,
        len: 0,
        next: 0,
        keys: mem,
    };
    SW_OK
}

/// Checks a 32-byte idempotency key (`sw_view.idempotency_key`,
/// `sw_event_fields.idempotency_key`): returns 1 when it is remembered (a
/// redelivery: answer 2xx, do not process it again), else records it
/// (evicting the oldest when full) and returns 0 (new: process it). A
/// negative `SW_ERR_NULL` / `SW_ERR_UNINITIALIZED` on misuse.
///
/// # Safety
/// `d` NULL or initialised by `sw_dedup_init` with its memory still valid;
/// `key` NULL or 32 readable bytes.
#[no_mangle]
pub unsafe extern "C" fn sw_dedup_check(d: *mut sw_dedup, key: *const u8) -> i32 {
    // SAFETY: NULL or a valid, exclusive sw_dedup (header contract).
    let Some(d) = (unsafe { d.as_mut() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: 32 readable bytes at `key` (header contract).
    let key = tri!(unsafe { input(key, SW_DEDUP_KEY_BYTES) });
    let mut k = [0u8; SW_DEDUP_KEY_BYTES];
    k.copy_from_slice(key);
    // SAFETY: the window's memory (header contract of sw_dedup_init).
    let Some(mut w) = (unsafe { window(d) }) else {
        return SW_ERR_UNINITIALIZED;
    };
    i32::from(w.check(&k))
}

/// Whether a 32-byte key is remembered (1) or not (0), without recording
/// it; negative on misuse as for `sw_dedup_check`.
///
/// # Safety
/// As for `sw_dedup_check`.
#[no_mangle]
pub unsafe extern "C" fn sw_dedup_contains(d: *mut sw_dedup, key: *const u8) -> i32 {
    // SAFETY: NULL or a valid, exclusive sw_dedup (header contract).
    let Some(d) = (unsafe { d.as_mut() }) else {
        return SW_ERR_NULL;
    };
    // SAFETY: 32 readable bytes at `key` (header contract).
    let key = tri!(unsafe { input(key, SW_DEDUP_KEY_BYTES) });
    // SAFETY: the window's memory (header contract of sw_dedup_init).
    let Some(w) = (unsafe { window(d) }) else {
        return SW_ERR_UNINITIALIZED;
    };
    i32::from(w.contains(key))
}

/// The window over the caller's memory, or `None` when `d` is not initialised.
///
/// # Safety
/// An initialised `d` has `keys` pointing to `capacity` × 32 writable bytes.
unsafe fn window(d: &mut sw_dedup) -> Option<dedup::Window<'_>> {
    if d.magic != SW_DEDUP_MAGIC || d.keys.is_null() || d.capacity == 0 {
        return None;
    }
    let bytes = (d.capacity as usize).checked_mul(SW_DEDUP_KEY_BYTES)?;
    // SAFETY: sw_dedup_init's contract: `keys` holds `capacity` keys, alive
    // and used by nothing else while `d` is in use.
    let mem = unsafe { slice::from_raw_parts_mut(d.keys, bytes) };
    Some(dedup::Window {
        mem,
        len: &mut d.len,
        next: &mut d.next,
    })
}

/// The identifiers of the build: `CODE_PATH` of the core (`"compact"` or
/// `"fast"`), a static NUL-terminated string.
#[no_mangle]
pub extern "C" fn sw_code_path() -> *const core::ffi::c_char {
    if sailor_webhook::CODE_PATH == "compact" {
        c"compact".as_ptr()
    } else {
        c"fast".as_ptr()
    }
}

mod dedup;
mod ids;
mod unescape;

#[cfg(test)]
mod tests;
