'use strict';
// The middleware against a real Express app on loopback.
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const express = require('express');
const sw = require('..');
const { fixture, invalidRows } = require('./shared.js');

const PATH = '/sailor/outcomes';

async function withServer(options, fn) {
  const app = express();
  app.use(PATH, sw.sailorWebhook(options));
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    return await fn(`http://127.0.0.1:${server.address().port}${PATH}`, server.address().port);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function post(url, body, contentType = 'application/json') {
  return fetch(url, { method: 'POST', headers: contentType ? { 'Content-Type': contentType } : {}, body });
}

/** A request by node:http, with a chunked body (no Content-Length). */
function postChunked(port, chunks) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: PATH, method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

test('2xx only after store resolves, with the event, the raw body and the key', async () => {
  const body = fixture('webhook-page-ms.json');
  const log = [];
  let release;
  const stored = [];
  const store = (event, rawBody, key) => {
    log.push('store called');
    stored.push({ event, rawBody, key });
    return new Promise((resolve) => {
      release = () => {
        log.push('store resolved');
        resolve();
      };
    });
  };
  await withServer({ store }, async (url) => {
    const pending = post(url, body).then((res) => {
      log.push(`response ${res.status}`);
      return res;
    });
    while (!release) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(log, ['store called']);
    release();
    const res = await pending;
    assert.deepEqual(log, ['store called', 'store resolved', 'response 204']);
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('idempotency-key'), sw.idempotencyKey(sw.parse(body)));
  });
  assert.equal(stored.length, 1);
  assert.deepEqual(stored[0].event, sw.parse(body));
  assert.ok(Buffer.isBuffer(stored[0].rawBody) && stored[0].rawBody.equals(body));
  const raw = JSON.parse(body);
  assert.equal(stored[0].key, `${raw.call.call_id}:${raw.outcome.outcome_id}`);
});

test('a redelivery passes the same idempotency key', async () => {
  const keys = [];
  const store = async (event, rawBody, key) => { keys.push(key); };
  const body = fixture('remove-selected.json');
  await withServer({ store }, async (url) => {
    assert.equal((await post(url, body)).status, 204);
    // The same event re-sent in another layout (Sailor's retry need not be byte-identical).
    const again = Buffer.from(JSON.stringify(JSON.parse(body)));
    assert.equal((await post(url, again)).status, 204);
  });
  const event = JSON.parse(body);
  assert.deepEqual(keys, Array(2).fill(`${event.call.call_id}:${event.outcome.outcome_id}`));
});

test('400 with the exact error for invalid bodies; nothing stored', async () => {
  let calls = 0;
  const store = async () => { calls += 1; };
  const rows = invalidRows().filter((r) => !r.strict && !r.owned_only && r.code !== 'input_too_large');
  await withServer({ store }, async (url) => {
    for (const row of rows) {
      const res = await post(url, row.input);
      assert.equal(res.status, 400, row.name);
      assert.equal(res.headers.get('content-type'), 'application/json');
      const { error } = await res.json();
      assert.deepEqual({ code: error.code, path: error.path, offset: error.offset },
        { code: row.code, path: row.path, offset: row.offset }, row.name);
      assert.equal(typeof error.message, 'string');
    }
  });
  assert.equal(calls, 0);
  assert.ok(rows.length > 150);
});

test('strict mode: 400 unknown_member', async () => {
  const row = invalidRows().find((r) => r.name === 'strict: unknown top-level member');
  await withServer({ store: async () => {}, strict: true }, async (url) => {
    const res = await post(url, row.input);
    assert.equal(res.status, 400);
    assert.deepEqual((await res.json()).error.code, row.code);
  });
  await withServer({ store: async () => {} }, async (url) => {
    assert.equal((await post(url, row.input)).status, 204);
  });
});

test('413 above the limit, by Content-Length and by a chunked body', async () => {
  let calls = 0;
  const store = async () => { calls += 1; };
  const body = fixture('webhook-page-ms.json');
  const limit = body.length - 1;
  await withServer({ store, limit }, async (url, port) => {
    const res = await post(url, body);
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { error: { code: 'input_too_large', path: '$', offset: limit, message: 'input too large' } });
    const chunked = await postChunked(port, [body.subarray(0, 300), body.subarray(300)]);
    assert.equal(chunked.status, 413);
    assert.equal(JSON.parse(chunked.body).error.offset, limit);
  });
  // At the limit exactly: accepted (chunked too).
  await withServer({ store, limit: body.length }, async (url, port) => {
    assert.equal((await post(url, body)).status, 204);
    assert.equal((await postChunked(port, [body.subarray(0, 300), body.subarray(300)])).status, 204);
  });
  assert.equal(calls, 2);
});

test('415 without a JSON content type, 405 for other methods', async () => {
  let calls = 0;
  const store = async () => { calls += 1; };
  const body = fixture('webhook-page-ms.json');
  await withServer({ store }, async (url) => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) {
      const res = await post(url, body, ct);
      assert.equal(res.status, 415, ct);
      assert.equal((await res.json()).error.code, 'unsupported_media_type');
    }
    const none = await fetch(url, { method: 'POST', body: new Uint8Array(body) });
    assert.equal(none.status, 415);
    assert.equal((await post(url, body, 'Application/JSON; charset=UTF-8')).status, 204);
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(url, method === 'GET' ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'POST');
      assert.equal((await res.json()).error.code, 'method_not_allowed');
    }
  });
  assert.equal(calls, 1);
});

test('503 store_failed when store rejects', async () => {
  const store = async () => { throw new Error('database is locked'); };
  await withServer({ store }, async (url) => {
    const res = await post(url, fixture('webhook-page-ms.json'));
    assert.equal(res.status, 503);
    assert.deepEqual((await res.json()).error, { code: 'store_failed', path: '$', offset: 0, message: 'database is locked' });
  });
});

test('works after express.raw, reading req.body', async () => {
  const app = express();
  const seen = [];
  app.use(PATH, express.raw({ type: 'application/json', limit: '1mb' }),
    sw.sailorWebhook({ store: async (event, raw, key) => { seen.push(key); } }));
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  try {
    const url = `http://127.0.0.1:${server.address().port}${PATH}`;
    assert.equal((await post(url, fixture('webhook-page-ms.json'))).status, 204);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  assert.equal(seen.length, 1);
});

test('after express.json() the raw body is gone: an error, not a hang', async () => {
  const app = express();
  let stored = 0;
  const errors = [];
  app.use(express.json());
  app.use(PATH, sw.sailorWebhook({ store: async () => { stored += 1; } }));
  app.use((err, req, res, next) => { // eslint-disable-line no-unused-vars
    errors.push(err.message);
    res.status(500).end();
  });
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  try {
    const url = `http://127.0.0.1:${server.address().port}${PATH}`;
    assert.equal((await post(url, fixture('webhook-page-ms.json'))).status, 500);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  assert.equal(stored, 0);
  assert.deepEqual(errors, ['sailorWebhook needs the raw body: mount it before express.json() (or after express.raw())']);
});
