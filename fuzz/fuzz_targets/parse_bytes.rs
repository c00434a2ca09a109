//! Arbitrary bytes through the parser, with the default options and in
//! strict mode. Never panics; on success the owned and borrowed results
//! agree field by field and the canonical JSON parses back to an equal
//! event; on failure the error offset is inside the input. A payload that
//! strict mode accepts, lenient mode accepts with the same values.
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
