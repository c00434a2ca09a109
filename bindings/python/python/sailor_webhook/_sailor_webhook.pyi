"""Type stubs of the native module (re-exported by ``sailor_webhook``)."""

from typing import Optional, Tuple, Union

_Bytes = Union[bytes, bytearray, memoryview]

MAX_DEPTH_LIMIT: int

class SailorWebhookError(ValueError):
    """A rejected payload.

    ``str(err)`` is the core's stable text, e.g.
    ``"invalid_uuid at call.call_id (byte 345): invalid UUID"``.
    """

    code: str
    """Stable snake_case code, e.g. ``"invalid_uuid"``, ``"duplicate_key"``."""
    path: str
    """Field path: ``"call.call_id"``, ``"destination.destination_ids[2]"``,
    ``"*"`` / ``"call.*"`` for an unknown member, ``"$"`` for the top level."""
    offset: int
    """Byte offset in the input."""

def validate(
    data: _Bytes,
    *,
    strict: bool = False,
    max_input_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    max_string_bytes: Optional[int] = None,
    now_ms: Optional[int] = None,
    tolerance_ms: int = 300_000,
) -> None:
    """Check a payload without building anything.

    Raises :class:`SailorWebhookError` if it is invalid, ``TypeError`` for a
    ``str`` (pass the raw body bytes).
    """

def parse(
    data: _Bytes,
    *,
    strict: bool = False,
    max_input_bytes: Optional[int] = None,
    max_depth: Optional[int] = None,
    max_string_bytes: Optional[int] = None,
    now_ms: Optional[int] = None,
    tolerance_ms: int = 300_000,
) -> OutcomeEvent:
    """Parse and validate a payload into an immutable :class:`OutcomeEvent`.

    ``strict`` rejects unknown members and timestamps in seconds.
    ``now_ms`` (with ``tolerance_ms``) rejects stale and future events.
    Raises :class:`SailorWebhookError` if it is invalid.
    """

class Scope:
    @property
    def subaccount_id(self) -> str: ...
    @property
    def organization_id(self) -> str: ...

class Outcome:
    @property
    def outcome_id(self) -> str: ...
    @property
    def outcome_name(self) -> str: ...
    @property
    def outcome_type(self) -> str:
        """``"action"`` or ``"disposition"``."""

class Call:
    @property
    def call_id(self) -> str: ...
    @property
    def phone_number(self) -> str:
        """E.164, e.g. ``"+15555550100"``."""
    @property
    def contact_id(self) -> str: ...

class Destination:
    @property
    def destination_type(self) -> str:
        """``"none"``, ``"smart_list"`` or ``"remove_from_smart_list"``."""
    @property
    def destination_id(self) -> Optional[str]:
        """The list of a ``smart_list`` destination, else ``None``."""
    @property
    def selection(self) -> Optional[str]:
        """``"all"`` or ``"selected"`` for a removal, else ``None``."""
    @property
    def destination_ids(self) -> Tuple[str, ...]:
        """The ids of a ``selected`` removal, else ``()``."""

class OutcomeEvent:
    """A validated outcome webhook. Immutable; UUIDs are lowercase ``str``."""

    @property
    def timestamp(self) -> int:
        """Unix epoch milliseconds (a seconds value is normalised)."""
    @property
    def timestamp_was_seconds(self) -> bool: ...
    @property
    def scope(self) -> Scope: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def call(self) -> Call: ...
    @property
    def destination(self) -> Destination: ...
    @property
    def error_message(self) -> str:
        """``""`` when absent or ``null``; never truncated."""
    @property
    def idempotency_key(self) -> str:
        """``"<call_id>:<outcome_id>"``: the receiver's deduplication key."""
    @property
    def raw(self) -> bytes:
        """The payload's bytes, as received."""
    def to_dict(self) -> dict:
        """Nested dicts with the payload's field names, canonical values."""
    def to_json(self) -> str:
        """Canonical compact JSON (the Rust crate's ``to_json`` format)."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
