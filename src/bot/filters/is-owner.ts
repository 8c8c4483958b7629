import type { BotContext } from '../context.ts';

/** The sender is an owner (TELEGRAM_OWNER_IDS): the owner's tools sit behind this. */
export function isOwner(ctx: BotContext): boolean {
  return ctx.from !== undefined && ctx.deps.config.TELEGRAM_OWNER_IDS.includes(ctx.from.id);
}
