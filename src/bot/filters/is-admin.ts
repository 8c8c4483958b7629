import type { Config } from '../../infra/config.ts';
import type { BotContext } from '../context.ts';

type Roles = Pick<Config, 'TELEGRAM_ADMIN_IDS' | 'TELEGRAM_OWNER_IDS'>;

const cache = new WeakMap<Roles, Set<number>>();

/** Owners run the shop too: they are admins without being listed twice. */
export function adminIdsOf(config: Roles): Set<number> {
  let ids = cache.get(config);
  if (!ids) {
    ids = new Set([...config.TELEGRAM_ADMIN_IDS, ...config.TELEGRAM_OWNER_IDS]);
    cache.set(config, ids);
  }
  return ids;
}

/** The sender is an admin (TELEGRAM_ADMIN_IDS) or an owner (TELEGRAM_OWNER_IDS). */
export function isAdmin(ctx: BotContext): boolean {
  // A crafted update can carry `from: null`: not a sender, and no TypeError either.
  return ctx.from?.id !== undefined && adminIdsOf(ctx.deps.config).has(ctx.from.id);
}
