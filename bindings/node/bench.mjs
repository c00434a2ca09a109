// Time strict validation of the docs' 528-byte payload, in one process.
//
//   cd bindings/node && npm ci && npm run build && node bench.mjs [repeat] [number]
//
// The input is the raw body (a Buffer), as a receiver has it: JSON.parse and
// the schema validators get `buf.toString()` (the decode is in their time),
// ours gets the bytes (the copy into wasm memory is in its time). Every peer
// gets the strictest schema it expresses (UUID and E.164 patterns, the name
// length, the enums, the destination shapes). "wrong of 10": the ten
// payloads (test/shared.js); wrong = an invalid one accepted or the valid one
// rejected. The peers are timed round robin (each run times every peer once).
// Prints a markdown table: median µs of process CPU time per check
// (and the range over the runs), ratio to JSON.parse.
import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(import.meta.url);
// SAILOR_WEBHOOK_WASM=path: time another build of the module (e.g. a core change).
const sw = process.env.SAILOR_WEBHOOK_WASM
  ? {
    ...require('./lib/core.js').fromModule(new WebAssembly.Module(require('node:fs').readFileSync(process.env.SAILOR_WEBHOOK_WASM))),
    wasmPath: process.env.SAILOR_WEBHOOK_WASM,
  }
  : require('./index.js');
const { fixture, compact, tenCases } = require('./test/shared.js');

const repeat = Number(process.argv[2] || 15);
const number = Number(process.argv[3] || 20000);

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const PHONE = '^\\+[1-9][0-9]{1,14}$';
const MAX_TS = Number.MAX_SAFE_INTEGER;

function destinationOk(d) {
  if (d == null) return true;
  const ids = d.destination_ids;
  if (d.destination_type === 'smart_list') return d.destination_id !== undefined && d.selection === undefined && ids === undefined;
  if (d.destination_type === 'remove_from_smart_list') {
    return d.destination_id === undefined
      && ((d.selection === 'selected' && Array.isArray(ids) && ids.length > 0)
        || (d.selection === 'all' && (ids === undefined || ids.length === 0)));
  }
  return d.destination_id === undefined && d.selection === undefined && ids === undefined;
}

