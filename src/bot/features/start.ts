import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { mainMenuKeyboard, menuLabels } from '../keyboards/main-menu.ts';
import { sendScreen } from '../views/screen.ts';
import { welcomeScreen } from '../views/welcome.ts';

/** /start (welcome with live stats and categories), /help and "❓ Bantuan". */
export function startFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  chats.command('start', async (ctx) => {
    await sendScreen(ctx, await welcomeScreen(ctx.deps, ctx.t, ctx.lang, ctx.from.first_name));
    // A message carries one keyboard: the welcome has the inline categories, this one the menu.
    await ctx.reply(ctx.t.menu.menuReady, { reply_markup: mainMenuKeyboard(ctx.t, ctx.isAdmin) });
  });

  const help = async (ctx: BotContext) => {
    const text = await ctx.deps.messages.render('help', ctx.lang, {
      store_name: ctx.deps.config.BOT_STORE_NAME,
    });
    await ctx.reply(text, { reply_markup: mainMenuKeyboard(ctx.t, ctx.isAdmin) });
  };
  chats.command(['help', 'bantuan'], help);
  chats.hears(menuLabels('help'), help);
  return feature;
}
