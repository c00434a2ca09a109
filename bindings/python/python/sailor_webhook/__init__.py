"""Strict, fast validation and parsing of Sailor outcome webhook payloads.

A Python binding of the Rust crate ``sailor-webhook``::

    import sailor_webhook
    event = sailor_webhook.parse(request_body)          # bytes in
    event.outcome.outcome_name                          # 'Interested'
    event.idempotency_key                               # '<call_id>:<outcome_id>'

Every rejection raises :class:`SailorWebhookError` (a ``ValueError``) with
``.code``, ``.path`` and ``.offset``.
"""

from ._sailor_webhook import (
    MAX_DEPTH_LIMIT,
    Call,
    Destination,
    Outcome,
    OutcomeEvent,
    SailorWebhookError,
    Scope,
    parse,
    validate,
)

__all__ = [
    "MAX_DEPTH_LIMIT",
    "Call",
    "Destination",
    "Outcome",
    "OutcomeEvent",
    "SailorWebhookError",
    "Scope",
    "parse",
    "validate",
]
