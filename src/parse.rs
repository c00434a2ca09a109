//! Field dispatch and domain validation: scanner tokens become an [`OutcomeView`].
//!
//! The schema has a fixed depth (object → object → array), so this module
//! has no recursion at all; unknown members go to the scanner's iterative
//! [`skip_value`](crate::scan::Scanner::skip_value).

use crate::error::{Error, ErrorKind, Fault, Field, Path};
use crate::jsonstr::JsonStr;
use crate::options::Options;
use crate::scan::{Name, Scanner};
use crate::types::{
    Call, OutcomeType, PhoneNumber, Scope, Timestamp, Uuid, MAX_TIMESTAMP, SECONDS_THRESHOLD,
};
use crate::view::{DestinationView, IdList, OutcomeRef, OutcomeView};

/// The longest `outcome_name`, in characters.
pub const MAX_OUTCOME_NAME_CHARS: usize = 120;

/// The member names of `scope`: the dispatch below matches their indexes.
const SCOPE_NAMES: [Name; 2] = [
    Name::member("subaccount_id"),
    Name::member("organization_id"),
];
/// The member names of `outcome`: the dispatch below matches their indexes.
const OUTCOME_NAMES: [Name; 3] = [
    Name::member("outcome_id"),
    Name::member("outcome_name"),
    Name::member("outcome_type"),
];
/// The member names of `call`: the dispatch below matches their indexes.
const CALL_NAMES: [Name; 3] = [
    Name::member("call_id"),
    Name::member("phone_number"),
    Name::member("contact_id"),
];
/// The member names of `destination`: the dispatch below matches their indexes.
const DESTINATION_NAMES: [Name; 4] = [
    Name::member("destination_type"),
    Name::member("destination_id"),
    Name::member("selection"),
    Name::member("destination_ids"),
];
/// The member names of the top-level object: the dispatch below matches their indexes.
const ROOT_NAMES: [Name; 6] = [
    Name::member("timestamp"),
    Name::member("scope"),
    Name::member("outcome"),
    Name::member("call"),
    Name::member("destination"),
    Name::member("error_message"),
];

/// The schema fields of the members of `scope`, by name index.
const SCOPE_FIELDS: [Field; 2] = [Field::SubaccountId, Field::OrganizationId];
/// The schema fields of the members of `outcome`, by name index.
const OUTCOME_FIELDS: [Field; 3] = [Field::OutcomeId, Field::OutcomeName, Field::OutcomeType];
/// The schema fields of the members of `call`, by name index.
const CALL_FIELDS: [Field; 3] = [Field::CallId, Field::PhoneNumber, Field::ContactId];
/// The schema fields of the members of `destination`, by name index.
const DESTINATION_FIELDS: [Field; 4] = [
    Field::DestinationType,
    Field::DestinationId,
    Field::Selection,
    Field::DestinationIds,
];
/// The schema fields of the members of the top-level object, by name index.
const ROOT_FIELDS: [Field; 6] = [
    Field::Timestamp,
    Field::Scope,
    Field::Outcome,
    Field::Call,
    Field::Destination,
    Field::ErrorMessage,
];

/// The values of `outcome.outcome_type`: the dispatch below matches their indexes.
const OUTCOME_TYPES: [Name; 2] = [Name::value("action"), Name::value("disposition")];
/// The values of `destination.destination_type`: the dispatch below matches their indexes.
const DESTINATION_TYPES: [Name; 3] = [
    Name::value("smart_list"),
    Name::value("remove_from_smart_list"),
    Name::value("none"),
];
/// The values of `destination.selection`: the dispatch below matches their indexes.
const SELECTIONS: [Name; 2] = [Name::value("selected"), Name::value("all")];

