'use strict';
// An Express (or plain node:http) middleware: the docs' minimal receiver,
// done right. It answers as the core's receive::decide does, stores through
// the user's async `store`, and answers 2xx only after `store` resolved.

const DEFAULT_LIMIT = 64 * 1024;

function sendError(res, err, extraHeaders) {
  const body = JSON.stringify(err.toJSON());
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...extraHeaders };
  res.writeHead(err.status, headers);
  res.end(body);
}

/** Reads the raw body, at most `limit` bytes. Resolves to a Buffer, or to
 * null when the body is over the limit (reading stops there). */
function readBody(req, limit) {
  if (req._body && !Buffer.isBuffer(req.body)) {
    // express.json() or another parser consumed the stream: the raw bytes are gone.
    return Promise.reject(new Error('sailorWebhook needs the raw body: mount it before express.json() (or after express.raw())'));
  }
  if (Buffer.isBuffer(req.body)) {
    // A body parser (express.raw) already read it.
    return Promise.resolve(req.body.length > limit ? null : req.body);
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      resolve(value);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onError = (e) => {
      if (!done) {
        done = true;
        reject(e);
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * The receiver middleware.
 *
 * @param {object} options
 * @param {(event: object, rawBody: Buffer, idempotencyKey: string) => Promise<unknown>} options.store
 *   Called for each valid delivery; the 2xx goes out only after it resolves.
 *   A rejection answers 503 `store_failed`, so Sailor retries.
 * @param {number} [options.limit=65536] Body size limit in bytes (413 above it).
 * @param {boolean} [options.strict=false] Reject unknown members and seconds timestamps.
 * @param {number} [options.status=204] The 2xx status of an accepted delivery.
 * @param {(err: Error, req, res) => void} [options.onStoreError] Called when `store` rejects.
 * @param {object} api The package API (index.js); defaults to the Node build.
 */
function createMiddleware(options, api) {
  const { store, limit = DEFAULT_LIMIT, strict = false, status = 204, onStoreError } = options || {};
  if (typeof store !== 'function') throw new TypeError('sailorWebhook({ store }) needs an async store(event, rawBody, idempotencyKey)');
  const sw = api || require('../index.js');
  const parseOptions = { strict, maxInputBytes: limit };

  return async function sailorWebhook(req, res, next) {
    const headerError = sw.checkHeaders(req.method, req.headers['content-type']);
    if (headerError) {
      sendError(res, headerError, headerError.status === 405 ? { Allow: 'POST' } : undefined);
      return;
    }
    let body;
    try {
      body = await readBody(req, limit);
    } catch (e) {
      if (next) next(e);
      else res.destroy(e);
      return;
    }
    if (body === null) {
      // Not read past the limit: close the connection instead of draining it.
      sendError(res, sw.tooLarge(limit), { Connection: 'close' });
      return;
    }
    let event;
    try {
      event = sw.parse(body, parseOptions);
    } catch (e) {
      if (e instanceof sw.SailorWebhookError) {
        sendError(res, e);
        return;
      }
      throw e;
    }
    const idempotencyKey = sw.idempotencyKey(event);
    req.sailorWebhook = { event, rawBody: body, idempotencyKey };
    try {
      await store(event, body, idempotencyKey);
    } catch (e) {
      if (onStoreError) onStoreError(e, req, res);
      const err = { code: 'store_failed', path: '$', offset: 0, message: String((e && e.message) || e) };
      const text = JSON.stringify({ error: err });
      res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Retry-After': '1' });
      res.end(text);
      return;
    }
    res.writeHead(status, { 'Idempotency-Key': idempotencyKey });
    res.end();
  };
}

module.exports = { sailorWebhook: createMiddleware, readBody, DEFAULT_LIMIT };
