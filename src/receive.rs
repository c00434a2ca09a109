//! Receiver helpers for any HTTP stack, without std: the request decision of
//! Sailor's receiver checklist, and a fixed-capacity duplicate filter.

use crate::error::{Error, ErrorKind, Path};
use crate::options::Options;
use crate::types::IdempotencyKey;
use crate::view::OutcomeView;

/// A refused request: the HTTP status to answer and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Rejection {
    /// 405, 413, 415 or 400.
    pub status: u16,
    /// The reason, with its kind, path and offset.
    pub error: Error,
}

/// What to do with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Decision<'a> {
    /// A valid outcome webhook: store or enqueue it, then answer 2xx.
    Accept(OutcomeView<'a>),
    /// Answer `status` and do not store the event.
    Reject(Rejection),
}

/// The HTTP status for an error: 405, 415, 413, or 400 for an invalid payload.
pub const fn status_for(kind: ErrorKind) -> u16 {
    match kind {
        ErrorKind::MethodNotAllowed => 405,
        ErrorKind::UnsupportedMediaType => 415,
        ErrorKind::InputTooLarge => 413,
        _ => 400,
    }
}

/// Whether a `Content-Type` value is JSON: `application/json` in any case,
/// with optional parameters; a `charset` parameter must be `utf-8`.
pub fn is_json_content_type(value: &str) -> bool {
    // Byte-wise: the str methods with a char pattern keep a panic path.
    let mut parts = value.as_bytes().split(|&b| b == b';');
    let essence = parts.next().unwrap_or_default().trim_ascii();
    if !essence.eq_ignore_ascii_case(b"application/json") {
        return false;
    }
    parts.all(|param| {
        let param = param.trim_ascii();
        let eq = param.iter().position(|&b| b == b'=');
        let name = eq.and_then(|i| param.get(..i)).map(<[u8]>::trim_ascii);
        let value = eq.and_then(|i| param.get(i + 1..)).unwrap_or_default();
        match name {
            Some(name) if name.eq_ignore_ascii_case(b"charset") => {
                let mut value = value.trim_ascii();
                while let [b'"', rest @ ..] = value {
                    value = rest;
                }
                while let [rest @ .., b'"'] = value {
                    value = rest;
                }
                value.eq_ignore_ascii_case(b"utf-8") || value.eq_ignore_ascii_case(b"utf8")
            }
            Some(_) => true,
            None => param.is_empty(),
        }
    })
}

impl Rejection {
    /// The rejection for `kind` at the top level (offset `offset`), with its status.
    pub const fn new(kind: ErrorKind, offset: usize) -> Rejection {
        Rejection {
            status: status_for(kind),
            error: Error::new(kind, Path::ROOT, offset),
        }
    }

    /// 413 for a body over `limit` bytes, as [`decide`] answers it
    /// ([`InputTooLarge`](ErrorKind::InputTooLarge) at offset `limit`).
    /// For a server that stops reading at the limit (or refuses a
    /// `Content-Length` over it) and so never has the whole body.
    pub const fn too_large(limit: usize) -> Rejection {
        Rejection::new(ErrorKind::InputTooLarge, limit)
    }
}

impl core::fmt::Display for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} {}", self.status, self.error)
    }
}

/// The checks of [`decide`] that need no body: `POST` only (else 405) and a
/// JSON content type (else 415). A server that streams the body calls this
/// first, so it reads nothing for a request it will refuse anyway.
///
/// ```
/// use sailor_webhook::receive::check_headers;
/// assert!(check_headers("POST", Some("Application/JSON; charset=UTF-8")).is_ok());
/// assert_eq!(check_headers("PUT", Some("application/json")).unwrap_err().status, 405);
/// assert_eq!(check_headers("POST", Some("text/json")).unwrap_err().status, 415);
/// assert_eq!(check_headers("POST", None).unwrap_err().status, 415);
/// ```
pub fn check_headers(method: &str, content_type: Option<&str>) -> Result<(), Rejection> {
    if method != "POST" {
        return Err(Rejection::new(ErrorKind::MethodNotAllowed, 0));
    }
    if !content_type.is_some_and(is_json_content_type) {
        return Err(Rejection::new(ErrorKind::UnsupportedMediaType, 0));
    }
    Ok(())
}

