// Public types of the Pakasir emulator and its test driver.
import type { PakasirMethod } from '../../infra/pakasir/methods.ts';

export type PakasirRoute =
  | 'v2.create'
  | 'v2.status'
  | 'v2.cancel'
  | 'v1.create'
  | 'v1.detail'
  | 'v1.cancel'
  | 'v1.simulate'
  | 'page';

export const PAKASIR_ROUTES: readonly PakasirRoute[] = [
  'v2.create',
  'v2.status',
  'v2.cancel',
  'v1.create',
  'v1.detail',
  'v1.cancel',
  'v1.simulate',
  'page',
];

export type ApiVersion = 'v1' | 'v2';
export type EmulatedStatus = 'pending' | 'completed' | 'canceled' | 'expired';

export interface EmulatedTransaction {
  txnId: string;
  project: string;
  orderId: string;
  amount: number;
  fee: number;
  totalPayment: number;
  method: PakasirMethod;
  /** EMV QRIS string or VA number; null for payment links. */
  paymentNumber: string | null;
  paymentLink: string;
  /** API version that created it; decides the default webhook shape. */
  api: ApiVersion;
  createdAt: Date;
  expiresAt: Date;
  /** Effective status: a pending transaction past its expiry reads `expired`. */
  status: EmulatedStatus;
  completedAt: Date | null;
}

export interface PakasirEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  slug: string;
  apiKey: string;
  /** Sent as X-Secret on v2 webhooks; none when absent. */
  webhookSecret?: string;
  webhookUrl?: string;
  /** Default true: `is_sandbox` in responses and webhooks, and v1 payment simulation allowed. */
  isSandbox?: boolean;
  /** Invoice lifetime. Default 30 minutes. */
  invoiceLifetimeMs?: number;
  /** Minimum gap between status polls of one v2 transaction. Default 4000; 0 disables. */
  statusPollWindowMs?: number;
  /** Timeout of one webhook delivery. Default 5000. */
  webhookTimeoutMs?: number;
  /** Name printed in QRIS strings. */
  merchantName?: string;
  /** Base of payment links when the emulator sits behind another address. */
  publicBaseUrl?: string;
  /** Fastify request logging. Default false. */
  logger?: boolean;
  /** Keeps the transactions in this JSON file, so a restarted emulator still knows them. */
  stateFile?: string;
}

export interface SimulatePaymentOptions {
  /** Deliveries of the same webhook; 2 reproduces a duplicate. Default 1. */
  times?: number;
  /** Shorthand for `times: 2`. */
  duplicate?: boolean;
  /** Advance the emulator's clock past the expiry first, then pay: a late payment. */
  afterExpiry?: boolean;
  /** Leave the transaction pending while the webhook claims it completed. */
  forged?: boolean;
  /** Amount written in the webhook body (the transaction keeps its own). */
  amount?: number;
  /** Project written in the webhook body. */
  project?: string;
  /** `is_sandbox` written in the webhook body. */
  isSandbox?: boolean;
  /** Webhook shape; defaults to the API version that created the transaction. */
  version?: ApiVersion;
  /** X-Secret header override; null sends none. */
  secret?: string | null;
  /** false pays silently: the webhook that never arrives. Default true. */
  webhook?: boolean;
}

export interface WebhookDelivery {
  url: string;
  version: ApiVersion;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** HTTP status of the merchant's answer, or null when it failed to answer. */
  statusCode: number | null;
  error: string | null;
  sentAt: Date;
}

export interface PaymentSimulationResult {
  transaction: EmulatedTransaction;
  deliveries: WebhookDelivery[];
  /** Status of the first delivery; null when none was made or it failed. */
  statusCode: number | null;
}

export interface FailOptions {
  /** Only requests to this route; any route when absent. */
  route?: PakasirRoute;
  /** Default 503. */
  status?: number;
  retryAfterSeconds?: number;
  message?: string;
}

/**
 * How a changed API might answer: `amount` renamed to `nominal`, a status this client has
 * never seen ("settled"), the amount as a digit string ("12000") or as a formatted
 * number ("12.000", Indonesian thousands grouping).
 */
export type ShapeChange = 'renamed_field' | 'unknown_status' | 'amount_as_string' | 'amount_formatted';

export interface ShapeOptions {
  route?: PakasirRoute;
  change: ShapeChange;
}

export interface HangOptions {
  route?: PakasirRoute;
  /** How long the request is held before it is processed. Default 30 s. */
  ms?: number;
}

export interface PakasirEmulator {
  readonly baseUrl: string;
  readonly slug: string;
  readonly apiKey: string;
  readonly isSandbox: boolean;
  close(): Promise<void>;
  /** Pays a transaction found by txn_id or order_id and delivers the webhook. */
  simulatePayment(ref: string, options?: SimulatePaymentOptions): Promise<PaymentSimulationResult>;
  /** Sends the webhook for a transaction without changing it (late or repeated delivery). */
  sendWebhook(ref: string, options?: SimulatePaymentOptions): Promise<WebhookDelivery[]>;
  /** Forces a transaction past its expiry. */
  expire(ref: string): EmulatedTransaction;
  /** Moves the emulator's clock forward. */
  advanceTime(ms: number): void;
  now(): Date;
  /** The next `count` matching requests answer an error status. */
  failNext(count: number, options?: FailOptions): void;
  /** The next `count` matching requests are held, longer than a client's timeout. */
  hangNext(count: number, options?: HangOptions): void;
  /** The next `count` matching requests are answered as usual, but the answer is held `ms` first. */
  slowNext(count: number, options?: HangOptions): void;
  /** Every matching request fails (default 503) until `endOutage`: the gateway is down. */
  startOutage(options?: FailOptions): void;
  endOutage(): void;
  /** The next `count` matching answers (Infinity: until `clearFaults`) come in a changed shape. */
  reshapeNext(count: number, options: ShapeOptions): void;
  clearFaults(): void;
  calls(): Record<PakasirRoute, number>;
  callCount(route: PakasirRoute): number;
  resetCalls(): void;
  transactions(): EmulatedTransaction[];
  transaction(ref: string): EmulatedTransaction | undefined;
  setWebhookUrl(url: string | null): void;
  webhookDeliveries(): WebhookDelivery[];
  /** Waits for webhooks fired by the HTTP simulation endpoint. */
  flushWebhooks(): Promise<void>;
}
