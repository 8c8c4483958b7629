import type { WebhookInfo } from 'grammy/types';

export type WebhookVerdict =
  | { ok: true }
  | { ok: false; reason: 'not_set' | 'other_url' | 'failing'; detail: string };

/**
 * Whether Telegram is delivering to our webhook, from getWebhookInfo: it is failing when
 * updates wait and Telegram recorded a delivery error at or after `sinceMs` (when the
 * webhook was set, or when an update last came through it: a success after the error
 * means deliveries work again).
 */
export function judgeWebhook(info: WebhookInfo, url: string, sinceMs: number): WebhookVerdict {
  if (info.url === '') return { ok: false, reason: 'not_set', detail: 'no webhook is set' };
  if (info.url !== url) return { ok: false, reason: 'other_url', detail: `the webhook points elsewhere` };
  if (errorSince(info, sinceMs) && info.pending_update_count > 0) {
    return { ok: false, reason: 'failing', detail: describeFailure(info) };
  }
  return { ok: true };
}

/** Telegram dates are whole seconds: an error in the same second counts as after. */
export function errorSince(info: WebhookInfo, sinceMs: number): boolean {
  return info.last_error_date !== undefined && info.last_error_date >= Math.floor(sinceMs / 1000);
}

export function describeFailure(info: WebhookInfo): string {
  const when = info.last_error_date ? new Date(info.last_error_date * 1000).toISOString() : 'never';
  return `${info.pending_update_count} updates pending, last error at ${when}: ${info.last_error_message ?? 'none'}`;
}
