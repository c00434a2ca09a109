//! A structured event from `arbitrary` (any valid field values: names with
//! escapes, non-ASCII and astral characters, every destination shape, long
//! error messages), rendered with random whitespace, member order and
//! escapes (`\u` forms in either case, surrogate pairs, `\/`, short
//! escapes) and, when lenient, unknown members holding random valid JSON.
//! Sometimes one rule is broken on purpose (a phone number that is not
//! E.164, a lone surrogate escape in a string, a duplicate name in a nested
//! unknown object, a character that is not a hex digit at any position of
//! any UUID, `selection` `all` with ids, in strict mode an unknown member in
//! any of the five objects, a required member left out, an unknown member
//! holding names over two levels, 64 names held in all (fine) or 65
//! (`too_many_members` at the last), an unknown member whose value nests
//! containers to just within the depth limit (fine) or just past it
//! (`depth_limit` at the first bracket too deep), under a `max_depth` drawn
//! from 8 to 64 or past it (clamped), a `none` destination with a
//! `destination_id`, `selection` or `destination_ids`); then the error must
//! be exact: kind, path and offset.
//! Otherwise parsing must give back exactly that event, owned and borrowed, or
//! exactly the documented error (seconds in strict mode; more ids than the
//! owned capacity; seconds below 1e8, which are before 1973 either way).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use sailor_webhook::{ErrorKind, Options, MAX_DEPTH_LIMIT, SECONDS_THRESHOLD};
use sailor_webhook_fuzz::plain::{
    check_error, check_owned, check_parse, check_serialize, Plain, PlainDest, IDS_CAPACITY,
};
use sailor_webhook_fuzz::reference::{CORE_BOUNDS, MAX_DEPTH, MAX_TIMESTAMP};
use sailor_webhook_fuzz::render::{self, Violation};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(case) = render::case(&mut u) else {
        return;
    };
    let Ok(out) = render::render(&mut u, &case) else {
        return;
    };
    let json = &out.buf;
    let opts = Options::new().strict(case.strict).max_depth(case.max_depth);
    let text = String::from_utf8_lossy(json);

    if let Some((at, path)) = &out.violation_at {
        let kind = match case.violation {
            Some(Violation::Phone(_)) => ErrorKind::InvalidPhoneNumber,
            Some(Violation::LoneSurrogate { .. }) => ErrorKind::LoneSurrogate,
            Some(Violation::DuplicateName { .. }) => ErrorKind::DuplicateKey,
            Some(Violation::BadUuid { .. }) => ErrorKind::InvalidUuid,
            Some(Violation::AllWithIds(_)) => ErrorKind::InconsistentDestination,
            Some(Violation::StrictUnknown { .. }) => ErrorKind::UnknownMember,
            Some(Violation::Missing { .. }) => ErrorKind::MissingField,
            Some(Violation::TooManyMembers { .. }) => ErrorKind::TooManyMembers,
            Some(Violation::DeepUnknown { .. }) => ErrorKind::DepthLimit,
            Some(Violation::NoneWith { .. }) => ErrorKind::InconsistentDestination,
            None => unreachable!("a violation offset without a violation"),
        };
        let e = match opts.parse_view(json) {
            Ok(_) => panic!("accepted a payload with {:?}\n{text}", case.violation),
            Err(e) => e,
        };
        assert_eq!(
            (e.kind(), e.path().to_string(), e.offset()),
            (kind, path.clone(), *at),
            "{e} for {:?}\n{text}",
            case.violation
        );
        check_error(json, &opts, e);
        return;
    }
    if case.strict && case.expected.was_seconds {
        let e = opts
            .parse_view(json)
            .expect_err("strict mode accepted seconds");
        assert_eq!(e.kind(), ErrorKind::TimestampInSeconds, "{e}\n{text}");
        assert_eq!(e.path().to_string(), "timestamp");
        assert_eq!(e.offset(), out.timestamp_at, "{text}");
        assert_eq!(opts.parse(json), Err(e));
        return;
    }
    if CORE_BOUNDS && !case.expected.was_seconds && case.expected.millis > MAX_TIMESTAMP {
        // Past 2^53 - 1: decided invalid (FACTS.md).
        let e = opts
            .parse_view(json)
            .expect_err("accepted a timestamp past 2^53 - 1");
        assert_eq!(e.kind(), ErrorKind::InvalidTimestamp, "{e}\n{text}");
        assert_eq!(e.path().to_string(), "timestamp");
        assert_eq!(e.offset(), out.timestamp_at, "{text}");
        assert_eq!(opts.parse(json), Err(e));
        return;
    }
    if case.expected.was_seconds && case.expected.millis < SECONDS_THRESHOLD {
        // Before 1973-03-03 even as seconds: decided invalid (its canonical
        // millisecond form would read back as seconds).
        let e = opts
            .parse_view(json)
            .expect_err("accepted seconds below 1e8");
        assert_eq!(e.kind(), ErrorKind::InvalidTimestamp, "{e}\n{text}");
        assert_eq!(e.path().to_string(), "timestamp");
        assert_eq!(e.offset(), out.timestamp_at, "{text}");
        assert_eq!(opts.parse(json), Err(e));
        return;
    }

    // The view: exactly the event, full message, all ids.
    let view = opts
        .parse_view(json)
        .unwrap_or_else(|e| panic!("valid payload rejected: {e}\n{text}"));
    assert_eq!(Plain::of_view(&view), case.expected, "{text}");

    // The owned event: the message cut to capacity, or the capacity error.
    match (&case.expected.destination, opts.parse(json)) {
        (PlainDest::RemoveSelected(ids), Err(e)) if ids.len() > IDS_CAPACITY => {
            assert_eq!(e.kind(), ErrorKind::CapacityExceeded, "{e}");
            assert_eq!(e.path().to_string(), "destination.destination_ids[16]");
            assert_eq!(e.offset(), out.id_at[IDS_CAPACITY], "{text}");
        }
        (_, Err(e)) => panic!("owned parse failed: {e}\n{text}"),
        (_, Ok(ev)) => {
            let expected = case.expected.owned_expectation().expect("within capacity");
            assert_eq!(Plain::of_event(&ev), expected, "{text}");
        }
    }

    // And every cross-check of parse_bytes on the same text; the reference
    // knows the default depth limit only, so past it the checks without it.
    if case.max_depth.min(MAX_DEPTH_LIMIT) <= MAX_DEPTH {
        check_parse(json, &opts).unwrap_or_else(|e| panic!("{e}"));
    } else {
        let plain = Plain::of_view(&view);
        if let Some(event) = check_owned(json, &opts, &plain, &out.id_at) {
            check_serialize(&event, &opts);
        }
    }
});
