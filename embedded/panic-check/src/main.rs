//! Panic-freedom, proven at link time.
//!
//! The panic handler of this firmware calls `sailor_webhook_panic_path_survives`,
//! a function that is defined nowhere. With LTO, `panic = "abort"` and
//! `opt-level = "z"` (as a gateway builds), the optimizer deletes every panic
//! call it can prove unreachable, and the linker drops the handler when
//! nothing calls it. So the firmware links only if no panic path survives in
//! what it calls: sailor-webhook's entry points, on inputs the optimizer
//! cannot see (every input, option and buffer length is read through a
//! volatile load).
//!
//! `scripts/panic-check.sh` builds it for `thumbv7em-none-eabihf` and
//! `thumbv6m-none-eabi`, and checks the check: without the calls
//! (`--no-default-features`) it must link, and with one panic put in on
//! purpose (`deliberate-panic`) it must not. The `defined-handler` feature
//! gives the handler a body, so that a firmware with surviving panic paths
//! links and the paths can be listed (`scripts/panic-check.sh --list`).
#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use cortex_m_rt::entry;

/// A value the optimizer cannot know: read with a volatile load, so every
/// branch that depends on it stays in the code.
#[cfg(any(feature = "calls", feature = "deliberate-panic"))]
fn opaque<T: Copy>(value: &'static T) -> T {
    // SAFETY: a shared reference to a `'static` is valid, aligned and
    // initialised; the read does not outlive it.
    unsafe { core::ptr::read_volatile(value) }
}

#[entry]
fn main() -> ! {
    #[cfg(feature = "calls")]
    calls::run();
    #[cfg(feature = "deliberate-panic")]
    deliberate::run();
    loop {
        core::hint::spin_loop();
    }
}

/// Every entry point of the crate, on opaque inputs.
#[cfg(feature = "calls")]
mod calls {
    use core::hint::black_box;

    use sailor_webhook::receive::{self, Deduplicator};
    use sailor_webhook::{Options, OutcomeEvent};

    use super::opaque;

    /// The docs' example payload: the input, behind a volatile read.
    static PAYLOAD: &[u8] = include_bytes!("../../../tests/fixtures/webhook-page-ms.json");
    static METHOD: &str = "POST";
    static CONTENT_TYPE: Option<&str> = Some("application/json; charset=utf-8");
    static STRICT: bool = false;
    static MAX_INPUT_BYTES: usize = Options::DEFAULT_MAX_INPUT_BYTES;
    static MAX_DEPTH: usize = Options::DEFAULT_MAX_DEPTH;
    static MAX_STRING_BYTES: usize = Options::DEFAULT_MAX_STRING_BYTES;
    static NOW_MS: u64 = 1_781_935_990_000;
    static TOLERANCE_MS: u64 = 300_000;
    /// How much of the output buffer `to_json` may use.
    #[cfg(not(feature = "no-to-json"))]
    static OUT_LEN: usize = usize::MAX;

    /// Options with every setting opaque.
    fn options() -> Options {
        Options::new()
            .strict(opaque(&STRICT))
            .max_input_bytes(opaque(&MAX_INPUT_BYTES))
            .max_depth(opaque(&MAX_DEPTH))
            .max_string_bytes(opaque(&MAX_STRING_BYTES))
            .now_ms(opaque(&NOW_MS), opaque(&TOLERANCE_MS))
    }

    /// `to_json` into an opaque prefix of `buf`.
    #[cfg(not(feature = "no-to-json"))]
    fn to_json<const N: usize, const I: usize, const M: usize>(
        event: &OutcomeEvent<N, I, M>,
        buf: &mut [u8],
    ) {
        let len = opaque(&OUT_LEN).min(buf.len());
        if let Some(out) = buf.get_mut(..len) {
            black_box(event.to_json(out).ok());
            black_box(&*out);
        }
    }

    pub fn run() {
        let input = opaque(&PAYLOAD);
        let options = options();

        // The owned event by value, with the default and with opaque options.
        let by_value = sailor_webhook::parse(input);
        black_box(&by_value);
        let with_options = options.parse(input);
        black_box(&with_options);

        // The owned event in place, at the default capacities and at the
        // small ones the README suggests for gateways.
        let mut event: OutcomeEvent = OutcomeEvent::new();
        black_box(event.parse_into(input, &options).ok());
        black_box(&event);
        let mut small: OutcomeEvent<64, 4, 64> = OutcomeEvent::new();
        black_box(options.parse_into(input, &mut small).ok());
        black_box(&small);

        // The view and the validation.
        black_box(sailor_webhook::parse_view(input).ok());
        black_box(options.parse_view(input).ok());
        // The view in place (OutcomeView::parse_into, Options::parse_view_into).
        let mut view = sailor_webhook::OutcomeView::new();
        black_box(view.parse_into(input, &options).ok());
        black_box(options.parse_view_into(input, &mut view).ok());
        black_box(&view);
        black_box(sailor_webhook::validate(input).ok());
        black_box(options.validate(input).ok());

        // Canonical JSON of every owned event.
        #[cfg(not(feature = "no-to-json"))]
        let mut buf = [0u8; OutcomeEvent::<480, 16, 256>::MAX_JSON_LEN];
        #[cfg(not(feature = "no-to-json"))]
        {
            if let Ok(e) = &by_value {
                to_json(e, &mut buf);
            }
            to_json(&event, &mut buf);
            to_json(&small, &mut buf);
        }

        // The receiver's decision and duplicate filter.
        let decision = receive::decide(opaque(&METHOD), opaque(&CONTENT_TYPE), input, &options);
        black_box(&decision);
        let mut seen = Deduplicator::<8>::new();
        black_box(seen.check(event.idempotency_key()));
        black_box(seen.check(small.idempotency_key()));
        black_box(seen.contains(&event.idempotency_key()));
        black_box(seen.len());
        black_box(&seen);
    }
}

/// One panic path on purpose: the check must fail with it.
#[cfg(feature = "deliberate-panic")]
mod deliberate {
    use core::hint::black_box;

    use super::opaque;

    static INDEX: usize = 7;

    pub fn run() {
        let table = black_box([1u8, 2, 3, 4]);
        black_box(table[opaque(&INDEX)]);
    }
}

#[cfg(not(feature = "defined-handler"))]
extern "C" {
    /// Defined nowhere: any call to it that survives fails the link.
    fn sailor_webhook_panic_path_survives() -> !;
}

/// The proof: reachable only through a panic path, and unlinkable.
#[cfg(not(feature = "defined-handler"))]
#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    black_box(info);
    // SAFETY: never runs: a firmware in which this call survives does not link.
    unsafe { sailor_webhook_panic_path_survives() }
}

/// For the listing only: a handler that links, so the paths can be found.
#[cfg(feature = "defined-handler")]
#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    black_box(info);
    loop {
        core::hint::spin_loop();
    }
}
