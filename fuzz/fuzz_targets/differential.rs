//! Arbitrary bytes against an independent reference: serde_json (std)
//! decides JSON validity, and a separate reimplementation of FACTS.md, which
//! walks the JSON tree with the byte positions of its values, decides
//! payload validity (`sailor_webhook_fuzz::reference`, whose module docs list
//! every intended divergence from serde_json: depth 32, 64 KiB input, 16 KiB
//! strings, duplicate names, the tracked-member budget, and the `i_` cases).
//! In both modes: accept/reject agree; an accepted payload has the same
//! values, and its owned event agrees with the view (the message cut to its
//! capacity, or `capacity_exceeded` exactly at the 17th id); a rejection
//! that the reference can place (any input serde_json accepts, a BOM, an
//! oversize input) has exactly the reference's code, path and offset.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailor_webhook::Options;
use sailor_webhook_fuzz::plain::check_reference;

fuzz_target!(|data: &[u8]| {
    for strict in [false, true] {
        check_reference(data, &Options::new().strict(strict));
    }
});
