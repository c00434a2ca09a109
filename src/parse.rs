//! Field dispatch and domain validation: scanner tokens become an [`OutcomeView`].
//!
//! This is the fast path's parser. On the compact path `parse_view` is
//! `crate::lean`'s, and only this module's constants and the entry points
//! on [`Options`] are used; the parser below is still built for the tests,
//! which compare the two on every input they hold.
#![cfg_attr(all(sailor_compact, not(test)), allow(dead_code))]
//!
//! The schema has a fixed depth (object → object → array), so this module
//! has no recursion at all; unknown members go to the scanner's iterative
//! [`skip_value`](crate::scan::Scanner::skip_value).

use crate::error::{Error, ErrorKind, Fault, Field, Path};
use crate::event::OutcomeEvent;
use crate::jsonstr::JsonStr;
use crate::options::Options;
use crate::scan::{Name, Scanner, NAME_WINDOW};
use crate::types::{
    Call, OutcomeType, PhoneNumber, Scope, Timestamp, Uuid, MAX_TIMESTAMP, SECONDS_THRESHOLD,
};
use crate::view::{DestinationView, IdList, OutcomeRef, OutcomeView};

/// The longest `outcome_name`, in characters. The owned event's default
/// name capacity is derived from it (four UTF-8 bytes a character).
pub const MAX_OUTCOME_NAME_CHARS: usize = 120;

/// The nesting depth of the top-level object.
const ROOT_DEPTH: usize = 1;
/// The nesting depth of `scope`, `outcome`, `call` and `destination`.
const OBJECT_DEPTH: usize = 2;
/// The nesting depth of `destination.destination_ids`.
const IDS_DEPTH: usize = 3;

/// Whether a member of a schema object must be present.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    Required,
    Optional,
}
use Presence::{Optional, Required};

/// The members of one schema object, written as one `(name, field,
/// presence)` table and split by [`Schema::new`] into the arrays the
/// scanner and [`Obj`] read. Adding a member is one line here and one
/// match arm where the object is read.
pub(crate) struct Schema<const N: usize> {
    pub(crate) names: [Name; N],
    pub(crate) fields: [Field; N],
    /// Bit `k`: member `k` is required.
    pub(crate) required: u32,
}

