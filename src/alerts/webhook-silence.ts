import type { AlertInput } from './alerts.ts';

/**
 * Notices that gateway webhooks stopped arriving while reconciliation keeps finding paid
 * invoices (so payments do happen): the webhook URL or secret is probably broken.
 * The webhook route calls `webhookReceived`, each reconciliation sweep `sweepDone`.
 */
export class WebhookSilence {
  private lastWebhookAt: number;
  private alerted = false;
  private readonly silenceMs: number;
  private readonly raise: (alert: AlertInput) => void;
  private readonly now: () => number;

  constructor(silenceMinutes: number, raise: (alert: AlertInput) => void, now: () => number = Date.now) {
    this.silenceMs = silenceMinutes * 60_000;
    this.raise = raise;
    this.now = now;
    // Counting from start: a process that never got one is silent since it started.
    this.lastWebhookAt = now();
  }

  webhookReceived(): void {
    this.lastWebhookAt = this.now();
    this.alerted = false;
  }

  /** After a reconciliation sweep: `checked` open invoices, `confirmed` found paid. */
  sweepDone(result: { checked: number; confirmed: number }): void {
    const silentFor = this.now() - this.lastWebhookAt;
    if (this.alerted || result.checked === 0 || result.confirmed === 0 || silentFor < this.silenceMs) return;
    this.alerted = true;
    this.raise({
      severity: 'warning',
      key: 'pakasir:webhook-silence',
      title: 'No payment webhooks are arriving',
      detail: `none for ${Math.round(silentFor / 60_000)} min while reconciliation found ${result.confirmed} paid invoice(s); check the webhook URL and secret in the Pakasir dashboard`,
    });
  }
}
