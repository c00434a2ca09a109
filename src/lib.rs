//! Strict, zero-allocation, panic-free parsing and validation of
//! [Sailor](https://sailor.ai) outcome webhooks, for anything from a
//! Cortex-M0 gateway to a server.
//!
//! Sailor POSTs an *outcome webhook* (`timestamp`, `scope`, `outcome`,
//! `call`, `destination`, `error_message`) whenever an agent applies an
//! action outcome. This crate checks such a payload against RFC 8259,
//! I-JSON (RFC 7493) and Sailor's documented contract ([`docs/contract.md`]:
//! every rule, every decision where Sailor's docs are silent, and the exact
//! error each broken rule gives), and hands back
//! either an owned, fixed-capacity [`OutcomeEvent`] or a borrowed
//! [`OutcomeView`] of the input. Both come from one parser.
//!
//! ```
//! let body = br#"{
//!   "timestamp": 1781935984000,
//!   "scope": {"subaccount_id": "00000000-0000-4000-8000-000000000001",
//!             "organization_id": "00000000-0000-4000-8000-000000000002"},
//!   "outcome": {"outcome_id": "00000000-0000-4000-8000-000000000003",
//!               "outcome_name": "Interested", "outcome_type": "action"},
//!   "call": {"call_id": "00000000-0000-4000-8000-000000000004",
//!            "phone_number": "+15555550100",
//!            "contact_id": "00000000-0000-4000-8000-000000000005"},
//!   "destination": {"destination_type": "smart_list",
//!                   "destination_id": "00000000-0000-4000-8000-000000000006"},
//!   "error_message": ""
//! }"#;
//! let event = sailor_webhook::parse(body)?;
//! assert_eq!(event.outcome.outcome_name, "Interested");
//! assert_eq!(event.call.phone_number.to_string(), "+15555550100");
//! assert_eq!(event.destination.destination_type(), "smart_list");
//!
//! // Every rejection names its kind, field path and byte offset.
//! let bad = br#"{"timestamp": "soon"}"#;
//! let err = sailor_webhook::parse(bad).unwrap_err();
//! assert_eq!(err.kind(), sailor_webhook::ErrorKind::WrongType);
//! assert_eq!(err.path().to_string(), "timestamp");
//! assert_eq!(err.offset(), 14);
//! assert_eq!(err.to_string(), "wrong_type at timestamp (byte 14): wrong JSON type");
//!
//! // Canonical compact JSON, into a caller's buffer.
//! let mut buf = [0u8; 1024];
//! let n = event.to_json(&mut buf)?;
//! assert_eq!(sailor_webhook::parse(&buf[..n])?, event);
//! # Ok::<(), sailor_webhook::Error>(())
//! ```
//!
//! # The path of the data
//!
//! bytes → [`scan`](crate) (the strict scanner: tokens, UTF-8, escapes,
//! depth, duplicate names; no recursion) → `parse` (field dispatch and
//! domain validation) → [`OutcomeView`] → [`OutcomeEvent`] → canonical JSON
//! ([`OutcomeEvent::to_json`]) or a receiver decision ([`receive`]).
//!
//! # Strictness
//!
//! The whole contract, with the error each broken rule gives: [`docs/contract.md`].
//!
//! - UTF-8 only, no byte-order mark, nothing but whitespace after the object.
//! - Every escape decoded; surrogate pairs joined; lone surrogates, raw
//!   control characters, overlong forms and encoded surrogates rejected.
//! - Member names unique at every level, compared after unescaping
//!   (`"call\u005fid"` is `call_id`), unknown members included.
//! - Unknown members are ignored (must-ignore) but must be valid JSON;
//!   [`Options::strict`] rejects them.
//! - Depth (32), input size (64 KiB) and string length (16 KiB) are bounded;
//!   see [`Options`].
//! - Checking costs time linear in the input: the duplicate-name check holds
//!   at most 64 names at once in a fixed 512-byte table (the unknown members
//!   of the objects still open, and every member of an object inside an
//!   unknown value); one more is [`ErrorKind::TooManyMembers`]
//!   ([`Options::max_members`]).
//! - Whitespace is RFC 8259's four bytes (space, tab, LF, CR) and nothing
//!   else: a form feed, a vertical tab or U+00A0 between tokens is
//!   [`ErrorKind::UnexpectedByte`].
//! - Noncharacters (U+FDD0 to U+FDEF, U+xFFFE, U+xFFFF) are accepted and
//!   kept, as RFC 8259 allows (a documented divergence from I-JSON).
//! - UUIDs: only the 36-character hyphenated form, either case.
//! - `call.phone_number`: E.164, `+` and 2 to 15 digits, the first not `0`.
//! - `timestamp`: an integer in milliseconds, at most 2^53 − 1
//!   ([`MAX_TIMESTAMP`]); below 100000000000 it is read as seconds and
//!   normalised (lenient; [`Timestamp::was_seconds`] says so) or rejected
//!   (strict). A seconds value below 100000000 (still before 1973-03-03) is
//!   rejected, since its millisecond form would read back as seconds.
//!   Negative values (`-0` too), fractions and exponents are
//!   [`ErrorKind::InvalidTimestamp`].
//!
//! # Embedded
//!
//! The crate is `#![no_std]` without the default `std` feature, allocates
//! nothing, and has no recursion that input can drive: the scanner skips
//! unknown values with an explicit 64-frame stack. Use it with
//! `default-features = false`:
//!
//! ```toml
//! sailor-webhook = { version = "0.1", default-features = false, features = ["defmt"] }
//! ```
//!
//! - [`parse_view`] needs no copy of the strings: the view is 168
//!   bytes and points into your receive buffer. [`OutcomeView::parse_into`]
//!   fills a view you already have, so that the parser's view is the only
//!   one on the stack: the low-stack borrowed path (the C ABI's).
//! - [`OutcomeEvent::parse_into`] fills an event you already have (a
//!   `static`, or a local in `main`, made once with [`OutcomeEvent::new`])
//!   in place: the low-stack owned path. [`parse()`] returns the 1,128-byte
//!   event by value and so needs about twice the stack on Cortex-M.
//! - [`OutcomeEvent`]'s capacities are type parameters; shrink them to
//!   save RAM, e.g. `OutcomeEvent<64, 4, 64>`.
//! - The `defmt` feature derives `defmt::Format` on every public type.
//! - [`receive::decide`] answers an HTTP request (405/415/413/400 or accept)
//!   for any server, and [`receive::Deduplicator`] drops redelivered events.
//! - The crate reads no clock: pass `now_ms` to [`Options::now_ms`] to
//!   reject stale or future events.
//!
//! - Two code paths, one result: *compact* (byte at a time, no tables, no
//!   64-bit arithmetic; the default below 64-bit pointers, except wasm32)
//!   and *fast* (eight bytes at a time). The `compact` feature forces the
//!   compact one; [`CODE_PATH`] says which was built.
//! - Panic-free, proven at link time: CI links a firmware for
//!   `thumbv7em-none-eabihf` and `thumbv6m-none-eabi` whose panic handler
//!   calls an undefined function, calling [`parse()`], [`parse_view`],
//!   [`validate`], [`OutcomeEvent::parse_into`], [`OutcomeView::parse_into`],
//!   [`OutcomeEvent::to_json`],
//!   [`receive::decide`] and [`receive::Deduplicator`]
//!   (`scripts/panic-check.sh`).
//!
//! Tested targets: `thumbv6m-none-eabi`, `thumbv7em-none-eabihf`,
//! `riscv32imc-unknown-none-elf`.
//!
//! # Non-features
//!
//! - No general JSON: the parser knows one schema. Use `serde_json` for
//!   anything else.
//! - No deserialization through serde: serde-json-core skips unknown
//!   members without checking them, recurses without bound, rejects
//!   surrogate pairs and reports no positions, so the scanner is our own.
//!   `Serialize` is implemented for every type; [`OutcomeEvent::to_json`]
//!   writes the canonical form itself (byte-identical to serde-json-core's
//!   `to_slice`, whose bounds checks kept a panic path).
//! - No signature verification: Sailor documents no signature header. Put a
//!   secret in the webhook URL and compare it in constant time (the CLI's
//!   `serve --token` does).
//! - No streaming input: the whole body must be in one buffer (bounded by
//!   [`Options::max_input_bytes`]).
//! - Other UUID forms (braced, `urn:uuid:`, 32 digits) are rejected by
//!   design, and UUID version bits are not checked.
//! - Events built by hand are not validated; serialize and parse them to check.
//!
//! [`docs/contract.md`]: https://github.com/sailor-webhook/sailor-webhook/blob/main/docs/contract.md
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod event;
#[cfg(feature = "std")]
mod io;
mod jsonstr;
#[cfg(any(test, sailor_compact))]
mod lean;
mod options;
mod parse;
mod path;
pub mod receive;
mod scan;
mod ser;
mod types;
mod view;

