//! The ABI's Rust-side invariants: the numbering of kinds and fields, and
//! that the C-side decoders (strings, ids, dedup) agree with the core's.
use super::*;
extern crate std;

#[test]
fn kind_numbers_codes_and_strings_agree() {
    for (i, kind) in KINDS.iter().enumerate() {
        let n = i as u32 + 1;
        assert_eq!(kind_number(*kind), n);
        assert_eq!(kind_of(n), Some(*kind));
        assert_eq!(CODES[i].to_str().unwrap(), kind.code());
        // SAFETY: sw_error_code_str returns a static NUL-terminated string.
        let s = unsafe { core::ffi::CStr::from_ptr(sw_error_code_str(n)) };
        assert_eq!(s.to_str().unwrap(), kind.code());
    }
    assert_eq!(kind_of(0), None);
    assert_eq!(kind_of(31), None);
}

#[test]
fn field_numbers_round_trip() {
    for (i, f) in FIELDS.iter().enumerate() {
        assert_eq!(field_number(*f), i as u32);
    }
    assert_eq!(
        FIELDS[SW_FIELD_DESTINATION_IDS as usize].as_str(),
        "destination.destination_ids"
    );
    assert_eq!(
        FIELDS[SW_FIELD_ERROR_MESSAGE as usize].as_str(),
        "error_message"
    );
}

const MS: &[u8] = include_bytes!("../../tests/fixtures/webhook-page-ms.json");
const SEL: &[u8] = include_bytes!("../../tests/fixtures/remove-selected.json");

fn with_name(name: &str) -> std::vec::Vec<u8> {
    let s = std::str::from_utf8(MS).unwrap();
    s.replacen("\"Interested\"", name, 1).into_bytes()
}

#[test]
fn decode_agrees_with_the_core() {
    for name in [
        r#""Interested""#,
        r#""caf\u00e9 \ud83d\ude00 \n\t\"\\\/ \b\f\r end""#,
        "\"h\u{e9}llo \u{1F600}\"",
        r#""\u0000x""#,
    ] {
        let input = with_name(name);
        let view = sailor_webhook::parse_view(&input).unwrap();
        let want = view.outcome.outcome_name.to_string();
        let s = sw_str::of(&view.outcome.outcome_name);
        let mut buf = [0u8; 128];
        let mut n = 0usize;
        // SAFETY: `s` points into `input`, alive; `buf` and `n` are locals.
        let st = unsafe { sw_str_decode(&s, buf.as_mut_ptr(), buf.len(), &mut n) };
        assert_eq!(st, SW_OK, "{name}");
        assert_eq!(&buf[..n], want.as_bytes(), "{name}");
        assert_eq!(buf[n], 0);
        // One byte too small: the length is still reported.
        // SAFETY: as above.
        let st = unsafe { sw_str_decode(&s, buf.as_mut_ptr(), n, &mut n) };
        assert_eq!((st, n), (SW_ERR_BUFFER_TOO_SMALL, want.len()));
    }
}

#[test]
fn malformed_strings_are_an_argument_error() {
    for raw in [
        &b"\\"[..],
        b"\\u12",
        b"\\ud800",
        b"\\ud800\\u0041",
        b"\xff",
        b"a\"b",
        b"\\x",
    ] {
        let s = sw_str {
            ptr: raw.as_ptr(),
            len: raw.len(),
            offset: 0,
            escaped: 1,
        };
        let mut buf = [0u8; 16];
        // SAFETY: `s` points to `raw`, alive; `buf` is a local.
        let st = unsafe { sw_str_decode(&s, buf.as_mut_ptr(), buf.len(), core::ptr::null_mut()) };
        assert_eq!(st, SW_ERR_ARGUMENT, "{raw:?}");
    }
}

#[test]
fn ids_agree_with_the_core() {
    let text = std::str::from_utf8(SEL).unwrap();
    let one = "\"00000000-0000-4000-8000-000000000010\"";
    let plain = text
        .replacen(
            one,
            &format!("{one}, \"00000000-0000-4000-8000-0000000000ab\""),
            1,
        )
        .into_bytes();
    // The same ids with escaped characters in them.
    let escaped = text
        .replacen(
            one,
            r#""\u00300000000-0000-4000-8000-000000000010", "00000000-0000-4000-8000-0000000000\u0061\u0062""#,
            1,
        )
        .into_bytes();
    for input in [plain, escaped] {
        let core = sailor_webhook::parse_view(&input).unwrap();
        let DestinationView::RemoveSelected(list) = core.destination else {
            panic!("not selected")
        };
        let want: std::vec::Vec<_> = list.iter().collect();
        assert!(want.len() >= 2);
        let mut view = core::mem::MaybeUninit::<sw_view>::uninit();
        // SAFETY: `input` alive; `view` is written by the call before it is read.
        let st = unsafe {
            sw_parse_view(
                input.as_ptr(),
                input.len(),
                core::ptr::null(),
                view.as_mut_ptr(),
                core::ptr::null_mut(),
            )
        };
        assert_eq!(st, SW_OK);
        // SAFETY: SW_OK wrote the view.
        let view = unsafe { view.assume_init() };
        assert_eq!(view.destination_ids_count as usize, want.len());
        let mut it = sw_ids {
            raw: core::ptr::null(),
            raw_len: 0,
            pos: 0,
        };
        let mut got = std::vec::Vec::new();
        let mut id = [0u8; 16];
        // SAFETY: locals; the view's input is alive.
        unsafe {
            assert_eq!(sw_ids_begin(&view, &mut it), SW_OK);
            while sw_ids_next(&mut it, id.as_mut_ptr()) == 1 {
                got.push(Uuid::from_bytes(id));
            }
        }
        assert_eq!(got, want);
    }
}

