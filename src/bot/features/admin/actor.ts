import type { Actor } from '../../../shop/catalog-admin.ts';
import type { BotContext } from '../../context.ts';

/** The admin behind this update, for the audit trail. */
export const actorOf = (ctx: BotContext): Actor => ({ adminId: ctx.from?.id ?? 0, audit: ctx.deps.audit });

export const chatOf = (ctx: BotContext): number => ctx.chat?.id ?? ctx.from?.id ?? 0;