/// Every table of member names and enum values, for the scanner's tests.
#[cfg(test)]
pub(crate) const SCHEMA_TABLES: [&[Name]; 8] = [
    &ROOT_NAMES,
    &SCOPE_NAMES,
    &OUTCOME_NAMES,
    &CALL_NAMES,
    &DESTINATION_NAMES,
    &OUTCOME_TYPES,
    &DESTINATION_TYPES,
    &SELECTIONS,
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

/// A member name: the index of a known one in the object's names and the
/// offset of its opening quote, or an unknown one (kept to check and report it).
enum Key<'a> {
    Known(usize, usize),
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
    #[cfg_attr(target_pointer_width = "64", inline(always))]
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
    // Inlined on 64-bit targets (constant names, no call per member);
    // 32-bit targets keep one copy, for flash.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    #[cfg_attr(not(target_pointer_width = "64"), inline)]
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
            self.first_time(k, at, fields)?;
            return Ok(Some(Key::Known(k, at)));
        }
        let key = s.member_name().map_err(|f| f.at(path))?;
        let mut buf = [0; 24];
        let decoded = key.small(&mut buf);
        Ok(Some(
            match names.iter().position(|n| n.text.as_bytes() == decoded) {
                Some(k) => {
                    self.first_time(k, key.offset(), fields)?;
                    Key::Known(k, key.offset())
                }
                None => Key::Unknown(key),
            },
        ))
    }

    /// Records known member `k` (its name at `at`); seen before, it is a
    /// duplicate of `fields[k]`.
    #[inline]
    fn first_time(&mut self, k: usize, at: usize, fields: &[Field]) -> Result<(), Error> {
        let bit = 1u32.checked_shl(k as u32).unwrap_or(0);
        if self.seen & bit != 0 {
            let field = fields.get(k).copied().unwrap_or(self.field);
            return Err(err(ErrorKind::DuplicateKey, field, at));
        }
        self.seen |= bit;
        Ok(())
    }

    /// After the closing brace at `close`: the first of the required
    /// members `required` (names `0..required.len()`, in that order) that was
    /// not seen is a [`MissingField`](ErrorKind::MissingField) at `close`.
    fn missing(&self, required: &[Field], close: usize) -> Result<(), Error> {
        for (k, &field) in required.iter().enumerate() {
            if self.seen & 1u32.checked_shl(k as u32).unwrap_or(0) == 0 {
                return Err(err(ErrorKind::MissingField, field, close));
            }
        }
        Ok(())
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
#[cfg_attr(target_pointer_width = "64", inline(always))]
#[cfg_attr(not(target_pointer_width = "64"), inline)]
fn uuid(s: &mut Scanner<'_>, path: Path) -> Result<Uuid, Error> {
    // Fast path: a plain 36-character UUID and its closing quote (only when a
    // 36-byte string is within the string limit, which it skips checking).
    if s.peek() == Some(b'"') && s.buf.get(s.pos + 37) == Some(&b'"') && s.max_string >= 36 {
        if let Some(id) = s.buf.get(s.pos + 1..s.pos + 37).and_then(Uuid::parse_bytes) {
            s.pos += 38;
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
    let bytes = match text.as_str() {
        Some(t) => t.as_bytes(),
        None => text
            .decode_into(&mut buf)
            .map(str::as_bytes)
            .unwrap_or_default(),
    };
    Uuid::parse_bytes(bytes).ok_or(Error::new(ErrorKind::InvalidUuid, path, text.offset()))
}

/// A short enum-like string: the index of the one of `values` it decodes
/// to (`None` for any other text), and the offset of its opening quote. One
/// spelled exactly is matched in place; anything else is scanned and decoded.
fn word(
    s: &mut Scanner<'_>,
    field: Field,
    values: &[Name],
) -> Result<(Option<usize>, usize), Error> {
    let at = s.pos;
    if let Some(k) = s.known_name(values, 0) {
        return Ok((Some(k), at));
    }
    let text = string(s, Path::field(field))?;
    let mut buf = [0; 24];
    let decoded = text.small(&mut buf);
    let k = values.iter().position(|v| v.text.as_bytes() == decoded);
    Ok((k, text.offset()))
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

fn scope(s: &mut Scanner<'_>, o: &Options) -> Result<Scope, Error> {
    let mut obj = Obj::open(s, Field::Scope, 2)?;
    // Filled in place; Obj::missing checks that every member was there.
    let mut out = Scope {
        subaccount_id: Uuid::default(),
        organization_id: Uuid::default(),
    };
    while let Some(key) = obj.member(s, &SCOPE_NAMES, &SCOPE_FIELDS)? {
        match key {
            Key::Known(0, _) => {
                // subaccount_id
                out.subaccount_id = uuid(s, Path::field(Field::SubaccountId))?;
            }
            Key::Known(1, _) => {
                // organization_id
                out.organization_id = uuid(s, Path::field(Field::OrganizationId))?;
            }
            Key::Unknown(key) => obj.unknown(s, key, o)?,
            Key::Known(..) => {} // no other index
        }
    }
    obj.missing(&SCOPE_FIELDS, Obj::close(s))?;
    Ok(out)
}

fn outcome<'a>(s: &mut Scanner<'a>, o: &Options) -> Result<OutcomeRef<'a>, Error> {
    let mut obj = Obj::open(s, Field::Outcome, 2)?;
    // Filled in place; Obj::missing checks that every member was there.
    let mut out = OutcomeRef {
        outcome_id: Uuid::default(),
        outcome_name: JsonStr::from_validated("", 0, false),
        outcome_type: OutcomeType::Action,
    };
    while let Some(key) = obj.member(s, &OUTCOME_NAMES, &OUTCOME_FIELDS)? {
        match key {
            Key::Known(0, _) => {
                // outcome_id
                out.outcome_id = uuid(s, Path::field(Field::OutcomeId))?;
            }
            Key::Known(1, _) => {
                // outcome_name
                let text = string(s, Path::field(Field::OutcomeName))?;
                // Every character takes at least one raw byte, so a raw
                // length of 1 to 120 bytes needs no count.
                let short = (1..=MAX_OUTCOME_NAME_CHARS).contains(&text.raw().len());
                let chars = if short { 1 } else { text.char_count() };
                if chars == 0 || chars > MAX_OUTCOME_NAME_CHARS {
                    return Err(err(
                        ErrorKind::InvalidLength,
                        Field::OutcomeName,
                        text.offset(),
                    ));
                }
                out.outcome_name = text;
            }
            Key::Known(2, _) => {
                // outcome_type
                let (k, at) = word(s, Field::OutcomeType, &OUTCOME_TYPES)?;
                out.outcome_type = match k {
                    // The indexes of OUTCOME_TYPES.
                    Some(0) => OutcomeType::Action,
                    Some(1) => OutcomeType::Disposition,
                    _ => return Err(err(ErrorKind::UnknownEnumValue, Field::OutcomeType, at)),
                };
            }
            Key::Unknown(key) => obj.unknown(s, key, o)?,
            Key::Known(..) => {} // no other index
        }
    }
    obj.missing(&OUTCOME_FIELDS, Obj::close(s))?;
    Ok(out)
}

fn call(s: &mut Scanner<'_>, o: &Options) -> Result<Call, Error> {
    let mut obj = Obj::open(s, Field::Call, 2)?;
    // Filled in place; Obj::missing checks that every member was there.
    let mut out = Call {
        call_id: Uuid::default(),
        phone_number: PhoneNumber::NONE,
        contact_id: Uuid::default(),
    };
    while let Some(key) = obj.member(s, &CALL_NAMES, &CALL_FIELDS)? {
        match key {
            Key::Known(0, _) => {
                // call_id
                out.call_id = uuid(s, Path::field(Field::CallId))?;
            }
            Key::Known(1, _) => {
                // phone_number
                let text = string(s, Path::field(Field::PhoneNumber))?;
                let mut buf = [0u8; PhoneNumber::MAX_TEXT_LEN];
                let bytes = match text.as_str() {
                    Some(t) => t.as_bytes(),
                    None => text
                        .decode_into(&mut buf)
                        .map(str::as_bytes)
                        .unwrap_or_default(),
                };
                out.phone_number = PhoneNumber::parse_bytes(bytes).ok_or_else(|| {
                    err(
                        ErrorKind::InvalidPhoneNumber,
                        Field::PhoneNumber,
                        text.offset(),
                    )
                })?;
            }
            Key::Known(2, _) => {
                // contact_id
                out.contact_id = uuid(s, Path::field(Field::ContactId))?;
            }
            Key::Unknown(key) => obj.unknown(s, key, o)?,
            Key::Known(..) => {} // no other index
        }
    }
    obj.missing(&CALL_FIELDS, Obj::close(s))?;
    Ok(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DestType {
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

fn destination<'a>(s: &mut Scanner<'a>, o: &Options) -> Result<DestinationView<'a>, Error> {
    if s.peek() == Some(b'n') {
        s.literal(b"null")
            .map_err(|f| f.at(Path::field(Field::Destination)))?;
        return Ok(DestinationView::None);
    }
    let mut obj = Obj::open(s, Field::Destination, 2)?;
    // Filled in place; which members were there is in `obj.seen` (bit k:
    // name k of DESTINATION_NAMES), their names' offsets are kept for
    // InconsistentDestination.
    let mut kind = DestType::None;
    let mut id = Uuid::default();
    let mut all = false; // `selection` is "all"
    let mut list = IdList::new(b"", 0, 0);
    let (mut id_at, mut selection_at, mut ids_at) = (0, 0, 0);
    while let Some(key) = obj.member(s, &DESTINATION_NAMES, &DESTINATION_FIELDS)? {
        match key {
            Key::Known(0, _) => {
                // destination_type
                let (k, vat) = word(s, Field::DestinationType, &DESTINATION_TYPES)?;
                kind = match k {
                    // The indexes of DESTINATION_TYPES.
                    Some(0) => DestType::SmartList,
                    Some(1) => DestType::Remove,
                    Some(2) => DestType::None,
                    _ => {
                        return Err(err(
                            ErrorKind::UnknownEnumValue,
                            Field::DestinationType,
                            vat,
                        ))
                    }
                };
            }
            Key::Known(1, at) => {
                // destination_id
                id = uuid(s, Path::field(Field::DestinationId))?;
                id_at = at;
            }
            Key::Known(2, at) => {
                // selection
                let (k, vat) = word(s, Field::Selection, &SELECTIONS)?;
                all = match k {
                    // The indexes of SELECTIONS.
                    Some(1) => true,
                    Some(0) => false,
                    _ => return Err(err(ErrorKind::UnknownEnumValue, Field::Selection, vat)),
                };
                selection_at = at;
            }
            Key::Known(3, at) => {
                // destination_ids
                list = destination_ids(s, 3)?;
                ids_at = at;
            }
            Key::Unknown(key) => obj.unknown(s, key, o)?,
            Key::Known(..) => {} // no other index
        }
    }
    let close = Obj::close(s);
    // Only destination_type (name 0) is always required.
    obj.missing(DESTINATION_FIELDS.get(..1).unwrap_or_default(), close)?;
    let has = |k: usize| obj.seen & (1 << k) != 0;
    let inconsistent = |field: Field, at: usize| err(ErrorKind::InconsistentDestination, field, at);
    let missing = |field: Field| err(ErrorKind::MissingField, field, close);
    // Members that the destination type does not allow.
    if kind != DestType::SmartList && has(1) {
        return Err(inconsistent(Field::DestinationId, id_at));
    }
    if kind != DestType::Remove {
        if has(2) {
            return Err(inconsistent(Field::Selection, selection_at));
        }
        if has(3) {
            return Err(inconsistent(Field::DestinationIds, ids_at));
        }
    }
    Ok(match kind {
        DestType::None => DestinationView::None,
        DestType::SmartList if has(1) => DestinationView::SmartList(id),
        DestType::SmartList => return Err(missing(Field::DestinationId)),
        DestType::Remove if !has(2) => return Err(missing(Field::Selection)),
        DestType::Remove if all => {
            if has(3) && !list.is_empty() {
                return Err(inconsistent(Field::DestinationIds, list.offset()));
            }
            DestinationView::RemoveAll
        }
        DestType::Remove => {
            if !has(3) {
                return Err(missing(Field::DestinationIds));
            }
            if list.is_empty() {
                return Err(inconsistent(Field::DestinationIds, list.offset()));
            }
            DestinationView::RemoveSelected(list)
        }
    })
}

/// Parses and validates `input` into a borrowed view.
pub(crate) fn parse_view<'a>(input: &'a [u8], o: &Options) -> Result<OutcomeView<'a>, Error> {
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
    let mut obj = Obj::open(&mut s, Field::Root, 1)?;
    s.validate_text();
    // Placeholders until read; Obj::missing checks that the required
    // members were there (`destination` and `error_message` may be absent).
    // Separate locals, not one view: the view is then built in the return
    // slot (a local view would be copied into it, 168 bytes).
    let mut timestamp_v = Timestamp::from_millis(0);
    let mut scope_v = Scope {
        subaccount_id: Uuid::default(),
        organization_id: Uuid::default(),
    };
    let mut outcome_v = OutcomeRef {
        outcome_id: Uuid::default(),
        outcome_name: JsonStr::from_validated("", 0, false),
        outcome_type: OutcomeType::Action,
    };
    let mut call_v = Call {
        call_id: Uuid::default(),
        phone_number: PhoneNumber::NONE,
        contact_id: Uuid::default(),
    };
    let mut destination_v = DestinationView::None;
    let mut msg: Option<JsonStr<'a>> = None;
    while let Some(key) = obj.member(&mut s, &ROOT_NAMES, &ROOT_FIELDS)? {
        match key {
            Key::Known(0, _) => {
                // timestamp
                timestamp_v = timestamp(&mut s, o)?;
            }
            Key::Known(1, _) => {
                // scope
                scope_v = scope(&mut s, o)?;
            }
            Key::Known(2, _) => {
                // outcome
                outcome_v = outcome(&mut s, o)?;
            }
            Key::Known(3, _) => {
                // call
                call_v = call(&mut s, o)?;
            }
            Key::Known(4, _) => {
                // destination
                destination_v = destination(&mut s, o)?;
            }
            Key::Known(5, _) => {
                // error_message
                let path = Path::field(Field::ErrorMessage);
                msg = if s.peek() == Some(b'n') {
                    s.literal(b"null").map_err(|f| f.at(path))?;
                    None
                } else {
                    Some(string(&mut s, path)?)
                };
            }
            Key::Unknown(key) => obj.unknown(&mut s, key, o)?,
            Key::Known(..) => {} // no other index
        }
    }
    let close = Obj::close(&s);
    s.skip_ws();
    if s.pos < input.len() {
        return Err(Fault::new(ErrorKind::TrailingData, s.pos).at(root));
    }
    // The first four members are required.
    obj.missing(ROOT_FIELDS.get(..4).unwrap_or(&ROOT_FIELDS), close)?;
    Ok(OutcomeView {
        timestamp: timestamp_v,
        scope: scope_v,
        outcome: outcome_v,
        call: call_v,
        destination: destination_v,
        error_message: msg.unwrap_or(JsonStr::from_validated("", close, false)),
    })
}
