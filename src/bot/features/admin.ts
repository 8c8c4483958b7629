import { Composer } from 'grammy';
import { onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { menuLabels } from '../keyboards/main-menu.ts';
import { adminScreen } from '../views/admin.ts';
import { sendScreen, showScreen } from '../views/screen.ts';

/** "⚙️ Admin": a read-only panel. For anyone else the label is just unknown text. */
export function adminFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  const openPanel = async (ctx: BotContext, next: () => Promise<void>) => {
    if (!ctx.isAdmin) return next();
    await sendScreen(ctx, await adminScreen(ctx.deps, ctx.t, ctx.lang));
  };
  chats.command('admin', openPanel);
  chats.hears(menuLabels('admin'), openPanel);

  onAction(feature, 'adminPanel', async (ctx) => {
    if (!ctx.isAdmin) return ctx.t.menu.invalidButton;
    await showScreen(ctx, await adminScreen(ctx.deps, ctx.t, ctx.lang));
    return ctx.t.admin.refreshed;
  });

  return feature;
}