impl<const N: usize> Schema<N> {
    const fn new(members: [(&'static str, Field, Presence); N]) -> Self {
        let mut names = [Name::member(""); N];
        let mut fields = [Field::Root; N];
        let mut required = 0;
        let mut k = 0;
        while k < N {
            let (name, field, presence) = members[k];
            names[k] = Name::member(name);
            fields[k] = field;
            if matches!(presence, Required) {
                required |= 1 << k;
            }
            k += 1;
        }
        Schema {
            names,
            fields,
            required,
        }
    }
}

pub(crate) const ROOT: Schema<6> = Schema::new([
    ("timestamp", Field::Timestamp, Required),
    ("scope", Field::Scope, Required),
    ("outcome", Field::Outcome, Required),
    ("call", Field::Call, Required),
    ("destination", Field::Destination, Optional),
    ("error_message", Field::ErrorMessage, Optional),
]);
pub(crate) const SCOPE: Schema<2> = Schema::new([
    ("subaccount_id", Field::SubaccountId, Required),
    ("organization_id", Field::OrganizationId, Required),
]);
pub(crate) const OUTCOME: Schema<3> = Schema::new([
    ("outcome_id", Field::OutcomeId, Required),
    ("outcome_name", Field::OutcomeName, Required),
    ("outcome_type", Field::OutcomeType, Required),
]);
pub(crate) const CALL: Schema<3> = Schema::new([
    ("call_id", Field::CallId, Required),
    ("phone_number", Field::PhoneNumber, Required),
    ("contact_id", Field::ContactId, Required),
]);
/// Which of the others `destination` needs depends on its type: see [`destination`].
pub(crate) const DESTINATION: Schema<4> = Schema::new([
    ("destination_type", Field::DestinationType, Required),
    ("destination_id", Field::DestinationId, Optional),
    ("selection", Field::Selection, Optional),
    ("destination_ids", Field::DestinationIds, Optional),
]);

/// The values of an enum-like string member, as one `(text, value)` table
/// split into the names the scanner matches and the values they give.
pub(crate) struct Values<T, const N: usize> {
    pub(crate) names: [Name; N],
    pub(crate) values: [T; N],
}

impl<T: Copy, const N: usize> Values<T, N> {
    const fn new(table: [(&'static str, T); N]) -> Self {
        let mut names = [Name::value(""); N];
        let mut k = 0;
        while k < N {
            names[k] = Name::value(table[k].0);
            k += 1;
        }
        let mut values = [table[0].1; N];
        let mut k = 0;
        while k < N {
            values[k] = table[k].1;
            k += 1;
        }
        Values { names, values }
    }
}

pub(crate) const OUTCOME_TYPES: Values<OutcomeType, 2> = Values::new([
    ("action", OutcomeType::Action),
    ("disposition", OutcomeType::Disposition),
]);
pub(crate) const DESTINATION_TYPES: Values<DestType, 3> = Values::new([
    ("smart_list", DestType::SmartList),
    ("remove_from_smart_list", DestType::Remove),
    ("none", DestType::None),
]);
/// `selection`: whether it is `"all"`.
pub(crate) const SELECTIONS: Values<bool, 2> = Values::new([("selected", false), ("all", true)]);

/// Every table of member names and enum values, for the scanner's tests.
#[cfg(test)]
pub(crate) const SCHEMA_TABLES: [&[Name]; 8] = [
    &ROOT.names,
    &SCOPE.names,
    &OUTCOME.names,
    &CALL.names,
    &DESTINATION.names,
    &OUTCOME_TYPES.names,
    &DESTINATION_TYPES.names,
    &SELECTIONS.names,
];

fn err(kind: ErrorKind, field: Field, at: usize) -> Error {
    Error::new(kind, Path::field(field), at)
}

/// The error for a value of the wrong type at `s.pos` (or a syntax error).
fn wrong_type(s: &Scanner<'_>, path: Path) -> Error {
    match s.peek() {
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
            Error::new(ErrorKind::WrongType, path, s.pos)
        }
        _ => s.unexpected().at(path),
    }
}

/// A member name: the schema field of a known one and the offset of its
/// opening quote, or an unknown one (kept to check and report it).
enum Key<'a> {
    Known(Field, usize),
    Unknown(JsonStr<'a>),
}

/// An object of the schema, read member by member.
struct Obj {
    field: Field,
    /// Where this object's unknown member names start in the scanner's [`Names`](crate::scan::Names).
    base: usize,
    depth: usize,
    first: bool,
    /// The index of the name expected next (members usually come in order).
    next: usize,
    /// Bit `k`: known member `k` was seen (a second one is a duplicate).
    seen: u32,
}

impl Obj {
    /// `s.pos` is at the value; it must be an object.
    #[cfg_attr(not(sailor_compact), inline(always))]
    fn open(s: &mut Scanner<'_>, field: Field, depth: usize) -> Result<Obj, Error> {
        if s.peek() != Some(b'{') {
            return Err(wrong_type(s, Path::field(field)));
        }
        if depth > s.max_depth {
            return Err(err(ErrorKind::DepthLimit, field, s.pos));
        }
        let base = s.names.open();
        s.pos += 1;
        Ok(Obj {
            field,
            base,
            depth,
            first: true,
            next: 0,
            seen: 0,
        })
    }

    /// The next member name, or `None` after the closing brace.
    ///
    /// A name spelled exactly as in `names` (no escapes) is matched in place,
    /// without scanning it as a string; any other name is scanned, decoded
    /// and then looked up, so `"call\u005fid"` is still `call_id`. A known
    /// name seen before in this object is a
    /// [`DuplicateKey`](ErrorKind::DuplicateKey) at `fields[k]`, the
    /// schema field of name `k` (one check here for every member).
    // Inlined on the fast path (constant names, no call per member); the
    // compact path keeps one copy, for flash.
    #[cfg_attr(not(sailor_compact), inline(always))]
    #[cfg_attr(sailor_compact, inline)]
    fn member<'a>(
        &mut self,
        s: &mut Scanner<'a>,
        names: &[Name],
        fields: &[Field],
    ) -> Result<Option<Key<'a>>, Error> {
        s.skip_ws();
        let path = Path::field(self.field);
        match s.peek() {
            Some(b'}') => {
                s.pos += 1;
                s.names.close(self.base);
                return Ok(None);
            }
            Some(b',') if !self.first => s.pos += 1,
            _ if self.first => {}
            _ => return Err(s.unexpected().at(path)),
        }
        self.first = false;
        s.skip_ws();
        let at = s.pos;
        if let Some(k) = s.known_name(names, self.next) {
            self.next = k + 1;
            s.skip_ws();
            let field = self.first_time(k, at, fields)?;
            return Ok(Some(Key::Known(field, at)));
        }
        let key = s.member_name().map_err(|f| f.at(path))?;
        let mut buf = [0; NAME_WINDOW];
        let decoded = key.decoded_bytes(&mut buf);
        Ok(Some(
            match names.iter().position(|n| n.text.as_bytes() == decoded) {
                Some(k) => Key::Known(self.first_time(k, key.offset(), fields)?, key.offset()),
                None => Key::Unknown(key),
            },
        ))
    }

    /// Records known member `k` (its name at `at`) and gives its field;
    /// seen before, it is a duplicate of `fields[k]`.
    #[inline]
    fn first_time(&mut self, k: usize, at: usize, fields: &[Field]) -> Result<Field, Error> {
        let field = fields.get(k).copied().unwrap_or(self.field);
        let bit = 1u32.checked_shl(k as u32).unwrap_or(0);
        if self.seen & bit != 0 {
            return Err(err(ErrorKind::DuplicateKey, field, at));
        }
        self.seen |= bit;
        Ok(field)
    }

    /// After the closing brace at `close`: the first required member of
    /// `fields` (bit `k` of `required`: member `k`), in table order, that was
    /// not seen is a [`MissingField`](ErrorKind::MissingField) at `close`.
    fn missing(&self, fields: &[Field], required: u32, close: usize) -> Result<(), Error> {
        let absent = required & !self.seen;
        match fields.get(absent.trailing_zeros() as usize) {
            Some(&field) if absent != 0 => Err(err(ErrorKind::MissingField, field, close)),
            _ => Ok(()),
        }
    }

    /// An unknown member: rejected in strict mode, else checked and skipped.
    fn unknown(&mut self, s: &mut Scanner<'_>, key: JsonStr<'_>, o: &Options) -> Result<(), Error> {
        let path = Path::unknown_in(self.field);
        if o.strict {
            return Err(Error::new(ErrorKind::UnknownMember, path, key.offset()));
        }
        s.check_unique(self.base, &key).map_err(|f| f.at(path))?;
        s.skip_value(self.depth).map_err(|f| f.at(path))
    }

    /// The offset of the closing brace (call after `next` returned `None`).
    fn close(s: &Scanner<'_>) -> usize {
        s.pos - 1
    }
}

fn string<'a>(s: &mut Scanner<'a>, path: Path) -> Result<JsonStr<'a>, Error> {
    if s.peek() != Some(b'"') {
        return Err(wrong_type(s, path));
    }
    s.string().map_err(|f| f.at(path))
}

