//! The borrowed view: a validated payload that points into the input bytes.

use crate::error::Error;
use crate::jsonstr::{Bytes, JsonStr};
use crate::options::Options;
use crate::types::{Call, IdempotencyKey, OutcomeType, PhoneNumber, Scope, Timestamp, Uuid};

/// A validated payload borrowed from the input: no copies, no heap, 168
/// bytes on a 32-bit Cortex-M target (`scripts/footprint.sh`).
///
/// Strings without escapes are borrowed as they are; escaped ones decode on
/// demand ([`JsonStr::chars`]). Convert with
/// [`OutcomeEvent::from_view`](crate::OutcomeEvent::from_view) to keep it
/// after the input buffer is gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct OutcomeView<'a> {
    /// `timestamp`
    pub timestamp: Timestamp,
    /// `scope`
    pub scope: Scope,
    /// `outcome`
    pub outcome: OutcomeRef<'a>,
    /// `call`
    pub call: Call,
    /// `destination` (absent and `null` read as [`DestinationView::None`])
    pub destination: DestinationView<'a>,
    /// `error_message` (absent and `null` read as `""`)
    pub error_message: JsonStr<'a>,
}

impl<'a> OutcomeView<'a> {
    /// An empty placeholder view to parse into with
    /// [`parse_into`](Self::parse_into): timestamp 0, nil UUIDs, empty
    /// strings, no phone number, no destination. It is not a valid payload;
    /// it only holds the place. (Both parsers start from it: every member a
    /// placeholder until read, and each object's required-member check
    /// makes sure it was.)
    pub fn new() -> Self {
        let empty = JsonStr::from_validated("", 0, false);
        OutcomeView {
            timestamp: Timestamp::from_millis(0),
            scope: Scope {
                subaccount_id: Uuid::default(),
                organization_id: Uuid::default(),
            },
            outcome: OutcomeRef {
                outcome_id: Uuid::default(),
                outcome_name: empty,
                outcome_type: OutcomeType::Action,
            },
            call: Call {
                call_id: Uuid::default(),
                phone_number: PhoneNumber::NONE,
                contact_id: Uuid::default(),
            },
            destination: DestinationView::None,
            error_message: empty,
        }
    }

    /// Parses and validates `input` with `options` into this view, in
    /// place: the low-stack borrowed path for gateways, as
    /// [`OutcomeEvent::parse_into`](crate::OutcomeEvent::parse_into) is the
    /// owned one.
    ///
    /// [`parse_view`](crate::parse_view) returns the view inside a
    /// `Result`, so on a small target the parser's working view is copied
    /// into the caller's (two views on the stack). `parse_into` fills the
    /// caller's view itself: one view, and on the compact path a peak
    /// stack below `parse_view`'s (`scripts/footprint.sh`). The C ABI's
    /// `sw_parse_view` uses it.
    ///
    /// On success the view equals what [`Options::parse_view`] returns for
    /// the same input; on error the error is the same, and the view holds
    /// some of the input's values: parse into it again before reading it.
    ///
    /// ```
    /// use sailor_webhook::{Options, OutcomeView};
    /// let body = include_bytes!("../tests/fixtures/webhook-page-ms.json");
    /// let mut view = OutcomeView::new();
    /// view.parse_into(body, &Options::new())?;
    /// assert_eq!(view.outcome.outcome_name, "Interested");
    /// # Ok::<(), sailor_webhook::Error>(())
    /// ```
    pub fn parse_into(&mut self, input: &'a [u8], options: &Options) -> Result<(), Error> {
        crate::parse::parse_view_into(input, options, self)
    }

    /// The receiver's idempotency key: `call.call_id` + `outcome.outcome_id`.
    pub fn idempotency_key(&self) -> IdempotencyKey {
        IdempotencyKey::new(self.call.call_id, self.outcome.outcome_id)
    }
}

