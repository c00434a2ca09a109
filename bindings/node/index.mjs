// ES module entry (Node): the same API as index.js.
import sw from './index.js';

export const {
  validate, isValid, parse, checkHeaders, tooLarge, idempotencyKey,
  SailorWebhookError, sailorWebhook, fromModule, fromInstance, wasmPath,
} = sw;
export default sw;
