//! The owned, fixed-capacity event: keep it after the input buffer is gone.

use core::fmt;

use heapless::{String, Vec};

use crate::error::{Error, ErrorKind, Field, Path};
use crate::options::Options;
use crate::parse::MAX_OUTCOME_NAME_CHARS;

/// The owned event's default `outcome_name` capacity in bytes: every
/// character of the longest name may take four UTF-8 bytes.
pub const MAX_OUTCOME_NAME_BYTES: usize = 4 * MAX_OUTCOME_NAME_CHARS;
use crate::types::{Call, IdempotencyKey, OutcomeType, PhoneNumber, Scope, Timestamp, Uuid};
use crate::view::{DestinationView, OutcomeView};

/// A validated outcome webhook, owned, in fixed capacity (no heap).
///
/// The capacities are type parameters:
/// - `NAME`: bytes of `outcome_name` (default [`MAX_OUTCOME_NAME_BYTES`], 480:
///   [`MAX_OUTCOME_NAME_CHARS`] characters of any script, four bytes each);
/// - `IDS`: `destination.destination_ids` (default 16);
/// - `MSG`: bytes of `error_message` (default 256). A longer message is cut
///   at a character boundary and [`ErrorMessage::is_truncated`] says so.
///
/// A name or an id list over its capacity is
/// [`CapacityExceeded`](ErrorKind::CapacityExceeded) at that field.
///
/// Fields are public for reading and matching; an event built by hand is not
/// validated (serialize it and parse it back to check it).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct OutcomeEvent<
    const NAME: usize = MAX_OUTCOME_NAME_BYTES,
    const IDS: usize = 16,
    const MSG: usize = 256,
> {
    /// `timestamp`, in milliseconds.
    pub timestamp: Timestamp,
    /// `scope`
    pub scope: Scope,
    /// `outcome`
    pub outcome: Outcome<NAME>,
    /// `call`
    pub call: Call,
    /// `destination`; [`Destination::None`] when absent or `null`.
    pub destination: Destination<IDS>,
    /// `error_message`; empty when absent or `null`.
    pub error_message: ErrorMessage<MSG>,
}

/// `outcome`, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Outcome<const NAME: usize = MAX_OUTCOME_NAME_BYTES> {
    /// `outcome.outcome_id`
    pub outcome_id: Uuid,
    /// `outcome.outcome_name`: 1 to 120 characters.
    pub outcome_name: String<NAME>,
    /// `outcome.outcome_type`
    pub outcome_type: OutcomeType,
}

/// `destination`, owned: the Smart List action Sailor attempted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Destination<const IDS: usize = 16> {
    /// No list movement (absent, `null`, or `destination_type` `none`).
    None,
    /// Add to one Smart List.
    SmartList(Uuid),
    /// Remove from every Smart List (`selection` `all`).
    RemoveAll,
    /// Remove from the listed Smart Lists (`selection` `selected`; at least one).
    RemoveSelected(Vec<Uuid, IDS>),
}

impl<const IDS: usize> Destination<IDS> {
    /// The wire `destination_type`: `none`, `smart_list` or `remove_from_smart_list`.
    pub const fn destination_type(&self) -> &'static str {
        match self {
            Destination::None => "none",
            Destination::SmartList(_) => "smart_list",
            Destination::RemoveAll | Destination::RemoveSelected(_) => "remove_from_smart_list",
        }
    }

    /// The wire `selection` of a removal: `all` or `selected`.
    pub const fn selection(&self) -> Option<&'static str> {
        match self {
            Destination::RemoveAll => Some("all"),
            Destination::RemoveSelected(_) => Some("selected"),
            _ => None,
        }
    }
}

/// `error_message`, owned, cut at a character boundary when over `MSG` bytes.
///
/// Whether it was cut is provenance, not value: equality compares the text.
#[derive(Clone, Default)]
pub struct ErrorMessage<const MSG: usize = 256> {
    text: String<MSG>,
    truncated: bool,
}

impl<const MSG: usize> ErrorMessage<MSG> {
    /// A message from text, cut at a character boundary if it does not fit.
    pub fn new(text: &str) -> Self {
        let mut m = ErrorMessage::default();
        for c in text.chars() {
            if !crate::jsonstr::push_char(m.text.as_mut_view(), c) {
                m.truncated = true;
                break;
            }
        }
        m
    }

    /// The (possibly cut) text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the payload's message was longer than `MSG` bytes and was cut.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl<const MSG: usize> PartialEq for ErrorMessage<MSG> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<const MSG: usize> Eq for ErrorMessage<MSG> {}

impl<const MSG: usize> fmt::Debug for ErrorMessage<MSG> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.text.as_str())?;
        if self.truncated {
            f.write_str(" (truncated)")?;
        }
        Ok(())
    }
}

#[cfg(feature = "defmt")]
impl<const MSG: usize> defmt::Format for ErrorMessage<MSG> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=str}", self.text.as_str())
    }
}

impl OutcomeEvent {
    /// Parses and validates with the default [`Options`] and capacities.
    pub fn parse(input: &[u8]) -> Result<OutcomeEvent, Error> {
        Self::parse_with(input, Options::DEFAULT)
    }
}

