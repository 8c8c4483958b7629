import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { mainMenuKeyboard } from '../keyboards/main-menu.ts';

/** Last in line: a hint for text nobody handled, and the stale-button answer. */
export function fallbackFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.chatType('private').on('message:text', async (ctx) => {
    await ctx.reply(ctx.t.menu.fallback, { reply_markup: mainMenuKeyboard(ctx.t, ctx.isAdmin) });
  });

  // Old, foreign or crafted data: say so, and do nothing else.
  feature.on('callback_query', async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t.menu.invalidButton });
  });

  return feature;
}
