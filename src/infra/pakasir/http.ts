// The single HTTP path to Pakasir: per-attempt timeout, typed errors, and a bounded
// number of retries with exponential backoff that honour Retry-After (at most
// `retries` extra attempts; a Retry-After beyond `maxRetryAfterMs` is not waited for).
// The caller's signal stops the call and its retries. Retrying is safe because create
// is find-or-create on the gateway and status/cancel are idempotent.
import { messageFromBody, PakasirError, RETRYABLE_STATUSES } from './errors.ts';
import type { PakasirLogger } from './types.ts';

export interface HttpSettings {
  baseUrl: string;
  timeoutMs: number;
  /** Extra attempts after the first one. */
  retries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs: number;
  headers: Record<string, string>;
  logger: PakasirLogger | undefined;
}

export interface PakasirRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Names the call in logs; never contains secrets (v1 puts the api key in the query). */
  label: string;
  /** Aborts the call and any retry still to come. */
  signal?: AbortSignal | undefined;
}

export async function requestJson(settings: HttpSettings, request: PakasirRequest): Promise<unknown> {
  const maxAttempts = settings.retries + 1;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(settings, request, attempt);
    if (outcome.ok) return outcome.body;
    const { error, retryAfterMs } = outcome;
    const delayMs = retryAfterMs ?? backoffDelay(settings, attempt);
    const giveUp =
      !error.retryable ||
      request.signal?.aborted === true ||
      attempt >= maxAttempts ||
      (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs);
    if (giveUp) throw error;
    settings.logger?.warn(
      { gatewayFailure: true, call: request.label, attempt, status: error.status, kind: error.kind, delayMs },
      'pakasir call failed, retrying',
    );
    await sleep(delayMs, request.signal);
  }
}

type AttemptOutcome = { ok: true; body: unknown } | { ok: false; error: PakasirError; retryAfterMs?: number };

async function attemptOnce(
  settings: HttpSettings,
  request: PakasirRequest,
  attempt: number,
): Promise<AttemptOutcome> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(buildUrl(settings.baseUrl, request), {
      method: request.method,
      headers: requestHeaders(settings, request),
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: attemptSignal(settings, request),
    });
    text = await response.text();
  } catch (cause) {
    return { ok: false, error: transportError(settings, request, attempt, cause) };
  }
  settings.logger?.debug({ call: request.label, attempt, status: response.status }, 'pakasir call answered');
  const body = parseBody(text);
  if (!response.ok) return httpFailure(request, attempt, response, body);
  if (body.json === undefined) {
    const error = new PakasirError({
      kind: 'invalid_response',
      message: `${request.label}: response is not JSON`,
      status: response.status,
      body: text.slice(0, 500),
      attempts: attempt,
    });
    return { ok: false, error };
  }
  return { ok: true, body: body.json };
}

function httpFailure(
  request: PakasirRequest,
  attempt: number,
  response: Response,
  body: ParsedBody,
): AttemptOutcome {
  const payload = body.json ?? body.text;
  const error = new PakasirError({
    kind: 'http',
    message: `${request.label}: ${messageFromBody(payload, `HTTP ${response.status}`)}`,
    status: response.status,
    retryable: RETRYABLE_STATUSES.has(response.status),
    body: payload,
    attempts: attempt,
  });
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return retryAfterMs === undefined ? { ok: false, error } : { ok: false, error, retryAfterMs };
}

function transportError(
  settings: HttpSettings,
  request: PakasirRequest,
  attempt: number,
  cause: unknown,
): PakasirError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  const detail = timedOut
    ? `no answer within ${settings.timeoutMs} ms`
    : cause instanceof Error
      ? cause.message
      : String(cause);
  return new PakasirError({
    kind: timedOut ? 'timeout' : 'network',
    message: `${request.label}: ${detail}`,
    retryable: true,
    attempts: attempt,
    cause,
  });
}

function buildUrl(baseUrl: string, request: PakasirRequest): string {
  const url = new URL(request.path, `${baseUrl.replace(/\/+$/, '')}/`);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  return url.toString();
}

function requestHeaders(settings: HttpSettings, request: PakasirRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...settings.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

interface ParsedBody {
  text: string;
  json: unknown;
}

function parseBody(text: string): ParsedBody {
  if (text.trim() === '') return { text, json: undefined };
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    return { text, json: undefined };
  }
}

/** Retry-After is either delay seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoffDelay(settings: HttpSettings, attempt: number): number {
  const exponential = settings.retryBaseDelayMs * 2 ** (attempt - 1);
  const capped = Math.min(settings.maxRetryDelayMs, exponential);
  // Jitter keeps several bot instances from retrying in lockstep.
  return Math.round(capped * (0.8 + Math.random() * 0.4));
}

function attemptSignal(settings: HttpSettings, request: PakasirRequest): AbortSignal {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  return request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
}

/** Waits between attempts; an aborted caller ends the wait (and the call) at once. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
