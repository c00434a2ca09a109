import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Api, OutcomeEvent, Options, SailorWebhookError as ErrorClass } from './lib/core';

export type { OutcomeEvent, Options, Bytes, Api } from './lib/core';
export { SailorWebhookError, fromInstance, fromModule, idempotencyKey } from './lib/core';

export declare const validate: Api['validate'];
export declare const isValid: Api['isValid'];
export declare const parse: Api['parse'];
export declare const checkHeaders: Api['checkHeaders'];
export declare const tooLarge: Api['tooLarge'];
/** The path of sailor_webhook.wasm in this package. */
export declare const wasmPath: string;

export interface ReceiverOptions {
  /** Stores (or enqueues) a valid event; the 2xx goes out only after it resolves.
   * A rejection answers 503 `store_failed`. */
  store(event: OutcomeEvent, rawBody: Buffer, idempotencyKey: string): Promise<unknown>;
  /** Body limit in bytes (413 above it). Default 65536. */
  limit?: number;
  /** Reject unknown members and timestamps in seconds. */
  strict?: boolean;
  /** The 2xx status of an accepted delivery. Default 204. */
  status?: number;
  /** Called when `store` rejects, before the 503. */
  onStoreError?(err: unknown, req: IncomingMessage, res: ServerResponse): void;
}

export interface SailorWebhookRequest extends IncomingMessage {
  /** Set on a valid delivery before `store` runs. */
  sailorWebhook?: { event: OutcomeEvent; rawBody: Buffer; idempotencyKey: string };
}

/** Express / node:http middleware: 405, 415, 413, 400 as `receive::decide`
 * answers, `store`, then 204 with an `Idempotency-Key` header. Mount it with
 * `app.use(path, sailorWebhook({ store }))` so that every method reaches it. */
export declare function sailorWebhook(
  options: ReceiverOptions,
): (req: SailorWebhookRequest, res: ServerResponse, next?: (err?: unknown) => void) => Promise<void>;

declare const _default: Api & {
  sailorWebhook: typeof sailorWebhook;
  idempotencyKey(event: OutcomeEvent): string;
  SailorWebhookError: typeof ErrorClass;
  wasmPath: string;
};
export default _default;
