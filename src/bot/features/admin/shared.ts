import type { Api } from 'grammy';
import type { Config } from '../../../infra/config.ts';
import type { Db } from '../../../infra/db.ts';
import type { Logger } from '../../../infra/logger.ts';
import { type AdminAction, recordAdminAction } from '../../../shop/admin-audit.ts';
import type { BotContext } from '../../context.ts';

/** Admin screens list this many rows per page. */
export const ADMIN_PAGE_SIZE = 8;

/** Applies an admin change and its audit row in one transaction: both exist, or neither. */
export function audited<T>(
  ctx: BotContext,
  entry: (result: NoInfer<T>) => Omit<AdminAction, 'adminId'> | null,
  change: (db: Db) => Promise<T>,
): Promise<T> {
  return ctx.deps.db.transaction().execute(async (trx) => {
    const result = await change(trx);
    const action = entry(result);
    if (action) await recordAdminAction(trx, ctx.deps.audit, { adminId: ctx.from?.id ?? 0, ...action });
    return result;
  });
}

/** `product:<code>`: the audit target of anything done to a product. */
export const productTarget = (code: string) => `product:${code}`;

export interface OwnerNoticeDeps {
  api: Api;
  config: Pick<Config, 'TELEGRAM_OWNER_IDS'>;
  logger: Logger;
}

/** Tells every owner (TELEGRAM_OWNER_IDS) through the main bot; one unreachable owner does not stop the rest. */
export async function notifyOwners(deps: OwnerNoticeDeps, text: string): Promise<void> {
  for (const ownerId of deps.config.TELEGRAM_OWNER_IDS) {
    try {
      await deps.api.sendMessage(ownerId, text, { parse_mode: 'HTML' });
    } catch (error) {
      deps.logger.warn({ err: error, ownerId }, 'could not notify an owner');
    }
  }
}

/** Who did it, for owners' notices: "Budi (12345)". */
export function adminName(ctx: BotContext): string {
  const from = ctx.from;
  if (!from) return 'unknown';
  return `${[from.first_name, from.last_name].filter(Boolean).join(' ')} (${from.id})`;
}
