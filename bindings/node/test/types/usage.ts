// Compiled by test/types.test.js (tsc --noEmit): the declarations describe
// the API, and wrong uses are errors.
import express = require('express');
import sw = require('../..');
import core = require('../../lib/core');

const body: Buffer = Buffer.from('{}');
sw.validate(body);
sw.validate(new Uint8Array(body), { strict: true, maxInputBytes: 1024, nowMs: Date.now(), toleranceMs: 1000 });
const ok: boolean = sw.isValid(body);
const event: sw.OutcomeEvent = sw.parse(body, { strict: false });
const name: string = event.outcome.outcome_name;
const kind: 'action' | 'disposition' = event.outcome.outcome_type;
const ts: number = event.timestamp;
if (event.destination.destination_type === 'remove_from_smart_list' && event.destination.selection === 'selected') {
  const ids: string[] = event.destination.destination_ids;
  void ids;
}
const key: string = sw.idempotencyKey(event);
try {
  sw.validate(body);
} catch (e) {
  if (e instanceof sw.SailorWebhookError) {
    const parts: [string, string, number, number] = [e.code, e.path, e.offset, e.status];
    void parts;
  }
}
const header: sw.SailorWebhookError | null = sw.checkHeaders('POST', 'application/json');
const big: sw.SailorWebhookError = sw.tooLarge(10);
const api: core.Api = core.fromModule(new WebAssembly.Module(new Uint8Array()));
const app = express();
app.use('/sailor/outcomes', sw.sailorWebhook({
  limit: 1024,
  strict: true,
  store: async (e: sw.OutcomeEvent, raw: Buffer, k: string) => { void e; void raw; void k; },
}));

// @ts-expect-error a string is not bytes
sw.validate('{}');
// @ts-expect-error unknown option
sw.parse(body, { strictt: true });
// @ts-expect-error store is required
sw.sailorWebhook({ limit: 10 });
// @ts-expect-error no such field
void event.call.phone;

void [ok, name, kind, ts, key, header, big, api];
