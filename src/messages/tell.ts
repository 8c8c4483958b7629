import type { Message } from 'grammy/types';
import { type Lang, type Texts, texts } from '../bot/i18n.ts';
import type { EffectDeps } from '../effects/deps.ts';
import { apiSignal, toAdmins, toBuyer } from '../effects/telegram.ts';

/**
 * Sends an HTML message to a buyer. A buyer who blocked the bot is marked so and gets
 * `undefined` back instead of a failed effect.
 */
export function tellBuyer(
  deps: EffectDeps,
  userId: number,
  text: string,
  signal?: AbortSignal,
): Promise<Message.TextMessage | undefined> {
  return toBuyer(deps, userId, () =>
    deps.api.sendMessage(userId, text, { parse_mode: 'HTML' }, apiSignal(signal)),
  );
}

/**
 * Sends a notice to every admin, each in their own language (their Telegram language as
 * stored in `users`, Indonesian when unknown). Retried by the effect only when nobody got it.
 */
export function tellAdmins(
  deps: EffectDeps,
  render: (t: Texts, lang: Lang) => string | Promise<string>,
  signal?: AbortSignal,
): Promise<void> {
  return toAdmins(deps, (lang) => render(texts(lang), lang), signal);
}
