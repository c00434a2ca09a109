"""Time strict validation of the docs' 528-byte payload, in one process.

    pip install ./bindings/python orjson 'pydantic>=2' msgspec fastjsonschema
    python bindings/python/bench.py [--repeat 15] [--number 20000]

Every peer gets the strictest schema it can express for the payload (UUID
and E.164 patterns, the name length, the enums, the destination shapes).
"wrong of 10": the issue's ten payloads (nine invalid rows of
tests/data/invalid.jsonl, by name, and one valid payload with an uppercase
UUID); a peer is wrong when it accepts an invalid one or rejects the valid
one. The peers are timed round robin (each run times every peer once).
Prints a markdown table: median µs of process CPU time per check (and
the range over the runs) and the ratio to json.loads.
"""

import argparse
import json
import platform
import statistics
import sys
import time
import timeit
from pathlib import Path
from typing import List, Literal, Optional, Union

sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))
from shared_data import compact, fixture, ten_cases  # noqa: E402

import sailor_webhook  # noqa: E402

UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
PHONE = r"^\+[1-9][0-9]{1,14}$"
MAX_TS = 2**53 - 1


def peers():
    """name -> check(bytes) that raises on an invalid payload."""
    out = {}
    out["`json.loads` alone (no checks)"] = json.loads
    try:
        import orjson

        out["`orjson.loads` alone (no checks)"] = orjson.loads
    except ImportError:
        orjson = None

    try:
        from pydantic import BaseModel, ConfigDict, Field, model_validator
        from typing_extensions import Annotated

        U = Annotated[str, Field(pattern=UUID)]

        class PScope(BaseModel):
            subaccount_id: U
            organization_id: U

        class POutcome(BaseModel):
            outcome_id: U
            outcome_name: Annotated[str, Field(min_length=1, max_length=120)]
            outcome_type: Literal["action", "disposition"]

        class PCall(BaseModel):
            call_id: U
            phone_number: Annotated[str, Field(pattern=PHONE)]
            contact_id: U

        class PDestination(BaseModel):
            model_config = ConfigDict(extra="ignore")
            destination_type: Literal["none", "smart_list", "remove_from_smart_list"]
            destination_id: Optional[U] = None
            selection: Optional[Literal["selected", "all"]] = None
            destination_ids: Optional[List[U]] = None

            @model_validator(mode="after")
            def shape(self):
                t, ids = self.destination_type, self.destination_ids
                if t == "smart_list":
                    ok = self.destination_id is not None and self.selection is None and ids is None
                elif t == "remove_from_smart_list":
                    ok = self.destination_id is None and (
                        (self.selection == "selected" and bool(ids))
                        or (self.selection == "all" and not ids)
                    )
                else:
                    ok = self.destination_id is None and self.selection is None and ids is None
                if not ok:
                    raise ValueError("inconsistent destination")
                return self

        class PEvent(BaseModel):
            timestamp: Annotated[int, Field(ge=0, le=MAX_TS)]
            scope: PScope
            outcome: POutcome
            call: PCall
            destination: Optional[PDestination] = None
            error_message: Optional[str] = ""

        out["pydantic 2 `model_validate_json`"] = PEvent.model_validate_json
    except ImportError:
        pass

    try:
        import msgspec
        from typing_extensions import Annotated

        MU = Annotated[str, msgspec.Meta(pattern=UUID)]

        class MScope(msgspec.Struct):
            subaccount_id: MU
            organization_id: MU

        class MOutcome(msgspec.Struct):
            outcome_id: MU
            outcome_name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
            outcome_type: Literal["action", "disposition"]

        class MCall(msgspec.Struct):
            call_id: MU
            phone_number: Annotated[str, msgspec.Meta(pattern=PHONE)]
            contact_id: MU

        class MDestination(msgspec.Struct):
            destination_type: Literal["none", "smart_list", "remove_from_smart_list"]
            destination_id: Optional[MU] = None
            selection: Optional[Literal["selected", "all"]] = None
            destination_ids: Optional[List[MU]] = None

            def __post_init__(self):
                t, ids = self.destination_type, self.destination_ids
                if t == "smart_list":
                    ok = self.destination_id is not None and self.selection is None and ids is None
                elif t == "remove_from_smart_list":
                    ok = self.destination_id is None and (
                        (self.selection == "selected" and bool(ids))
                        or (self.selection == "all" and not ids)
                    )
                else:
                    ok = self.destination_id is None and self.selection is None and ids is None
                if not ok:
                    raise ValueError("inconsistent destination")

        class MEvent(msgspec.Struct):
            timestamp: Annotated[int, msgspec.Meta(ge=0, le=MAX_TS)]
            scope: MScope
            outcome: MOutcome
            call: MCall
            destination: Optional[MDestination] = None
            error_message: Optional[str] = ""

        decoder = msgspec.json.Decoder(MEvent)
        out["msgspec with constraints"] = decoder.decode
    except ImportError:
        pass

    try:
        import fastjsonschema

        u = {"type": "string", "pattern": UUID}
        none = {"properties": {"destination_type": {"const": "none"}},
                "not": {"anyOf": [{"required": ["destination_id"]}, {"required": ["selection"]},
                                  {"required": ["destination_ids"]}]}}
        smart = {"properties": {"destination_type": {"const": "smart_list"}, "destination_id": u},
                 "required": ["destination_id"],
                 "not": {"anyOf": [{"required": ["selection"]}, {"required": ["destination_ids"]}]}}
        selected = {"properties": {"destination_type": {"const": "remove_from_smart_list"},
                                   "selection": {"const": "selected"},
                                   "destination_ids": {"type": "array", "items": u, "minItems": 1}},
                    "required": ["selection", "destination_ids"], "not": {"required": ["destination_id"]}}
        all_ = {"properties": {"destination_type": {"const": "remove_from_smart_list"},
                               "selection": {"const": "all"},
                               "destination_ids": {"type": "array", "maxItems": 0}},
                "required": ["selection"], "not": {"required": ["destination_id"]}}
        schema = {
            "type": "object",
            "required": ["timestamp", "scope", "outcome", "call"],
            "properties": {
                "timestamp": {"type": "integer", "minimum": 0, "maximum": MAX_TS},
                "scope": {"type": "object", "required": ["subaccount_id", "organization_id"],
                          "properties": {"subaccount_id": u, "organization_id": u}},
                "outcome": {"type": "object", "required": ["outcome_id", "outcome_name", "outcome_type"],
                            "properties": {"outcome_id": u,
                                           "outcome_name": {"type": "string", "minLength": 1, "maxLength": 120},
                                           "outcome_type": {"enum": ["action", "disposition"]}}},
                "call": {"type": "object", "required": ["call_id", "phone_number", "contact_id"],
                         "properties": {"call_id": u, "phone_number": {"type": "string", "pattern": PHONE},
                                        "contact_id": u}},
                "destination": {"oneOf": [{"type": "null"},
                                          {"type": "object", "required": ["destination_type"],
                                           "oneOf": [none, smart, selected, all_]}]},
                "error_message": {"type": ["string", "null"]},
            },
        }
        check = fastjsonschema.compile(schema)
        if orjson is not None:
            out["`orjson` + fastjsonschema"] = lambda b: check(orjson.loads(b))
    except ImportError:
        pass

    out["**sailor_webhook.validate**"] = sailor_webhook.validate
    out["**sailor_webhook.parse** (lazy object)"] = sailor_webhook.parse
    def parse_read_all(b):
        e = sailor_webhook.parse(b)
        s, o, c, d = e.scope, e.outcome, e.call, e.destination
        return (e.timestamp, s.subaccount_id, s.organization_id, o.outcome_id, o.outcome_name,
                o.outcome_type, c.call_id, c.phone_number, c.contact_id, d.destination_type,
                d.destination_id, d.selection, d.destination_ids, e.error_message)

    out["sailor_webhook.parse, then every attribute read"] = parse_read_all
    out["sailor_webhook.parse(...).to_dict()"] = lambda b: sailor_webhook.parse(b).to_dict()
    return out