#[test]
fn dedup_agrees_with_the_core() {
    use sailor_webhook::receive::{Deduplicator, Seen};
    use sailor_webhook::IdempotencyKey;
    let mut core = Deduplicator::<3>::new();
    let mut mem = [0u8; 3 * 32];
    let mut d = core::mem::MaybeUninit::<sw_dedup>::uninit();
    // SAFETY: `mem` outlives `d`'s use in this test.
    assert_eq!(
        unsafe { sw_dedup_init(d.as_mut_ptr(), mem.as_mut_ptr(), mem.len()) },
        SW_OK
    );
    // SAFETY: initialised by the call above.
    let mut d = unsafe { d.assume_init() };
    for n in [1u8, 2, 1, 3, 4, 1, 2, 2, 5, 3, 4, 4, 1] {
        let key = IdempotencyKey::new(Uuid::from_bytes([n; 16]), Uuid::from_bytes([7; 16]));
        let want = i32::from(core.check(key) == Seen::Seen);
        // SAFETY: `d` initialised over `mem`; the key is 32 bytes.
        let got = unsafe { sw_dedup_check(&mut d, key.as_bytes().as_ptr()) };
        assert_eq!(got, want, "key {n}");
    }
    assert_eq!(d.len as usize, core.len());
}

#[test]
fn the_event_fits_its_storage() {
    assert!(size_of::<Event>() <= SW_EVENT_STORAGE_BYTES);
    assert_eq!(Event::MAX_JSON_LEN, SW_EVENT_MAX_JSON_LEN);
}

#[test]
fn the_event_through_the_abi_equals_the_core_event() {
    let want = sailor_webhook::parse(SEL).unwrap();
    let mut ev = std::boxed::Box::new(core::mem::MaybeUninit::<sw_event>::uninit());
    // SAFETY: writable memory of the size of sw_event.
    assert_eq!(unsafe { sw_event_init(ev.as_mut_ptr()) }, SW_OK);
    // SAFETY: initialised above.
    let ev = unsafe { ev.assume_init_mut() };
    let mut err = sw_error::NONE;
    // SAFETY: `SEL` is static; the rest are locals.
    let st = unsafe { sw_parse_into(ev, SEL.as_ptr(), SEL.len(), core::ptr::null(), &mut err) };
    assert_eq!(st, SW_OK);
    let mut buf = [0u8; SW_EVENT_MAX_JSON_LEN];
    let mut n = 0usize;
    // SAFETY: locals.
    assert_eq!(
        unsafe { sw_event_to_json(ev, buf.as_mut_ptr(), buf.len(), &mut n) },
        SW_OK
    );
    assert_eq!(&buf[..n], want.to_json_string().as_bytes());
    let mut fields = core::mem::MaybeUninit::<sw_event_fields>::uninit();
    // SAFETY: locals.
    assert_eq!(unsafe { sw_event_read(ev, fields.as_mut_ptr()) }, SW_OK);
    // SAFETY: SW_OK wrote it.
    let fields = unsafe { fields.assume_init() };
    // SAFETY: the name points into `ev`, alive and not parsed into meanwhile.
    let name = unsafe { core::slice::from_raw_parts(fields.outcome_name, fields.outcome_name_len) };
    assert_eq!(name, want.outcome.outcome_name.as_bytes());
    assert_eq!(&fields.idempotency_key, want.idempotency_key().as_bytes());
    // A failed parse leaves the event unreadable until the next success.
    // SAFETY: as above.
    let st = unsafe { sw_parse_into(ev, b"{}".as_ptr(), 2, core::ptr::null(), &mut err) };
    assert_eq!((st, ev.valid), (SW_REJECTED, 0));
    let mut again = core::mem::MaybeUninit::<sw_event_fields>::uninit();
    // SAFETY: locals.
    assert_eq!(
        unsafe { sw_event_read(ev, again.as_mut_ptr()) },
        SW_ERR_UNINITIALIZED
    );
}
