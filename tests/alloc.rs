//! Parsing, validation and serialization allocate nothing.
//!
//! A counting global allocator wraps `System`; it counts only while the
//! measuring thread has its flag set, and this file has a single test, so
//! nothing else is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use sailor_webhook::{DestinationView, Options, OutcomeEvent};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if MEASURING.with(Cell::get) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The number of allocations `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    MEASURING.with(|m| m.set(true));
    f();
    MEASURING.with(|m| m.set(false));
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

const MS: &[u8] = include_bytes!("fixtures/webhook-page-ms.json");
const SECONDS: &[u8] = include_bytes!("fixtures/guide-page-seconds.json");
const REMOVE_SELECTED: &[u8] = include_bytes!("fixtures/remove-selected.json");

/// A `fmt::Write` into a fixed buffer.
struct Fixed {
    buf: [u8; 256],
    len: usize,
}

impl std::fmt::Write for Fixed {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn valid_inputs() -> Vec<Vec<u8>> {
    let ms = std::str::from_utf8(MS).unwrap();
    let mut v = vec![MS.to_vec(), SECONDS.to_vec(), REMOVE_SELECTED.to_vec()];
    // Escapes everywhere, surrogate pairs, unknown members, a long message.
    v.push(
        ms.replacen("\"call_id\"", "\"call\\u005fid\"", 1)
            .replacen(
                "\"Interested\"",
                "\"\\ud83d\\ude00 Caf\\u00e9 \\\"VIP\\\"\"",
                1,
            )
            .replacen(
                "\"error_message\": \"\"",
                &format!("\"error_message\": \"{}\\u00e9\"", "x".repeat(300)),
                1,
            )
            .replacen(
                "{\n",
                "{\n \"x\": {\"a\": [1, 2.5e3, true, null, {\"b\": \"\\n\"}], \"c\": {}},\n",
                1,
            )
            .into_bytes(),
    );
    let ids: Vec<String> = (0..16)
        .map(|k| format!("\"00000000-0000-4000-8000-0000000000{k:02}\""))
        .collect();
    v.push(
        ms.replacen(
            "\"destination_type\": \"smart_list\",\n  \"destination_id\": \"00000000-0000-4000-8000-000000000006\"",
            &format!(
                "\"destination_type\": \"remove_from_smart_list\", \"selection\": \"selected\", \"destination_ids\": [{}]",
                ids.join(",")
            ),
            1,
        )
        .into_bytes(),
    );
    v
}

fn invalid_inputs() -> Vec<Vec<u8>> {
    let ms = std::str::from_utf8(MS).unwrap();
    let edit = |from: &str, to: &str| ms.replacen(from, to, 1).into_bytes();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(MS);
    let mut bad_utf8 = edit("\"Interested\"", "\"Inter\u{1}ested\"");
    let at = bad_utf8.iter().position(|&b| b == 1).unwrap();
    bad_utf8[at] = 0xff;
    let ids: Vec<String> = (0..17)
        .map(|k| format!("\"00000000-0000-4000-8000-0000000000{k:02}\""))
        .collect();
    vec![
        Vec::new(),
        b"{}".to_vec(),
        bom,
        bad_utf8,
        edit("1781935984000", "-1"),
        edit("1781935984000", "\"1781935984000\""),
        edit("\"+15555550100\"", "\"15555550100\""),
        edit("\"00000000-0000-4000-8000-000000000004\"", "\"{00000000-0000-4000-8000-000000000004}\""),
        edit("\"Interested\"", "\"\\ud800\""),
        edit("\"Interested\"", "\"\""),
        edit("\"action\"", "\"Action\""),
        edit("\"call_id\": \"00000000-0000-4000-8000-000000000004\",", "\"call_id\": \"00000000-0000-4000-8000-000000000004\", \"call\\u005fid\": \"00000000-0000-4000-8000-000000000004\","),
        edit("{\n", "{\n \"x\": {\"a\": 1, \"a\": 2},\n"),
        edit("{\n", "{\n \"x\": [1,],\n"),
        edit("{\n", &format!("{{\n \"x\": {},\n", "[".repeat(100))),
        edit(
            "\"destination_type\": \"smart_list\",\n  \"destination_id\": \"00000000-0000-4000-8000-000000000006\"",
            &format!(
                "\"destination_type\": \"remove_from_smart_list\", \"selection\": \"selected\", \"destination_ids\": [{}]",
                ids.join(",")
            ),
        ),
        format!("{ms}x").into_bytes(),
    ]
}

#[test]
fn parse_validate_and_serialize_allocate_nothing() {
    let valid = valid_inputs();
    let invalid = invalid_inputs();
    let strict = Options::new()
        .strict(true)
        .now_ms(1_781_935_984_000, 60_000);
    const ROUNDS: usize = 100;

    // The counter works: a Vec in the measured region is counted.
    assert_eq!(allocations(|| drop(black_box(vec![1u8; 8]))), 1);

    // Every valid input parses; every invalid one fails (checked outside the
    // measurement, so that a wrong verdict cannot hide behind a zero count).
    for input in &valid {
        sailor_webhook::parse(input).unwrap();
    }
    for input in &invalid {
        assert!(sailor_webhook::parse(input).is_err());
    }

    let n = allocations(|| {
        for _ in 0..ROUNDS {
            for input in &valid {
                black_box(sailor_webhook::parse(black_box(input)).unwrap());
            }
        }
    });
    assert_eq!(n, 0, "sailor_webhook::parse (valid)");

    let n = allocations(|| {
        for _ in 0..ROUNDS {
            for input in &valid {
                let v = sailor_webhook::parse_view(black_box(input)).unwrap();
                // Reading the view decodes on demand, also without allocating.
                black_box(v.outcome.outcome_name.char_count());
                black_box(v.outcome.outcome_name.chars().last());
                black_box(v.error_message.decode_into(&mut [0u8; 512]));
                if let DestinationView::RemoveSelected(list) = v.destination {
                    black_box(list.iter().count());
                }
                black_box(v.idempotency_key().encode(&mut [0u8; 73]).len());
            }
        }
    });
    assert_eq!(n, 0, "sailor_webhook::parse_view (valid)");

    let n = allocations(|| {
        for _ in 0..ROUNDS {
            for input in &valid {
                sailor_webhook::validate(black_box(input)).unwrap();
                black_box(strict.validate(black_box(input)).is_ok());
            }
        }
    });
    assert_eq!(n, 0, "validate (valid)");

    let events: Vec<OutcomeEvent> = valid
        .iter()
        .map(|i| sailor_webhook::parse(i).unwrap())
        .collect();
    let n = allocations(|| {
        for _ in 0..ROUNDS {
            for e in &events {
                let mut buf = [0u8; <OutcomeEvent>::MAX_JSON_LEN];
                let len = e.to_json(&mut buf).unwrap();
                black_box(&buf[..len]);
                // Too small a buffer fails, also without allocating.
                black_box(e.to_json(&mut [0u8; 16]).unwrap_err());
            }
        }
    });
    assert_eq!(n, 0, "to_json into a stack buffer");

    let n = allocations(|| {
        for _ in 0..ROUNDS {
            for input in &invalid {
                let e1 = sailor_webhook::parse(black_box(input)).unwrap_err();
                // (17 ids exceed only the owned capacity: the view accepts them.)
                let e2 = sailor_webhook::parse_view(black_box(input)).err();
                let e3 = strict.validate(black_box(input)).err();
                black_box((e1, e2, e3));
                // Display into a fixed buffer.
                let mut out = Fixed {
                    buf: [0; 256],
                    len: 0,
                };
                std::fmt::Write::write_fmt(&mut out, format_args!("{e1}")).unwrap();
                black_box(out.len);
            }
        }
    });
    assert_eq!(n, 0, "invalid inputs");

    // Smaller capacities and the view-to-owned copy.
    let n = allocations(|| {
        for _ in 0..ROUNDS {
            for input in &valid {
                let v = sailor_webhook::parse_view(input).unwrap();
                black_box(OutcomeEvent::<64, 4, 32>::from_view(&v).ok());
            }
        }
    });
    assert_eq!(n, 0, "from_view with small capacities");
}
