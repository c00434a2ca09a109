//! Arbitrary bytes through the parser, with the default options and in
//! strict mode (`plain::check_parse` in each). Never panics; anything
//! accepted, the independent reference (`reference`) accepts in the same
//! mode with the same values, the owned and borrowed results agree field by
//! field and the canonical JSON parses back to an equal event; on failure
//! the error's offset points where its kind says (`missing_field` at the
//! closing `}`, `unknown_member` and `invalid_*` of strings at the opening
//! `"`, inside the input except for `unexpected_end` and `input_too_large`;
//! see `plain::check_offset`). A payload that strict mode accepts, lenient
//! mode accepts with the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailor_webhook::Options;
use sailor_webhook_fuzz::plain::check_parse;

fuzz_target!(|data: &[u8]| {
    let lenient = check_parse(data, &Options::new());
    let strict = check_parse(data, &Options::new().strict(true));
    if let Ok(s) = &strict {
        assert_eq!(
            lenient.as_ref().ok(),
            Some(s),
            "strict accepted, lenient differs"
        );
    }
    // The one-call entry points are the default options.
    assert_eq!(
        sailor_webhook::parse_view(data)
            .map(|v| sailor_webhook_fuzz::plain::Plain::of_view(&v))
            .ok(),
        lenient.ok()
    );
});
