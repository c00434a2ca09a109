'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const sw = require('..');
const { fixture, fixtures, invalidRows, compact, tenCases, CALL_ID_UPPER } = require('./shared.js');

const SECONDS_THRESHOLD = 100000000000;

/** The canonical object of a fixture, from JSON.parse (an independent model). */
function expected(body) {
  const d = JSON.parse(body.toString('utf8'));
  const low = (s) => s.toLowerCase();
  const dest = d.destination || { destination_type: 'none' };
  const outDest = { destination_type: dest.destination_type };
  if ('destination_id' in dest) outDest.destination_id = low(dest.destination_id);
  if ('selection' in dest) {
    outDest.selection = dest.selection;
    if (dest.selection === 'selected') outDest.destination_ids = dest.destination_ids.map(low);
  }
  return {
    timestamp: d.timestamp < SECONDS_THRESHOLD ? d.timestamp * 1000 : d.timestamp,
    scope: { subaccount_id: low(d.scope.subaccount_id), organization_id: low(d.scope.organization_id) },
    outcome: { outcome_id: low(d.outcome.outcome_id), outcome_name: d.outcome.outcome_name, outcome_type: d.outcome.outcome_type },
    call: { call_id: low(d.call.call_id), phone_number: d.call.phone_number, contact_id: low(d.call.contact_id) },
    destination: outDest,
    error_message: d.error_message || '',
  };
}

function assertError(fn, { code, path, offset }) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof sw.SailorWebhookError && e instanceof Error);
    assert.deepEqual({ code: e.code, path: e.path, offset: e.offset }, { code, path, offset });
    assert.ok(e.message.startsWith(`${code} at ${path} (byte ${offset}): `), e.message);
    return true;
  });
}

test('fixtures parse to their JSON, in canonical form', () => {
  const all = fixtures();
  assert.ok(all.length >= 3);
  for (const { name, body } of all) {
    sw.validate(body);
    assert.equal(sw.isValid(body), true, name);
    const event = sw.parse(body);
    assert.deepEqual(event, expected(body), name);
    // The same as a JSON text, member order included (the docs' order).
    assert.equal(JSON.stringify(event), JSON.stringify(expected(body)), name);
    assert.equal(sw.idempotencyKey(event), `${event.call.call_id}:${event.outcome.outcome_id}`);
    assert.deepEqual(sw.parse(Buffer.from(JSON.stringify(event))), event);
  }
});

test('the compact docs payload is 528 bytes', () => {
  const body = compact(fixture('webhook-page-ms.json'));
  assert.equal(body.length, 528);
  assert.deepEqual(sw.parse(body), expected(body));
});

test('seconds: normalised when lenient, rejected when strict', () => {
  const body = fixture('guide-page-seconds.json');
  const seconds = JSON.parse(body).timestamp;
  assert.equal(sw.parse(body).timestamp, seconds * 1000);
  assertError(() => sw.parse(body, { strict: true }),
    { code: 'timestamp_in_seconds', path: 'timestamp', offset: body.indexOf(String(seconds)) });
});

test('the invalid table: exact code, path and offset for every row', () => {
  const rows = invalidRows();
  assert.ok(rows.length >= 208);
  for (const row of rows) {
    const exp = { code: row.code, path: row.path, offset: row.offset };
    if (row.owned_only) {
      // Only the Rust owned event's capacity rejects it; this package has none.
      const event = sw.parse(row.input);
      const index = Number(/\[(\d+)\]$/.exec(row.path)[1]);
      assert.equal(event.destination.destination_ids.length, index + 1, row.name);
      continue;
    }
    if (row.strict) {
      sw.validate(row.input);
      sw.parse(row.input);
      assertError(() => sw.validate(row.input, { strict: true }), exp);
      assertError(() => sw.parse(row.input, { strict: true }), exp);
      continue;
    }
    assertError(() => sw.validate(row.input), exp);
    assertError(() => sw.parse(row.input), exp);
    assert.equal(sw.isValid(row.input), false, row.name);
  }
});

test('the issue\'s ten cases: nine rejected exactly, one accepted', () => {
  const cases = tenCases();
  assert.equal(cases.length, 10);
  for (const { label, input, expected: exp } of cases) {
    if (exp === null) {
      const event = sw.parse(input, { strict: true });
      assert.equal(event.call.call_id, JSON.parse(CALL_ID_UPPER).toLowerCase(), label);
      continue;
    }
    assertError(() => sw.validate(input), exp);
    assertError(() => sw.parse(input, { strict: true }), exp);
  }
  // JSON.parse keeps the last duplicate: the first case is silently accepted there.
  assert.doesNotThrow(() => JSON.parse(cases[0].input.toString()));
});

test('inputs: Buffer, Uint8Array, ArrayBuffer, DataView; not strings', () => {
  const body = fixture('webhook-page-ms.json');
  const exp = sw.parse(body);
  const u8 = new Uint8Array(body);
  assert.deepEqual(sw.parse(u8), exp);
  assert.deepEqual(sw.parse(u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength)), exp);
  assert.deepEqual(sw.parse(new DataView(u8.buffer, u8.byteOffset, u8.byteLength)), exp);
  // A view into a larger buffer: only its bytes count.
  const big = Buffer.concat([Buffer.from('xx'), body, Buffer.from('yy')]);
  assert.deepEqual(sw.parse(big.subarray(2, 2 + body.length)), exp);
  assert.throws(() => sw.parse(body.toString()), TypeError);
  assert.throws(() => sw.validate(12), TypeError);
});