// Inlined on 64-bit targets: a Result<Uuid, Error> returned through memory
// is read back with wider loads than it was written with (see
// Uuid::parse_bytes).
#[cfg_attr(not(sailor_compact), inline(always))]
#[cfg_attr(sailor_compact, inline)]
fn uuid(s: &mut Scanner<'_>, path: Path) -> Result<Uuid, Error> {
    // Fast path: a plain 36-character UUID and its closing quote (only when a
    // 36-byte string is within the string limit, which it skips checking).
    if s.max_string >= Uuid::TEXT_LEN {
        if let Some(id) = s.buf.get(s.pos..).and_then(Uuid::parse_quoted) {
            s.pos += Uuid::TEXT_LEN + 2;
            return Ok(id);
        }
    }
    uuid_slow(s, path)
}

/// Any UUID string (escaped, malformed, ...), with the exact error.
#[inline(never)]
fn uuid_slow(s: &mut Scanner<'_>, path: Path) -> Result<Uuid, Error> {
    let text = string(s, path)?;
    let mut buf = [0u8; 36];
    let bytes = text.decoded_bytes(&mut buf);
    Uuid::parse_bytes(bytes).ok_or(Error::new(ErrorKind::InvalidUuid, path, text.offset()))
}

/// A short enum-like string: the index of the one of `values` it decodes
/// to, or an [`UnknownEnumValue`](ErrorKind::UnknownEnumValue) at its
/// opening quote. One spelled exactly is matched in place; anything else is
/// scanned and decoded.
fn word(s: &mut Scanner<'_>, field: Field, values: &[Name]) -> Result<usize, Error> {
    if let Some(k) = s.known_name(values, 0) {
        return Ok(k);
    }
    let text = string(s, Path::field(field))?;
    let mut buf = [0; NAME_WINDOW];
    let decoded = text.decoded_bytes(&mut buf);
    values
        .iter()
        .position(|v| v.text.as_bytes() == decoded)
        .ok_or_else(|| err(ErrorKind::UnknownEnumValue, field, text.offset()))
}