def wrong_of_ten(check) -> int:
    wrong = 0
    for _label, data, expected in ten_cases():
        try:
            check(data)
            accepted = True
        except Exception:  # every peer raises its own error type
            accepted = False
        wrong += accepted != (expected is None)
    return wrong


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--number", type=int, default=20000)
    args = ap.parse_args()
    body = compact(fixture("webhook-page-ms.json"))
    assert len(body) == 528
    checks = peers()
    for check in checks.values():
        check(body)  # must accept the valid payload
    # Round robin: each run times every peer once, so a busy spell of the
    # machine falls on all of them alike.
    per = {name: [] for name in checks}
    for _ in range(args.repeat):
        for name, check in checks.items():
            t = timeit.timeit("check(body)", globals={"check": check, "body": body},
                              timer=time.process_time, number=args.number)
            per[name].append(t / args.number * 1e6)
    rows = [(name, statistics.median(p), min(p), max(p), wrong_of_ten(checks[name]))
            for name, p in per.items()]
    base = rows[0][1]
    print(f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}; "
          f"528-byte payload; median of {args.repeat} runs of {args.number} checks (process CPU time)")
    print()
    print("| Python | µs per check (median) | × `json.loads` | wrong of 10 |")
    print("|---|---:|---:|---:|")
    for name, med, lo, hi, wrong in rows:
        print(f"| {name} | {med:.2f} ({lo:.2f}–{hi:.2f}) | {med / base:.3f} | {wrong} |")


if __name__ == "__main__":
    main()
