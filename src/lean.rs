//! The compact path's parser: the same rules and the same exact errors as
//! [`mod@crate::parse`] (the fast path's), written for flash and stack on
//! microcontrollers. `parse_view` is this one when `sailor_compact` is set
//! (see [`crate::path`]); the tests build both and compare them on every
//! input they hold (below).
//!
//! - The error is recorded once, in the parser ([`P::err`]), and every
//!   function returns an `Option` (or writes through a `&mut`): nothing of
//!   the size of an [`Error`] is moved through a `?`.
//! - The path of an error is the parser's current path ([`P::path`]), set
//!   where the reading of a member starts, so the scanner's faults need no
//!   `map_err` per call.
//! - One loop, with no recursion, reads the top level and the four nested
//!   objects ([`P::document`]), driven by [`mod@crate::parse`]'s member and
//!   value tables (the rules live there once, for both parsers).
//! - Every member name is scanned as a string and looked up in its table
//!   (the fast path matches known names in place first: faster, larger).
//!
//! Measured with `scripts/footprint.sh` against the fast path's parser on
//! the compact path (thumbv6m-none-eabi): `parse_view` 11,776 -> 9,276 B
//! of flash, its peak stack 1,600 -> 1,248 B.

use crate::error::{Error, ErrorKind, Field, Path};
use crate::jsonstr::{Bytes, JsonStr};
use crate::options::{Options, MAX_DEPTH_LIMIT};
use crate::parse::{self, DestType, MAX_OUTCOME_NAME_CHARS};
use crate::scan::{Name, Names};
use crate::types::{OutcomeType, PhoneNumber, Timestamp, Uuid, MAX_TIMESTAMP, SECONDS_THRESHOLD};
use crate::view::{DestinationView, IdList, OutcomeView};

const ROOT_DEPTH: usize = 1;
const IDS_DEPTH: usize = 3;

/// One object of the schema, read from [`mod@crate::parse`]'s tables (the
/// rules live there once, for both parsers): its member names, their
/// fields, and which are required (bit `k`: member `k`).
struct Schema {
    names: &'static [Name],
    fields: &'static [Field],
    required: u32,
}

macro_rules! schema {
    ($table:expr) => {
        Schema {
            names: &$table.names,
            fields: &$table.fields,
            required: $table.required,
        }
    };
}

const ROOT: Schema = schema!(parse::ROOT);
const SCOPE: Schema = schema!(parse::SCOPE);
const OUTCOME: Schema = schema!(parse::OUTCOME);
const CALL: Schema = schema!(parse::CALL);
const DESTINATION: Schema = schema!(parse::DESTINATION);

/// What has been read: the view in place, and the destination's parts
/// until its object closes. `destination_id` and `destination_ids` are read
/// into the view's `destination` itself: when both are there, the object
/// is rejected for having both, whatever their values, so one slot serves.
struct Parts<'a, 'r> {
    view: &'r mut OutcomeView<'a>,
    has_message: bool,
    kind: DestType,
    all: bool,
    /// Offsets of the optional destination members' names (0: absent; a
    /// name is never at offset 0, where the top level's `{` is).
    id_at: usize,
    selection_at: usize,
    ids_at: usize,
}

/// An open object of [`P::document`].
#[derive(Clone, Copy)]
struct Level {
    field: Field,
    schema: &'static Schema,
    /// Where its unknown member names start in [`Names`] (at most 64).
    base: u8,
    /// Bit `k`: known member `k` was seen (a `u32`, as `required`: room for
    /// 32 members per object).
    seen: u32,
    first: bool,
}