impl Default for OutcomeView<'_> {
    /// [`OutcomeView::new`]: the empty placeholder view.
    fn default() -> Self {
        OutcomeView::new()
    }
}

/// `outcome`, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct OutcomeRef<'a> {
    /// `outcome.outcome_id`
    pub outcome_id: Uuid,
    /// `outcome.outcome_name`: 1 to 120 characters.
    pub outcome_name: JsonStr<'a>,
    /// `outcome.outcome_type`
    pub outcome_type: OutcomeType,
}

/// `destination`, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum DestinationView<'a> {
    /// No list movement: absent, `null` or `{"destination_type":"none"}`.
    None,
    /// Add to one Smart List: `destination_type` `smart_list`.
    SmartList(Uuid),
    /// Remove from every list: `remove_from_smart_list`, `selection` `all`.
    RemoveAll,
    /// Remove from the listed Smart Lists: `remove_from_smart_list`, `selection` `selected`.
    RemoveSelected(IdList<'a>),
}

/// The validated `destination_ids` array, still in the input; iterate it for the ids.
#[derive(Clone, Copy)]
pub struct IdList<'a> {
    /// The array text from `[` to `]`.
    raw: &'a [u8],
    offset: u32,
    /// The id count (`u32`: the padding after `offset` has room for it,
    /// and a `u16` would saturate for a view over a large input).
    len: u32,
}

impl<'a> IdList<'a> {
    pub(crate) fn new(raw: &'a [u8], offset: usize, len: usize) -> Self {
        IdList {
            raw,
            offset: offset.min(u32::MAX as usize) as u32,
            len: len.min(u32::MAX as usize) as u32,
        }
    }

    /// The number of ids.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether there are none (never true for a parsed `selected` destination).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The ids, in order.
    pub fn iter(&self) -> Ids<'a> {
        Ids {
            raw: self.raw,
            pos: 1,
            base: self.offset as usize,
        }
    }

    /// The byte offset of the `[` in the input.
    pub fn offset(&self) -> usize {
        self.offset as usize
    }
}

impl PartialEq for IdList<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for IdList<'_> {}

impl core::fmt::Debug for IdList<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for IdList<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "[");
        for (i, id) in self.iter().enumerate() {
            if i > 0 {
                defmt::write!(f, ", ");
            }
            defmt::write!(f, "{}", id);
        }
        defmt::write!(f, "]");
    }
}

impl<'a> IntoIterator for &IdList<'a> {
    type Item = Uuid;
    type IntoIter = Ids<'a>;
    fn into_iter(self) -> Ids<'a> {
        self.iter()
    }
}

/// Iterator over the ids of an [`IdList`].
#[derive(Clone)]
pub struct Ids<'a> {
    raw: &'a [u8],
    pos: usize,
    base: usize,
}

impl Ids<'_> {
    /// The next id and the byte offset of its opening quote in the input.
    pub fn next_with_offset(&mut self) -> Option<(Uuid, usize)> {
        // Validated input: skip to the next string, decode it (escapes allowed).
        loop {
            match self.raw.get(self.pos)? {
                b'"' => break,
                b']' => return None,
                _ => self.pos += 1,
            }
        }
        let start = self.pos;
        if let Some(id) = self.raw.get(start..).and_then(crate::path::quoted_uuid) {
            self.pos = start + Uuid::TEXT_LEN + 2;
            return Some((id, self.base + start));
        }
        // Escaped (or the compact path): decoded one byte at a time, up to
        // the closing quote, which the reader leaves at the front of `rest`.
        let mut text = Bytes::name(self.raw.get(start + 1..)?);
        let id = Uuid::from_decoded(&mut text)?;
        self.pos = self.raw.len() - text.rest().len() + 1;
        Some((id, self.base + start))
    }
}

impl Iterator for Ids<'_> {
    type Item = Uuid;
    fn next(&mut self) -> Option<Uuid> {
        self.next_with_offset().map(|(id, _)| id)
    }
}
