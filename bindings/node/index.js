'use strict';
// Node entry: loads sailor_webhook.wasm next to this file, synchronously.
const fs = require('node:fs');
const path = require('node:path');
const core = require('./lib/core.js');

const wasmPath = path.join(__dirname, 'sailor_webhook.wasm');
const api = core.fromModule(new WebAssembly.Module(fs.readFileSync(wasmPath)));

/** The Express / node:http receiver middleware (see lib/express.js). */
function sailorWebhook(options) {
  return require('./lib/express.js').sailorWebhook(options, module.exports);
}

module.exports = {
  sailorWebhook,
  validate: api.validate,
  isValid: api.isValid,
  parse: api.parse,
  checkHeaders: api.checkHeaders,
  tooLarge: api.tooLarge,
  idempotencyKey: core.idempotencyKey,
  SailorWebhookError: core.SailorWebhookError,
  fromModule: core.fromModule,
  fromInstance: core.fromInstance,
  wasmPath,
};
