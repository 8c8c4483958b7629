// Entry point for talking to Pakasir: picks the API version and applies the
// project-wide defaults for timeouts and retries.
import type { CallOptions, PakasirApi } from './api.ts';
import { createV1Api } from './api-v1.ts';
import { createV2Api } from './api-v2.ts';
import { isPakasirError, PakasirError } from './errors.ts';
import type { HttpSettings } from './http.ts';
import { isAmountAllowed } from './methods.ts';
import type {
  CreateInvoiceInput,
  InvoiceRef,
  PakasirApiVersion,
  PakasirInvoice,
  PakasirLogger,
  PakasirTransactionStatus,
} from './types.ts';

export interface PakasirClientOptions {
  /** e.g. https://app.pakasir.com (env PAKASIR_BASE_URL). */
  baseUrl: string;
  /** Project slug. */
  slug: string;
  apiKey: string;
  version: PakasirApiVersion;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Extra attempts for 429/502/503/504, network errors and timeouts. Default 3. */
  retries?: number;
  /** First backoff delay, doubled on each retry. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Default 8 s. */
  maxRetryDelayMs?: number;
  /** Longest Retry-After worth waiting for. Default 30 s. */
  maxRetryAfterMs?: number;
  logger?: PakasirLogger;
}

export interface PakasirClient {
  readonly version: PakasirApiVersion;
  readonly slug: string;
  createInvoice(input: CreateInvoiceInput, call?: CallOptions): Promise<PakasirInvoice>;
  getStatus(ref: InvoiceRef, call?: CallOptions): Promise<PakasirTransactionStatus>;
  /** Resolves once the gateway confirms; throws PakasirError otherwise. */
  cancelInvoice(ref: InvoiceRef, call?: CallOptions): Promise<void>;
}

/**
 * Set on log lines about the gateway failing: the gateway watch (src/alerts/gateway-watch.ts)
 * raises one owner alert per outage or API change for them, so the log source skips them.
 */
export const GATEWAY_FAILURE_FIELD = { gatewayFailure: true } as const;

/**
 * An answer this client cannot read is refused, never guessed at: one error line names the
 * call and every problem (no buyer data: the body holds order ids and amounts only).
 */
function refusedShapes<T>(call: Promise<T>, logger: PakasirLogger | undefined): Promise<T> {
  return call.catch((error: unknown) => {
    if (isPakasirError(error) && error.kind === 'invalid_response')
      logger?.error(
        { ...GATEWAY_FAILURE_FIELD, problem: error.message },
        'pakasir answer refused: its shape is not the one this version understands (API change?)',
      );
    throw error;
  });
}

export function createPakasirClient(options: PakasirClientOptions): PakasirClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const target = { baseUrl, slug: options.slug, apiKey: options.apiKey };
  const http: HttpSettings = {
    baseUrl,
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 3,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 8_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    headers: options.version === 'v2' ? { 'x-api-key': options.apiKey } : {},
    logger: options.logger,
  };
  const api: PakasirApi = options.version === 'v2' ? createV2Api(http, target) : createV1Api(http, target);
  return {
    version: api.version,
    slug: options.slug,
    createInvoice(input, call) {
      const method = input.method ?? 'qris';
      if (!isAmountAllowed(method, input.amount)) {
        return Promise.reject(
          new PakasirError({
            kind: 'invalid_request',
            message: `amount ${input.amount} is outside the limits for ${method}`,
          }),
        );
      }
      return refusedShapes(
        api.createInvoice({ orderId: input.orderId, amount: input.amount, method }, call),
        options.logger,
      );
    },
    getStatus: (ref, call) => refusedShapes(api.getStatus(ref, call), options.logger),
    cancelInvoice: (ref, call) => refusedShapes(api.cancelInvoice(ref, call), options.logger),
  };
}
