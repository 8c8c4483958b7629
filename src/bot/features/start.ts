import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { mainMenuKeyboard, menuLabels } from '../keyboards/main-menu.ts';
import { sendScreen } from '../views/screen.ts';
import { welcomeScreen } from '../views/welcome.ts';

/** The welcome with live stats and categories, then the reply menu (/start and greetings). */
export async function welcome(ctx: BotContext & { from: { first_name: string } }): Promise<void> {
  await sendScreen(ctx, await welcomeScreen(ctx.deps, ctx.t, ctx.lang, ctx.from.first_name));
  // A message carries one keyboard: the welcome has the inline categories, this one the menu.
  await ctx.reply(ctx.t.menu.menuReady, { reply_markup: mainMenuKeyboard(ctx.t, ctx.isAdmin) });
}

/** /start, /help and "❓ Bantuan". */
export function startFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  chats.command('start', welcome);

  const help = async (ctx: BotContext) => {
    const { config } = ctx.deps;
    const { text, photo } = await ctx.deps.messages.renderMedia('help', ctx.lang, {
      store_name: config.BOT_STORE_NAME,
    });
    // The contact is the shop's setting, not part of the editable template.
    const contact = config.BOT_SUPPORT_CONTACT ? ctx.t.menu.supportContact(config.BOT_SUPPORT_CONTACT) : '';
    const reply_markup = mainMenuKeyboard(ctx.t, ctx.isAdmin);
    if (photo) {
      // A caption holds 1024 characters: the contact goes on its own.
      await ctx.replyWithPhoto(photo, { caption: text, reply_markup });
      if (contact) await ctx.reply(contact);
      return;
    }
    await ctx.reply(contact ? `${text}\n\n${contact}` : text, { reply_markup });
  };
  chats.command(['help', 'bantuan'], help);
  chats.hears(menuLabels('help'), help);
  return feature;
}
