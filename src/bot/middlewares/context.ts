import type { MiddlewareFn } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { langOf, texts } from '../i18n.ts';

/** Ids that see the admin panel: admins and owners alike. */
export function adminIds(deps: BotDeps): Set<number> {
  return new Set([...deps.config.TELEGRAM_ADMIN_IDS, ...deps.config.TELEGRAM_OWNER_IDS]);
}

/** Gives every update its deps, the sender's language and texts, and the admin flag. */
export function enrichContext(deps: BotDeps): MiddlewareFn<BotContext> {
  const admins = adminIds(deps);
  return (ctx, next) => {
    ctx.deps = deps;
    ctx.lang = langOf(ctx.from?.language_code);
    ctx.t = texts(ctx.lang);
    // A crafted update can carry `from: null`: not a sender, and no TypeError either.
    ctx.isAdmin = ctx.from?.id !== undefined && admins.has(ctx.from.id);
    return next();
  };
}
