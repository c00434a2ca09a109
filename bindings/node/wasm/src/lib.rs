//! The wasm32 build of `sailor-webhook` behind the npm package: a few raw
//! `extern "C"` exports, no wasm-bindgen. The JavaScript loader
//! (`lib/core.js`) is the only caller.
//!
//! The protocol, all in the module's linear memory:
//!
//! - `sw_input(len)` returns the address of an input buffer of at least
//!   `len` bytes (reused across calls); the caller copies the payload there.
//! - `sw_validate(len, strict, max_input, max_depth, max_string, now_ms,
//!   tolerance_ms)` returns 1 (valid) or 0. `u32::MAX` for a `max_*` means
//!   the default; a negative `now_ms` means no clock window.
//! - `sw_parse(...)`, same arguments, returns the address of the result
//!   record (below), or 0 for an invalid payload.
//! - `sw_check_headers(method_len, content_type_len)`: the input buffer
//!   holds the method then the content type (`content_type_len < 0`: no
//!   header); returns 0, 405 or 415 (`receive::check_headers`).
//! - After a 0 (or 405/415), `sw_error()` returns the address of the error
//!   record: `u32` offset, `u32` code length, `u32` path length, `u32`
//!   message length, then the three texts (ASCII).
//!
//! The result record of `sw_parse` (little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 0..8 | `f64` timestamp, milliseconds |
//! | 8..12 | flags: bit 0 seconds normalised, bit 1 `disposition`, bits 2-3 destination (0 none, 1 smart_list, 2 remove all, 3 remove selected) |
//! | 12..16 | number of `destination_ids` |
//! | 16..20 | `outcome_name` length in UTF-16 units |
//! | 20..24 | `error_message` length in UTF-16 units |
//! | 24..28 | `phone_number` length in bytes |
//! | 28..32 | text length in bytes |
//! | 32.. | text (UTF-8): subaccount, organization, outcome, call and contact ids (36 bytes each, lowercase), the `destination_id` or the `destination_ids` (36 each), the phone number, `outcome_name`, `error_message` |
//!
//! Every id and the phone number are ASCII, so the loader slices the one
//! decoded string by these lengths.
//!
//! The crate has no `unsafe` block, but it is not `forbid(unsafe_code)`:
//! the lint counts `#[no_mangle]`, which the exports need.
#![warn(missing_docs)]

use std::cell::RefCell;

use sailor_webhook::{
    receive, DestinationView, Error, ErrorKind, JsonStr, Options, OutcomeType, Uuid,
};

struct State {
    input: Vec<u8>,
    out: Vec<u8>,
    err: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = const {
        RefCell::new(State { input: Vec::new(), out: Vec::new(), err: Vec::new() })
    };
}

/// Address of `v`'s buffer in linear memory (wasm32: pointers are 32-bit).
fn addr(v: &[u8]) -> u32 {
    v.as_ptr() as usize as u32
}

/// An input buffer of at least `len` bytes; returns its address.
#[no_mangle]
pub extern "C" fn sw_input(len: u32) -> u32 {
    STATE.with_borrow_mut(|s| {
        let len = len as usize;
        if s.input.len() < len {
            s.input.resize(len, 0);
        }
        addr(&s.input)
    })
}

/// The error record of the last failed call.
#[no_mangle]
pub extern "C" fn sw_error() -> u32 {
    STATE.with_borrow(|s| addr(&s.err))
}

fn options(
    strict: u32,
    max_input: u32,
    max_depth: u32,
    max_string: u32,
    now_ms: f64,
    tolerance_ms: f64,
) -> Options {
    let mut o = Options::new().strict(strict != 0);
    if max_input != u32::MAX {
        o = o.max_input_bytes(max_input as usize);
    }
    if max_depth != u32::MAX {
        o = o.max_depth(max_depth as usize);
    }
    if max_string != u32::MAX {
        o = o.max_string_bytes(max_string as usize);
    }
    if now_ms >= 0.0 {
        o = o.now_ms(now_ms as u64, tolerance_ms.max(0.0) as u64);
    }
    o
}

fn set_error(err: &mut Vec<u8>, e: &Error) {
    use std::fmt::Write;
    let mut path = String::new();
    let _ = write!(path, "{}", e.path());
    let code = e.code();
    let message = e.kind().message();
    err.clear();
    for n in [e.offset(), code.len(), path.len(), message.len()] {
        err.extend_from_slice(&(n as u32).to_le_bytes());
    }
    err.extend_from_slice(code.as_bytes());
    err.extend_from_slice(path.as_bytes());
    err.extend_from_slice(message.as_bytes());
}

/// Validates the first `len` bytes of the input buffer: 1 valid, 0 invalid.
#[no_mangle]
pub extern "C" fn sw_validate(
    len: u32,
    strict: u32,
    max_input: u32,
    max_depth: u32,
    max_string: u32,
    now_ms: f64,
    tolerance_ms: f64,
) -> u32 {
    let o = options(
        strict,
        max_input,
        max_depth,
        max_string,
        now_ms,
        tolerance_ms,
    );
    STATE.with_borrow_mut(|s| {
        let State { input, err, .. } = s;
        match o.validate(input.get(..len as usize).unwrap_or_default()) {
            Ok(()) => 1,
            Err(e) => {
                set_error(err, &e);
                0
            }
        }
    })
}