test('options: limits and the clock window', () => {
  const body = fixture('webhook-page-ms.json');
  assertError(() => sw.validate(body, { maxInputBytes: 100 }), { code: 'input_too_large', path: '$', offset: 100 });
  assertError(() => sw.validate(body, { maxDepth: 1 }), { code: 'depth_limit', path: 'scope', offset: body.indexOf('{', 1) });
  assertError(() => sw.validate(body, { maxStringBytes: 8 }), { code: 'string_too_long', path: '$', offset: body.indexOf('"error_message"') });
  const ts = sw.parse(body).timestamp;
  sw.validate(body, { nowMs: ts + 1000, toleranceMs: 1000 });
  const at = body.indexOf(String(ts));
  assertError(() => sw.validate(body, { nowMs: ts + 1001, toleranceMs: 1000 }), { code: 'timestamp_too_old', path: 'timestamp', offset: at });
  assertError(() => sw.parse(body, { nowMs: ts - 1001, toleranceMs: 1000 }), { code: 'timestamp_in_future', path: 'timestamp', offset: at });
});

test('escapes decoded; astral characters and long messages whole', () => {
  const body = fixture('webhook-page-ms.json').toString('latin1');
  const name = body.replace('"outcome_name": "Interested"',
    '"outcome_name": "caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\u001f\\t\\n"');
  const event = sw.parse(Buffer.from(name, 'latin1'));
  assert.equal(event.outcome.outcome_name, 'café \u{1F600} "q" \\ \u001f\t\n');
  const text = 'é😀'.repeat(2000);
  const raw = Buffer.from(fixture('webhook-page-ms.json').toString('utf8').replace('"error_message": ""', `"error_message": "${text}"`));
  const long = sw.parse(raw);
  assert.equal(long.error_message, text);
  assert.equal(long.outcome.outcome_name, 'Interested');
  assert.equal(long.call.phone_number, '+15555550100');
});

test('destination shapes', () => {
  const body = fixture('webhook-page-ms.json').toString('utf8');
  const head = body.slice(0, body.indexOf('"destination":'));
  const cases = [
    ['null', { destination_type: 'none' }],
    ['{"destination_type":"none"}', { destination_type: 'none' }],
    ['{"destination_type":"remove_from_smart_list","selection":"all"}', { destination_type: 'remove_from_smart_list', selection: 'all' }],
    ['{"destination_type":"remove_from_smart_list","selection":"all","destination_ids":[]}', { destination_type: 'remove_from_smart_list', selection: 'all' }],
  ];
  for (const [dest, exp] of cases) {
    assert.deepEqual(sw.parse(Buffer.from(`${head}"destination": ${dest}\n}\n`)).destination, exp, dest);
  }
  const noDest = head.trimEnd().replace(/,$/, '') + '\n}\n';
  assert.deepEqual(sw.parse(Buffer.from(noDest)).destination, { destination_type: 'none' });
  const disposition = body.replace('"action"', '"disposition"');
  assert.equal(sw.parse(Buffer.from(disposition)).outcome.outcome_type, 'disposition');
});

test('memory growth keeps results right', () => {
  const body = fixture('remove-selected.json');
  const exp = sw.parse(body);
  const huge = Buffer.alloc(8 * 1024 * 1024, 0x20);
  body.copy(huge, 0);
  assert.deepEqual(sw.parse(huge, { maxInputBytes: huge.length }), exp);
  assert.deepEqual(sw.parse(body), exp);
});

test('checkHeaders and tooLarge follow receive::decide', () => {
  assert.equal(sw.checkHeaders('POST', 'Application/JSON; charset=UTF-8'), null);
  const e405 = sw.checkHeaders('PUT', 'application/json');
  assert.deepEqual([e405.status, e405.code, e405.path, e405.offset], [405, 'method_not_allowed', '$', 0]);
  const e415 = sw.checkHeaders('POST', 'text/json');
  assert.deepEqual([e415.status, e415.code], [415, 'unsupported_media_type']);
  assert.equal(sw.checkHeaders('POST', undefined).status, 415);
  assert.equal(sw.checkHeaders('POST', 'application/json; charset=latin1').status, 415);
  const e413 = sw.tooLarge(1000);
  assert.deepEqual([e413.status, e413.code, e413.path, e413.offset], [413, 'input_too_large', '$', 1000]);
  assert.deepEqual(e413.toJSON(), { error: { code: 'input_too_large', path: '$', offset: 1000, message: 'input too large' } });
});

test('ES module entry exports the same API', async () => {
  const esm = await import('../index.mjs');
  assert.equal(esm.parse, sw.parse);
  assert.equal(esm.SailorWebhookError, sw.SailorWebhookError);
});

test('core.fromModule runs from the module alone (edge runtimes)', () => {
  const fs = require('node:fs');
  const core = require('../lib/core.js');
  const api = core.fromModule(new WebAssembly.Module(fs.readFileSync(sw.wasmPath)));
  const body = fixture('webhook-page-ms.json');
  const saved = globalThis.Buffer;
  try {
    // Without Buffer, the TextDecoder path.
    globalThis.Buffer = undefined;
    const api2 = core.fromModule(new WebAssembly.Module(fs.readFileSync(sw.wasmPath)));
    assert.deepEqual(api2.parse(new Uint8Array(body)), expected(body));
    assert.throws(() => api2.validate(new TextEncoder().encode('{}')), (e) => e.code === 'missing_field');
  } finally {
    globalThis.Buffer = saved;
  }
  assert.deepEqual(api.parse(body), expected(body));
});
