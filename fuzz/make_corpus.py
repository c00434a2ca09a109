#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/corpus/<target>/.

Run from anywhere: `python3 fuzz/make_corpus.py`. It rewrites the seed files
it owns (named seed-*) and leaves other files alone. The seeds are:

- the docs' payloads (tests/fixtures/), one payload per destination shape,
  a few valid variants (escapes, unknown members, disposition, messages);
- a table of invalid payloads, one rule broken in each;
- payloads that only strict mode rejects: an unknown member in each of
  the five objects;
- for `differential`, each JSONTestSuite `i_` document (the
  implementation-defined cases) as the value of an unknown member, when
  tests/JSONTestSuite/test_parsing (the vendored suite) exists;
- for `request`, some of the same bodies behind the 4-byte header the
  target reads, the escapes and 16-id payloads, and every row of the shared
  invalid-payload table (tests/data/invalid.jsonl, strict rows with the
  strict flag);
- for `roundtrip`, a few byte strings (its input is an `arbitrary` stream).
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SUITE = os.path.join(ROOT, "tests", "JSONTestSuite", "test_parsing")


def uuid(n):
    return "00000000-0000-4000-8000-%012d" % n


BASE = {
    "timestamp": 1781935984000,
    "scope": {"subaccount_id": uuid(1), "organization_id": uuid(2)},
    "outcome": {"outcome_id": uuid(3), "outcome_name": "Interested", "outcome_type": "action"},
    "call": {"call_id": uuid(4), "phone_number": "+15555550100", "contact_id": uuid(5)},
    "destination": {"destination_type": "smart_list", "destination_id": uuid(6)},
    "error_message": "",
}


def payload(**changes):
    p = json.loads(json.dumps(BASE))
    for k, v in changes.items():
        if v is DROP:
            p.pop(k, None)
        else:
            p[k] = v
    return p


DROP = object()


def dumps(p):
    return json.dumps(p, separators=(",", ":"), ensure_ascii=False).encode()


def with_member(inner: bytes, name=b"x") -> bytes:
    """The base payload with one more member whose raw value is `inner`."""
    body = dumps(BASE)
    return body[:-1] + b',"' + name + b'":' + inner + b"}"


def replace(old: str, new: str) -> bytes:
    body = dumps(BASE).decode()
    assert old in body, old
    return body.replace(old, new, 1).encode()


VALID = {
    "dest-smart-list": dumps(BASE),
    "dest-absent": dumps(payload(destination=DROP)),
    "dest-null": dumps(payload(destination=None)),
    "dest-none": dumps(payload(destination={"destination_type": "none"})),
    "dest-remove-selected": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "selected",
        "destination_ids": [uuid(10), uuid(11)]})),
    "dest-remove-all": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "all"})),
    "dest-remove-all-empty-ids": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "all",
        "destination_ids": []})),
    "dest-remove-selected-16": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "selected",
        "destination_ids": [uuid(100 + i) for i in range(16)]})),
    "dest-remove-selected-17": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "selected",
        "destination_ids": [uuid(100 + i) for i in range(17)]})),
    "seconds": dumps(payload(timestamp=1781935984)),
    "disposition-message": dumps(payload(
        outcome={"outcome_id": uuid(3), "outcome_name": "Caf\u00e9 \U0001F600 \u4e2d",
                 "outcome_type": "disposition"},
        error_message="list \"VIP\" not found\n" + "\u00e9" * 140)),
    "escapes": replace('"call_id"', '"call\\u005fid"').replace(
        b'"Interested"', b'"In\\u0074erested \\ud83d\\ude00 \\/ \\n"'),
    "uppercase-uuid": replace(uuid(4), uuid(4).upper().replace("0000-4000", "ABCD-4EF0")),
    "unknown-members": with_member(
        b'{"a":[1,-0.5e+3,true,false,null,"\\u00e9",{"b":{"c":[]}}],"d":{}}'),
    "whitespace": json.dumps(BASE, indent="\t").encode() + b"\r\n ",
    "error-null": dumps(payload(error_message=None)),
    "error-absent": dumps(payload(error_message=DROP)),
    "phone-15-digits": replace("+15555550100", "+155555501001234"),
    "phone-2-digits": replace("+15555550100", "+12"),
    "name-120-e-acute": replace('"Interested"', '"%s"' % ("\u00e9" * 120)),
    "depth-32": with_member(b"[" * 31 + b"]" * 31),
}

