//! The C ABI against the Rust API: every `extern "C"` entry point is called
//! with arbitrary bytes, options and buffer sizes, and must give exactly the
//! Rust API's answer (status, kind, path, offset, text, JSON), never write
//! past a buffer it was given, and never panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sailor_webhook::receive::{self, Decision};
use sailor_webhook::{DestinationView, Error, Options, OutcomeEvent};
use sailor_webhook_ffi::*;

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    input: &'a [u8],
    strict: bool,
    max_depth: u8,
    max_members: u8,
    buf_len: u16,
    method: Option<&'a [u8]>,
    content_type: Option<&'a [u8]>,
    keys: Vec<u8>,
    window: u8,
}

fn opts(c: &Case<'_>) -> (sw_options, Options) {
    let mut o = sw_options {
        strict: u8::from(c.strict),
        max_depth: u32::from(c.max_depth),
        max_members: u32::from(c.max_members),
        ..sw_options::default()
    };
    let mut r = Options::new().strict(c.strict);
    if c.max_depth != 0 {
        r = r.max_depth(usize::from(c.max_depth));
    }
    if c.max_members != 0 {
        r = r.max_members(usize::from(c.max_members));
    }
    o.check_clock = 0;
    (o, r)
}

fn same_error(got: &sw_error, want: &Error, buf_len: usize) {
    // SAFETY: sw_error_code_str returns a static NUL-terminated string.
    let code = unsafe { std::ffi::CStr::from_ptr(sw_error_code_str(got.kind)) };
    assert_eq!(code.to_str().unwrap(), want.code());
    assert_eq!(got.offset as usize, want.offset());
    assert_eq!(got.http_status, receive::status_for(want.kind()));
    let path = want.path().to_string();
    // A buffer of the arbitrary size, with a guard byte after it.
    let mut buf = vec![0xAAu8; buf_len + 1];
    let mut n = 0usize;
    // SAFETY: `buf_len` writable bytes; `n` is a local.
    let st = unsafe { sw_error_path(got, buf.as_mut_ptr(), buf_len, &mut n) };
    assert_eq!(buf[buf_len], 0xAA, "wrote past the buffer");
    assert_eq!(n, path.len());
    if buf_len > path.len() {
        assert_eq!(st, SW_OK);
        assert_eq!(&buf[..n], path.as_bytes());
        assert_eq!(buf[n], 0);
    } else {
        assert_eq!(st, SW_ERR_BUFFER_TOO_SMALL);
    }
}

