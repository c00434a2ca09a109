'use strict';
// The project's shared test data, read from the repository (never retyped):
// tests/fixtures/*.json and tests/data/invalid.jsonl. Also the ten
// "wrong of 10" payloads: nine rows of invalid.jsonl by name and one valid
// payload with an uppercase UUID made from a fixture.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
const INVALID = path.join(ROOT, 'tests', 'data', 'invalid.jsonl');

function fixture(name) {
  return fs.readFileSync(path.join(FIXTURES, name));
}

function fixtures() {
  return fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.json')).sort()
    .map((name) => ({ name, body: fixture(name) }));
}

function invalidRows() {
  return fs.readFileSync(INVALID, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => {
      const row = JSON.parse(l);
      row.input = Buffer.from(row.input_hex, 'hex');
      return row;
    });
}

/** The docs' payload without whitespace: 528 bytes. */
function compact(body) {
  return Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
}

const TEN_INVALID_ROWS = {
  'duplicate call_id': 'duplicate call_id, second escaped',
  '121-character name': 'outcome_name 121 ascii',
  'phone with leading 0': 'phone leading 0',
  'braced UUID': 'uuid braced',
  'fractional timestamp': 'timestamp float',
  'smart_list without id': 'smart_list without destination_id',
  'selected remove with []': 'selected with []',
  'lone surrogate': 'lone high surrogate',
  'trailing garbage': 'trailing letter',
};

const CALL_ID = '"00000000-0000-4000-8000-000000000004"';
const CALL_ID_UPPER = '"00000000-0000-4000-8000-0000000000AB"';

function uppercaseUuidPayload() {
  const body = fixture('webhook-page-ms.json').toString('utf8');
  if (body.split(CALL_ID).length !== 2) throw new Error('fixture changed');
  return Buffer.from(body.replace(CALL_ID, CALL_ID_UPPER));
}

/** [{label, input, expected}]: expected is null for the valid one, else {code, path, offset}. */
function tenCases() {
  const rows = new Map(invalidRows().map((r) => [r.name, r]));
  const cases = Object.entries(TEN_INVALID_ROWS).map(([label, name]) => {
    const r = rows.get(name);
    if (!r || r.strict || r.owned_only) throw new Error(`row ${name}`);
    return { label, input: r.input, expected: { code: r.code, path: r.path, offset: r.offset } };
  });
  cases.push({ label: 'uppercase UUID (valid)', input: uppercaseUuidPayload(), expected: null });
  return cases;
}

module.exports = { ROOT, fixture, fixtures, invalidRows, compact, tenCases, CALL_ID_UPPER };
