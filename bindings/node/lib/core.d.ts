/** The canonical event: the payload's field names, lowercase UUIDs,
 * `timestamp` in milliseconds, `destination` always present. */
export interface OutcomeEvent {
  timestamp: number;
  scope: { subaccount_id: string; organization_id: string };
  outcome: { outcome_id: string; outcome_name: string; outcome_type: 'action' | 'disposition' };
  call: { call_id: string; phone_number: string; contact_id: string };
  destination:
    | { destination_type: 'none' }
    | { destination_type: 'smart_list'; destination_id: string }
    | { destination_type: 'remove_from_smart_list'; selection: 'all' }
    | { destination_type: 'remove_from_smart_list'; selection: 'selected'; destination_ids: string[] };
  /** `""` when absent or `null`; never truncated. */
  error_message: string;
}

export interface Options {
  /** Reject unknown members and timestamps in seconds. */
  strict?: boolean;
  /** Default 65536. */
  maxInputBytes?: number;
  /** Default 32, at most 64. */
  maxDepth?: number;
  /** Default 16384 (raw bytes of any one string). */
  maxStringBytes?: number;
  /** With `toleranceMs` (default 300000): reject stale and future events. */
  nowMs?: number;
  toleranceMs?: number;
}

/** A rejected payload or request. `message` is the core's stable text,
 * e.g. `invalid_uuid at call.call_id (byte 345): invalid UUID`. */
export class SailorWebhookError extends Error {
  /** Stable snake_case code, e.g. `invalid_uuid`, `duplicate_key`. */
  readonly code: string;
  /** `call.call_id`, `destination.destination_ids[2]`, `*` / `call.*` for an unknown member, `$` for the top level. */
  readonly path: string;
  /** Byte offset in the input. */
  readonly offset: number;
  /** The HTTP status a receiver answers: 400, 405, 413 or 415. */
  readonly status: number;
  /** The kind's short description, e.g. `invalid UUID`. */
  readonly detail: string;
  /** `{ error: { code, path, offset, message } }` */
  toJSON(): { error: { code: string; path: string; offset: number; message: string } };
}

export type Bytes = Uint8Array | ArrayBuffer | DataView;

export interface Api {
  /** Throws SailorWebhookError if the payload is invalid. */
  validate(buf: Bytes, options?: Options): void;
  /** Whether the payload is valid, without an exception. */
  isValid(buf: Bytes, options?: Options): boolean;
  /** Parses and validates; throws SailorWebhookError. */
  parse(buf: Bytes, options?: Options): OutcomeEvent;
  /** `receive::check_headers`: null, or the 405 / 415 error. */
  checkHeaders(method: string, contentType: string | null | undefined): SailorWebhookError | null;
  /** The 413 error for a body over `limit` bytes. */
  tooLarge(limit: number): SailorWebhookError;
  SailorWebhookError: typeof SailorWebhookError;
}

/** The API from an instantiated sailor_webhook.wasm. */
export function fromInstance(instance: WebAssembly.Instance): Api;
/** The API from a compiled sailor_webhook.wasm (edge runtimes). */
export function fromModule(module: WebAssembly.Module): Api;
/** `call_id:outcome_id`: the receiver's deduplication key. */
export function idempotencyKey(event: OutcomeEvent): string;
