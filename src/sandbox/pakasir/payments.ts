// The test driver's payment actions: mark transactions paid and announce them,
// optionally lying in the webhook to exercise the merchant's defences.
import type { EmulatorClock } from './clock.ts';
import type { TransactionStore } from './store.ts';
import type {
  EmulatedTransaction,
  PaymentSimulationResult,
  SimulatePaymentOptions,
  WebhookDelivery,
} from './types.ts';
import type { OutgoingWebhook, WebhookDispatcher } from './webhooks.ts';
import { v1WebhookJson, v2WebhookJson } from './wire.ts';

export interface PaymentDeps {
  store: TransactionStore;
  dispatcher: WebhookDispatcher;
  clock: EmulatorClock;
  isSandbox: boolean;
  webhookSecret: string | undefined;
}

export class PaymentDriver {
  readonly #deps: PaymentDeps;

  constructor(deps: PaymentDeps) {
    this.#deps = deps;
  }

  async pay(ref: string, options: SimulatePaymentOptions = {}): Promise<PaymentSimulationResult> {
    const transaction = this.markPaid(ref, options);
    const deliveries = options.webhook === false ? [] : await this.sendWebhook(ref, options);
    return { transaction, deliveries, statusCode: deliveries[0]?.statusCode ?? null };
  }

  /** Changes state only; throws when the gateway would refuse the payment. */
  markPaid(ref: string, options: SimulatePaymentOptions = {}): EmulatedTransaction {
    const { store, clock } = this.#deps;
    const current = this.#require(ref);
    if (options.afterExpiry && current.status === 'pending') {
      // Move time rather than the expiry, so the expired_at the merchant stored stays true.
      clock.advance(Math.max(0, current.expiresAt.getTime() - clock.now() + 1));
    } else if (current.status === 'expired' && !options.forged && !options.afterExpiry) {
      throw new Error(`transaction ${ref} has expired; pass afterExpiry to pay it late`);
    }
    if (options.forged) return this.#require(ref);
    const result = store.complete(ref);
    if (!result.ok) throw new Error(result.message);
    return result.transaction;
  }

  async sendWebhook(ref: string, options: SimulatePaymentOptions = {}): Promise<WebhookDelivery[]> {
    const webhook = this.#webhookFor(this.#require(ref), options);
    return this.#deps.dispatcher.send(webhook, options.times ?? (options.duplicate ? 2 : 1));
  }

  #webhookFor(txn: EmulatedTransaction, options: SimulatePaymentOptions): OutgoingWebhook {
    const { clock, isSandbox, webhookSecret } = this.#deps;
    const version = options.version ?? txn.api;
    const completedAt = txn.completedAt?.getTime() ?? clock.now();
    const overrides = {
      ...(options.amount === undefined ? {} : { amount: options.amount }),
      ...(options.project === undefined ? {} : { project: options.project }),
      ...(options.isSandbox === undefined ? {} : { isSandbox: options.isSandbox }),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (version === 'v1') {
      // v1 webhooks are unsigned.
      return { version, headers, body: v1WebhookJson(txn, isSandbox, completedAt, overrides) };
    }
    const secret = options.secret === undefined ? webhookSecret : options.secret;
    if (secret !== undefined && secret !== null) headers['x-secret'] = secret;
    return { version, headers, body: v2WebhookJson(txn, isSandbox, completedAt, overrides) };
  }

  #require(ref: string): EmulatedTransaction {
    const txn = this.#deps.store.find(ref);
    if (!txn) throw new Error(`no transaction with txn_id or order_id ${ref}`);
    return txn;
  }
}
