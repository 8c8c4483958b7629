import { badRequest, telegramErrors } from '../api-error.ts';
import type { MethodContext } from './context.ts';

const MAX_LIMIT = 100;
const MAX_TIMEOUT_SECONDS = 50;

/**
 * Long polling as Telegram does it: the offset confirms earlier updates, and with a timeout the
 * call waits until an update arrives (answering at once) or the timeout ends. A newer call ends
 * the older one with 409, and no call is possible while a webhook is set.
 */
export async function getUpdates(ctx: MethodContext): Promise<unknown> {
  const queue = ctx.bot.updates;
  if (ctx.bot.webhook.config) throw telegramErrors.webhookConflict();
  const offset = ctx.params.integer('offset');
  const limit = clamp(ctx.params.integer('limit') ?? MAX_LIMIT, 1, MAX_LIMIT);
  const timeout = clamp(ctx.params.integer('timeout') ?? 0, 0, MAX_TIMEOUT_SECONDS);
  const allowed = ctx.params.json('allowed_updates');
  if (allowed !== undefined) {
    if (!Array.isArray(allowed)) throw badRequest("can't parse allowed_updates JSON array");
    queue.allowedUpdates = allowed.map(String);
  }
  if (offset !== undefined) queue.confirm(offset);
  if (queue.size === 0) {
    const outcome = await queue.waitForUpdates(timeout * 1000, ctx.signal);
    if (ctx.bot.webhook.config) throw telegramErrors.webhookConflict();
    if (outcome === 'terminated') throw telegramErrors.pollingConflict();
  }
  return queue.take(limit);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
