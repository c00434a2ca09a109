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
//! The same holds for the input with every second member name's first
//! character written as a `\u` escape (`reference::escape_names`), so that
//! names are compared and matched after unescaping (an escaped copy of a
//! plain name is a duplicate; `"\u0063all_id"` is `call_id`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailor_webhook::Options;
use sailor_webhook_fuzz::plain::check_reference;
use sailor_webhook_fuzz::reference::escape_names;

fuzz_target!(|data: &[u8]| {
    let escaped = escape_names(data);
    for strict in [false, true] {
        let opts = Options::new().strict(strict);
        check_reference(data, &opts);
        if let Some(escaped) = &escaped {
            check_reference(escaped, &opts);
        }
    }
});
