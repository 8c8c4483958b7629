// Every failure of a Pakasir call surfaces as one error type, so callers decide
// on `retryable` and `status` instead of parsing messages.

export type PakasirErrorKind = 'http' | 'timeout' | 'network' | 'invalid_response' | 'invalid_request';

export interface PakasirErrorInit {
  kind: PakasirErrorKind;
  message: string;
  status?: number | null;
  retryable?: boolean;
  body?: unknown;
  attempts?: number;
  cause?: unknown;
}

/** Statuses worth retrying: rate limiting and upstream/gateway hiccups. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export class PakasirError extends Error {
  override readonly name = 'PakasirError';
  readonly kind: PakasirErrorKind;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  readonly retryable: boolean;
  /** Parsed JSON (or raw text) of the error response, when there was one. */
  readonly body: unknown;
  /** How many attempts were made before giving up. */
  readonly attempts: number;

  constructor(init: PakasirErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.retryable = init.retryable ?? false;
    this.body = init.body;
    this.attempts = init.attempts ?? 1;
  }
}

export function isPakasirError(error: unknown): error is PakasirError {
  return error instanceof PakasirError;
}

/** Reads a human message from an error body: JSON `message`, then `error`, then text. */
export function messageFromBody(body: unknown, fallback: string): string {
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 300);
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  return fallback;
}
