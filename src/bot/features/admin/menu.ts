import { Composer } from 'grammy';
import { onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { menuLabels } from '../../keyboards/main-menu.ts';
import { adminScreen } from '../../views/admin.ts';
import { sendScreen, showScreen } from '../../views/screen.ts';

/**
 * "/admin" and "⚙️ Admin": the admin menu with today's figures. Mounted behind the admin
 * filter in bot.ts, so nothing here checks who is asking.
 */
export function adminMenuFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  const openMenu = async (ctx: BotContext) => {
    await sendScreen(ctx, await adminScreen(ctx.deps, ctx.t, ctx.lang));
  };
  chats.command('admin', openMenu);
  chats.hears(menuLabels('admin'), openMenu);

  onAction(feature, 'adminPanel', async (ctx) => {
    await showScreen(ctx, await adminScreen(ctx.deps, ctx.t, ctx.lang));
    return ctx.t.admin.refreshed;
  });
  return feature;
}
