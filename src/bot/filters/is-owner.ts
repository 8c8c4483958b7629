import type { Config } from '../../infra/config.ts';

/** Any bot context that carries the config (the shop bot's and the owner bot's). */
interface OwnerCheckable {
  from?: { id: number } | undefined;
  deps: { config: Pick<Config, 'TELEGRAM_OWNER_IDS'> };
}

/** The sender is an owner (TELEGRAM_OWNER_IDS): the owner's tools sit behind this. */
export function isOwner(ctx: OwnerCheckable): boolean {
  return ctx.from?.id !== undefined && ctx.deps.config.TELEGRAM_OWNER_IDS.includes(ctx.from.id);
}
