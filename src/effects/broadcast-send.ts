import { Api, GrammyError, HttpError } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Config } from '../infra/config.ts';
import type { ClaimedRecipient } from '../shop/broadcasts/pacing.ts';
import type { SendOutcome } from '../shop/broadcasts/recipients.ts';
import type { BroadcastContent } from '../shop/broadcasts/types.ts';
import { apiSignal } from './telegram.ts';

/** Transient failures (5xx, network) one recipient is retried for, with backoff, before 'failed'. */
export const MAX_ATTEMPTS = 4;

/**
 * The API the broadcast sends through: no automatic retry, because a 429 must pause the
 * whole broadcast (all processes), not one request, and a failure is the recipient row's to record.
 */
export function broadcastApi(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>): Api {
  return new Api(config.TELEGRAM_BOT_TOKEN ?? '', { apiRoot: config.TELEGRAM_API_ROOT });
}

/** The bot's numeric id (the token's first part): the key of its rate limit. */
export function botIdOf(token: string | undefined): number {
  return Number(token?.split(':')[0] ?? 0) || 0;
}

function markupOf(content: BroadcastContent): InlineKeyboardMarkup | undefined {
  return content.button
    ? { inline_keyboard: [[{ text: content.button.label, url: content.button.url }]] }
    : undefined;
}

/** Sends the broadcast's message to one chat (also the admin's "🧪 Kirim ke saya"). */
export async function sendContent(
  api: Api,
  chatId: number,
  content: BroadcastContent,
  options: { paid: boolean; signal?: AbortSignal },
): Promise<void> {
  const common = {
    parse_mode: 'HTML' as const,
    reply_markup: markupOf(content),
    ...(options.paid ? { allow_paid_broadcast: true } : {}),
  };
  const signal = apiSignal(options.signal);
  if (content.kind === 'text') await api.sendMessage(chatId, content.html, common, signal);
  else await api.sendPhoto(chatId, content.fileId, { ...common, caption: content.captionHtml }, signal);
}

/** 2 s, 4 s, 8 s … for a recipient's transient failures. */
function backoff(attempts: number): Date {
  return new Date(Date.now() + 2000 * 2 ** Math.max(0, attempts - 1));
}

/** What a send's error means for its recipient, and for how long the bot must pause (429). */
export function outcomeOf(
  recipient: ClaimedRecipient,
  error: unknown,
): { outcome: SendOutcome; retryAfter: number } | { outcome: null; retryAfter: 0 } {
  const base = { id: recipient.id, userId: recipient.userId };
  if (error instanceof GrammyError) {
    const description = `${error.error_code} ${error.description}`;
    if (error.error_code === 429) {
      const retryAfter = Math.max(1, error.parameters.retry_after ?? 1);
      const retryAt = new Date(Date.now() + retryAfter * 1000);
      return {
        outcome: { ...base, result: 'retry', retryAt, countsAttempt: false, error: description },
        retryAfter,
      };
    }
    if (error.error_code === 403)
      return { outcome: { ...base, result: 'blocked', error: description }, retryAfter: 0 };
    if (error.error_code >= 500) return { outcome: transient(recipient, description), retryAfter: 0 };
    return { outcome: { ...base, result: 'failed', error: description }, retryAfter: 0 };
  }
  // No answer: a refused connection never reached Telegram; a timed-out one may have, so it
  // stays 'sending' (and becomes 'unknown') rather than risk a second copy.
  if (error instanceof HttpError && !isTimeout(error)) {
    return { outcome: transient(recipient, `network: ${error.message}`), retryAfter: 0 };
  }
  return { outcome: null, retryAfter: 0 };
}

function transient(recipient: ClaimedRecipient, error: string): SendOutcome {
  const base = { id: recipient.id, userId: recipient.userId };
  const attempts = recipient.attempts + 1;
  if (attempts >= MAX_ATTEMPTS) return { ...base, result: 'failed', error };
  return { ...base, result: 'retry', retryAt: backoff(attempts), countsAttempt: true, error };
}

function isTimeout(error: HttpError): boolean {
  const inner = error.error as { name?: string } | undefined;
  return inner?.name === 'TimeoutError' || inner?.name === 'AbortError';
}