/// The value of an enum-like member from its table (see [`word`]).
fn enum_value<T: Copy, const N: usize>(
    s: &mut Scanner<'_>,
    field: Field,
    table: &Values<T, N>,
) -> Result<T, Error> {
    let k = word(s, field, &table.names)?;
    table
        .values
        .get(k)
        .copied()
        .ok_or_else(|| err(ErrorKind::UnknownEnumValue, field, s.pos))
}

fn timestamp(s: &mut Scanner<'_>, o: &Options) -> Result<Timestamp, Error> {
    let field = Field::Timestamp;
    if !matches!(s.peek(), Some(b'-' | b'0'..=b'9')) {
        return Err(wrong_type(s, Path::field(field)));
    }
    let n = s.number().map_err(|f| f.at(Path::field(field)))?;
    let invalid = err(ErrorKind::InvalidTimestamp, field, n.start);
    if n.negative || n.fraction || n.exponent {
        return Err(invalid);
    }
    let v = n.int.filter(|&v| v <= MAX_TIMESTAMP).ok_or(invalid)?;
    let ts = if v < SECONDS_THRESHOLD {
        if o.strict {
            return Err(err(ErrorKind::TimestampInSeconds, field, n.start));
        }
        let ts = Timestamp::from_seconds(v);
        // Before 1973-03-03 even in seconds: its canonical millisecond form
        // would read back as seconds, so the round trip could not hold.
        if ts.millis() < SECONDS_THRESHOLD {
            return Err(invalid);
        }
        ts
    } else {
        Timestamp::from_millis(v)
    };
    if let Some((now, tolerance)) = o.window {
        if ts.millis().saturating_add(tolerance) < now {
            return Err(err(ErrorKind::TimestampTooOld, field, n.start));
        }
        if ts.millis() > now.saturating_add(tolerance) {
            return Err(err(ErrorKind::TimestampInFuture, field, n.start));
        }
    }
    Ok(ts)
}

/// What has been read so far: the view's members, and the destination's
/// parts until its object closes. Placeholders until read; each object's
/// `missing` check makes sure that the required ones were.
struct Parts<'a> {
    timestamp: Timestamp,
    scope: Scope,
    outcome: OutcomeRef<'a>,
    call: Call,
    message: Option<JsonStr<'a>>,
    kind: DestType,
    id: Uuid,
    /// `selection` is `"all"`.
    all: bool,
    list: IdList<'a>,
    /// The offsets of the optional destination members' names: which were
    /// there, and where (for InconsistentDestination).
    id_at: Option<usize>,
    selection_at: Option<usize>,
    ids_at: Option<usize>,
}

/// Reads one of the nested schema objects (`scope`, `outcome`, `call`,
/// `destination`) member by member into `v`, with its table; returns the
/// offset of its closing brace. One loop for all four: on the compact path
/// one copy, on the fast path inlined per table (constant names).
#[cfg_attr(not(sailor_compact), inline(always))]
#[cfg_attr(sailor_compact, inline(never))]
fn object<'a, const N: usize>(
    s: &mut Scanner<'a>,
    field: Field,
    schema: &Schema<N>,
    o: &Options,
    v: &mut Parts<'a>,
) -> Result<usize, Error> {
    object_in(
        s,
        field,
        &schema.names,
        &schema.fields,
        schema.required,
        o,
        v,
    )
}