/// The lowercase hyphenated form, by table (`Uuid::encode` checks for a
/// hyphen at every digit: compact, but slow here).
fn push_uuid(out: &mut Vec<u8>, id: &Uuid) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    let mut text = *b"00000000-0000-0000-0000-000000000000";
    for (&b, at) in id.as_bytes().iter().zip(AT) {
        text[at] = HEX[usize::from(b >> 4)];
        text[at + 1] = HEX[usize::from(b & 15)];
    }
    out.extend_from_slice(&text);
}

/// Appends the decoded string; returns its length in UTF-16 units.
fn push_str(out: &mut Vec<u8>, s: &JsonStr<'_>) -> u32 {
    match s.as_str() {
        Some(text) => {
            out.extend_from_slice(text.as_bytes());
            if text.is_ascii() {
                text.len() as u32
            } else {
                text.chars().map(char::len_utf16).sum::<usize>() as u32
            }
        }
        None => {
            let mut units = 0;
            let mut buf = [0u8; 4];
            for c in s.chars() {
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                units += c.len_utf16();
            }
            units as u32
        }
    }
}

fn put_u32(out: &mut [u8], at: usize, v: u32) {
    if let Some(slot) = out.get_mut(at..at + 4) {
        slot.copy_from_slice(&v.to_le_bytes());
    }
}

/// Parses the first `len` bytes of the input buffer; returns the address
/// of the result record, or 0 when invalid.
#[no_mangle]
pub extern "C" fn sw_parse(
    len: u32,
    strict: u32,
    max_input: u32,
    max_depth: u32,
    max_string: u32,
    now_ms: f64,
    tolerance_ms: f64,
) -> u32 {
    let o = options(
        strict,
        max_input,
        max_depth,
        max_string,
        now_ms,
        tolerance_ms,
    );
    STATE.with_borrow_mut(|s| {
        let State { input, out, err } = s;
        let view = match o.parse_view(input.get(..len as usize).unwrap_or_default()) {
            Ok(v) => v,
            Err(e) => {
                set_error(err, &e);
                return 0;
            }
        };
        out.clear();
        out.reserve(512);
        out.extend_from_slice(&(view.timestamp.millis() as f64).to_le_bytes());
        out.extend_from_slice(&[0; 24]);
        push_uuid(out, &view.scope.subaccount_id);
        push_uuid(out, &view.scope.organization_id);
        push_uuid(out, &view.outcome.outcome_id);
        push_uuid(out, &view.call.call_id);
        push_uuid(out, &view.call.contact_id);
        let mut ids = 0u32;
        let destination = match view.destination {
            DestinationView::None => 0,
            DestinationView::SmartList(id) => {
                push_uuid(out, &id);
                1
            }
            DestinationView::RemoveAll => 2,
            DestinationView::RemoveSelected(list) => {
                for id in list.iter() {
                    push_uuid(out, &id);
                    ids += 1;
                }
                3
            }
            // DestinationView is non_exhaustive: a shape newer than this
            // binding is reported as an unknown destination_type.
            _ => {
                let e = sailor_webhook::Error::new(
                    sailor_webhook::ErrorKind::UnknownEnumValue,
                    sailor_webhook::Path::field(sailor_webhook::Field::DestinationType),
                    0,
                );
                set_error(err, &e);
                return 0;
            }
        };
        let mut phone_buf = [0; 16];
        let phone = view.call.phone_number.encode(&mut phone_buf).as_bytes();
        out.extend_from_slice(phone);
        let phone = phone.len();
        let name = push_str(out, &view.outcome.outcome_name);
        let message = push_str(out, &view.error_message);
        let flags = u32::from(view.timestamp.was_seconds())
            | u32::from(view.outcome.outcome_type == OutcomeType::Disposition) << 1
            | destination << 2;
        let text = out.len() - 32;
        put_u32(out, 8, flags);
        put_u32(out, 12, ids);
        put_u32(out, 16, name);
        put_u32(out, 20, message);
        put_u32(out, 24, phone as u32);
        put_u32(out, 28, text as u32);
        addr(out)
    })
}

/// `receive::check_headers` on the method and content type in the input
/// buffer: 0 to go on, else 405 or 415 (and the error record is set).
#[no_mangle]
pub extern "C" fn sw_check_headers(method_len: u32, content_type_len: i32) -> u32 {
    STATE.with_borrow_mut(|s| {
        let State { input, err, .. } = s;
        let m = method_len as usize;
        let method = input
            .get(..m)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("");
        let content_type = usize::try_from(content_type_len).ok().map(|n| {
            input
                .get(m..m + n)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("")
        });
        match receive::check_headers(method, content_type) {
            Ok(()) => 0,
            Err(r) => {
                set_error(err, &r.error);
                u32::from(r.status)
            }
        }
    })
}

/// `receive::Rejection::too_large(limit)`: sets the error record of a 413
/// for a body over `limit` bytes and returns 413.
#[no_mangle]
pub extern "C" fn sw_too_large(limit: u32) -> u32 {
    let r = receive::Rejection::too_large(limit as usize);
    debug_assert_eq!(r.error.kind(), ErrorKind::InputTooLarge);
    STATE.with_borrow_mut(|s| set_error(&mut s.err, &r.error));
    u32::from(r.status)
}
