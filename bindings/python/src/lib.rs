//! Python bindings of `sailor-webhook` (PyO3, abi3 for CPython 3.9 and later).
//!
//! The Python package `sailor_webhook` re-exports everything defined here:
//! `validate`, `parse`, `OutcomeEvent` (with its `Scope`, `Outcome`, `Call`
//! and `Destination` parts) and `SailorWebhookError`.
//!
//! `parse` keeps a reference to the input `bytes` and the decoded scalar
//! fields (UUIDs as 16 bytes, the phone number as an integer); Python
//! strings are made only when an attribute is read. Strings without escapes
//! are kept as byte ranges of the input; escaped ones are decoded once, at
//! parse time.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod canonical;

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyString, PyTuple};
use pyo3::{intern, IntoPyObjectExt};

use sailor_webhook::{DestinationView, JsonStr, Options, OutcomeType, PhoneNumber, Uuid};

create_exception!(
    sailor_webhook,
    SailorWebhookError,
    PyValueError,
    "A rejected payload: `.code` (e.g. 'invalid_uuid'), `.path` (e.g. \
     'call.call_id', '*' for an unknown top-level member, '$' for the top \
     level) and `.offset` (the byte offset in the input)."
);

/// Turns a core error into a `SailorWebhookError` with `code`, `path` and `offset`.
fn to_py_err(py: Python<'_>, error: sailor_webhook::Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let exc = py
            .get_type::<SailorWebhookError>()
            .call1((error.to_string(),))?;
        exc.setattr(intern!(py, "code"), error.code())?;
        exc.setattr(intern!(py, "path"), error.path().to_string())?;
        exc.setattr(intern!(py, "offset"), error.offset())?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

/// The options of one call, from the keyword arguments.
fn options(
    strict: bool,
    max_input_bytes: Option<usize>,
    max_depth: Option<usize>,
    max_string_bytes: Option<usize>,
    now_ms: Option<u64>,
    tolerance_ms: u64,
) -> Options {
    let mut o = Options::new().strict(strict);
    if let Some(n) = max_input_bytes {
        o = o.max_input_bytes(n);
    }
    if let Some(n) = max_depth {
        o = o.max_depth(n);
    }
    if let Some(n) = max_string_bytes {
        o = o.max_string_bytes(n);
    }
    if let Some(now) = now_ms {
        o = o.now_ms(now, tolerance_ms);
    }
    o
}

/// The input as a `bytes` object: `bytes` as it is (no copy), `bytearray`
/// and `memoryview` copied once.
fn input_bytes<'py>(data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok(b.clone());
    }
    let py = data.py();
    if let Ok(b) = data.cast::<PyByteArray>() {
        return Ok(PyBytes::new(py, &b.to_vec()));
    }
    if data.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "expected the raw body as bytes, not str (pass request.body / request.get_data())",
        ));
    }
    // memoryview and other buffer objects (not ints: bytes(12) is 12 zeros).
    let bytes = py
        .import(intern!(py, "builtins"))
        .and_then(|b| b.getattr(intern!(py, "memoryview")))
        .and_then(|mv| mv.call1((data,)))
        .and_then(|view| view.call_method0(intern!(py, "tobytes")))
        .and_then(|b| b.cast_into::<PyBytes>().map_err(PyErr::from));
    bytes.map_err(|_| match data.get_type().name() {
        Ok(name) => PyTypeError::new_err(format!(
            "expected bytes, bytearray or memoryview, not {name}"
        )),
        Err(e) => e,
    })
}

