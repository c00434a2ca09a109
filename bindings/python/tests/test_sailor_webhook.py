"""Tests of the Python package over the project's shared data."""

import json

import pytest

import sailor_webhook as sw
from shared_data import (
    CALL_ID_UPPER,
    compact,
    fixture,
    fixtures,
    invalid_rows,
    ten_cases,
)

ROWS = invalid_rows()
SECONDS_THRESHOLD = 100_000_000_000


def expected_dict(payload: bytes) -> dict:
    """The canonical dict of a fixture, from json.loads (an independent model)."""
    d = json.loads(payload)
    ts = d["timestamp"]
    if ts < SECONDS_THRESHOLD:
        ts *= 1000
    low = str.lower
    dest = d.get("destination") or {"destination_type": "none"}
    out_dest = {"destination_type": dest["destination_type"]}
    if "destination_id" in dest:
        out_dest["destination_id"] = low(dest["destination_id"])
    if "selection" in dest:
        out_dest["selection"] = dest["selection"]
        if dest["selection"] == "selected":
            out_dest["destination_ids"] = [low(i) for i in dest["destination_ids"]]
    return {
        "timestamp": ts,
        "scope": {k: low(v) for k, v in d["scope"].items()},
        "outcome": {
            "outcome_id": low(d["outcome"]["outcome_id"]),
            "outcome_name": d["outcome"]["outcome_name"],
            "outcome_type": d["outcome"]["outcome_type"],
        },
        "call": {
            "call_id": low(d["call"]["call_id"]),
            "phone_number": d["call"]["phone_number"],
            "contact_id": low(d["call"]["contact_id"]),
        },
        "destination": out_dest,
        "error_message": d.get("error_message") or "",
    }


def assert_error(exc_info, code, path, offset):
    err = exc_info.value
    assert isinstance(err, ValueError)
    assert (err.code, err.path, err.offset) == (code, path, offset)


# ------------------------------------------------------------------ fixtures

FIXTURES = fixtures()


def test_fixtures_present():
    assert len(FIXTURES) >= 3, FIXTURES.keys()


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_parses_to_its_json(name):
    body = FIXTURES[name]
    sw.validate(body)
    event = sw.parse(body)
    expected = expected_dict(body)
    assert event.to_dict() == expected
    # The same data through the attributes.
    assert event.timestamp == expected["timestamp"]
    assert event.scope.subaccount_id == expected["scope"]["subaccount_id"]
    assert event.scope.organization_id == expected["scope"]["organization_id"]
    assert event.outcome.outcome_id == expected["outcome"]["outcome_id"]
    assert event.outcome.outcome_name == expected["outcome"]["outcome_name"]
    assert event.outcome.outcome_type == expected["outcome"]["outcome_type"]
    assert event.call.call_id == expected["call"]["call_id"]
    assert event.call.phone_number == expected["call"]["phone_number"]
    assert event.call.contact_id == expected["call"]["contact_id"]
    dest = expected["destination"]
    assert event.destination.destination_type == dest["destination_type"]
    assert event.destination.destination_id == dest.get("destination_id")
    assert event.destination.selection == dest.get("selection")
    assert event.destination.destination_ids == tuple(dest.get("destination_ids", ()))
    assert event.error_message == expected["error_message"]
    assert event.idempotency_key == f"{event.call.call_id}:{event.outcome.outcome_id}"
    assert event.raw == body
    # Canonical JSON: compact, the docs' member order; parses back to an equal event.
    assert event.to_json() == json.dumps(expected, separators=(",", ":"), ensure_ascii=False)
    again = sw.parse(event.to_json().encode())
    assert again == event and hash(again) == hash(event)
    assert again.to_dict() == expected