fuzz_target!(|c: Case<'_>| {
    let (o, r) = opts(&c);
    let input = c.input;
    let buf_len = usize::from(c.buf_len);
    let mut err = sw_error {
        kind: 0,
        offset: 0,
        field: 0,
        index: 0,
        unknown_member: 0,
        http_status: 0,
    };

    // validate
    // SAFETY: `input` is alive for the call; the rest are locals.
    let st = unsafe { sw_validate(input.as_ptr(), input.len(), &o, &mut err) };
    let want = r.validate(input);
    match &want {
        Ok(()) => assert_eq!(st, SW_OK),
        Err(e) => {
            assert_eq!(st, SW_REJECTED);
            same_error(&err, e, buf_len % 48);
        }
    }

    // the view
    let mut view = std::mem::MaybeUninit::<sw_view>::uninit();
    // SAFETY: as above; the view is only read after SW_OK.
    let st = unsafe { sw_parse_view(input.as_ptr(), input.len(), &o, view.as_mut_ptr(), &mut err) };
    match r.parse_view(input) {
        Ok(v) => {
            assert_eq!(st, SW_OK);
            // SAFETY: SW_OK wrote it.
            let view = unsafe { view.assume_init() };
            assert_eq!(view.timestamp_ms, v.timestamp.millis());
            assert_eq!(&view.call_id, v.call.call_id.as_bytes());
            assert_eq!(&view.idempotency_key, v.idempotency_key().as_bytes());
            // The name, decoded into a buffer of the arbitrary size (with a guard).
            let name = v.outcome.outcome_name.to_string();
            let mut buf = vec![0xAAu8; buf_len + 1];
            let mut n = 0usize;
            // SAFETY: the view's input is alive; `buf_len` writable bytes.
            let st =
                unsafe { sw_str_decode(&view.outcome_name, buf.as_mut_ptr(), buf_len, &mut n) };
            assert_eq!(buf[buf_len], 0xAA, "decode wrote past the buffer");
            assert_eq!(n, name.len());
            if buf_len > name.len() {
                assert_eq!(st, SW_OK);
                assert_eq!(&buf[..n], name.as_bytes());
            } else {
                assert_eq!(st, SW_ERR_BUFFER_TOO_SMALL);
            }
            // The ids.
            let want_ids: Vec<[u8; 16]> = match v.destination {
                DestinationView::RemoveSelected(list) => {
                    list.iter().map(|u| *u.as_bytes()).collect()
                }
                _ => Vec::new(),
            };
            let mut it = sw_ids {
                raw: std::ptr::null(),
                raw_len: 0,
                pos: 0,
            };
            let mut got_ids = Vec::new();
            let mut id = [0u8; 16];
            // SAFETY: locals; the view's input is alive.
            unsafe {
                assert_eq!(sw_ids_begin(&view, &mut it), SW_OK);
                while sw_ids_next(&mut it, id.as_mut_ptr()) == 1 {
                    got_ids.push(id);
                }
            }
            assert_eq!(got_ids, want_ids);
        }
        Err(e) => {
            assert_eq!(st, SW_REJECTED);
            same_error(&err, &e, 48);
        }
    }

    // the owned event and its JSON
    let mut ev = Box::new(std::mem::MaybeUninit::<sw_event>::uninit());
    // SAFETY: writable memory of the right size.
    assert_eq!(unsafe { sw_event_init(ev.as_mut_ptr()) }, SW_OK);
    // SAFETY: initialised above.
    let ev = unsafe { ev.assume_init_mut() };
    // SAFETY: as above.
    let st = unsafe { sw_parse_into(ev, input.as_ptr(), input.len(), &o, &mut err) };
    match <OutcomeEvent>::parse_with(input, &r) {
        Ok(e) => {
            assert_eq!(st, SW_OK);
            let json = e.to_json_string();
            let mut buf = vec![0xAAu8; buf_len * 4 + 1];
            let len = buf_len * 4;
            let mut n = 0usize;
            // SAFETY: `len` writable bytes.
            let st = unsafe { sw_event_to_json(ev, buf.as_mut_ptr(), len, &mut n) };
            assert_eq!(buf[len], 0xAA, "to_json wrote past the buffer");
            if len >= json.len() {
                assert_eq!(st, SW_OK);
                assert_eq!(&buf[..n], json.as_bytes());
            } else {
                assert_eq!((st, n), (SW_ERR_BUFFER_TOO_SMALL, 0));
            }
        }
        Err(e) => {
            assert_eq!(st, SW_REJECTED);
            assert_eq!(ev.valid, 0);
            same_error(&err, &e, 48);
        }
    }

    // the HTTP decision, with arbitrary header bytes
    let (m, ml) = c
        .method
        .map_or((std::ptr::null(), 0), |m| (m.as_ptr(), m.len()));
    let (ct, ctl) = c
        .content_type
        .map_or((std::ptr::null(), 0), |m| (m.as_ptr(), m.len()));
    let mut status = 0u16;
    let mut view = std::mem::MaybeUninit::<sw_view>::uninit();
    // SAFETY: all alive for the call.
    let st = unsafe {
        sw_decide(
            m,
            ml,
            ct,
            ctl,
            input.as_ptr(),
            input.len(),
            &o,
            view.as_mut_ptr(),
            &mut status,
            &mut err,
        )
    };
    let method = c
        .method
        .map_or("", |m| std::str::from_utf8(m).unwrap_or("\u{0}"));
    let ctype = c
        .content_type
        .map(|m| std::str::from_utf8(m).unwrap_or("\u{0}"));
    match receive::decide(method, ctype, input, &r) {
        Decision::Accept(_) => assert_eq!((st, status), (SW_OK, 200)),
        Decision::Reject(rej) => {
            assert_eq!((st, status), (SW_REJECTED, rej.status));
            same_error(&err, &rej.error, 48);
        }
    }

    // the dedup window against a model
    let cap = usize::from(c.window % 8) + 1;
    let mut mem = vec![0u8; cap * 32 + 1];
    mem[cap * 32] = 0xAA;
    let mut d = std::mem::MaybeUninit::<sw_dedup>::uninit();
    // SAFETY: `mem` outlives `d`'s use.
    assert_eq!(
        unsafe { sw_dedup_init(d.as_mut_ptr(), mem.as_mut_ptr(), cap * 32) },
        SW_OK
    );
    // SAFETY: initialised above.
    let d = unsafe { d.assume_init_mut() };
    let mut model: std::collections::VecDeque<[u8; 32]> = Default::default();
    for &k in &c.keys {
        let key = [k % 16; 32];
        let want = model.contains(&key);
        if !want {
            if model.len() == cap {
                model.pop_front();
            }
            model.push_back(key);
        }
        // SAFETY: `d` over `mem`; 32-byte key.
        assert_eq!(unsafe { sw_dedup_check(d, key.as_ptr()) }, i32::from(want));
    }
    assert_eq!(mem[cap * 32], 0xAA, "dedup wrote past its memory");
});