#[cfg_attr(not(sailor_compact), inline(always))]
#[cfg_attr(sailor_compact, inline(never))]
fn object_in<'a>(
    s: &mut Scanner<'a>,
    field: Field,
    names: &[Name],
    fields: &[Field],
    required: u32,
    o: &Options,
    v: &mut Parts<'a>,
) -> Result<usize, Error> {
    let mut obj = Obj::open(s, field, OBJECT_DEPTH)?;
    while let Some(key) = obj.member(s, names, fields)? {
        match key {
            Key::Known(f, at) => member(s, f, at, v)?,
            Key::Unknown(key) => obj.unknown(s, key, o)?,
        }
    }
    let close = Obj::close(s);
    obj.missing(fields, required, close)?;
    Ok(close)
}

/// The value of the known member `f` of a nested object (its name at
/// `at`), checked by the member's rule and kept in `v`.
#[cfg_attr(not(sailor_compact), inline(always))]
fn member<'a>(s: &mut Scanner<'a>, f: Field, at: usize, v: &mut Parts<'a>) -> Result<(), Error> {
    let path = Path::field(f);
    match f {
        Field::SubaccountId => v.scope.subaccount_id = uuid(s, path)?,
        Field::OrganizationId => v.scope.organization_id = uuid(s, path)?,
        Field::OutcomeId => v.outcome.outcome_id = uuid(s, path)?,
        Field::OutcomeName => {
            let text = string(s, path)?;
            // Every character takes at least one raw byte, so a raw
            // length of 1 to 120 bytes needs no count.
            let short = (1..=MAX_OUTCOME_NAME_CHARS).contains(&text.raw().len());
            let chars = if short { 1 } else { text.char_count() };
            if chars == 0 || chars > MAX_OUTCOME_NAME_CHARS {
                return Err(err(ErrorKind::InvalidLength, f, text.offset()));
            }
            v.outcome.outcome_name = text;
        }
        Field::OutcomeType => v.outcome.outcome_type = enum_value(s, f, &OUTCOME_TYPES)?,
        Field::CallId => v.call.call_id = uuid(s, path)?,
        Field::PhoneNumber => {
            let text = string(s, path)?;
            let mut buf = [0u8; PhoneNumber::MAX_TEXT_LEN];
            let bytes = text.decoded_bytes(&mut buf);
            v.call.phone_number = PhoneNumber::parse_bytes(bytes)
                .ok_or_else(|| err(ErrorKind::InvalidPhoneNumber, f, text.offset()))?;
        }
        Field::ContactId => v.call.contact_id = uuid(s, path)?,
        Field::DestinationType => v.kind = enum_value(s, f, &DESTINATION_TYPES)?,
        Field::DestinationId => {
            v.id = uuid(s, path)?;
            v.id_at = Some(at);
        }
        Field::Selection => {
            v.all = enum_value(s, f, &SELECTIONS)?;
            v.selection_at = Some(at);
        }
        Field::DestinationIds => {
            v.list = destination_ids(s, IDS_DEPTH)?;
            v.ids_at = Some(at);
        }
        // The top level's members are read by `parse_view` itself.
        _ => {}
    }
    Ok(())
}

/// `destination.destination_type`, as read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum DestType {
    None,
    SmartList,
    Remove,
}