INVALID = {
    "missing-timestamp": dumps(payload(timestamp=DROP)),
    "missing-scope": dumps(payload(scope=DROP)),
    "missing-call-id": replace('"call_id":"%s",' % uuid(4), ""),
    "timestamp-negative": replace("1781935984000", "-1781935984000"),
    "timestamp-float": replace("1781935984000", "1781935984000.0"),
    "timestamp-exponent": replace("1781935984000", "1.781935984e12"),
    "timestamp-string": replace("1781935984000", '"1781935984000"'),
    "timestamp-overflow": replace("1781935984000", "18446744073709551616"),
    "uuid-short": replace(uuid(1), uuid(1)[:-1]),
    "uuid-braced": replace('"%s"' % uuid(1), '"{%s}"' % uuid(1)),
    "uuid-urn": replace('"%s"' % uuid(1), '"urn:uuid:%s"' % uuid(1)),
    "uuid-32-digits": replace(uuid(1), uuid(1).replace("-", "")),
    "uuid-non-hex": replace(uuid(1), uuid(1).replace("0001", "000g")),
    "phone-no-plus": replace("+15555550100", "15555550100"),
    "phone-leading-zero": replace("+15555550100", "+05555550100"),
    "phone-16-digits": replace("+15555550100", "+1555555010012345"),
    "phone-1-digit": replace("+15555550100", "+1"),
    "phone-space": replace("+15555550100", "+1 5555550100"),
    "name-empty": replace('"Interested"', '""'),
    "name-121": replace('"Interested"', '"%s"' % ("x" * 121)),
    "outcome-type-unknown": replace('"action"', '"Action"'),
    "dest-type-unknown": replace('"smart_list"', '"smartlist"'),
    "dest-smart-list-no-id": dumps(payload(destination={"destination_type": "smart_list"})),
    "dest-selected-no-ids": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "selected"})),
    "dest-selected-empty-ids": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "selected",
        "destination_ids": []})),
    "dest-all-with-ids": dumps(payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "all",
        "destination_ids": [uuid(10)]})),
    "dest-none-with-id": dumps(payload(destination={
        "destination_type": "none", "destination_id": uuid(6)})),
    "dup-top": with_member(b"1", b"timestamp"),
    "dup-escaped": replace('"call_id"', '"call_id":"%s","call\\u005fid"' % uuid(9)),
    "dup-unknown": with_member(b'1,"x":2'),
    "dup-nested-unknown": with_member(b'{"a":{"b":1,"c":[{"k":1,"\\u006b":2}]}}'),
    "lone-surrogate": replace('"Interested"', '"\\ud800x"'),
    "lone-low-surrogate": replace('"Interested"', '"\\udc00"'),
    "control-char": replace('"Interested"', '"a\tb"'),
    "invalid-utf8": dumps(BASE).replace(b'"Interested"', b'"\xc3\x28"'),
    "overlong-utf8": dumps(BASE).replace(b'"Interested"', b'"\xc0\xaf"'),
    "encoded-surrogate": dumps(BASE).replace(b'"Interested"', b'"\xed\xa0\x80"'),
    "bom": b"\xef\xbb\xbf" + dumps(BASE),
    "trailing-data": dumps(BASE) + b" x",
    "trailing-comma": dumps(BASE)[:-1] + b",}",
    "invalid-in-unknown": with_member(b"[1,]"),
    "bad-number-in-unknown": with_member(b"01"),
    "depth-33": with_member(b"[" * 32 + b"]" * 32),
    "strict-unknown": with_member(b"null"),
    "not-an-object": b"[]",
    "empty": b"",
}


def with_inner(obj: str, inner: bytes) -> bytes:
    """The base payload (remove-selected destination) with one more member
    `inner` at the end of object `obj`."""
    p = payload(destination={
        "destination_type": "remove_from_smart_list", "selection": "selected",
        "destination_ids": [uuid(10)]})
    body = dumps(p)
    key = b'"' + obj.encode() + b'":{'
    start = body.index(key)
    end = body.index(b"}", start)
    return body[:end] + b"," + inner + body[end:]


# Valid in lenient mode; strict mode rejects the unknown member.
STRICT = {
    "unknown-top": with_member(b'{"a":1}', b"version"),
    "unknown-scope": with_inner("scope", b'"team":null'),
    "unknown-outcome": with_inner("outcome", b'"color":"red"'),
    "unknown-call": with_inner("call", b'"call_ID":"x"'),
    "unknown-destination": with_inner("destination", b'"list_name":"Hot"'),
}


def unknowns(prefix, n):
    return b",".join(b'"%s%d":%d' % (prefix, i, i) for i in range(n))


