"""The project's shared test data, read from the repository (never retyped).

- ``tests/fixtures/*.json``: valid payloads.
- ``tests/data/invalid.jsonl``: the core's invalid-payload table, one JSON
  object a line: ``name``, ``input_hex``, ``strict``, ``code``, ``path``,
  ``offset``, ``owned_only``.

Also the ten payloads of issue 13 ("wrong of 10"), picked from that table
by name, plus one valid uppercase-UUID payload made from a fixture.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
INVALID = ROOT / "tests" / "data" / "invalid.jsonl"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixtures() -> dict:
    return {p.name: p.read_bytes() for p in sorted(FIXTURES.glob("*.json"))}


def invalid_rows() -> list:
    rows = []
    with INVALID.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                row["input"] = bytes.fromhex(row["input_hex"])
                rows.append(row)
    return rows


def compact(payload: bytes) -> bytes:
    """The docs' payload without whitespace (528 bytes for webhook-page-ms.json)."""
    return json.dumps(json.loads(payload), separators=(",", ":"), ensure_ascii=False).encode()


# The ten cases: nine rows of invalid.jsonl, by name, and one valid payload.
TEN_INVALID_ROWS = {
    "duplicate call_id": "duplicate call_id, second escaped",
    "121-character name": "outcome_name 121 ascii",
    "phone with leading 0": "phone leading 0",
    "braced UUID": "uuid braced",
    "fractional timestamp": "timestamp float",
    "smart_list without id": "smart_list without destination_id",
    "selected remove with []": "selected with []",
    "lone surrogate": "lone high surrogate",
    "trailing garbage": "trailing letter",
}

CALL_ID = b'"00000000-0000-4000-8000-000000000004"'
CALL_ID_UPPER = b'"00000000-0000-4000-8000-0000000000AB"'


def uppercase_uuid_payload() -> bytes:
    """The docs' payload with an uppercase call_id: valid, read as lowercase."""
    body = fixture("webhook-page-ms.json")
    assert body.count(CALL_ID) == 1
    return body.replace(CALL_ID, CALL_ID_UPPER)


def ten_cases() -> list:
    """(label, input, expected): expected is None for the valid one, else
    the row (code, path, offset) of invalid.jsonl."""
    rows = {r["name"]: r for r in invalid_rows()}
    cases = []
    for label, name in TEN_INVALID_ROWS.items():
        r = rows[name]
        assert not r["strict"] and not r["owned_only"], name
        cases.append((label, r["input"], (r["code"], r["path"], r["offset"])))
    cases.append(("uppercase UUID (valid)", uppercase_uuid_payload(), None))
    return cases
