//! Arbitrary bytes against an independent reference: serde_json (std, with a
//! visitor that rejects duplicate names) decides JSON validity, and a
//! separate reimplementation of FACTS.md decides payload validity
//! (`sailor_webhook_fuzz::reference`, whose module docs list every intended
//! divergence from serde_json: depth 32, 64 KiB input, 16 KiB strings,
//! duplicate names, and the `i_` cases). Accept/reject must agree in both
//! modes, and so must every decoded value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailor_webhook::Options;
use sailor_webhook_fuzz::plain::Plain;
use sailor_webhook_fuzz::reference;

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        let ours = Options::new()
            .strict(strict)
            .parse_view(data)
            .map(|v| Plain::of_view(&v));
        let theirs = reference::reference(data, strict);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "decoded values differ (strict: {strict})"),
            (Err(_), Err(_)) => {}
            (Ok(a), Err(why)) => panic!(
                "we accept what the reference rejects (strict: {strict}): {why:?}\n{a:?}\n{:?}",
                String::from_utf8_lossy(data)
            ),
            (Err(e), Ok(_)) => panic!(
                "we reject what the reference accepts (strict: {strict}): {e}\n{:?}",
                String::from_utf8_lossy(data)
            ),
        }
    }
});
