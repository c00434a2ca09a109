//! sailor-webhook on an emulated Cortex-M3 (`qemu-system-arm -machine
//! lm3s6965evb`, semihosting): parses every fixture and a set of invalid
//! payloads, checks each result, prints one line per check and
//! `qemu: N passed, M failed`, and exits 0 only when every check passed.
//!
//! - Every `tests/fixtures/*.json` (found by `build.rs`) must give on the
//!   target exactly what the host build gives: the same canonical JSON of
//!   the owned event, or the same error code, path and offset; `parse_view`
//!   and `validate` must agree with it.
//! - The docs' payloads are also checked field by field against values
//!   written here, and each invalid payload against its exact error kind,
//!   path and offset.
#![no_std]
#![no_main]

use core::fmt::{self, Write};
use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use panic_semihosting as _;
use sailor_webhook::{Destination, ErrorKind, Options, OutcomeEvent, OutcomeType, Uuid};

/// A fixture and the host's result for it.
pub struct Fixture {
    name: &'static str,
    input: &'static [u8],
    expect: Expect,
}

/// The host's result: the canonical JSON of the event, or the error.
pub enum Expect {
    Event(&'static str),
    Error {
        code: &'static str,
        path: &'static str,
        offset: usize,
    },
}

mod fixtures {
    use super::{Expect, Fixture};
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// A `fmt::Write` into a fixed buffer (for comparing `Path`'s `Display`).
struct Text<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Text<N> {
    fn of(value: impl fmt::Display) -> Self {
        let mut t = Text {
            buf: [0; N],
            len: 0,
        };
        // Too long for the buffer reads as a mismatch below, not a panic.
        let _ = write!(t, "{value}");
        t
    }

    fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

impl<const N: usize> Write for Text<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The offset of `needle` in `haystack` (where an expected error points).
fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or(usize::MAX)
}

fn uuid(last: u8) -> Uuid {
    let mut b = [0u8; 16];
    b[6] = 0x40;
    b[8] = 0x80;
    b[15] = last;
    Uuid::from_bytes(b)
}

struct Tally {
    passed: u32,
    failed: u32,
}

impl Tally {
    fn check(&mut self, what: &str, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
            hprintln!("ok    {} {}", what, name);
        } else {
            self.failed += 1;
            hprintln!("FAIL  {} {}", what, name);
        }
    }
}

/// A fixture: the target gives what the host gave, through every entry point.
fn check_fixture(f: &Fixture) -> bool {
    let input = black_box(f.input);
    let owned = sailor_webhook::parse(input);
    let view_ok = sailor_webhook::parse_view(input).is_ok();
    let valid = sailor_webhook::validate(input).is_ok();
    match (&owned, &f.expect) {
        (Ok(event), Expect::Event(json)) => {
            let mut buf = [0u8; <OutcomeEvent>::MAX_JSON_LEN];
            let same = match event.to_json(&mut buf) {
                Ok(n) => buf.get(..n) == Some(json.as_bytes()),
                Err(_) => false,
            };
            same && view_ok && valid
        }
        (Err(e), Expect::Error { code, path, offset }) => {
            let view_same = match sailor_webhook::parse_view(input) {
                Err(v) => v == *e,
                // Only capacity is checked by the owned event alone.
                Ok(_) => e.kind() == ErrorKind::CapacityExceeded,
            };
            e.code() == *code
                && e.offset() == *offset
                && Text::<64>::of(e.path()).as_bytes() == path.as_bytes()
                && view_same
                && valid == view_ok
        }
        _ => false,
    }
}

/// The docs' payloads, field by field.
fn check_seeds(t: &mut Tally) {
    let ms = include_bytes!("../../../tests/fixtures/webhook-page-ms.json");
    let ok =
        match sailor_webhook::parse(black_box(ms)) {
            Ok(e) => e.timestamp.millis() == 1_781_935_984_000
                && !e.timestamp.was_seconds()
                && e.scope.subaccount_id == uuid(1)
                && e.scope.organization_id == uuid(2)
                && e.outcome.outcome_id == uuid(3)
                && e.outcome.outcome_name == "Interested"
                && e.outcome.outcome_type == OutcomeType::Action
                && e.call.call_id == uuid(4)
                && e.call.phone_number.as_u64() == 15_555_550_100
                && e.call.contact_id == uuid(5)
                && e.destination == Destination::SmartList(uuid(6))
                && e.error_message.as_str().is_empty()
                && Text::<80>::of(e.idempotency_key()).as_bytes()
                    == b"00000000-0000-4000-8000-000000000004:00000000-0000-4000-8000-000000000003",
            Err(_) => false,
        };
    t.check("fields", "webhook-page-ms.json", ok);

    let seconds = include_bytes!("../../../tests/fixtures/guide-page-seconds.json");
    let ok = match sailor_webhook::parse(black_box(seconds)) {
        Ok(e) => e.timestamp.millis() == 1_781_935_984_000 && e.timestamp.was_seconds(),
        Err(_) => false,
    };
    t.check("fields", "guide-page-seconds.json (lenient)", ok);
    let strict = Options::new().strict(true).parse(black_box(seconds));
    let ok = matches!(strict, Err(e) if e.kind() == ErrorKind::TimestampInSeconds
        && Text::<64>::of(e.path()).as_bytes() == b"timestamp"
        && e.offset() == find(seconds, b"1781935984"));
    t.check("fields", "guide-page-seconds.json (strict)", ok);

    let remove = include_bytes!("../../../tests/fixtures/remove-selected.json");
    let ok = match sailor_webhook::parse(black_box(remove)) {
        Ok(e) => match &e.destination {
            Destination::RemoveSelected(ids) => ids.as_slice() == [uuid(0x10)],
            _ => false,
        },
        Err(_) => false,
    };
    t.check("fields", "remove-selected.json", ok);

    // Escapes: a member name spelled with \u005f, an escaped name with an
    // astral character from a surrogate pair.
    let escaped = concat!(
        r#"{"timestamp":1781935984000,"#,
        r#""scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","#,
        r#""organization_id":"00000000-0000-4000-8000-000000000002"},"#,
        r#""outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","#,
        r#""outcome_name":"Caf\u00e9 \ud83d\ude80","outcome_type":"disposition"},"#,
        r#""call":{"call\u005fid":"00000000-0000-4000-8000-000000000004","#,
        r#""phone_number":"+15555550100","#,
        r#""contact_id":"00000000-0000-4000-8000-000000000005"},"#,
        r#""destination":{"destination_type":"remove_from_smart_list","selection":"all"},"#,
        r#""error_message":"list \"Warm\" not found"}"#
    );
    let ok = match sailor_webhook::parse(black_box(escaped.as_bytes())) {
        Ok(e) => {
            e.outcome.outcome_name == "Café 🚀"
                && e.outcome.outcome_type == OutcomeType::Disposition
                && e.call.call_id == uuid(4)
                && e.destination == Destination::RemoveAll
                && e.error_message.as_str() == "list \"Warm\" not found"
        }
        Err(_) => false,
    };
    t.check("fields", "escapes and surrogate pairs", ok);
}

/// The docs' payload, compact, with a remove-from-selected destination.
const BASE: &str = concat!(
    r#"{"error_message":"","timestamp":1781935984000,"#,
    r#""scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","#,
    r#""organization_id":"00000000-0000-4000-8000-000000000002"},"#,
    r#""outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","#,
    r#""outcome_name":"Interested","outcome_type":"action"},"#,
    r#""call":{"call_id":"00000000-0000-4000-8000-000000000004","#,
    r#""phone_number":"+15555550100","#,
    r#""contact_id":"00000000-0000-4000-8000-000000000005"},"#,
    r#""destination":{"destination_type":"remove_from_smart_list","selection":"selected","#,
    r#""destination_ids":["00000000-0000-4000-8000-000000000010","#,
    r#""00000000-0000-4000-8000-000000000011"]}}"#
);

/// `BASE` with its first `from` replaced by `to`, in `buf`.
fn base_with<'b>(buf: &'b mut [u8; 1024], from: &str, to: &str) -> &'b [u8] {
    let base = BASE.as_bytes();
    let at = find(base, from.as_bytes());
    let parts = [&base[..at], to.as_bytes(), &base[at + from.len()..]];
    let mut n = 0;
    for part in parts {
        buf[n..n + part.len()].copy_from_slice(part);
        n += part.len();
    }
    &buf[..n]
}

/// An invalid payload and its exact rejection.
fn check_rejects(
    t: &mut Tally,
    name: &str,
    options: &Options,
    input: &[u8],
    kind: ErrorKind,
    path: &str,
    offset: usize,
) {
    let owned = options.parse(black_box(input));
    let view = options.parse_view(black_box(input));
    let ok = match (owned, view) {
        (Err(e), Err(v)) => {
            e == v
                && e.kind() == kind
                && e.offset() == offset
                && Text::<64>::of(e.path()).as_bytes() == path.as_bytes()
        }
        _ => false,
    };
    t.check("rejects", name, ok);
}

