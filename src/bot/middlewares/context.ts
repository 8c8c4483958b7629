import type { MiddlewareFn } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { isAdmin } from '../filters/is-admin.ts';
import { langOf, texts } from '../i18n.ts';

/** Gives every update its deps, the sender's language and texts, and the admin flag. */
export function enrichContext(deps: BotDeps): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.deps = deps;
    ctx.lang = langOf(ctx.from?.language_code);
    ctx.t = texts(ctx.lang);
    ctx.isAdmin = isAdmin(ctx);
    return next();
  };
}