/// The parser: the input, the position, the current path and the error.
struct P<'a, 'o> {
    buf: &'a [u8],
    /// The longest valid UTF-8 prefix of `buf` (see `Scanner::validate_text`).
    text: &'a str,
    pos: usize,
    o: &'o Options,
    max_depth: usize,
    names: Names,
    path: Path,
    err: Error,
}

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> P<'a, '_> {
    /// Records an error at the current path; `None` (one copy of the work
    /// in [`record`](Self::record), not one per `T`).
    #[inline(always)]
    fn fail<T>(&mut self, kind: ErrorKind, at: usize) -> Option<T> {
        self.record(kind, at);
        None
    }

    #[inline(never)]
    #[cold]
    fn record(&mut self, kind: ErrorKind, at: usize) {
        self.err = Error::new(kind, self.path, at);
    }

    /// Records an error at `path`; `None`.
    #[inline(always)]
    fn fail_at<T>(&mut self, kind: ErrorKind, path: Path, at: usize) -> Option<T> {
        self.path = path;
        self.fail(kind, at)
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.pos += 1;
        }
    }

    /// The error for the byte at `pos` (or the end of input); `None`.
    #[inline(always)]
    fn unexpected<T>(&mut self) -> Option<T> {
        self.record_unexpected();
        None
    }

    #[inline(never)]
    #[cold]
    fn record_unexpected(&mut self) {
        let kind = match self.peek() {
            None => ErrorKind::UnexpectedEnd,
            Some(_) => ErrorKind::UnexpectedByte,
        };
        self.record(kind, self.pos);
    }

    /// The error for a value of the wrong type at `pos` (or a syntax
    /// error); `None`.
    #[inline(always)]
    fn wrong_type<T>(&mut self) -> Option<T> {
        self.record_wrong_type();
        None
    }

    #[inline(never)]
    #[cold]
    fn record_wrong_type(&mut self) {
        match self.peek() {
            Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                self.record(ErrorKind::WrongType, self.pos);
            }
            _ => self.record_unexpected(),
        }
    }

    /// Consumes `b` if it is next; else the error.
    fn eat(&mut self, b: u8) -> Option<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Some(())
        } else {
            self.unexpected()
        }
    }

    /// The four hex digits at `at`: their value, or the error at the first
    /// byte that is not one (the crate's one `\u` reader, [`crate::jsonstr::hex4`]).
    fn hex4(&mut self, at: usize) -> Option<u32> {
        let rest = self.buf.get(at..).unwrap_or_default();
        match crate::jsonstr::hex4(rest) {
            Ok(v) => Some(v),
            Err(k) if k >= rest.len() => self.fail(ErrorKind::UnexpectedEnd, at + k),
            Err(k) => self.fail(ErrorKind::InvalidEscape, at + k),
        }
    }

    /// Checks the escape whose backslash is at `i`; the index after it.
    fn escape(&mut self, i: usize) -> Option<usize> {
        match self.buf.get(i + 1) {
            None => self.fail(ErrorKind::UnexpectedEnd, i + 1),
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Some(i + 2),
            Some(b'u') => match self.hex4(i + 2)? {
                0xd800..=0xdbff => {
                    if self.buf.get(i + 6) == Some(&b'\\') && self.buf.get(i + 7) == Some(&b'u') {
                        if (0xdc00..=0xdfff).contains(&self.hex4(i + 8)?) {
                            return Some(i + 12);
                        }
                    } else if self.buf.len() <= i + 7 {
                        return self.fail(ErrorKind::UnexpectedEnd, self.buf.len());
                    }
                    self.fail(ErrorKind::LoneSurrogate, i)
                }
                0xdc00..=0xdfff => self.fail(ErrorKind::LoneSurrogate, i),
                _ => Some(i + 6),
            },
            Some(_) => self.fail(ErrorKind::InvalidEscape, i),
        }
    }

    /// Scans the string whose opening quote is at `pos`.
    #[inline(never)]
    fn string(&mut self) -> Option<JsonStr<'a>> {
        let start = self.pos;
        let mut i = start + 1;
        let mut escaped = false;
        loop {
            let Some(&b) = self.buf.get(i) else {
                return self.fail(ErrorKind::UnexpectedEnd, i);
            };
            match b {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i = self.escape(i)?;
                }
                0..=0x1f => return self.fail(ErrorKind::ControlCharacter, i),
                _ => i += 1,
            }
        }
        if i - start - 1 > self.o.max_string_bytes {
            return self.fail(ErrorKind::StringTooLong, start);
        }
        let raw = match self.text.get(start + 1..i) {
            Some(raw) => raw,
            None => {
                let content = self.buf.get(start + 1..i).unwrap_or_default();
                match core::str::from_utf8(content) {
                    Ok(raw) => raw,
                    Err(e) => {
                        return self.fail(ErrorKind::InvalidUtf8, start + 1 + e.valid_up_to())
                    }
                }
            }
        };
        self.pos = i + 1;
        Some(JsonStr::from_validated(raw, start, escaped))
    }

    /// A string value at `pos`: a wrong type unless it opens with a quote.
    fn string_value(&mut self) -> Option<JsonStr<'a>> {
        if self.peek() != Some(b'"') {
            return self.wrong_type();
        }
        self.string()
    }

    /// One or more digits at `i`; the index after them (`start`: the number's).
    fn digits(&mut self, mut i: usize, start: usize) -> Option<usize> {
        match self.buf.get(i) {
            Some(b'0'..=b'9') => {}
            None => return self.fail(ErrorKind::UnexpectedEnd, i),
            Some(_) => return self.fail(ErrorKind::InvalidNumber, start),
        }
        while matches!(self.buf.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        Some(i)
    }

    /// Scans a number at `pos` (`-` or a digit). Returns its value when it
    /// is a plain non-negative integer of at most 16 digits (every timestamp
    /// up to [`MAX_TIMESTAMP`] is one), else `u64::MAX`.
    #[inline(never)]
    fn number(&mut self) -> Option<u64> {
        let start = self.pos;
        let mut i = start;
        let negative = self.buf.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let mut v = 0u64;
        match self.buf.get(i) {
            Some(b'0') => {
                i += 1;
                if matches!(self.buf.get(i), Some(b'0'..=b'9')) {
                    return self.fail(ErrorKind::InvalidNumber, start);
                }
            }
            Some(b'1'..=b'9') => {
                let first = i;
                while let Some(&d @ b'0'..=b'9') = self.buf.get(i) {
                    if i - first < 16 {
                        v = v * 10 + u64::from(d - b'0');
                    } else {
                        v = u64::MAX;
                    }
                    i += 1;
                }
            }
            None => return self.fail(ErrorKind::UnexpectedEnd, i),
            Some(_) => return self.fail(ErrorKind::InvalidNumber, start),
        }
        if negative {
            v = u64::MAX;
        }
        if self.buf.get(i) == Some(&b'.') {
            v = u64::MAX;
            i = self.digits(i + 1, start)?;
        }
        if matches!(self.buf.get(i), Some(b'e' | b'E')) {
            v = u64::MAX;
            i += 1;
            if matches!(self.buf.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            i = self.digits(i, start)?;
        }
        self.pos = i;
        Some(v)
    }

    /// Consumes the literal `word` (`true`, `false` or `null`).
    fn literal(&mut self, word: &[u8]) -> Option<()> {
        for (k, &w) in word.iter().enumerate() {
            match self.buf.get(self.pos + k) {
                Some(&b) if b == w => {}
                None => return self.fail(ErrorKind::UnexpectedEnd, self.pos + k),
                Some(_) => return self.fail(ErrorKind::UnexpectedByte, self.pos + k),
            }
        }
        self.pos += word.len();
        Some(())
    }

    /// The index of the entry of `table` that `s` decodes to (a member
    /// name or an enum value).
    #[inline(never)]
    fn decodes_to(s: &JsonStr<'_>, names: &[Name]) -> Option<usize> {
        let raw = s.raw().as_bytes();
        names.iter().position(|n| Bytes::of(raw).eq(n.text.bytes()))
    }

    /// A short enum-like string: the index of the one of `values` it is.
    fn word(&mut self, values: &[Name]) -> Option<usize> {
        let text = self.string_value()?;
        match Self::decodes_to(&text, values) {
            Some(k) => Some(k),
            None => self.fail(ErrorKind::UnknownEnumValue, text.offset()),
        }
    }

    /// A UUID string at `pos`, into `out`.
    #[inline(never)]
    fn uuid(&mut self, out: &mut Uuid) -> Option<()> {
        let text = self.string_value()?;
        if !out.read_decoded(Bytes::of(text.raw().as_bytes())) {
            return self.fail(ErrorKind::InvalidUuid, text.offset());
        }
        Some(())
    }

    /// A member name and its `:` (an exact spelling is matched by `known`
    /// before this); `pos` after the whitespace that follows.
    fn member_name(&mut self) -> Option<JsonStr<'a>> {
        if self.peek() != Some(b'"') {
            return self.unexpected();
        }
        let key = self.string()?;
        self.ws();
        self.eat(b':')?;
        self.ws();
        Some(key)
    }

    /// Records a member name (its quote at `at`) in the run from `base`.
    fn unique(&mut self, base: usize, at: usize) -> Option<()> {
        match self.names.insert(self.buf, base, at) {
            Ok(()) => Some(()),
            Err(f) => self.fail(f.kind, f.at),
        }
    }

    /// Skips one value of any type, strictly; `depth`: its container's.
    /// Iterative: per open container one byte, its [`Names`] base (at most
    /// 64, seven bits) and in the high bit whether it is an object.
    #[inline(never)]
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        const OBJECT: u8 = 0x80;
        let mut frames = [0u8; MAX_DEPTH_LIMIT];
        let mut n: usize = 0;
        'value: loop {
            self.ws();
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    if depth + n + 1 > self.max_depth || n >= MAX_DEPTH_LIMIT {
                        return self.fail(ErrorKind::DepthLimit, self.pos);
                    }
                    let is_object = open == b'{';
                    let base = self.names.open() as u8;
                    if let Some(slot) = frames.get_mut(n) {
                        *slot = if is_object { base | OBJECT } else { base };
                    }
                    n += 1;
                    self.pos += 1;
                    self.ws();
                    if self.peek() == Some(if is_object { b'}' } else { b']' }) {
                        self.pos += 1;
                        n -= 1;
                    } else {
                        if is_object {
                            self.member_in(usize::from(base))?;
                        }
                        continue 'value;
                    }
                }
                Some(b'"') => _ = self.string()?,
                Some(b'-' | b'0'..=b'9') => _ = self.number()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => return self.unexpected(),
            }
            while n > 0 {
                let frame = frames.get(n - 1).copied().unwrap_or(0);
                let is_object = frame & OBJECT != 0;
                let base = usize::from(frame & !OBJECT);
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if is_object {
                            self.member_in(base)?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if is_object => {
                        self.pos += 1;
                        n -= 1;
                        self.names.close(base);
                    }
                    Some(b']') if !is_object => {
                        self.pos += 1;
                        n -= 1;
                    }
                    _ => return self.unexpected(),
                }
            }
            return Some(());
        }
    }

    /// A member name inside an object of `skip_value` (its names from `base`).
    fn member_in(&mut self, base: usize) -> Option<()> {
        self.ws();
        let key = self.member_name()?;
        self.unique(base, key.offset())
    }

    /// An unknown member of the object `field` (its names from `base`),
    /// its name `key` read: rejected in strict mode, else checked and skipped.
    #[inline(never)]
    fn unknown(
        &mut self,
        field: Field,
        base: usize,
        depth: usize,
        key: &JsonStr<'_>,
    ) -> Option<()> {
        self.path = Path::unknown_in(field);
        if self.o.strict {
            return self.fail(ErrorKind::UnknownMember, key.offset());
        }
        self.unique(base, key.offset())?;
        self.skip_value(depth)
    }

    /// Reads the top-level object and the objects nested in it into `v`,
    /// with no recursion: one frame, and per open object (at most two, the
    /// schema's depth) a [`Level`]. Returns the offset of the top level's
    /// closing brace.
    fn document(&mut self, v: &mut Parts<'a, '_>) -> Option<usize> {
        let mut open = [Level {
            field: Field::Root,
            schema: &ROOT,
            base: 0,
            seen: 0,
            first: true,
        }; 2];
        // Open objects; the innermost is `open[n - 1]`.
        let mut n = 0;
        let (mut field, mut schema) = (Field::Root, &ROOT);
        loop {
            // An object value of `field` at `pos`: open it.
            self.path = Path::field(field);
            if self.peek() != Some(b'{') {
                return self.wrong_type();
            }
            if n + 1 > self.max_depth {
                return self.fail(ErrorKind::DepthLimit, self.pos);
            }
            if let Some(level) = open.get_mut(n) {
                *level = Level {
                    field,
                    schema,
                    base: self.names.open() as u8,
                    seen: 0,
                    first: true,
                };
            }
            n += 1;
            self.pos += 1;
            // Its members, until a member opens the next object.
            loop {
                // Always there: `n` is 1 or 2 inside this loop.
                let level = open.get_mut(n.wrapping_sub(1))?;
                let Level {
                    field: object,
                    schema: table,
                    base,
                    ..
                } = *level;
                self.path = Path::field(object);
                self.ws();
                match self.peek() {
                    Some(b'}') => {
                        self.pos += 1;
                        self.names.close(usize::from(base));
                        let close = self.pos - 1;
                        if n == ROOT_DEPTH {
                            // Bytes after the top level come before a missing member.
                            self.ws();
                            if self.pos < self.buf.len() {
                                return self.fail_at(ErrorKind::TrailingData, Path::ROOT, self.pos);
                            }
                        }
                        let absent = table.required & !level.seen;
                        if let Some(&m) = table.fields.get(absent.trailing_zeros() as usize) {
                            return self.fail_at(ErrorKind::MissingField, Path::field(m), close);
                        }
                        if n == ROOT_DEPTH {
                            return Some(close);
                        }
                        if object == Field::Destination {
                            self.destination(v, close)?;
                        }
                        n -= 1;
                        continue;
                    }
                    Some(b',') if !level.first => self.pos += 1,
                    _ if level.first => {}
                    _ => return self.unexpected(),
                }
                level.first = false;
                self.ws();
                // Every name is scanned as a string and then looked up (no
                // match in place, as the fast path has: smaller, same result).
                let key = self.member_name()?;
                let at = key.offset();
                let Some(k) = Self::decodes_to(&key, table.names) else {
                    self.unknown(object, usize::from(base), n, &key)?;
                    continue;
                };
                let f = table.fields.get(k).copied().unwrap_or(object);
                let bit = 1u32.checked_shl(k as u32).unwrap_or(0);
                if level.seen & bit != 0 {
                    return self.fail_at(ErrorKind::DuplicateKey, Path::field(f), at);
                }
                level.seen |= bit;
                self.path = Path::field(f);
                let nested = match f {
                    Field::Scope => Some(&SCOPE),
                    Field::Outcome => Some(&OUTCOME),
                    Field::Call => Some(&CALL),
                    Field::Destination if self.peek() != Some(b'n') => Some(&DESTINATION),
                    _ => None,
                };
                if let Some(nested) = nested {
                    (field, schema) = (f, nested);
                    break;
                }
                self.member(f, at, v)?;
            }
        }
    }

    /// The value of the known member `f` (its name at `at`), into `v`.
    #[inline(never)]
    fn member(&mut self, f: Field, at: usize, v: &mut Parts<'a, '_>) -> Option<()> {
        let view = &mut *v.view;
        match f {
            Field::Timestamp => view.timestamp = self.timestamp()?,
            // `null` (an object is read by `document`).
            Field::Destination => self.literal(b"null")?,
            Field::ErrorMessage => {
                if self.peek() == Some(b'n') {
                    self.literal(b"null")?;
                    v.has_message = false;
                } else {
                    view.error_message = self.string_value()?;
                    v.has_message = true;
                }
            }
            Field::SubaccountId => self.uuid(&mut view.scope.subaccount_id)?,
            Field::OrganizationId => self.uuid(&mut view.scope.organization_id)?,
            Field::OutcomeId => self.uuid(&mut view.outcome.outcome_id)?,
            Field::CallId => self.uuid(&mut view.call.call_id)?,
            Field::ContactId => self.uuid(&mut view.call.contact_id)?,
            Field::OutcomeName => {
                let text = self.string_value()?;
                let short = (1..=MAX_OUTCOME_NAME_CHARS).contains(&text.raw().len());
                let chars = if short { 1 } else { text.char_count() };
                if chars == 0 || chars > MAX_OUTCOME_NAME_CHARS {
                    return self.fail(ErrorKind::InvalidLength, text.offset());
                }
                view.outcome.outcome_name = text;
            }
            Field::OutcomeType => {
                let k = self.word(&parse::OUTCOME_TYPES.names)?;
                let types = &parse::OUTCOME_TYPES.values;
                view.outcome.outcome_type = types.get(k).copied().unwrap_or(OutcomeType::Action);
            }
            Field::PhoneNumber => {
                let text = self.string_value()?;
                match PhoneNumber::from_decoded(Bytes::of(text.raw().as_bytes())) {
                    Some(p) => view.call.phone_number = p,
                    None => return self.fail(ErrorKind::InvalidPhoneNumber, text.offset()),
                }
            }
            Field::DestinationType => {
                let k = self.word(&parse::DESTINATION_TYPES.names)?;
                let kinds = &parse::DESTINATION_TYPES.values;
                v.kind = kinds.get(k).copied().unwrap_or(DestType::None);
            }
            Field::DestinationId => {
                view.destination = DestinationView::SmartList(Uuid::default());
                if let DestinationView::SmartList(id) = &mut view.destination {
                    self.uuid(id)?;
                }
                v.id_at = at;
            }
            Field::Selection => {
                let k = self.word(&parse::SELECTIONS.names)?;
                v.all = parse::SELECTIONS.values.get(k) == Some(&true);
                v.selection_at = at;
            }
            Field::DestinationIds => {
                self.ids(v)?;
                v.ids_at = at;
            }
            _ => {}
        }
        Some(())
    }

    fn timestamp(&mut self) -> Option<Timestamp> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return self.wrong_type();
        }
        let start = self.pos;
        let v = self.number()?;
        if v > MAX_TIMESTAMP {
            return self.fail(ErrorKind::InvalidTimestamp, start);
        }
        let ts = if v < SECONDS_THRESHOLD {
            if self.o.strict {
                return self.fail(ErrorKind::TimestampInSeconds, start);
            }
            let ts = Timestamp::from_seconds(v);
            if ts.millis() < SECONDS_THRESHOLD {
                return self.fail(ErrorKind::InvalidTimestamp, start);
            }
            ts
        } else {
            Timestamp::from_millis(v)
        };
        if let Some((now, tolerance)) = self.o.window {
            if ts.millis().saturating_add(tolerance) < now {
                return self.fail(ErrorKind::TimestampTooOld, start);
            }
            if ts.millis() > now.saturating_add(tolerance) {
                return self.fail(ErrorKind::TimestampInFuture, start);
            }
        }
        Some(ts)
    }

    /// `destination.destination_ids`, into the view's `destination`.
    #[inline(never)]
    fn ids(&mut self, v: &mut Parts<'a, '_>) -> Option<()> {
        let field = Field::DestinationIds;
        if self.peek() != Some(b'[') {
            return self.wrong_type();
        }
        if IDS_DEPTH > self.max_depth {
            return self.fail(ErrorKind::DepthLimit, self.pos);
        }
        let start = self.pos;
        self.pos += 1;
        self.ws();
        let mut count = 0usize;
        let mut id = Uuid::default();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.ws();
                self.path = Path::index(field, count);
                if self.peek() != Some(b'"') {
                    return self.wrong_type();
                }
                self.uuid(&mut id)?;
                count += 1;
                self.path = Path::field(field);
                self.ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.unexpected(),
                }
            }
        }
        let raw = self.buf.get(start..self.pos).unwrap_or_default();
        v.view.destination = DestinationView::RemoveSelected(IdList::new(raw, start, count));
        Some(())
    }

    /// After `destination`'s object closed (at `close`): checked as a whole.
    #[inline(never)]
    fn destination(&mut self, v: &mut Parts<'a, '_>, close: usize) -> Option<()> {
        let kind = v.kind;
        let inconsistent = ErrorKind::InconsistentDestination;
        if kind != DestType::SmartList && v.id_at != 0 {
            return self.fail_at(inconsistent, Path::field(Field::DestinationId), v.id_at);
        }
        if kind != DestType::Remove {
            if v.selection_at != 0 {
                return self.fail_at(inconsistent, Path::field(Field::Selection), v.selection_at);
            }
            if v.ids_at != 0 {
                return self.fail_at(inconsistent, Path::field(Field::DestinationIds), v.ids_at);
            }
        }
        let ids = Path::field(Field::DestinationIds);
        // The slot holds the id (`smart_list`) or the list (`remove_…`), if
        // read: the checks above reject any other pairing.
        let list = match &v.view.destination {
            DestinationView::RemoveSelected(list) => Some((list.is_empty(), list.offset())),
            _ => None,
        };
        match kind {
            DestType::None => v.view.destination = DestinationView::None,
            DestType::SmartList if v.id_at != 0 => {}
            DestType::SmartList => {
                return self.fail_at(
                    ErrorKind::MissingField,
                    Path::field(Field::DestinationId),
                    close,
                )
            }
            DestType::Remove if v.selection_at == 0 => {
                return self.fail_at(
                    ErrorKind::MissingField,
                    Path::field(Field::Selection),
                    close,
                )
            }
            DestType::Remove if v.all => {
                if let Some((false, at)) = list {
                    return self.fail_at(inconsistent, ids, at);
                }
                v.view.destination = DestinationView::RemoveAll;
            }
            DestType::Remove => match list {
                None => return self.fail_at(ErrorKind::MissingField, ids, close),
                Some((true, at)) => return self.fail_at(inconsistent, ids, at),
                Some((false, _)) => {}
            },
        }
        Some(())
    }
}