pub use error::{Error, ErrorKind, Field, Path};
pub use event::{Destination, ErrorMessage, Outcome, OutcomeEvent, MAX_OUTCOME_NAME_BYTES};
#[cfg(feature = "std")]
pub use io::{read_limited, ReadError, ReadOrParseError};
pub use jsonstr::{Chars, JsonStr};
pub use options::Options;
pub use options::{MAX_DEPTH_LIMIT, MAX_MEMBERS_LIMIT};
pub use parse::MAX_OUTCOME_NAME_CHARS;
pub use path::NAME as CODE_PATH;
pub use types::{
    Call, IdempotencyKey, OutcomeType, PhoneNumber, Scope, Timestamp, Uuid, MAX_TIMESTAMP,
    SECONDS_THRESHOLD,
};
pub use view::{DestinationView, IdList, Ids, OutcomeRef, OutcomeView};

/// Parses and validates a payload with the default [`Options`], into an
/// owned [`OutcomeEvent`] with the default capacities.
pub fn parse(input: &[u8]) -> Result<OutcomeEvent, Error> {
    OutcomeEvent::parse(input)
}

/// Parses and validates a payload with the default [`Options`], into a
/// view borrowed from `input`.
pub fn parse_view(input: &[u8]) -> Result<OutcomeView<'_>, Error> {
    parse::parse_view(input, Options::DEFAULT)
}

/// Validates a payload with the default [`Options`], building nothing.
pub fn validate(input: &[u8]) -> Result<(), Error> {
    Options::new().validate(input)
}
