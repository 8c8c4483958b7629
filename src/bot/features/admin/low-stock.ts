import { type Api, Composer, InlineKeyboard } from 'grammy';
import type { Config } from '../../../infra/config.ts';
import type { Db } from '../../../infra/db.ts';
import type { Logger } from '../../../infra/logger.ts';
import { getProduct } from '../../../shop/catalog.ts';
import { claimLowStock, lowStockThreshold, setLowStockThreshold } from '../../../shop/stock-admin.ts';
import { getUser } from '../../../shop/users.ts';
import { encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry } from '../../conversations/step.ts';
import { texts } from '../../i18n.ts';
import { audited, productTarget } from './shared.ts';

const MAX_THRESHOLD = 1000;

export interface LowStockDeps {
  db: Db;
  api: Api;
  config: Pick<Config, 'TELEGRAM_ADMIN_IDS'>;
  logger: Logger;
}

/**
 * After a sale: tells the admins about each product whose available stock is now at or
 * below its threshold, once per crossing. Never fails the caller (an order's effect).
 */
export async function notifyLowStock(deps: LowStockDeps, productIds: number[]): Promise<void> {
  try {
    for (const product of await claimLowStock(deps.db, productIds)) {
      for (const adminId of deps.config.TELEGRAM_ADMIN_IDS) {
        const admin = await getUser(deps.db, adminId);
        const t = texts(admin?.language_code?.startsWith('en') ? 'en' : 'id').adminStock;
        const keyboard = new InlineKeyboard().text(
          t.openStock,
          cb({ type: 'adminStock', productId: product.id }),
        );
        await deps.api
          .sendMessage(adminId, t.lowStock(product), { parse_mode: 'HTML', reply_markup: keyboard })
          .catch((error: unknown) =>
            deps.logger.warn({ err: error, adminId }, 'could not send a low-stock notice'),
          );
      }
    }
  } catch (error) {
    deps.logger.warn({ err: error }, 'low-stock check failed');
  }
}

/** The typed threshold for the product the prompt was opened for. */
export const thresholdStep: ConversationStep = {
  name: 'adminStockThreshold',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const t = ctx.t.adminStock;
    const value = text?.trim() ?? '';
    if (!/^\d{1,4}$/.test(value) || Number(value) > MAX_THRESHOLD) return retry(t.expectedThreshold);
    const threshold = Number(value);
    const product = await getProduct(ctx.deps.db, Number(data.productId));
    if (!product) {
      await ctx.reply(t.unknownProduct);
      return done;
    }
    await audited(
      ctx,
      (old) =>
        old && {
          action: 'stock.threshold',
          target: productTarget(product.code),
          before: { lowStockThreshold: old.before },
          after: { lowStockThreshold: threshold },
        },
      (db: Db) => setLowStockThreshold(db, product.id, threshold),
    );
    await ctx.reply(t.thresholdSet({ name: product.name, threshold }), {
      reply_markup: new InlineKeyboard().text(t.openStock, cb({ type: 'adminStock', productId: product.id })),
    });
    return done;
  },
};

/** "⚠️ Atur Batas Menipis" on the stock screen. */
export function lowStockFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  onAction(feature, 'adminStockThreshold', async (ctx, { productId }) => {
    const product = await getProduct(ctx.deps.db, productId);
    if (!product) return ctx.t.adminStock.unknownProduct;
    const threshold = await lowStockThreshold(ctx.deps.db, productId);
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: thresholdStep.name,
      data: { productId },
      text: ctx.t.adminStock.askThreshold({ name: product.name, threshold }),
    });
    return undefined;
  });
  return feature;
}