/// Checks a payload without building anything; raises `SailorWebhookError`.
#[pyfunction]
#[pyo3(signature = (data, *, strict=false, max_input_bytes=None, max_depth=None, max_string_bytes=None, now_ms=None, tolerance_ms=300_000))]
#[allow(clippy::too_many_arguments)]
fn validate(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    strict: bool,
    max_input_bytes: Option<usize>,
    max_depth: Option<usize>,
    max_string_bytes: Option<usize>,
    now_ms: Option<u64>,
    tolerance_ms: u64,
) -> PyResult<()> {
    let opts = options(
        strict,
        max_input_bytes,
        max_depth,
        max_string_bytes,
        now_ms,
        tolerance_ms,
    );
    let result = if let Ok(b) = data.cast::<PyBytes>() {
        opts.validate(b.as_bytes())
    } else {
        opts.validate(input_bytes(data)?.as_bytes())
    };
    result.map_err(|e| to_py_err(py, e))
}

/// Parses and validates a payload into an immutable `OutcomeEvent`;
/// raises `SailorWebhookError`.
#[pyfunction]
#[pyo3(signature = (data, *, strict=false, max_input_bytes=None, max_depth=None, max_string_bytes=None, now_ms=None, tolerance_ms=300_000))]
#[allow(clippy::too_many_arguments)]
fn parse(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    strict: bool,
    max_input_bytes: Option<usize>,
    max_depth: Option<usize>,
    max_string_bytes: Option<usize>,
    now_ms: Option<u64>,
    tolerance_ms: u64,
) -> PyResult<OutcomeEvent> {
    let opts = options(
        strict,
        max_input_bytes,
        max_depth,
        max_string_bytes,
        now_ms,
        tolerance_ms,
    );
    let bytes = input_bytes(data)?;
    let input = bytes.as_bytes();
    let view = opts.parse_view(input).map_err(|e| to_py_err(py, e))?;
    let destination = match view.destination {
        DestinationView::None => Dest::None,
        DestinationView::SmartList(id) => Dest::SmartList(id),
        DestinationView::RemoveAll => Dest::RemoveAll,
        DestinationView::RemoveSelected(list) => Dest::RemoveSelected(list.iter().collect()),
        // DestinationView is non_exhaustive: a shape newer than this binding.
        _ => {
            return Err(PyValueError::new_err(
                "a destination shape this version of the binding does not know",
            ))
        }
    };
    let fields = Fields {
        timestamp: view.timestamp.millis(),
        was_seconds: view.timestamp.was_seconds(),
        subaccount_id: view.scope.subaccount_id,
        organization_id: view.scope.organization_id,
        outcome_id: view.outcome.outcome_id,
        outcome_name: Text::new(input, &view.outcome.outcome_name),
        outcome_type: view.outcome.outcome_type,
        call_id: view.call.call_id,
        phone_number: view.call.phone_number,
        contact_id: view.call.contact_id,
        destination,
        error_message: Text::new(input, &view.error_message),
    };
    Ok(OutcomeEvent {
        raw: bytes.unbind(),
        fields,
    })
}

/// A decoded string: a range of the input (no escapes) or its decoded text.
enum Text {
    Span(u32, u32),
    Decoded(Box<str>),
}

impl Text {
    fn new(input: &[u8], s: &JsonStr<'_>) -> Text {
        match s.as_str() {
            // The raw text follows the opening quote at `offset()`.
            Some(raw) if !raw.is_empty() => {
                let start = s.offset() + 1;
                Text::Span(start as u32, (start + raw.len()) as u32)
            }
            Some(_) => Text::Decoded(Box::from("")),
            None => Text::Decoded(s.chars().collect::<String>().into_boxed_str()),
        }
        .checked(input)
    }

    /// Falls back to the empty text if a span is not valid UTF-8 of the input
    /// (it always is: the core validated it).
    fn checked(self, input: &[u8]) -> Text {
        match self {
            Text::Span(a, b) if Self::slice(input, a, b).is_none() => Text::Decoded(Box::from("")),
            t => t,
        }
    }

    fn slice(input: &[u8], a: u32, b: u32) -> Option<&str> {
        std::str::from_utf8(input.get(a as usize..b as usize)?).ok()
    }

    fn as_str<'a>(&'a self, input: &'a [u8]) -> &'a str {
        match self {
            Text::Span(a, b) => Self::slice(input, *a, *b).unwrap_or_default(),
            Text::Decoded(s) => s,
        }
    }
}