/// Decides a request the way Sailor's receiver checklist asks: `POST` only
/// (else 405), `Content-Type: application/json` (else 415), a body within
/// [`Options::max_input_bytes`] (else 413), and a valid payload (else 400).
///
/// ```
/// use sailor_webhook::{receive::{decide, Decision}, Options};
/// let body = include_bytes!("../tests/fixtures/webhook-page-ms.json");
/// match decide("POST", Some("application/json; charset=utf-8"), body, &Options::new()) {
///     Decision::Accept(event) => assert_eq!(event.outcome.outcome_name, "Interested"),
///     Decision::Reject(r) => panic!("{} {}", r.status, r.error),
/// }
/// let Decision::Reject(r) = decide("GET", None, b"", &Options::new()) else { panic!() };
/// assert_eq!(r.status, 405);
/// ```
pub fn decide<'a>(
    method: &str,
    content_type: Option<&str>,
    body: &'a [u8],
    options: &Options,
) -> Decision<'a> {
    if let Err(rejection) = check_headers(method, content_type) {
        return Decision::Reject(rejection);
    }
    match options.parse_view(body) {
        Ok(view) => Decision::Accept(view),
        Err(error) => Decision::Reject(Rejection {
            status: status_for(error.kind()),
            error,
        }),
    }
}

/// Whether a key was new to a [`Deduplicator`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Seen {
    /// First time (within the remembered window): process it.
    New,
    /// A duplicate delivery: acknowledge it, do not process it again.
    Seen,
}

/// Remembers the last `N` idempotency keys in a ring, without heap.
/// When full, a new key evicts the oldest. Lookups are a linear scan
/// (N × 32 bytes of RAM; meant for small N on gateways).
///
/// ```
/// use sailor_webhook::receive::{Deduplicator, Seen};
/// use sailor_webhook::{IdempotencyKey, Uuid};
/// let mut seen = Deduplicator::<2>::new();
/// let k = |n: u8| IdempotencyKey::new(Uuid::from_bytes([n; 16]), Uuid::from_bytes([0; 16]));
/// assert_eq!(seen.check(k(1)), Seen::New);
/// assert_eq!(seen.check(k(1)), Seen::Seen);
/// seen.check(k(2));
/// seen.check(k(3)); // evicts k(1)
/// assert_eq!(seen.check(k(1)), Seen::New);
/// ```
#[derive(Clone, Debug)]
pub struct Deduplicator<const N: usize> {
    keys: [IdempotencyKey; N],
    len: usize,
    next: usize,
}

impl<const N: usize> Default for Deduplicator<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Deduplicator<N> {
    /// An empty filter.
    pub const fn new() -> Self {
        Deduplicator {
            keys: [IdempotencyKey::ZERO; N],
            len: 0,
            next: 0,
        }
    }

    /// Whether `key` is among the remembered ones (does not record it).
    pub fn contains(&self, key: &IdempotencyKey) -> bool {
        self.keys.get(..self.len).unwrap_or_default().contains(key)
    }

    /// Answers [`Seen::Seen`] for a remembered key; otherwise records it
    /// (evicting the oldest when full) and answers [`Seen::New`].
    pub fn check(&mut self, key: IdempotencyKey) -> Seen {
        if self.contains(&key) {
            return Seen::Seen;
        }
        if let Some(slot) = self.keys.get_mut(self.next) {
            *slot = key;
            self.next = (self.next + 1) % N;
            self.len = (self.len + 1).min(N);
        }
        Seen::New
    }

    /// How many keys are remembered (at most `N`).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no key is remembered.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
