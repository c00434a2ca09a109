//! Parse options: strict mode and the bounds.

/// The deepest nesting [`Options::max_depth`] may allow.
pub const MAX_DEPTH_LIMIT: usize = 64;

/// The most member names the duplicate check holds at once
/// ([`Options::max_members`]).
pub const MAX_MEMBERS_LIMIT: usize = 64;

/// How to parse: strict or lenient, the bounds, and an optional clock window.
///
/// ```
/// use sailor_webhook::Options;
/// let opts = Options::new().strict(true).max_input_bytes(4096).now_ms(1_781_935_990_000, 60_000);
/// let body = include_bytes!("../tests/fixtures/webhook-page-ms.json");
/// let event = opts.parse(body)?;
/// assert_eq!(event.timestamp.millis(), 1_781_935_984_000);
/// # Ok::<(), sailor_webhook::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Options {
    pub(crate) strict: bool,
    pub(crate) max_input_bytes: usize,
    pub(crate) max_depth: usize,
    pub(crate) max_string_bytes: usize,
    pub(crate) max_members: usize,
    pub(crate) window: Option<(u64, u64)>,
}

impl Default for Options {
    fn default() -> Self {
        Options::new()
    }
}

impl Options {
    /// The default input limit: 64 KiB (a real payload is under 2 KiB).
    pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024;
    /// The default nesting limit: 32.
    pub const DEFAULT_MAX_DEPTH: usize = 32;
    /// The default limit for any one string, in raw bytes: 16 KiB.
    pub const DEFAULT_MAX_STRING_BYTES: usize = 16 * 1024;

    /// The defaults, as one value in flash: the entry points without
    /// options pass a reference to it instead of building an `Options` in
    /// their frame (64 B of stack on Cortex-M0).
    pub(crate) const DEFAULT: &'static Options = &Options::new();

    /// Lenient mode with the default bounds and no clock window.
    pub const fn new() -> Options {
        Options {
            strict: false,
            max_input_bytes: Self::DEFAULT_MAX_INPUT_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_string_bytes: Self::DEFAULT_MAX_STRING_BYTES,
            max_members: MAX_MEMBERS_LIMIT,
            window: None,
        }
    }

    /// Strict mode rejects unknown members ([`UnknownMember`](crate::ErrorKind::UnknownMember))
    /// and timestamps in seconds ([`TimestampInSeconds`](crate::ErrorKind::TimestampInSeconds)).
    /// Lenient mode (the default) ignores unknown members, after checking that they
    /// are valid JSON, and normalises seconds to milliseconds.
    pub const fn strict(mut self, strict: bool) -> Options {
        self.strict = strict;
        self
    }

    /// Longer inputs are rejected with [`InputTooLarge`](crate::ErrorKind::InputTooLarge).
    /// Offsets are 32-bit, so values above `u32::MAX` are clamped to it.
    pub const fn max_input_bytes(mut self, bytes: usize) -> Options {
        self.max_input_bytes = if bytes as u64 > u32::MAX as u64 {
            u32::MAX as usize
        } else {
            bytes
        };
        self
    }

    /// Deeper nesting is rejected with [`DepthLimit`](crate::ErrorKind::DepthLimit).
    /// The top-level object is depth 1 and `destination.destination_ids` depth 3.
    /// Values above [`MAX_DEPTH_LIMIT`] (64) are clamped to it.
    pub const fn max_depth(mut self, depth: usize) -> Options {
        self.max_depth = if depth > MAX_DEPTH_LIMIT {
            MAX_DEPTH_LIMIT
        } else {
            depth
        };
        self
    }

    /// Longer strings (raw bytes between the quotes, member names included) are
    /// rejected with [`StringTooLong`](crate::ErrorKind::StringTooLong).
    pub const fn max_string_bytes(mut self, bytes: usize) -> Options {
        self.max_string_bytes = bytes;
        self
    }

    /// At most `members` member names held at once by the duplicate check
    /// (the default and the largest is [`MAX_MEMBERS_LIMIT`], 64; larger
    /// values are clamped to it). The names held are the unknown members
    /// of the objects still open and every member of an object inside an
    /// unknown value, each released when its object closes; the schema's
    /// own members are not counted. One more is
    /// [`TooManyMembers`](crate::ErrorKind::TooManyMembers) at that name.
    /// The bound is what keeps the check linear in the input within a
    /// fixed 512-byte budget.
    pub const fn max_members(mut self, members: usize) -> Options {
        self.max_members = if members > MAX_MEMBERS_LIMIT {
            MAX_MEMBERS_LIMIT
        } else {
            members
        };
        self
    }

    /// Rejects events older than `now_ms - tolerance_ms`
    /// ([`TimestampTooOld`](crate::ErrorKind::TimestampTooOld)) or newer than
    /// `now_ms + tolerance_ms` ([`TimestampInFuture`](crate::ErrorKind::TimestampInFuture)).
    /// The crate never reads a clock: the caller supplies `now_ms`.
    pub const fn now_ms(mut self, now_ms: u64, tolerance_ms: u64) -> Options {
        self.window = Some((now_ms, tolerance_ms));
        self
    }

    /// Whether strict mode is on.
    pub const fn is_strict(&self) -> bool {
        self.strict
    }

    /// The input size limit in bytes.
    pub const fn input_limit(&self) -> usize {
        self.max_input_bytes
    }
}