fn destination_ids<'a>(s: &mut Scanner<'a>, depth: usize) -> Result<IdList<'a>, Error> {
    let field = Field::DestinationIds;
    if s.peek() != Some(b'[') {
        return Err(wrong_type(s, Path::field(field)));
    }
    if depth > s.max_depth {
        return Err(err(ErrorKind::DepthLimit, field, s.pos));
    }
    let start = s.pos;
    s.pos += 1;
    s.skip_ws();
    let mut count = 0usize;
    if s.peek() == Some(b']') {
        s.pos += 1;
    } else {
        loop {
            s.skip_ws();
            let path = Path::index(field, count);
            if s.peek() != Some(b'"') {
                return Err(wrong_type(s, path));
            }
            uuid(s, path)?;
            count += 1;
            s.skip_ws();
            match s.peek() {
                Some(b',') => s.pos += 1,
                Some(b']') => {
                    s.pos += 1;
                    break;
                }
                _ => return Err(s.unexpected().at(Path::field(field))),
            }
        }
    }
    let raw = s.buf.get(start..s.pos).unwrap_or_default();
    Ok(IdList::new(raw, start, count))
}

/// `destination`: `null`, or its object read by [`object`] and then checked
/// as a whole (which members its type and selection allow or need).
fn destination<'a>(
    s: &mut Scanner<'a>,
    o: &Options,
    v: &mut Parts<'a>,
) -> Result<DestinationView<'a>, Error> {
    if s.peek() == Some(b'n') {
        s.literal(b"null")
            .map_err(|f| f.at(Path::field(Field::Destination)))?;
        return Ok(DestinationView::None);
    }
    let close = object(s, Field::Destination, &DESTINATION, o, v)?;
    let inconsistent = |field: Field, at: usize| err(ErrorKind::InconsistentDestination, field, at);
    let missing = |field: Field| err(ErrorKind::MissingField, field, close);
    let Parts {
        kind,
        id,
        all,
        list,
        id_at,
        selection_at,
        ids_at,
        ..
    } = *v;
    // Members that the destination type does not allow.
    if let (true, Some(at)) = (kind != DestType::SmartList, id_at) {
        return Err(inconsistent(Field::DestinationId, at));
    }
    if kind != DestType::Remove {
        if let Some(at) = selection_at {
            return Err(inconsistent(Field::Selection, at));
        }
        if let Some(at) = ids_at {
            return Err(inconsistent(Field::DestinationIds, at));
        }
    }
    Ok(match kind {
        DestType::None => DestinationView::None,
        DestType::SmartList if id_at.is_some() => DestinationView::SmartList(id),
        DestType::SmartList => return Err(missing(Field::DestinationId)),
        DestType::Remove if selection_at.is_none() => return Err(missing(Field::Selection)),
        DestType::Remove if all => {
            if ids_at.is_some() && !list.is_empty() {
                return Err(inconsistent(Field::DestinationIds, list.offset()));
            }
            DestinationView::RemoveAll
        }
        DestType::Remove => {
            if ids_at.is_none() {
                return Err(missing(Field::DestinationIds));
            }
            if list.is_empty() {
                return Err(inconsistent(Field::DestinationIds, list.offset()));
            }
            DestinationView::RemoveSelected(list)
        }
    })
}

#[cfg(sailor_compact)]
pub(crate) use crate::lean::parse_view;
/// Parses and validates `input` into a borrowed view: this module's parser
/// on the fast path, `crate::lean`'s on the compact one.
#[cfg(not(sailor_compact))]
pub(crate) use parse_view_fast as parse_view;

#[cfg(sailor_compact)]
pub(crate) use crate::lean::parse_view_into;

/// Parses and validates `input` into `view`, a view the caller already has
/// (for [`OutcomeEvent::parse_into`](crate::OutcomeEvent::parse_into): on
/// the compact path the only view on the stack; on the fast path the view
/// is returned and stored).
#[cfg(not(sailor_compact))]
#[inline(always)]
pub(crate) fn parse_view_into<'a>(
    input: &'a [u8],
    o: &Options,
    view: &mut OutcomeView<'a>,
) -> Result<(), Error> {
    *view = parse_view_fast(input, o)?;
    Ok(())
}

