//! The smallest firmware that parses one Sailor outcome webhook, built three
//! ways by `scripts/footprint.sh`:
//!
//! - no feature: everything but the call to parse (the baseline);
//! - `parse`: the same plus `sailor_webhook::parse` (the flash and RAM it adds);
//! - `view`, `validate`: the same with `parse_view` or `validate` instead;
//! - `probe`: paints the stack, runs `OutcomeEvent::parse_into` (into an
//!   event in a static: the gateway's low-stack owned path), `parse` (the
//!   event by value) and `parse_view` on the docs' payload, and reports the
//!   stack each used and the type sizes over semihosting, as `key=value`
//!   lines, under QEMU.
//!
//! There is no allocator: a heap use would not link.
#![no_std]
#![no_main]

#[cfg(not(feature = "probe"))]
use core::hint::black_box;

use cortex_m_rt::entry;
use panic_halt as _;

/// The docs' example payload (in both builds, so it is not counted as code).
static PAYLOAD: &[u8] = include_bytes!("../../../tests/fixtures/webhook-page-ms.json");

#[cfg(not(feature = "probe"))]
#[entry]
fn main() -> ! {
    let input = black_box(PAYLOAD);
    #[cfg(feature = "parse")]
    {
        let event = sailor_webhook::parse(input);
        black_box(&event);
    }
    #[cfg(feature = "view")]
    {
        let view = sailor_webhook::parse_view(input);
        black_box(&view);
    }
    #[cfg(feature = "validate")]
    {
        let verdict = sailor_webhook::validate(input);
        black_box(&verdict);
    }
    loop {
        black_box(input);
    }
}

#[cfg(feature = "probe")]
mod probe {
    use core::cell::RefCell;
    use core::hint::black_box;
    use core::mem::size_of;
    use core::ptr::{read_volatile, write_volatile};

    use cortex_m::interrupt::Mutex;
    use cortex_m_semihosting::{debug, hprintln};
    use sailor_webhook::{
        Error, IdempotencyKey, JsonStr, Options, OutcomeEvent, OutcomeView, PhoneNumber, Timestamp,
        Uuid,
    };

    use super::PAYLOAD;

    /// How far below the caller's stack pointer the stack is painted.
    const PAINT_BYTES: usize = 24 * 1024;
    const PAINT: u32 = 0x5A1C_0DE5;

    /// Stack bytes used by `f`: paints below the current stack pointer, calls
    /// `f`, and finds the lowest word that changed.
    fn stack_used(f: fn() -> bool) -> (bool, usize) {
        let sp = cortex_m::register::msp::read() as usize & !3;
        let low = sp - PAINT_BYTES;
        let mut at = low;
        while at < sp {
            // SAFETY: [low, sp) is free RAM below this frame (64 KiB of RAM,
            // a few bytes of statics) and nothing else runs.
            unsafe { write_volatile(at as *mut u32, PAINT) };
            at += 4;
        }
        let ok = f();
        let mut at = low;
        // SAFETY: as above; only reads.
        while at < sp && unsafe { read_volatile(at as *const u32) } == PAINT {
            at += 4;
        }
        (ok, sp - at)
    }

    /// The gateway's event, filled in place by `parse_into`: in a static,
    /// so it is outside the measured stack (it is 1,128 B of RAM instead).
    static EVENT: Mutex<RefCell<OutcomeEvent>> = Mutex::new(RefCell::new(OutcomeEvent::new()));

    /// The owned parse the way a gateway should run it: `parse_into` an
    /// event that already exists.
    #[inline(never)]
    fn run_parse_into() -> bool {
        cortex_m::interrupt::free(|cs| {
            let mut event = EVENT.borrow(cs).borrow_mut();
            let result = event.parse_into(black_box(PAYLOAD), &Options::new());
            black_box(&*event);
            result.is_ok() && event.outcome.outcome_name == "Interested"
        })
    }

    /// The owned parse by value (`sailor_webhook::parse`): the event is
    /// built on the stack and returned.
    #[inline(never)]
    fn run_parse() -> bool {
        let event = sailor_webhook::parse(black_box(PAYLOAD));
        black_box(&event);
        matches!(event, Ok(e) if e.outcome.outcome_name == "Interested")
    }

    #[inline(never)]
    fn run_view() -> bool {
        let view = sailor_webhook::parse_view(black_box(PAYLOAD));
        black_box(&view);
        matches!(view, Ok(v) if v.outcome.outcome_name == "Interested")
    }

    /// The docs' payload with an unknown member nested to the default depth
    /// limit (the top-level object is depth 1, so 31 more levels): the
    /// scanner's skip of unknown values at its deepest.
    static DEEP: &[u8] = concat!(
        r#"{"unknown":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[1]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}],"#,
        r#""timestamp":1781935984000,"#,
        r#""scope":{"subaccount_id":"00000000-0000-4000-8000-000000000001","#,
        r#""organization_id":"00000000-0000-4000-8000-000000000002"},"#,
        r#""outcome":{"outcome_id":"00000000-0000-4000-8000-000000000003","#,
        r#""outcome_name":"Interested","outcome_type":"action"},"#,
        r#""call":{"call_id":"00000000-0000-4000-8000-000000000004","#,
        r#""phone_number":"+15555550100","#,
        r#""contact_id":"00000000-0000-4000-8000-000000000005"}}"#
    )
    .as_bytes();

    #[inline(never)]
    fn run_deep() -> bool {
        let view = sailor_webhook::parse_view(black_box(DEEP));
        black_box(&view);
        matches!(view, Ok(v) if v.outcome.outcome_name == "Interested")
    }

    pub fn main() -> ! {
        let (into_ok, into_stack) = stack_used(run_parse_into);
        let (parse_ok, parse_stack) = stack_used(run_parse);
        let (view_ok, view_stack) = stack_used(run_view);
        let (deep_ok, deep_stack) = stack_used(run_deep);
        let parse_ok = into_ok && parse_ok && deep_ok;
        hprintln!("stack_bytes={}", into_stack);
        hprintln!("by_value_stack_bytes={}", parse_stack);
        hprintln!("view_stack_bytes={}", view_stack);
        hprintln!("unknown_member_stack_bytes={}", deep_stack);
        hprintln!("size_of_OutcomeEvent={}", size_of::<OutcomeEvent>());
        hprintln!(
            "size_of_Result_OutcomeEvent={}",
            size_of::<Result<OutcomeEvent, Error>>()
        );
        hprintln!("size_of_OutcomeView={}", size_of::<OutcomeView<'static>>());
        hprintln!("size_of_Error={}", size_of::<Error>());
        hprintln!("size_of_Options={}", size_of::<Options>());
        hprintln!("size_of_Uuid={}", size_of::<Uuid>());
        hprintln!("size_of_PhoneNumber={}", size_of::<PhoneNumber>());
        hprintln!("size_of_Timestamp={}", size_of::<Timestamp>());
        hprintln!("size_of_JsonStr={}", size_of::<JsonStr<'static>>());
        hprintln!("size_of_IdempotencyKey={}", size_of::<IdempotencyKey>());
        hprintln!("parse_ok={}", parse_ok && view_ok);
        if parse_ok && view_ok {
            debug::exit(debug::EXIT_SUCCESS);
        } else {
            debug::exit(debug::EXIT_FAILURE);
        }
        loop {
            cortex_m::asm::nop();
        }
    }
}

#[cfg(feature = "probe")]
#[entry]
fn main() -> ! {
    probe::main()
}
