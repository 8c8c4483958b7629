import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { isGreeting } from '../greetings.ts';
import { mainMenuKeyboard } from '../keyboards/main-menu.ts';
import { welcome } from './start.ts';

const BARE_NUMBER = /^\d{1,7}$/;

/** Last in line: greetings get the welcome, other text a hint, stale buttons their answer. */
export function fallbackFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.chatType('private').on('message:text', async (ctx) => {
    const text = ctx.message.text.trim();
    if (isGreeting(text)) return welcome(ctx);
    // A number typed outside a prompt is nearly always a quantity.
    const hint = BARE_NUMBER.test(text) ? ctx.t.catalog.typedNumberHint : ctx.t.menu.fallback;
    await ctx.reply(hint, { reply_markup: mainMenuKeyboard(ctx.t, ctx.isAdmin) });
  });

  // Old, foreign or crafted data: say so, and do nothing else.
  feature.on('callback_query', async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t.menu.invalidButton });
  });

  return feature;
}
