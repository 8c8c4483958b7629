// Delivers webhooks to the merchant and keeps a log of every attempt, so tests
// can assert on exactly what was sent and how the merchant answered.
import type { ApiVersion, WebhookDelivery } from './types.ts';

export interface OutgoingWebhook {
  version: ApiVersion;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export class WebhookDispatcher {
  url: string | null;
  readonly #timeoutMs: number;
  readonly #log: WebhookDelivery[] = [];
  readonly #pending = new Set<Promise<unknown>>();

  constructor(url: string | null, timeoutMs: number) {
    this.url = url;
    this.#timeoutMs = timeoutMs;
  }

  /** Sends the same webhook `times` times, one after the other. */
  async send(webhook: OutgoingWebhook, times: number): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = [];
    for (let i = 0; i < times; i++) {
      const delivery = await this.#deliver(webhook);
      if (delivery) deliveries.push(delivery);
    }
    return deliveries;
  }

  /** Runs a delivery without making the HTTP caller wait for it, as the gateway does. */
  inBackground(task: Promise<unknown>): void {
    const tracked = task.catch(() => undefined).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  deliveries(): WebhookDelivery[] {
    return [...this.#log];
  }

  async #deliver(webhook: OutgoingWebhook): Promise<WebhookDelivery | undefined> {
    const url = this.url;
    if (url === null) return undefined;
    const delivery: WebhookDelivery = {
      url,
      version: webhook.version,
      headers: { ...webhook.headers },
      body: webhook.body,
      statusCode: null,
      error: null,
      sentAt: new Date(),
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: webhook.headers,
        body: JSON.stringify(webhook.body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      await response.arrayBuffer();
      delivery.statusCode = response.status;
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    this.#log.push(delivery);
    return delivery;
  }
}