/// `destination`, owned.
enum Dest {
    None,
    SmartList(Uuid),
    RemoveAll,
    RemoveSelected(Box<[Uuid]>),
}

impl Dest {
    fn destination_type(&self) -> &'static str {
        match self {
            Dest::None => "none",
            Dest::SmartList(_) => "smart_list",
            Dest::RemoveAll | Dest::RemoveSelected(_) => "remove_from_smart_list",
        }
    }

    fn selection(&self) -> Option<&'static str> {
        match self {
            Dest::RemoveAll => Some("all"),
            Dest::RemoveSelected(_) => Some("selected"),
            _ => None,
        }
    }
}

/// Everything `parse` decoded, without Python objects.
struct Fields {
    timestamp: u64,
    was_seconds: bool,
    subaccount_id: Uuid,
    organization_id: Uuid,
    outcome_id: Uuid,
    outcome_name: Text,
    outcome_type: OutcomeType,
    call_id: Uuid,
    phone_number: PhoneNumber,
    contact_id: Uuid,
    destination: Dest,
    error_message: Text,
}

fn uuid_str<'py>(py: Python<'py>, id: &Uuid) -> Bound<'py, PyString> {
    PyString::new(py, id.encode(&mut [0; 36]))
}

/// A validated outcome webhook (immutable). UUIDs are lowercase `str`;
/// `timestamp` is an `int` in milliseconds.
#[pyclass(
    frozen,
    freelist = 64,
    module = "sailor_webhook",
    name = "OutcomeEvent"
)]
pub struct OutcomeEvent {
    raw: Py<PyBytes>,
    fields: Fields,
}

impl OutcomeEvent {
    fn input<'a>(&'a self, py: Python<'a>) -> &'a [u8] {
        self.raw.as_bytes(py)
    }

    fn text<'py>(&self, py: Python<'py>, t: &Text) -> Bound<'py, PyString> {
        PyString::new(py, t.as_str(self.input(py)))
    }

    fn ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        match &self.fields.destination {
            Dest::RemoveSelected(ids) => PyTuple::new(py, ids.iter().map(|id| uuid_str(py, id))),
            _ => Ok(PyTuple::empty(py)),
        }
    }

    /// The canonical compact JSON.
    fn canonical(&self, py: Python<'_>) -> String {
        let f = &self.fields;
        let input = self.input(py);
        canonical::Event {
            timestamp: f.timestamp,
            subaccount_id: f.subaccount_id,
            organization_id: f.organization_id,
            outcome_id: f.outcome_id,
            outcome_name: f.outcome_name.as_str(input),
            outcome_type: f.outcome_type.as_str(),
            call_id: f.call_id,
            phone_number: f.phone_number,
            contact_id: f.contact_id,
            destination_type: f.destination.destination_type(),
            destination_id: match f.destination {
                Dest::SmartList(id) => Some(id),
                _ => None,
            },
            selection: f.destination.selection(),
            destination_ids: match &f.destination {
                Dest::RemoveSelected(ids) => Some(ids),
                _ => None,
            },
            error_message: f.error_message.as_str(input),
        }
        .to_json()
    }
}

#[pymethods]
impl OutcomeEvent {
    /// `timestamp`, in Unix epoch milliseconds (seconds are normalised).
    #[getter]
    fn timestamp(&self) -> u64 {
        self.fields.timestamp
    }

    /// Whether the payload gave the timestamp in seconds (lenient mode only).
    #[getter]
    fn timestamp_was_seconds(&self) -> bool {
        self.fields.was_seconds
    }

    /// `scope`
    #[getter]
    fn scope(slf: Py<Self>) -> Scope {
        Scope(slf)
    }

    /// `outcome`
    #[getter]
    fn outcome(slf: Py<Self>) -> Outcome {
        Outcome(slf)
    }

