import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.ts';

/**
 * Whatever a feature throws, the buyer hears that something went wrong (instead of a
 * silent or forever-spinning button) and the error is logged with the update.
 */
export function errorBoundary(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.deps.logger.error(
        { err: error, updateId: ctx.update.update_id, userId: ctx.from?.id },
        'update failed',
      );
      await tellUser(ctx).catch((notice) =>
        ctx.deps.logger.warn({ err: notice }, 'could not report the failure'),
      );
    }
  };
}

async function tellUser(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) {
    // Already answered by the handler before it failed: Telegram refuses a second answer.
    await ctx.answerCallbackQuery({ text: ctx.t.menu.error, show_alert: true }).catch(() => undefined);
    return;
  }
  if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(ctx.t.menu.error);
}