# The bounds of issue 9 at their edges: 64 tracked names (valid), 65
# (too_many_members), 24 + "x" holding 40 (too_many_members at the 40th
# nested name), 23 + 40 (valid); the largest timestamp and one more.
BOUNDS = {
    "members-64": with_member(b"0," + unknowns(b"m", 63)),
    "members-65": with_member(b"0," + unknowns(b"m", 64)),
    "members-24-then-40": with_member(b"0," + unknowns(b"m", 23) + b',"y":{'
                                      + unknowns(b"n", 40) + b"}"),
    "members-23-then-40": with_member(b"0," + unknowns(b"m", 22) + b',"y":{'
                                      + unknowns(b"n", 40) + b"}"),
    "members-call-25": with_inner("call", unknowns(b"c", 25)),
    "timestamp-max": replace("1781935984000", "9007199254740991"),
    "timestamp-max-plus-1": replace("1781935984000", "9007199254740992"),
    "timestamp-minus-zero": replace("1781935984000", "-0"),
}


def invalid_table():
    """The shared invalid-payload table: (name, bytes, strict) per row."""
    rows = []
    with open(os.path.join(ROOT, "tests", "data", "invalid.jsonl")) as f:
        for line in f:
            row = json.loads(line)
            rows.append((row["name"], bytes.fromhex(row["input_hex"]), row["strict"]))
    return rows


def slug(name):
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    bodies = {}
    for f in sorted(os.listdir(os.path.join(ROOT, "tests", "fixtures"))):
        with open(os.path.join(ROOT, "tests", "fixtures", f), "rb") as fh:
            bodies["docs-" + f.rsplit(".", 1)[0]] = fh.read()
    bodies.update(VALID)
    bodies.update({"invalid-" + k: v for k, v in INVALID.items()})
    bodies.update({"strict-" + k: v for k, v in STRICT.items()})
    bodies.update({"bound-" + k: v for k, v in BOUNDS.items()})
    for name, data in bodies.items():
        write("parse_bytes", name, data)
        write("differential", name, data)
    if os.path.isdir(SUITE):
        for f in sorted(os.listdir(SUITE)):
            if f.startswith("i_"):
                with open(os.path.join(SUITE, f), "rb") as fh:
                    write("differential", "suite-" + f[:-5], with_member(fh.read().strip()))
    # request: [method, content type, flags, limit] + body
    headers = {
        "post": bytes([0, 0, 0, 0]),
        "get": bytes([1, 0, 0, 0]),
        "no-type": bytes([0, 1, 0, 0]),
        "charset": bytes([0, 3, 0, 0]),
        "latin1": bytes([0, 5, 0, 0]),
        "strict": bytes([0, 2, 1, 0]),
        "limit-80": bytes([0, 0, 2, 10]),
        "limit-800": bytes([0, 0, 2, 100]),
        "members-3": bytes([0, 0, 4, 3]),
    }
    for h, head in headers.items():
        for name in ["docs-webhook-page-ms", "dest-remove-selected", "invalid-phone-16-digits",
                     "unknown-members"]:
            write("request", h + "-" + name, head + bodies[name])
    for name in ["escapes", "dest-remove-selected-16"]:
        write("request", "post-" + name, headers["post"] + bodies[name])
        write("request", "strict-" + name, headers["strict"] + bodies[name])
    for name in BOUNDS:
        write("request", "post-bound-" + name, headers["post"] + bodies["bound-" + name])
    for n in [0, 1, 24, 64, 65]:
        write("request", "members-%d-unknown-members" % n, bytes([0, 0, 4, n])
              + bodies["unknown-members"])
    for name in STRICT:
        write("request", "strict-strict-" + name, headers["strict"] + bodies["strict-" + name])
    # The table's rows by name (unique), the stale ones removed first.
    d = os.path.join(HERE, "corpus", "request")
    for f in os.listdir(d):
        if f.startswith("seed-table-"):
            os.remove(os.path.join(d, f))
    for name, data, strict in invalid_table():
        head = headers["strict"] if strict else headers["post"]
        write("request", "table-" + slug(name)[:70], head + data)
    write("request", "custom-method", bytes([255, 255, 0, 0]) + b"POST\napplication/json;charset=UTF8\n"
          + bodies["docs-webhook-page-ms"])
    # A vertical tab or NBSP after the type is text, not whitespace (415);
    # FF is ASCII whitespace (accepted). The 30-minute run of 2026-12-03
    # found the target's reading of the rule trimming U+000B.
    for name, ct in [("vt", b"application/json\x0b"), ("nbsp", "application/json\u00a0".encode()),
                     ("ff", b"application/json\x0c")]:
        write("request", "content-type-" + name, bytes([255, 255, 0, 0]) + b"POST\n" + ct + b"\n"
              + bodies["docs-webhook-page-ms"])
    rng = random.Random(4)
    for i, n in enumerate([64, 256, 512, 1024, 2048, 4096]):
        write("roundtrip", "random-%d" % i, bytes(rng.randrange(256) for _ in range(n)))


if __name__ == "__main__":
    main()
