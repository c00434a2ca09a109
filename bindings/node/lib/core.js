'use strict';
// The loader of sailor_webhook.wasm: raw exports, no wasm-bindgen. It runs
// wherever WebAssembly does (Node, Deno, Bun, Cloudflare Workers, Vercel
// Edge): `fromInstance` takes an instantiated module; `index.js` is the
// Node entry that reads the file. The protocol is documented in
// wasm/src/lib.rs.

/** A rejected payload or request: `code`, `path`, `offset` (and `status`
 * for the receiver's answer: 400, 405, 413 or 415). */
class SailorWebhookError extends Error {
  constructor(code, path, offset, message, status = 400) {
    super(`${code} at ${path} (byte ${offset}): ${message}`);
    this.name = 'SailorWebhookError';
    this.code = code;
    this.path = path;
    this.offset = offset;
    this.status = status;
    this.detail = message;
  }

  /** The receiver's error body: `{error: {code, path, offset, message}}`. */
  toJSON() {
    return { error: { code: this.code, path: this.path, offset: this.offset, message: this.detail } };
  }
}

const DEFAULT = 0xffffffff;
const KINDS = ['none', 'smart_list', 'remove_from_smart_list', 'remove_from_smart_list'];

function fromInstance(instance) {
  const x = instance.exports;
  const memory = x.memory;
  let u8 = new Uint8Array(memory.buffer);
  let dv = new DataView(memory.buffer);
  // Node: a Buffer over the memory decodes fastest; elsewhere TextDecoder.
  const NodeBuffer = typeof Buffer === 'function' ? Buffer : null;
  let nb = NodeBuffer ? NodeBuffer.from(memory.buffer) : null;
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();

  function refresh() {
    // A grown memory detaches the old buffer (byteLength 0): cheaper to test
    // than reading memory.buffer on every call.
    if (u8.byteLength === 0) {
      u8 = new Uint8Array(memory.buffer);
      dv = new DataView(memory.buffer);
      if (NodeBuffer) nb = NodeBuffer.from(memory.buffer);
    }
  }

  function utf8(start, end) {
    return nb ? nb.toString('utf8', start, end) : decoder.decode(u8.subarray(start, end));
  }

  function ascii(start, end) {
    return nb ? nb.toString('latin1', start, end) : decoder.decode(u8.subarray(start, end));
  }

  let inPtr = x.sw_input(0);
  let inCap = 0;

  function copyIn(buf) {
    if (!(buf instanceof Uint8Array)) {
      if (buf instanceof ArrayBuffer) buf = new Uint8Array(buf);
      else if (ArrayBuffer.isView(buf)) buf = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      else throw new TypeError('expected the raw body as a Uint8Array or Buffer' +
        (typeof buf === 'string' ? ', not a string' : ''));
    }
    const len = buf.length;
    // The input buffer only grows, and stays put until it does.
    if (len > inCap) {
      inPtr = x.sw_input(len);
      inCap = len;
    }
    refresh();
    u8.set(buf, inPtr);
    return len;
  }

  function lastError(status = 400) {
    refresh();
    const p = x.sw_error();
    const offset = dv.getUint32(p, true);
    const cl = dv.getUint32(p + 4, true);
    const pl = dv.getUint32(p + 8, true);
    const ml = dv.getUint32(p + 12, true);
    const t = p + 16;
    return new SailorWebhookError(ascii(t, t + cl), ascii(t + cl, t + cl + pl),
      offset, ascii(t + cl + pl, t + cl + pl + ml), status);
  }

  function call(fn, buf, o) {
    const len = copyIn(buf);
    if (o === undefined) return fn(len, 0, DEFAULT, DEFAULT, DEFAULT, -1, 0);
    return fn(len, o.strict ? 1 : 0,
      o.maxInputBytes ?? DEFAULT, o.maxDepth ?? DEFAULT, o.maxStringBytes ?? DEFAULT,
      o.nowMs ?? -1, o.toleranceMs ?? 300000);
  }

  /** Checks a payload; throws SailorWebhookError if it is invalid. */
  function validate(buf, options) {
    if (call(x.sw_validate, buf, options) === 0) throw lastError();
  }

  /** Whether a payload is valid (no exception). */
  function isValid(buf, options) {
    return call(x.sw_validate, buf, options) !== 0;
  }

  /** Parses and validates a payload into a plain object with the payload's
   * field names, in canonical form; throws SailorWebhookError. */
  function parse(buf, options) {
    const p = call(x.sw_parse, buf, options);
    if (p === 0) throw lastError();
    refresh();
    const flags = dv.getUint32(p + 8, true);
    const ids = dv.getUint32(p + 12, true);
    const nameLen = dv.getUint32(p + 16, true);
    const msgLen = dv.getUint32(p + 20, true);
    const phoneLen = dv.getUint32(p + 24, true);
    const textLen = dv.getUint32(p + 28, true);
    const s = utf8(p + 32, p + 32 + textLen);
    const kind = (flags >> 2) & 3;
    let at = 180;
    let destination;
    if (kind === 0) {
      destination = { destination_type: 'none' };
    } else if (kind === 1) {
      destination = { destination_type: 'smart_list', destination_id: s.slice(180, 216) };
      at = 216;
    } else if (kind === 2) {
      destination = { destination_type: 'remove_from_smart_list', selection: 'all' };
    } else {
      const list = new Array(ids);
      for (let i = 0; i < ids; i++) list[i] = s.slice(at + 36 * i, at + 36 * i + 36);
      at += 36 * ids;
      destination = { destination_type: KINDS[kind], selection: 'selected', destination_ids: list };
    }
    const phoneEnd = at + phoneLen;
    const nameEnd = phoneEnd + nameLen;
    return {
      timestamp: dv.getFloat64(p, true),
      scope: { subaccount_id: s.slice(0, 36), organization_id: s.slice(36, 72) },
      outcome: {
        outcome_id: s.slice(72, 108),
        outcome_name: s.slice(phoneEnd, nameEnd),
        outcome_type: flags & 2 ? 'disposition' : 'action',
      },
      call: {
        call_id: s.slice(108, 144),
        phone_number: s.slice(at, phoneEnd),
        contact_id: s.slice(144, 180),
      },
      destination,
      error_message: s.slice(nameEnd, nameEnd + msgLen),
    };
  }

  /** `receive::check_headers`: null to go on, else the SailorWebhookError
   * (status 405 or 415). */
  function checkHeaders(method, contentType) {
    const m = encoder.encode(String(method));
    const c = contentType == null ? null : encoder.encode(String(contentType));
    const len = m.length + (c ? c.length : 0);
    if (len > inCap) {
      inPtr = x.sw_input(len);
      inCap = len;
    }
    const ptr = inPtr;
    refresh();
    u8.set(m, ptr);
    if (c) u8.set(c, ptr + m.length);
    const status = x.sw_check_headers(m.length, c ? c.length : -1);
    return status === 0 ? null : lastError(status);
  }

  /** The 413 error of a body over `limit` bytes (`Rejection::too_large`). */
  function tooLarge(limit) {
    const status = x.sw_too_large(limit);
    return lastError(status);
  }

  return { validate, isValid, parse, checkHeaders, tooLarge, SailorWebhookError };
}

/** The receiver's idempotency key of a parsed event: `call_id:outcome_id`. */
function idempotencyKey(event) {
  return `${event.call.call_id}:${event.outcome.outcome_id}`;
}

/** The API from a compiled `WebAssembly.Module` (edge runtimes import the
 * .wasm file as a module). */
function fromModule(module) {
  return fromInstance(new WebAssembly.Instance(module, {}));
}

module.exports = { fromInstance, fromModule, idempotencyKey, SailorWebhookError };
