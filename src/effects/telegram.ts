import { type Api, GrammyError } from 'grammy';
import { escapeHtml } from '../bot/format.ts';
import { getUser, setBotBlocked } from '../shop/users.ts';
import type { EffectDeps } from './deps.ts';

type GrammySignal = NonNullable<Parameters<Api['getMe']>[0]>;

/**
 * The job's signal as grammY's API methods take it (typed after the `abort-controller` shim;
 * at run time grammY uses Node's own AbortSignal).
 */
export function apiSignal(signal: AbortSignal): GrammySignal;
export function apiSignal(signal: AbortSignal | undefined): GrammySignal | undefined;
export function apiSignal(signal: AbortSignal | undefined): GrammySignal | undefined {
  return signal as unknown as GrammySignal | undefined;
}

/** Telegram's 403: the user blocked the bot (or deleted their account). */
export function isBlocked(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 403;
}

/**
 * A failure worth another attempt later: no answer at all (network, timeout), Telegram's own
 * trouble (5xx) or a rate limit. Other errors will fail the same way again.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return true;
  return error.error_code === 429 || error.error_code >= 500;
}

/** A 400 we can safely ignore when editing: gone, unchanged or too old to edit. */
export function isStaleEdit(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /not modified|not found|can't be edited|message to edit/i.test(error.description)
  );
}

/**
 * Runs a send to a buyer; a buyer who blocked the bot is marked so and the send
 * reports `undefined` instead of failing the effect forever.
 */
export async function toBuyer<T>(
  deps: EffectDeps,
  userId: number,
  send: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    if (!isBlocked(error)) throw error;
    await setBotBlocked(deps.db, userId, true);
    deps.logger.info({ userId }, 'buyer has blocked the bot');
    return undefined;
  }
}

/** Edits that may fail because the message is gone or unchanged are best effort. */
export async function bestEffortEdit(deps: EffectDeps, edit: () => Promise<unknown>): Promise<void> {
  try {
    await edit();
  } catch (error) {
    if (!isStaleEdit(error) && !isBlocked(error)) throw error;
    deps.logger.debug({ err: error }, 'edit skipped');
  }
}

/** Replaces a message's caption (HTML) and, as every edit without a keyboard, its buttons. */
export async function editCaption(
  deps: EffectDeps,
  chatId: number,
  messageId: number,
  caption: string,
  signal?: AbortSignal,
): Promise<undefined> {
  await bestEffortEdit(deps, () =>
    deps.api.editMessageCaption(chatId, messageId, { caption, parse_mode: 'HTML' }, apiSignal(signal)),
  );
  return undefined;
}

/**
 * Sends to every admin (TELEGRAM_ADMIN_IDS); one unreachable admin does not stop the rest.
 * When no admin could be reached because Telegram itself failed, it throws so the effect is
 * retried: a notice sent while Telegram is down arrives once it is back, and nobody gets it twice.
 */
export async function toAdmins(
  deps: EffectDeps,
  render: (lang: 'id' | 'en') => string | Promise<string>,
  signal?: AbortSignal,
): Promise<void> {
  const failures: unknown[] = [];
  for (const adminId of deps.config.TELEGRAM_ADMIN_IDS) {
    try {
      const admin = await getUser(deps.db, adminId);
      const lang = admin?.language_code?.startsWith('en') ? 'en' : 'id';
      await deps.api.sendMessage(adminId, await render(lang), { parse_mode: 'HTML' }, apiSignal(signal));
    } catch (error) {
      deps.logger.warn({ err: error, adminId }, 'could not notify an admin');
      failures.push(error);
    }
  }
  const nobodyReached = failures.length > 0 && failures.length === deps.config.TELEGRAM_ADMIN_IDS.length;
  if (nobodyReached && failures.some(isTransient)) throw failures.find(isTransient);
}

/** "Budi (@budi, 12345)" for admin notices, HTML-escaped. */
export async function describeUser(deps: EffectDeps, userId: number): Promise<string> {
  const user = await getUser(deps.db, userId);
  if (!user) return `<code>${userId}</code>`;
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  const handle = user.username ? ` @${user.username}` : '';
  return `${escapeHtml(name)}${escapeHtml(handle)} (<code>${userId}</code>)`;
}
