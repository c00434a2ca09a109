'use strict';
// The README's "From Node" example runs as written, against a real Express
// app on loopback, with a stand-in `db`.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const express = require('express');
const sw = require('..');
const { ROOT, fixture } = require('./shared.js');

function section(title) {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf(`\n### ${title}\n`);
  assert.ok(start >= 0, title);
  const rest = text.slice(start + 1);
  const end = rest.search(/\n##+ /);
  return end >= 0 ? rest.slice(0, end) : rest;
}

test('the README example runs, and its middleware stores a delivery', async () => {
  const sec = section('From Node');
  assert.ok(sec.includes('npm install ./bindings/node/sailor-webhook-0.1.0.tgz'));
  const blocks = [...sec.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(blocks.length, 1);
  const code = blocks[0];
  assert.equal(code.trimEnd().split('\n').length, 5);
  const app = express();
  const inserted = [];
  const db = { insert: async (key, raw) => { inserted.push([key, raw]); } };
  const requireShim = (name) => (name === 'sailor-webhook' ? sw : require(name));
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    new Function('require', 'fs', 'assert', 'app', 'db', code)(requireShim, fs, assert, app, db);
  } finally {
    process.chdir(cwd);
  }
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  try {
    const body = fixture('webhook-page-ms.json');
    const res = await fetch(`http://127.0.0.1:${server.address().port}/sailor/outcomes`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(res.status, 204);
    const raw = JSON.parse(body);
    assert.deepEqual(inserted, [[`${raw.call.call_id}:${raw.outcome.outcome_id}`, body]]);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