impl<const NAME: usize, const IDS: usize, const MSG: usize> Default
    for OutcomeEvent<NAME, IDS, MSG>
{
    /// The same as [`OutcomeEvent::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl<const NAME: usize, const IDS: usize, const MSG: usize> OutcomeEvent<NAME, IDS, MSG> {
    /// An empty placeholder event to parse into with
    /// [`parse_into`](Self::parse_into): timestamp 0, nil UUIDs, an empty
    /// name, no phone number, no destination, an empty message. It is not a
    /// valid payload (it does not serialize to one); it only holds the
    /// storage. `const`, so it can initialise a `static`.
    pub const fn new() -> Self {
        OutcomeEvent {
            timestamp: Timestamp::from_millis(0),
            scope: Scope {
                subaccount_id: Uuid::from_bytes([0; 16]),
                organization_id: Uuid::from_bytes([0; 16]),
            },
            outcome: Outcome {
                outcome_id: Uuid::from_bytes([0; 16]),
                outcome_name: String::new(),
                outcome_type: OutcomeType::Action,
            },
            call: Call {
                call_id: Uuid::from_bytes([0; 16]),
                phone_number: PhoneNumber::NONE,
                contact_id: Uuid::from_bytes([0; 16]),
            },
            destination: Destination::None,
            error_message: ErrorMessage {
                text: String::new(),
                truncated: false,
            },
        }
    }

    /// Parses and validates with `options`, into these capacities.
    pub fn parse_with(input: &[u8], options: &Options) -> Result<Self, Error> {
        Self::from_view(&crate::parse::parse_view(input, options)?)
    }

    /// Copies a validated view into owned storage. Fails only on capacity:
    /// [`CapacityExceeded`](ErrorKind::CapacityExceeded) at
    /// `outcome.outcome_name` or at the first id past `IDS`.
    pub fn from_view(view: &OutcomeView<'_>) -> Result<Self, Error> {
        // Built empty, then filled in place: the strings and the id list are
        // most of the event's size, and building them apart would copy them.
        let mut event = OutcomeEvent {
            timestamp: view.timestamp,
            scope: view.scope,
            outcome: Outcome {
                outcome_id: view.outcome.outcome_id,
                outcome_name: String::new(),
                outcome_type: view.outcome.outcome_type,
            },
            call: view.call,
            destination: Destination::None,
            error_message: ErrorMessage::default(),
        };
        event.fill(view)?;
        Ok(event)
    }

    /// Parses and validates `input` with `options` into this event, in place:
    /// the low-stack path for gateways.
    ///
    /// [`parse`](crate::parse()) and [`parse_with`](Self::parse_with) return the
    /// event by value, so on a small target the event (about 1.1 KiB at the
    /// default capacities) is built in the parser's frame and then moved
    /// out. `parse_into` writes straight into an event the caller already
    /// has (a local in `main`, a field of a long-lived state struct, a
    /// `static` behind a mutex), so the peak stack is that of the parser
    /// with one borrowed view (below that of [`parse_view`](crate::parse_view),
    /// which also returns the view), and the event can be reused for every
    /// request without a second 1.1 KiB on the stack.
    ///
    /// On success the event equals what [`parse_with`](Self::parse_with)
    /// returns for the same input. On error the contents are unspecified
    /// (some fields may hold the new payload's values, some the old ones)
    /// but still a valid event; parse into it again before reading it.
    ///
    /// ```
    /// use sailor_webhook::{OutcomeEvent, Options};
    /// let body = include_bytes!("../tests/fixtures/webhook-page-ms.json");
    /// let mut event: OutcomeEvent = OutcomeEvent::new(); // once, then reused
    /// event.parse_into(body, &Options::new())?;
    /// assert_eq!(event.outcome.outcome_name, "Interested");
    /// # Ok::<(), sailor_webhook::Error>(())
    /// ```
    pub fn parse_into(&mut self, input: &[u8], options: &Options) -> Result<(), Error> {
        let mut view = OutcomeView::new();
        crate::parse::parse_view_into(input, options, &mut view)?;
        self.timestamp = view.timestamp;
        self.scope = view.scope;
        self.outcome.outcome_id = view.outcome.outcome_id;
        self.outcome.outcome_type = view.outcome.outcome_type;
        self.call = view.call;
        self.fill(&view)
    }

    /// Copies the strings and the destination of `view` into this event
    /// (every other field is set by the caller).
    fn fill(&mut self, view: &OutcomeView<'_>) -> Result<(), Error> {
        let name = &view.outcome.outcome_name;
        if !name.decode_truncating(&mut self.outcome.outcome_name) {
            return Err(Error::new(
                ErrorKind::CapacityExceeded,
                Path::field(Field::OutcomeName),
                name.offset(),
            ));
        }
        match view.destination {
            DestinationView::None => self.destination = Destination::None,
            DestinationView::SmartList(id) => self.destination = Destination::SmartList(id),
            DestinationView::RemoveAll => self.destination = Destination::RemoveAll,
            DestinationView::RemoveSelected(list) => {
                // An event being reused keeps its list storage: cleared, not rebuilt.
                match &mut self.destination {
                    Destination::RemoveSelected(ids) => ids.clear(),
                    other => *other = Destination::RemoveSelected(Vec::new()),
                }
                if let Destination::RemoveSelected(ids) = &mut self.destination {
                    let mut it = list.iter();
                    while let Some((id, at)) = it.next_with_offset() {
                        if ids.push(id).is_err() {
                            return Err(Error::new(
                                ErrorKind::CapacityExceeded,
                                Path::index(Field::DestinationIds, ids.len()),
                                at,
                            ));
                        }
                    }
                }
            }
        }
        let message = &mut self.error_message;
        message.truncated = !view.error_message.decode_truncating(&mut message.text);
        Ok(())
    }

    /// The receiver's idempotency key: `call.call_id` + `outcome.outcome_id`.
    pub fn idempotency_key(&self) -> IdempotencyKey {
        IdempotencyKey::new(self.call.call_id, self.outcome.outcome_id)
    }
}