/// Parses and validates `input` into `view`, a view that already exists
/// (the compact path): the only view on the stack for [`validate`] and
/// [`OutcomeEvent::parse_into`](crate::OutcomeEvent::parse_into), which
/// share this one copy of the parser with [`parse_view`]. On an error
/// `view` holds some of the input's values (a member may be half read).
pub(crate) fn parse_view_into<'a>(
    input: &'a [u8],
    o: &Options,
    view: &mut OutcomeView<'a>,
) -> Result<(), Error> {
    if input.len() > o.max_input_bytes {
        return Err(Error::new(
            ErrorKind::InputTooLarge,
            Path::ROOT,
            o.max_input_bytes,
        ));
    }
    if input.starts_with(b"\xEF\xBB\xBF") {
        return Err(Error::new(ErrorKind::ByteOrderMark, Path::ROOT, 0));
    }
    let mut p = P {
        buf: input,
        text: "",
        pos: 0,
        o,
        max_depth: o.max_depth.min(MAX_DEPTH_LIMIT),
        names: Names::new(o.max_members),
        path: Path::ROOT,
        err: Error::new(ErrorKind::UnexpectedEnd, Path::ROOT, 0),
    };
    p.ws();
    if p.peek() == Some(b'{') {
        p.text = match core::str::from_utf8(input) {
            Ok(text) => text,
            Err(e) => input
                .get(..e.valid_up_to())
                .and_then(|valid| core::str::from_utf8(valid).ok())
                .unwrap_or_default(),
        };
    }
    let mut v = Parts {
        view,
        has_message: false,
        kind: DestType::None,
        all: false,
        id_at: 0,
        selection_at: 0,
        ids_at: 0,
    };
    match p.document(&mut v) {
        Some(close) => {
            if !v.has_message {
                v.view.error_message = JsonStr::from_validated("", close, false);
            }
            Ok(())
        }
        None => Err(p.err),
    }
}

