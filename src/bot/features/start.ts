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
    await sendScreen(ctx, await welcomeScreen(ctx.deps, ctx.t, ctx.from.first_name));
    // A message carries one keyboard: the welcome has the inline categories, this one the menu.
    await ctx.reply(ctx.t.menu.menuReady, { reply_markup: mainMenuKeyboard(ctx.t, ctx.isAdmin) });
  });

  const help = (ctx: BotContext) =>
    ctx.reply(ctx.t.menu.help(ctx.deps.config.BOT_STORE_NAME), {
      reply_markup: mainMenuKeyboard(ctx.t, ctx.isAdmin),
    });
  chats.command(['help', 'bantuan'], help);
  chats.hears(menuLabels('help'), help);
  return feature;
}
