//! `receive::decide` (and `check_headers`) with an arbitrary method, content type, options and
//! body. It never panics; 405 comes from the method alone, 415 from the
//! content type alone (checked against a separate reading of the rule), and
//! otherwise the decision is exactly `Options::parse_view` on the same body:
//! 413 for an oversize body, 400 with the parser's error, or the same view.
//! The body is also checked against the differential reference: the
//! verdict, the values, the owned event against the view, and the exact
//! error (code, path, offset) wherever the reference can place it.
//!
//! Input layout (so seeds can be real payloads): byte 0 picks the method,
//! byte 1 the content type, byte 2 the flags (bit 0 strict, bit 1 a small
//! input limit of 8 × byte 3, bit 2 a member budget of byte 3 modulo 72,
//! so 65 to 71 are clamped to 64), then the body. A method or content type
//! picked past the tables is read from the front of the body, up to `\n`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sailor_webhook::receive::{check_headers, decide, Decision, Rejection};
use sailor_webhook::{ErrorKind, Options};
use sailor_webhook_fuzz::plain::check_reference_with;
use sailor_webhook_fuzz::reference::Rules;

const METHODS: &[&str] = &[
    "POST",
    "GET",
    "PUT",
    "post",
    "Post",
    "POST ",
    " POST",
    "POSTS",
    "",
    "HEAD",
    "PATCH",
    "DELETE",
    "OPTIONS",
    "P\u{f3}ST",
    "POST\0",
];

const TYPES: &[Option<&str>] = &[
    Some("application/json"),
    None,
    Some("application/json; charset=utf-8"),
    Some("APPLICATION/JSON; Charset=\"UTF-8\""),
    Some("application/json;charset=utf8"),
    Some("application/json; charset=latin-1"),
    Some("application/json; charset="),
    Some("application/json;"),
    Some("application/json; boundary=x; charset=utf-8"),
    Some("application/json; x"),
    Some("  application/json  "),
    Some("application/jsonx"),
    Some("application/ld+json"),
    Some("text/json"),
    Some("text/plain"),
    Some(""),
    Some("application/json; charset=utf-8; charset=latin1"),
    Some("application/json ;charset = \"utf-8\""),
];

/// The content-type rule, read again from the crate docs: the essence
/// `application/json` in any ASCII case, surrounding ASCII whitespace
/// ignored (space, tab, LF, FF, CR: a vertical tab or a Unicode space is
/// text); each parameter is empty, or `name=value`; a `charset` value,
/// unquoted, must be `utf-8` or `utf8` in any case.
/// (`str::trim_ascii`: `str::trim` would also drop U+000B and the Unicode spaces.)
fn is_json(value: &str) -> bool {
    let mut it = value.split(';');
    let essence = it.next().unwrap_or("");
    if !essence
        .trim_ascii()
        .eq_ignore_ascii_case("application/json")
    {
        return false;
    }
    for param in it {
        let param = param.trim_ascii();
        if param.is_empty() {
            continue;
        }
        let Some(eq) = param.find('=') else {
            return false;
        };
        let (name, value) = (&param[..eq], &param[eq + 1..]);
        if name.trim_ascii().eq_ignore_ascii_case("charset") {
            let v = value.trim_ascii().trim_matches('"').to_ascii_lowercase();
            if v != "utf-8" && v != "utf8" {
                return false;
            }
        }
    }
    true
}

/// A line from the front of the body (lossy UTF-8) and the rest.
fn line(body: &[u8]) -> (String, &[u8]) {
    let end = body.iter().position(|&b| b == b'\n').unwrap_or(body.len());
    let text = String::from_utf8_lossy(&body[..end]).into_owned();
    (text, body.get(end + 1..).unwrap_or_default())
}

fuzz_target!(|data: &[u8]| {
    let [m, c, flags, limit, ref body @ ..] = *data else {
        return;
    };
    let mut body: &[u8] = body;
    let method = match METHODS.get(usize::from(m)) {
        Some(s) => (*s).to_owned(),
        None => {
            let (t, rest) = line(body);
            body = rest;
            t
        }
    };
    let custom_type;
    let content_type = match TYPES.get(usize::from(c)) {
        Some(t) => *t,
        None => {
            let (t, rest) = line(body);
            body = rest;
            custom_type = t;
            Some(custom_type.as_str())
        }
    };
    let mut opts = Options::new().strict(flags & 1 != 0);
    if flags & 2 != 0 {
        opts = opts.max_input_bytes(usize::from(limit) * 8);
    }
    let mut rules = Rules::CORE;
    if flags & 4 != 0 {
        let members = usize::from(limit) % 72;
        opts = opts.max_members(members);
        rules.max_members = rules.max_members.map(|max| max.min(members));
    }

    let decision = decide(&method, content_type, body, &opts);
    let parsed = opts.parse_view(body);
    // The header-only checks are decide's first step, exactly.
    match (check_headers(&method, content_type), &decision) {
        (Err(r), Decision::Reject(d)) => assert_eq!(&r, d, "check_headers and decide"),
        (Err(r), Decision::Accept(_)) => panic!("check_headers refused ({r}), decide accepted"),
        (Ok(()), Decision::Reject(d)) => {
            assert!(
                ![405, 415].contains(&d.status),
                "decide refused the headers: {d}"
            )
        }
        (Ok(()), Decision::Accept(_)) => {}
    }
    if let Decision::Reject(r) = &decision {
        let _ = r.to_string();
        if r.status == 413 {
            assert_eq!(*r, Rejection::too_large(opts.input_limit()));
        }
    }
    match decision {
        Decision::Reject(r) if method != "POST" => {
            assert_eq!(r.status, 405);
            assert_eq!(r.error.kind(), ErrorKind::MethodNotAllowed);
        }
        _ if method != "POST" => panic!("accepted method {method:?}"),
        Decision::Reject(r) if !content_type.is_some_and(is_json) => {
            assert_eq!(r.status, 415, "content type {content_type:?}");
            assert_eq!(r.error.kind(), ErrorKind::UnsupportedMediaType);
        }
        _ if !content_type.is_some_and(is_json) => {
            panic!("accepted content type {content_type:?}")
        }
        Decision::Reject(r) => {
            assert_ne!(r.status, 415, "refused content type {content_type:?}");
            let e = parsed.expect_err("rejected a body that parse_view accepts");
            assert_eq!(r.error, e);
            if body.len() > opts.input_limit() {
                assert_eq!((r.status, e.kind()), (413, ErrorKind::InputTooLarge));
            } else {
                assert_eq!(r.status, 400, "{e}");
                assert_ne!(e.kind(), ErrorKind::InputTooLarge);
                assert!(e.offset() <= body.len());
            }
        }
        Decision::Accept(view) => {
            assert!(body.len() <= opts.input_limit());
            assert_eq!(Ok(view), parsed, "decide and parse_view disagree");
        }
    }

    // The body, within the limit, against the independent reference
    // (serde_json + FACTS.md), as in the `differential` target: the verdict,
    // the values, the owned event against the view, and the exact error
    // where the reference can place it.
    if method == "POST" && content_type.is_some_and(is_json) && body.len() <= opts.input_limit() {
        check_reference_with(body, &opts, rules);
    }
});