    /// `call`
    #[getter]
    fn call(slf: Py<Self>) -> Call {
        Call(slf)
    }

    /// `destination` (absent and `null` read as `destination_type == "none"`).
    #[getter]
    fn destination(slf: Py<Self>) -> Destination {
        Destination(slf)
    }

    /// `error_message` (absent and `null` read as `""`), never truncated.
    #[getter]
    fn error_message<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        self.text(py, &self.fields.error_message)
    }

    /// The receiver's idempotency key, `"<call_id>:<outcome_id>"`.
    #[getter]
    fn idempotency_key(&self) -> String {
        let key = sailor_webhook::IdempotencyKey::new(self.fields.call_id, self.fields.outcome_id);
        key.encode(&mut [0; 73]).to_owned()
    }

    /// The payload's bytes, as received.
    #[getter]
    fn raw(&self, py: Python<'_>) -> Py<PyBytes> {
        self.raw.clone_ref(py)
    }

    /// The event as nested dicts, in the canonical form: the payload's field
    /// names, lowercase UUIDs, milliseconds, `destination` always present.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let f = &self.fields;
        let scope = PyDict::new(py);
        scope.set_item(intern!(py, "subaccount_id"), uuid_str(py, &f.subaccount_id))?;
        scope.set_item(
            intern!(py, "organization_id"),
            uuid_str(py, &f.organization_id),
        )?;
        let outcome = PyDict::new(py);
        outcome.set_item(intern!(py, "outcome_id"), uuid_str(py, &f.outcome_id))?;
        outcome.set_item(intern!(py, "outcome_name"), self.text(py, &f.outcome_name))?;
        outcome.set_item(intern!(py, "outcome_type"), f.outcome_type.as_str())?;
        let call = PyDict::new(py);
        call.set_item(intern!(py, "call_id"), uuid_str(py, &f.call_id))?;
        call.set_item(
            intern!(py, "phone_number"),
            f.phone_number.encode(&mut [0; 16]),
        )?;
        call.set_item(intern!(py, "contact_id"), uuid_str(py, &f.contact_id))?;
        let dest = PyDict::new(py);
        dest.set_item(
            intern!(py, "destination_type"),
            f.destination.destination_type(),
        )?;
        if let Dest::SmartList(id) = &f.destination {
            dest.set_item(intern!(py, "destination_id"), uuid_str(py, id))?;
        }
        if let Some(selection) = f.destination.selection() {
            dest.set_item(intern!(py, "selection"), selection)?;
        }
        if let Dest::RemoveSelected(ids) = &f.destination {
            let list = pyo3::types::PyList::new(py, ids.iter().map(|id| uuid_str(py, id)))?;
            dest.set_item(intern!(py, "destination_ids"), list)?;
        }
        let d = PyDict::new(py);
        d.set_item(intern!(py, "timestamp"), f.timestamp)?;
        d.set_item(intern!(py, "scope"), scope)?;
        d.set_item(intern!(py, "outcome"), outcome)?;
        d.set_item(intern!(py, "call"), call)?;
        d.set_item(intern!(py, "destination"), dest)?;
        d.set_item(
            intern!(py, "error_message"),
            self.text(py, &f.error_message),
        )?;
        Ok(d)
    }

    /// The canonical compact JSON (the core's `OutcomeEvent::to_json`
    /// format, without its capacity limits), as `str`.
    fn to_json(&self, py: Python<'_>) -> String {
        self.canonical(py)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> Py<PyAny> {
        match other.cast::<OutcomeEvent>() {
            Ok(o) => (self.canonical(py) == o.get().canonical(py))
                .into_py_any(py)
                .unwrap_or_else(|_| py.NotImplemented()),
            Err(_) => py.NotImplemented(),
        }
    }

    fn __hash__(&self, py: Python<'_>) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.canonical(py).hash(&mut h);
        h.finish()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let f = &self.fields;
        format!(
            "OutcomeEvent(call_id='{}', outcome_id='{}', outcome_name={:?}, destination_type='{}')",
            f.call_id,
            f.outcome_id,
            f.outcome_name.as_str(self.input(py)),
            f.destination.destination_type()
        )
    }
}

