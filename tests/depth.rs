//! Deep nesting inside unknown members: the depth error, never a stack overflow.
//!
//! The top-level object is depth 1, so an unknown member of it may nest 31
//! more containers under the default limit of 32: the 32nd opening bracket
//! of the member's value (depth 33) is the one reported.

use sailor_webhook::{Error, ErrorKind, Options};

const MS: &str = include_str!("fixtures/webhook-page-ms.json");

/// `MS` with `"x": <value>` as the first member; returns the input and the
/// offset of the value.
fn with_unknown(value: &str) -> (Vec<u8>, usize) {
    let head = "{\n \"x\": ";
    let mut input = String::with_capacity(MS.len() + value.len() + 16);
    input.push_str(head);
    input.push_str(value);
    input.push_str(",\n");
    input.push_str(&MS[2..]);
    (input.into_bytes(), head.len())
}

/// Runs `f` on a thread with a 64 KiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("64KiB".into())
        .stack_size(64 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn assert_depth(err: Error, path: &str, offset: usize) {
    assert_eq!(err.kind(), ErrorKind::DepthLimit, "{err}");
    assert_eq!(err.path().to_string(), path);
    assert_eq!(err.offset(), offset);
}

/// Parses `input` with `opts` on a 64 KiB stack in all three ways.
fn parse_all_small_stack(input: Vec<u8>, opts: Options) -> [Error; 3] {
    on_small_stack(move || {
        [
            opts.parse(&input).unwrap_err(),
            opts.parse_view(&input).unwrap_err(),
            opts.validate(&input).unwrap_err(),
        ]
    })
}

const BIG: Options = Options::new().max_input_bytes(8 << 20);

#[test]
fn a_million_open_brackets() {
    let (input, at) = with_unknown(&"[".repeat(1_000_000));
    assert!(input.len() > 1_000_000);
    for err in parse_all_small_stack(input, BIG) {
        assert_depth(err, "*", at + 31);
    }
}

#[test]
fn a_million_balanced_brackets() {
    let value = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let (input, at) = with_unknown(&value);
    for err in parse_all_small_stack(input, BIG) {
        assert_depth(err, "*", at + 31);
    }
}

#[test]
fn a_million_nested_objects() {
    // {"a":{"a":{"a": ... : five bytes a level.
    let (input, at) = with_unknown(&"{\"a\":".repeat(1_000_000));
    for err in parse_all_small_stack(input, BIG) {
        assert_depth(err, "*", at + 31 * 5);
    }
    // With whitespace between the levels: {"a": { "a": ...
    let (input, at) = with_unknown(&"{ \"a\" : ".repeat(200_000));
    for err in parse_all_small_stack(input, BIG) {
        assert_depth(err, "*", at + 31 * 8);
    }
}

#[test]
fn a_million_alternating_arrays_and_objects() {
    // [{"a":[{"a": ... : 6 bytes per two levels.
    let (input, at) = with_unknown(&"[{\"a\":".repeat(500_000));
    // Levels 1..=31 are allowed; the 32nd opener is a '{' (even level).
    // Level k (1-based) starts at 6 * ((k - 1) / 2) + (k - 1) % 2.
    let k = 32;
    let level_offset = 6 * ((k - 1) / 2) + (k - 1) % 2;
    assert_eq!(level_offset, 91);
    for err in parse_all_small_stack(input, BIG) {
        assert_depth(err, "*", at + level_offset);
    }
}

#[test]
fn the_limit_is_exact() {
    // 31 levels inside the root's member are fine, 32 are not.
    for n in [1, 30, 31] {
        let value = format!("{}{}", "[".repeat(n), "]".repeat(n));
        let (input, _) = with_unknown(&value);
        assert!(sailor_webhook::parse(&input).is_ok(), "{n}");
    }
    let (input, at) = with_unknown(&format!("{}{}", "[".repeat(32), "]".repeat(32)));
    assert_depth(sailor_webhook::parse(&input).unwrap_err(), "*", at + 31);

    // A smaller limit: with max_depth(4) the root's member may nest 3.
    let four = Options::new().max_depth(4);
    let (input, _) = with_unknown("[[[]]]");
    assert!(four.parse(&input).is_ok());
    let (input, at) = with_unknown("[[[[]]]]");
    assert_depth(four.parse(&input).unwrap_err(), "*", at + 3);

    // The hard limit, 64: the 64th opener fails.
    let max = BIG.max_depth(64);
    let (input, _) = with_unknown(&format!("{}{}", "[".repeat(63), "]".repeat(63)));
    assert!(max.parse(&input).is_ok());
    let (input, at) = with_unknown(&"[".repeat(1_000_000));
    let errs = parse_all_small_stack(input, max);
    for err in errs {
        assert_depth(err, "*", at + 63);
    }
    // Above 64 is clamped to 64.
    let (input, at) = with_unknown(&"[".repeat(1_000_000));
    for err in parse_all_small_stack(input, BIG.max_depth(usize::MAX)) {
        assert_depth(err, "*", at + 63);
    }
}

#[test]
fn deep_unknown_members_below_the_top_level() {
    // Inside `scope` (depth 2), an unknown member may nest 30.
    let deep = "[".repeat(1_000_000);
    let input = MS.replacen("\"scope\": {", &format!("\"scope\": {{\"x\": {deep},"), 1);
    let at = input.find("[[").unwrap();
    for err in parse_all_small_stack(input.into_bytes(), BIG) {
        assert_depth(err, "scope.*", at + 30);
    }
    // Inside `destination`, the same.
    let input = MS.replacen(
        "\"destination\": {",
        &format!("\"destination\": {{\"x\": {}", "{\"y\":".repeat(1_000_000)),
        1,
    );
    let at = input.find("{\"y\"").unwrap();
    for err in parse_all_small_stack(input.into_bytes(), BIG) {
        assert_depth(err, "destination.*", at + 30 * 5);
    }
}

#[test]
fn depth_error_wins_over_later_garbage_but_not_earlier() {
    // The scanner reports the first problem in input order.
    let (input, at) = with_unknown(&format!("{}\u{1}", "[".repeat(40)));
    assert_depth(sailor_webhook::parse(&input).unwrap_err(), "*", at + 31);
    let (input, at) = with_unknown(&format!("[1,]{}", "[".repeat(40)));
    let err = sailor_webhook::parse(&input).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnexpectedByte);
    assert_eq!(err.offset(), at + 3);
}

#[test]
fn the_default_input_limit_stops_a_million_brackets_first() {
    let (input, _) = with_unknown(&"[".repeat(1_000_000));
    let err = on_small_stack(move || sailor_webhook::parse(&input).unwrap_err());
    assert_eq!(err.kind(), ErrorKind::InputTooLarge);
    assert_eq!(err.path().to_string(), "$");
    assert_eq!(err.offset(), 64 * 1024);
}

#[test]
fn valid_payload_parses_on_a_small_stack() {
    let e = on_small_stack(|| {
        let e = sailor_webhook::parse(MS.as_bytes()).unwrap();
        let mut buf = [0u8; 1024];
        let n = e.to_json(&mut buf).unwrap();
        assert_eq!(sailor_webhook::parse(&buf[..n]).unwrap(), e);
        e
    });
    assert_eq!(e.timestamp.millis(), 1_781_935_984_000);
}