fn check_invalid(t: &mut Tally) {
    let lenient = Options::new();
    let strict = Options::new().strict(true);
    let mut buf = [0u8; 1024];

    let ok = sailor_webhook::parse(black_box(BASE.as_bytes())).is_ok();
    t.check("accepts", "compact remove-from-selected", ok);
    let input = base_with(
        &mut buf,
        r#"{"error_message""#,
        r#"{"extra":{"a":[1,true,null,"é"]},"error_message""#,
    );
    let ok = sailor_webhook::parse(black_box(input)).is_ok();
    t.check("accepts", "unknown member (lenient)", ok);

    let input = br#"{"timestamp": "soon"}"#;
    check_rejects(
        t,
        "string timestamp",
        &lenient,
        input,
        ErrorKind::WrongType,
        "timestamp",
        14,
    );
    let input = b"\xEF\xBB\xBF{}";
    check_rejects(
        t,
        "byte-order mark",
        &lenient,
        input,
        ErrorKind::ByteOrderMark,
        "$",
        0,
    );
    let input = b"x{}";
    check_rejects(
        t,
        "first byte",
        &lenient,
        input,
        ErrorKind::UnexpectedByte,
        "$",
        0,
    );
    let input = br#"{"timestamp":1781935984000,"timestamp":1}"#;
    check_rejects(
        t,
        "duplicate member",
        &lenient,
        input,
        ErrorKind::DuplicateKey,
        "timestamp",
        27,
    );

    let input = base_with(&mut buf, "000000000004\"", "00000000000g\"");
    let at = find(input, b"\"00000000-0000-4000-8000-00000000000g");
    check_rejects(
        t,
        "call_id not hex",
        &lenient,
        input,
        ErrorKind::InvalidUuid,
        "call.call_id",
        at,
    );

    let input = base_with(&mut buf, "+15555550100", "+05555550100");
    let at = find(input, b"\"+0555");
    let kind = ErrorKind::InvalidPhoneNumber;
    check_rejects(
        t,
        "phone number",
        &lenient,
        input,
        kind,
        "call.phone_number",
        at,
    );

    let input = base_with(&mut buf, "000000000011\"", "00000000001x\"");
    let at = find(input, b"\"00000000-0000-4000-8000-00000000001x");
    let path = "destination.destination_ids[1]";
    check_rejects(
        t,
        "second id",
        &lenient,
        input,
        ErrorKind::InvalidUuid,
        path,
        at,
    );

    let input = base_with(&mut buf, "Interested", "Inter\\ud800ested");
    let at = find(input, b"\\ud800");
    let path = "outcome.outcome_name";
    check_rejects(
        t,
        "lone surrogate",
        &lenient,
        input,
        ErrorKind::LoneSurrogate,
        path,
        at,
    );

    let input = base_with(&mut buf, "]}}", "]}} x");
    let at = input.len() - 1;
    check_rejects(
        t,
        "trailing data",
        &lenient,
        input,
        ErrorKind::TrailingData,
        "$",
        at,
    );

    let call = concat!(
        r#""call":{"call_id":"00000000-0000-4000-8000-000000000004","#,
        r#""phone_number":"+15555550100","#,
        r#""contact_id":"00000000-0000-4000-8000-000000000005"},"#
    );
    let input = base_with(&mut buf, call, "");
    let at = input.len() - 1;
    check_rejects(
        t,
        "missing call",
        &lenient,
        input,
        ErrorKind::MissingField,
        "call",
        at,
    );

    let input = base_with(
        &mut buf,
        r#""selection":"selected""#,
        r#""selection":"all""#,
    );
    let at = find(input, b"[");
    let kind = ErrorKind::InconsistentDestination;
    let path = "destination.destination_ids";
    check_rejects(t, "ids with selection all", &lenient, input, kind, path, at);

    let input = base_with(
        &mut buf,
        r#"{"error_message""#,
        r#"{"extra":1,"error_message""#,
    );
    check_rejects(
        t,
        "unknown member (strict)",
        &strict,
        input,
        ErrorKind::UnknownMember,
        "*",
        1,
    );
}

fn main_checks() -> Tally {
    let mut t = Tally {
        passed: 0,
        failed: 0,
    };
    for f in fixtures::FIXTURES {
        t.check("fixture", f.name, check_fixture(f));
    }
    check_seeds(&mut t);
    check_invalid(&mut t);
    t
}

#[entry]
fn main() -> ! {
    let t = main_checks();
    hprintln!("qemu: {} passed, {} failed", t.passed, t.failed);
    if t.failed == 0 && t.passed > 0 {
        debug::exit(debug::EXIT_SUCCESS);
    } else {
        debug::exit(debug::EXIT_FAILURE);
    }
    loop {
        cortex_m::asm::nop();
    }
}
