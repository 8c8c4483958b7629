import type { MiddlewareFn } from 'grammy';
import { setBotBlocked, touchUser } from '../../shop/users.ts';
import type { BotContext } from '../context.ts';
import { rememberWithoutPrompt } from '../conversations/conversation.ts';

/**
 * Records every sender (names change; last_seen drives reports), keeps the "blocked the
 * bot" flag in step with Telegram, and stops users the shop has blocked. Updates with
 * no sender (channel posts, polls, boosts) are not for the shop: they end here quietly.
 */
export function userMiddleware(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from) {
      ctx.deps.logger.debug({ updateId: ctx.update.update_id }, 'update without a sender ignored');
      return;
    }
    if (from.is_bot) return next();
    const { db } = ctx.deps;
    const { user, firstVisit } = await touchUser(db, from);
    // Someone new has no prompt open in their private chat.
    if (firstVisit) rememberWithoutPrompt(ctx, from.id);
    const member = ctx.myChatMember;
    if (member && member.chat.type === 'private') {
      await setBotBlocked(db, from.id, member.new_chat_member.status === 'kicked');
      return next();
    }
    // Writing to the bot again means the buyer unblocked it.
    if (user.bot_blocked && (ctx.message || ctx.callbackQuery)) await setBotBlocked(db, from.id, false);
    if (user.is_blocked && !ctx.isAdmin) return refuse(ctx);
    return next();
  };
}

async function refuse(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t.menu.blocked, show_alert: true });
  else if (ctx.message && ctx.chat?.type === 'private') await ctx.reply(ctx.t.menu.blocked);
}