/// Parses and validates `input` into a borrowed view (the fast path).
pub(crate) fn parse_view_fast<'a>(input: &'a [u8], o: &Options) -> Result<OutcomeView<'a>, Error> {
    let root = Path::ROOT;
    if input.len() > o.max_input_bytes {
        return Err(Error::new(
            ErrorKind::InputTooLarge,
            root,
            o.max_input_bytes,
        ));
    }
    if input.starts_with(b"\xEF\xBB\xBF") {
        return Err(Error::new(ErrorKind::ByteOrderMark, root, 0));
    }
    let mut s = Scanner::new(input, o.max_string_bytes, o.max_depth, o.max_members);
    s.skip_ws();
    let mut obj = Obj::open(&mut s, Field::Root, ROOT_DEPTH)?;
    s.validate_text();
    let empty = OutcomeView::new();
    let mut v = Parts {
        timestamp: empty.timestamp,
        scope: empty.scope,
        outcome: empty.outcome,
        call: empty.call,
        message: None,
        kind: DestType::None,
        id: Uuid::default(),
        all: false,
        list: IdList::new(b"", 0, 0),
        id_at: None,
        selection_at: None,
        ids_at: None,
    };
    let mut destination_v = DestinationView::None;
    while let Some(key) = obj.member(&mut s, &ROOT.names, &ROOT.fields)? {
        match key {
            Key::Known(Field::Timestamp, _) => v.timestamp = timestamp(&mut s, o)?,
            Key::Known(f @ Field::Scope, _) => _ = object(&mut s, f, &SCOPE, o, &mut v)?,
            Key::Known(f @ Field::Outcome, _) => _ = object(&mut s, f, &OUTCOME, o, &mut v)?,
            Key::Known(f @ Field::Call, _) => _ = object(&mut s, f, &CALL, o, &mut v)?,
            Key::Known(Field::Destination, _) => {
                destination_v = destination(&mut s, o, &mut v)?;
            }
            Key::Known(Field::ErrorMessage, _) => {
                let path = Path::field(Field::ErrorMessage);
                v.message = if s.peek() == Some(b'n') {
                    s.literal(b"null").map_err(|f| f.at(path))?;
                    None
                } else {
                    Some(string(&mut s, path)?)
                };
            }
            Key::Unknown(key) => obj.unknown(&mut s, key, o)?,
            Key::Known(..) => {} // not a member of this table
        }
    }
    let close = Obj::close(&s);
    s.skip_ws();
    if s.pos < input.len() {
        return Err(Fault::new(ErrorKind::TrailingData, s.pos).at(root));
    }
    obj.missing(&ROOT.fields, ROOT.required, close)?;
    Ok(OutcomeView {
        timestamp: v.timestamp,
        scope: v.scope,
        outcome: v.outcome,
        call: v.call,
        destination: destination_v,
        error_message: v
            .message
            .unwrap_or(JsonStr::from_validated("", close, false)),
    })
}

/// The entry points on [`Options`]: they live with the parser, so that the
/// configuration imports nothing from it.
impl Options {
    /// Parses and validates into an owned event with the default capacities.
    pub fn parse(&self, input: &[u8]) -> Result<OutcomeEvent, Error> {
        OutcomeEvent::parse_with(input, self)
    }

    /// Parses and validates into an existing event, in place, at its
    /// capacities: the low-stack path for gateways (see
    /// [`OutcomeEvent::parse_into`], which this calls).
    pub fn parse_into<const NAME: usize, const IDS: usize, const MSG: usize>(
        &self,
        input: &[u8],
        event: &mut OutcomeEvent<NAME, IDS, MSG>,
    ) -> Result<(), Error> {
        event.parse_into(input, self)
    }

    /// Parses and validates into a borrowed view of `input`.
    pub fn parse_view<'a>(&self, input: &'a [u8]) -> Result<OutcomeView<'a>, Error> {
        parse_view(input, self)
    }

    /// Parses and validates into an existing view, in place: the low-stack
    /// borrowed path (see [`OutcomeView::parse_into`], which this calls).
    pub fn parse_view_into<'a>(
        &self,
        input: &'a [u8],
        view: &mut OutcomeView<'a>,
    ) -> Result<(), Error> {
        view.parse_into(input, self)
    }

    /// Validates without building an owned event (the borrowed view's rules).
    pub fn validate(&self, input: &[u8]) -> Result<(), Error> {
        #[cfg(sailor_compact)]
        return crate::lean::validate(input, self);
        #[cfg(not(sailor_compact))]
        self.parse_view(input).map(|_| ())
    }
}