function peers() {
  const out = [];
  out.push(['`JSON.parse` alone', (b) => JSON.parse(b.toString())]);

  // ajv, compiled, with ajv-formats (format uuid).
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ allErrors: false });
  addFormats(ajv);
  const u = { type: 'string', format: 'uuid', pattern: UUID };
  const schema = {
    type: 'object',
    required: ['timestamp', 'scope', 'outcome', 'call'],
    properties: {
      timestamp: { type: 'integer', minimum: 0, maximum: MAX_TS },
      scope: { type: 'object', required: ['subaccount_id', 'organization_id'], properties: { subaccount_id: u, organization_id: u } },
      outcome: {
        type: 'object', required: ['outcome_id', 'outcome_name', 'outcome_type'],
        properties: { outcome_id: u, outcome_name: { type: 'string', minLength: 1, maxLength: 120 }, outcome_type: { enum: ['action', 'disposition'] } },
      },
      call: {
        type: 'object', required: ['call_id', 'phone_number', 'contact_id'],
        properties: { call_id: u, phone_number: { type: 'string', pattern: PHONE }, contact_id: u },
      },
      destination: {
        oneOf: [
          { type: 'null' },
          { type: 'object', required: ['destination_type'], properties: { destination_type: { const: 'none' } }, not: { anyOf: [{ required: ['destination_id'] }, { required: ['selection'] }, { required: ['destination_ids'] }] } },
          { type: 'object', required: ['destination_type', 'destination_id'], properties: { destination_type: { const: 'smart_list' }, destination_id: u }, not: { anyOf: [{ required: ['selection'] }, { required: ['destination_ids'] }] } },
          { type: 'object', required: ['destination_type', 'selection', 'destination_ids'], properties: { destination_type: { const: 'remove_from_smart_list' }, selection: { const: 'selected' }, destination_ids: { type: 'array', items: u, minItems: 1 } }, not: { required: ['destination_id'] } },
          { type: 'object', required: ['destination_type', 'selection'], properties: { destination_type: { const: 'remove_from_smart_list' }, selection: { const: 'all' }, destination_ids: { type: 'array', maxItems: 0 } }, not: { required: ['destination_id'] } },
        ],
      },
      error_message: { type: ['string', 'null'] },
    },
  };
  const validateAjv = ajv.compile(schema);
  out.push(['`JSON.parse` + ajv (compiled, formats)', (b) => {
    const v = JSON.parse(b.toString());
    if (!validateAjv(v)) throw new Error('ajv');
    return v;
  }]);

  // typebox, compiled.
  const { Type } = require('@sinclair/typebox');
  const { TypeCompiler } = require('@sinclair/typebox/compiler');
  const TU = Type.String({ pattern: UUID });
  const T = Type.Object({
    timestamp: Type.Integer({ minimum: 0, maximum: MAX_TS }),
    scope: Type.Object({ subaccount_id: TU, organization_id: TU }),
    outcome: Type.Object({ outcome_id: TU, outcome_name: Type.String({ minLength: 1, maxLength: 120 }), outcome_type: Type.Union([Type.Literal('action'), Type.Literal('disposition')]) }),
    call: Type.Object({ call_id: TU, phone_number: Type.String({ pattern: PHONE }), contact_id: TU }),
    destination: Type.Optional(Type.Union([Type.Null(), Type.Object({
      destination_type: Type.Union([Type.Literal('none'), Type.Literal('smart_list'), Type.Literal('remove_from_smart_list')]),
      destination_id: Type.Optional(TU),
      selection: Type.Optional(Type.Union([Type.Literal('selected'), Type.Literal('all')])),
      destination_ids: Type.Optional(Type.Array(TU)),
    })])),
    error_message: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  });
  const checkT = TypeCompiler.Compile(T);
  out.push(['`JSON.parse` + typebox compiled', (b) => {
    const v = JSON.parse(b.toString());
    if (!checkT.Check(v) || !destinationOk(v.destination)) throw new Error('typebox');
    return v;
  }]);

  // zod 4.
  const { z } = require('zod');
  const zu = z.string().regex(new RegExp(UUID));
  const Z = z.object({
    timestamp: z.number().int().min(0).max(MAX_TS),
    scope: z.object({ subaccount_id: zu, organization_id: zu }),
    outcome: z.object({ outcome_id: zu, outcome_name: z.string().min(1).max(120), outcome_type: z.enum(['action', 'disposition']) }),
    call: z.object({ call_id: zu, phone_number: z.string().regex(new RegExp(PHONE)), contact_id: zu }),
    destination: z.object({
      destination_type: z.enum(['none', 'smart_list', 'remove_from_smart_list']),
      destination_id: zu.optional(),
      selection: z.enum(['selected', 'all']).optional(),
      destination_ids: z.array(zu).optional(),
    }).nullish().refine(destinationOk),
    error_message: z.string().nullish(),
  });
  out.push(['zod 4 (`JSON.parse` + `parse`)', (b) => Z.parse(JSON.parse(b.toString()))]);

  out.push(['**validate**', (b) => sw.validate(b)]);
  out.push(['**parse** (plain object)', (b) => sw.parse(b)]);
  out.push(['**parse**, strict', (b) => sw.parse(b, { strict: true })]);
  return out;
}

function wrongOfTen(check) {
  let wrong = 0;
  for (const { input, expected } of tenCases()) {
    let accepted;
    try {
      check(input);
      accepted = true;
    } catch {
      accepted = false;
    }
    if (accepted !== (expected === null)) wrong += 1;
  }
  return wrong;
}

// CPU time of this process (user + system), in ns: time the scheduler gives
// to other jobs on a shared machine is not counted.
function cpuNs() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const body = compact(fixture('webhook-page-ms.json'));
if (body.length !== 528) throw new Error(`payload is ${body.length} bytes`);
let sink;
const checks = peers();
for (const [, check] of checks) {
  check(body); // must accept the valid payload
  for (let i = 0; i < number; i++) sink = check(body); // warm-up (JIT tiers)
}
// Round robin: each run times every peer once, so a busy spell of the
// machine falls on all of them alike.
const per = checks.map(() => []);
for (let r = 0; r < repeat; r++) {
  checks.forEach(([, check], k) => {
    const t = cpuNs();
    for (let i = 0; i < number; i++) sink = check(body);
    per[k].push((cpuNs() - t) / number / 1000);
  });
}
const rows = checks.map(([name, check], k) => ({
  name, med: median(per[k]), lo: Math.min(...per[k]), hi: Math.max(...per[k]), wrong: wrongOfTen(check),
}));
void sink;
const base = rows[0].med;
console.log(`Node ${process.version}, ${os.arch()}; 528-byte payload; median of ${repeat} runs of ${number} checks (process CPU time); sailor_webhook.wasm ${require('node:fs').statSync(sw.wasmPath).size} bytes`);
console.log('');
console.log('| Node | µs per check (median) | × `JSON.parse` | wrong of 10 |');
console.log('|---|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.med.toFixed(2)} (${r.lo.toFixed(2)}–${r.hi.toFixed(2)}) | ${(r.med / base).toFixed(3)} | ${r.wrong} |`);
}