/// `scope` of an `OutcomeEvent`.
#[pyclass(frozen, freelist = 64, module = "sailor_webhook", name = "Scope")]
pub struct Scope(Py<OutcomeEvent>);

#[pymethods]
impl Scope {
    /// `scope.subaccount_id` (lowercase UUID)
    #[getter]
    fn subaccount_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        uuid_str(py, &self.0.get().fields.subaccount_id)
    }

    /// `scope.organization_id` (lowercase UUID)
    #[getter]
    fn organization_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        uuid_str(py, &self.0.get().fields.organization_id)
    }
}

/// `outcome` of an `OutcomeEvent`.
#[pyclass(frozen, freelist = 64, module = "sailor_webhook", name = "Outcome")]
pub struct Outcome(Py<OutcomeEvent>);

#[pymethods]
impl Outcome {
    /// `outcome.outcome_id` (lowercase UUID)
    #[getter]
    fn outcome_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        uuid_str(py, &self.0.get().fields.outcome_id)
    }

    /// `outcome.outcome_name`, decoded (1 to 120 characters).
    #[getter]
    fn outcome_name<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        let e = self.0.get();
        e.text(py, &e.fields.outcome_name)
    }

    /// `outcome.outcome_type`: `"action"` or `"disposition"`.
    #[getter]
    fn outcome_type(&self) -> &'static str {
        self.0.get().fields.outcome_type.as_str()
    }
}

/// `call` of an `OutcomeEvent`.
#[pyclass(frozen, freelist = 64, module = "sailor_webhook", name = "Call")]
pub struct Call(Py<OutcomeEvent>);

#[pymethods]
impl Call {
    /// `call.call_id` (lowercase UUID)
    #[getter]
    fn call_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        uuid_str(py, &self.0.get().fields.call_id)
    }

    /// `call.phone_number` (E.164, e.g. `"+15555550100"`)
    #[getter]
    fn phone_number(&self) -> String {
        self.0
            .get()
            .fields
            .phone_number
            .encode(&mut [0; 16])
            .to_owned()
    }

    /// `call.contact_id` (lowercase UUID)
    #[getter]
    fn contact_id<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        uuid_str(py, &self.0.get().fields.contact_id)
    }
}

/// `destination` of an `OutcomeEvent`.
#[pyclass(frozen, freelist = 64, module = "sailor_webhook", name = "Destination")]
pub struct Destination(Py<OutcomeEvent>);

#[pymethods]
impl Destination {
    /// `"none"`, `"smart_list"` or `"remove_from_smart_list"`.
    #[getter]
    fn destination_type(&self) -> &'static str {
        self.0.get().fields.destination.destination_type()
    }

    /// The list id of a `smart_list` destination, else `None`.
    #[getter]
    fn destination_id<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyString>> {
        match &self.0.get().fields.destination {
            Dest::SmartList(id) => Some(uuid_str(py, id)),
            _ => None,
        }
    }

    /// `"all"` or `"selected"` for a removal, else `None`.
    #[getter]
    fn selection(&self) -> Option<&'static str> {
        self.0.get().fields.destination.selection()
    }

    /// The ids of a `selected` removal (at least one), else `()`.
    #[getter]
    fn destination_ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        self.0.get().ids(py)
    }
}

#[pymodule]
fn _sailor_webhook(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_class::<OutcomeEvent>()?;
    m.add_class::<Scope>()?;
    m.add_class::<Outcome>()?;
    m.add_class::<Call>()?;
    m.add_class::<Destination>()?;
    m.add("SailorWebhookError", py.get_type::<SailorWebhookError>())?;
    m.add("MAX_DEPTH_LIMIT", sailor_webhook::MAX_DEPTH_LIMIT)?;
    Ok(())
}