/// Parses and validates `input` into a borrowed view (the compact path).
/// Out of line: one copy for `parse_view`, `parse` and `parse_into`
/// (inlined into each, `parse` was 128 / 156 B larger on Cortex-M).
#[inline(never)]
pub(crate) fn parse_view<'a>(input: &'a [u8], o: &Options) -> Result<OutcomeView<'a>, Error> {
    let mut view = OutcomeView::new();
    parse_view_into(input, o, &mut view)?;
    Ok(view)
}

/// Validates `input` (the compact path): the view is filled and dropped.
pub(crate) fn validate(input: &[u8], o: &Options) -> Result<(), Error> {
    let mut view = OutcomeView::new();
    parse_view_into(input, o, &mut view)
}

#[cfg(test)]
mod tests {
    //! The two parsers agree: the same view or the same exact error (kind,
    //! path, offset) for every input the tests hold, cut and mutated, under
    //! every set of options the tests use.

    use super::parse_view as lean;
    use crate::parse::parse_view_fast as fast;
    use crate::Options;
    use std::path::Path;
    use std::vec::Vec;

    fn inputs() -> Vec<Vec<u8>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut all = Vec::new();
        for dir in ["fixtures", "JSONTestSuite/test_parsing"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            all.extend(files.iter().map(|f| std::fs::read(f).unwrap()));
        }
        let table = std::fs::read_to_string(root.join("data/invalid.jsonl")).unwrap();
        for line in table.lines() {
            let hex = line.split("\"input_hex\":\"").nth(1).unwrap();
            let hex = &hex[..hex.find('"').unwrap()];
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            all.push(bytes);
        }
        all
    }

    fn options() -> [Options; 14] {
        [
            Options::new().max_depth(0),
            Options::new().max_depth(1),
            Options::new().max_depth(1).strict(true),
            Options::new().max_members(0),
            Options::new().max_members(1).max_depth(64),
            Options::new().max_string_bytes(0),
            Options::new().max_string_bytes(35),
            Options::new().max_string_bytes(36).strict(true),
            Options::new(),
            Options::new().strict(true),
            Options::new().max_depth(2),
            Options::new().max_depth(3).max_members(2),
            Options::new().max_string_bytes(20),
            Options::new()
                .max_input_bytes(300)
                .now_ms(1_781_935_990_000, 60_000),
        ]
    }

    fn agree(input: &[u8], checked: &mut usize) {
        for o in &options() {
            let want = fast(input, o);
            let text = String::from_utf8_lossy(input);
            assert_eq!(lean(input, o), want, "{text:?} with {o:?}");
            // `validate` fills a view of its own: the same verdict.
            assert_eq!(
                super::validate(input, o),
                want.map(|_| ()),
                "validate {text:?} with {o:?}"
            );
            *checked += 1;
        }
    }

    #[test]
    fn the_parsers_agree_on_every_test_input() {
        let mut checked = 0;
        let inputs = inputs();
        assert!(inputs.len() > 500, "{}", inputs.len());
        for input in &inputs {
            agree(input, &mut checked);
        }
        assert_eq!(checked, inputs.len() * 14);
    }

    /// Every prefix of the fixtures, and every byte of them replaced by
    /// each of the bytes that change a JSON token.
    #[test]
    fn the_parsers_agree_on_cut_and_mutated_fixtures() {
        let mut checked = 0;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for entry in std::fs::read_dir(dir).unwrap() {
            let input = std::fs::read(entry.unwrap().path()).unwrap();
            for end in 0..input.len() {
                agree(&input[..end], &mut checked);
            }
            for at in 0..input.len() {
                for b in *b"\"\\{}[],:0-.e tnu\x00\x1f\xc3\xff" {
                    let mut mutated = input.clone();
                    mutated[at] = b;
                    agree(&mutated, &mut checked);
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }
}