def test_seconds_fixture_lenient_and_strict():
    body = fixture("guide-page-seconds.json")
    seconds = json.loads(body)["timestamp"]
    event = sw.parse(body)
    assert event.timestamp_was_seconds is True
    assert event.timestamp == seconds * 1000
    assert sw.parse(fixture("webhook-page-ms.json")).timestamp_was_seconds is False
    with pytest.raises(sw.SailorWebhookError) as e:
        sw.parse(body, strict=True)
    assert_error(e, "timestamp_in_seconds", "timestamp", body.index(str(seconds).encode()))


def test_compact_docs_payload_is_528_bytes():
    body = compact(fixture("webhook-page-ms.json"))
    assert len(body) == 528
    assert sw.parse(body).to_dict() == expected_dict(body)


# ------------------------------------------------------------- invalid table


def test_invalid_table_is_the_whole_table():
    assert len(ROWS) >= 208
    assert len({r["name"] for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_invalid_row(row):
    data, expected = row["input"], (row["code"], row["path"], row["offset"])
    if row["owned_only"]:
        # Only the Rust owned event's fixed capacity rejects it; this package
        # has none, so it is valid here, whole.
        sw.validate(data)
        event = sw.parse(data)
        assert row["code"] == "capacity_exceeded"
        assert len(event.destination.destination_ids) == int(row["path"].rsplit("[", 1)[1][:-1]) + 1
        return
    if row["strict"]:
        sw.validate(data)
        sw.parse(data)
        for call in (sw.validate, sw.parse):
            with pytest.raises(sw.SailorWebhookError) as e:
                call(data, strict=True)
            assert_error(e, *expected)
        return
    for call in (sw.validate, sw.parse):
        with pytest.raises(sw.SailorWebhookError) as e:
            call(data)
        assert_error(e, *expected)
        assert str(e.value).startswith(f"{row['code']} at {row['path']} (byte {row['offset']}): ")


# ----------------------------------------------------- the ten cases


@pytest.mark.parametrize("case", ten_cases(), ids=[c[0] for c in ten_cases()])
def test_ten_cases(case):
    label, data, expected = case
    if expected is None:
        event = sw.parse(data)
        assert event.call.call_id == CALL_ID_UPPER.decode().strip('"').lower()
        sw.validate(data)
        sw.validate(data, strict=True)
        return
    for strict in (False, True):
        with pytest.raises(sw.SailorWebhookError) as e:
            sw.validate(data, strict=strict)
        assert_error(e, *expected)


def test_ten_cases_are_nine_invalid_one_valid():
    cases = ten_cases()
    assert len(cases) == 10
    assert sum(c[2] is None for c in cases) == 1


def test_duplicate_call_id_is_not_last_wins():
    # json.loads keeps the second call_id silently; we reject it.
    label, data, expected = ten_cases()[0]
    assert json.loads(data)["call"]["call_id"]
    assert expected[0] == "duplicate_key" and expected[1] == "call.call_id"


# ------------------------------------------------------------------ the API


def test_error_class():
    assert issubclass(sw.SailorWebhookError, ValueError)
    with pytest.raises(ValueError) as e:
        sw.parse(b'{"timestamp": "soon"}')
    assert_error(e, "wrong_type", "timestamp", 14)
    assert str(e.value) == "wrong_type at timestamp (byte 14): wrong JSON type"


def test_inputs_bytes_like_and_not_str():
    body = fixture("webhook-page-ms.json")
    expected = sw.parse(body).to_dict()
    assert sw.parse(bytearray(body)).to_dict() == expected
    assert sw.parse(memoryview(body)).to_dict() == expected
    sw.validate(bytearray(body))
    sw.validate(memoryview(body))
    with pytest.raises(TypeError):
        sw.validate(body.decode())
    with pytest.raises(TypeError):
        sw.parse(body.decode())
    with pytest.raises(TypeError):
        sw.parse(12)


def test_event_is_immutable():
    event = sw.parse(fixture("webhook-page-ms.json"))
    with pytest.raises(AttributeError):
        event.timestamp = 1
    with pytest.raises(AttributeError):
        event.outcome.outcome_name = "x"
    with pytest.raises(AttributeError):
        event.extra = 1


def test_bytearray_input_is_copied():
    buf = bytearray(fixture("webhook-page-ms.json"))
    event = sw.parse(buf)
    buf[buf.index(b"Interested")] = ord("X")
    assert event.outcome.outcome_name == "Interested"


def test_options():
    body = fixture("webhook-page-ms.json")
    with pytest.raises(sw.SailorWebhookError) as e:
        sw.validate(body, max_input_bytes=100)
    assert_error(e, "input_too_large", "$", 100)
    with pytest.raises(sw.SailorWebhookError) as e:
        sw.validate(body, max_depth=1)
    assert_error(e, "depth_limit", "scope", body.index(b"{", 1))
    with pytest.raises(sw.SailorWebhookError) as e:
        sw.validate(body, max_string_bytes=8)
    assert_error(e, "string_too_long", "$", body.index(b'"error_message"'))
    ts = sw.parse(body).timestamp
    sw.validate(body, now_ms=ts + 1000, tolerance_ms=1000)
    with pytest.raises(sw.SailorWebhookError) as e:
        sw.validate(body, now_ms=ts + 1001, tolerance_ms=1000)
    assert_error(e, "timestamp_too_old", "timestamp", body.index(str(ts).encode()))
    with pytest.raises(sw.SailorWebhookError) as e:
        sw.parse(body, now_ms=ts - 1001, tolerance_ms=1000)
    assert_error(e, "timestamp_in_future", "timestamp", body.index(str(ts).encode()))


def test_escapes_decoded_and_canonical_escaping():
    body = fixture("webhook-page-ms.json")
    name = '"outcome_name": "Interested"'.encode()
    escaped = body.replace(name, rb'"outcome_name": "caf\u00e9 \ud83d\ude00 \"q\" \\ \u001f\t\n"')
    message = body.replace(b'"error_message": ""', b'"error_message": "x\\u0001y"')
    event = sw.parse(escaped)
    assert event.outcome.outcome_name == 'café \U0001F600 "q" \\ \x1f\t\n'
    # The core's canonical escaping (serde-json-core): uppercase \u00XX.
    assert '"outcome_name":"café \U0001F600 \\"q\\" \\\\ \\u001F\\t\\n"' in event.to_json()
    assert sw.parse(event.to_json().encode()) == event
    m = sw.parse(message)
    assert m.error_message == "x\x01y"
    assert m.to_json().endswith('"error_message":"x\\u0001y"}')


def test_long_error_message_is_whole():
    body = fixture("webhook-page-ms.json")
    text = "é" * 5000
    event = sw.parse(body.replace(b'"error_message": ""', f'"error_message": "{text}"'.encode()))
    assert event.error_message == text


def test_destination_shapes():
    body = fixture("webhook-page-ms.json")
    dest_start = body.index(b'"destination":')
    head = body[:dest_start]
    for dest, expected in [
        (b'null', {"destination_type": "none"}),
        (b'{"destination_type":"none"}', {"destination_type": "none"}),
        (b'{"destination_type":"remove_from_smart_list","selection":"all"}',
         {"destination_type": "remove_from_smart_list", "selection": "all"}),
        (b'{"destination_type":"remove_from_smart_list","selection":"all","destination_ids":[]}',
         {"destination_type": "remove_from_smart_list", "selection": "all"}),
    ]:
        event = sw.parse(head + b'"destination": ' + dest + b"\n}\n")
        assert event.to_dict()["destination"] == expected
        assert event.destination.destination_ids == ()
        assert event.destination.destination_id is None
    no_dest = head.rstrip().rstrip(b",") + b"\n}\n"
    assert sw.parse(no_dest).destination.destination_type == "none"


def test_repr_and_equality():
    a = sw.parse(fixture("webhook-page-ms.json"))
    b = sw.parse(compact(fixture("webhook-page-ms.json")))
    c = sw.parse(fixture("remove-selected.json"))
    assert a == b and a != c and a != "x"
    assert "outcome_name=\"Interested\"" in repr(a)
