import { Composer } from 'grammy';
import { getProduct } from '../../shop/catalog.ts';
import { onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { openPrompt } from '../conversations/conversation.ts';
import { type ConversationStep, done, retry } from '../conversations/step.ts';
import { menuLabels } from '../keyboards/main-menu.ts';
import {
  categoriesScreen,
  maxQuantity,
  productListScreen,
  productScreen,
  visibleCategories,
} from '../views/catalog.ts';
import { sendScreen, showScreen } from '../views/screen.ts';

const WHOLE_NUMBER = /^\d{1,7}$/;

/** The quantity typed after "🔢": a whole number within the stock, else a clear "expected". */
export const quantityEntry: ConversationStep<{ productId: number }> = {
  name: 'quantity',
  async handle(ctx, { text, data }) {
    const { t } = ctx;
    const product = await getProduct(ctx.deps.db, data.productId);
    if (!product?.active || product.stock === 0) {
      await ctx.reply(product?.active ? t.catalog.soldOut : t.catalog.unavailable);
      return done;
    }
    const max = maxQuantity(product.stock);
    const typed = text?.trim().replace(/[.\s]/g, '') ?? '';
    if (!WHOLE_NUMBER.test(typed) || Number(typed) < 1) return retry(t.catalog.quantityExpected(max));
    if (Number(typed) > max) return retry(t.catalog.quantityOverStock(max, product.stock));
    await sendScreen(ctx, productScreen(t, product, Number(typed)));
    return done;
  },
};

/** Categories → paginated product lists → product page with a quantity picker. */
export function catalogFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  // A shop without categories still lists its products (or says there are none).
  const openCatalog = async (ctx: BotContext) => {
    const screen =
      (await visibleCategories(ctx.deps)).length > 0
        ? await categoriesScreen(ctx.deps, ctx.t)
        : await productListScreen(ctx.deps, ctx.t, 'all', 1);
    if (screen) await sendScreen(ctx, screen);
  };
  chats.command(['katalog', 'catalog'], openCatalog);
  chats.hears(menuLabels('catalog'), openCatalog);

  onAction(feature, 'categories', async (ctx) => {
    await showScreen(ctx, await categoriesScreen(ctx.deps, ctx.t));
    return undefined;
  });

  onAction(feature, 'category', async (ctx, { categoryId, page }) => {
    const screen = await productListScreen(ctx.deps, ctx.t, categoryId, page);
    if (!screen) return ctx.t.menu.invalidButton;
    await showScreen(ctx, screen);
    return undefined;
  });

  onAction(feature, 'product', async (ctx, { productId }) => {
    const product = await getProduct(ctx.deps.db, productId);
    if (!product?.active) return ctx.t.catalog.unavailable;
    await showScreen(ctx, productScreen(ctx.t, product, 1));
    return product.stock === 0 ? ctx.t.catalog.soldOut : undefined;
  });

  // The quantity lives in the buttons themselves, so it is clamped here, never trusted.
  onAction(feature, 'quantity', async (ctx, { productId, quantity }) => {
    const product = await getProduct(ctx.deps.db, productId);
    if (!product?.active) return ctx.t.catalog.unavailable;
    const max = maxQuantity(product.stock);
    if (max === 0) {
      await showScreen(ctx, productScreen(ctx.t, product, 1));
      return ctx.t.catalog.soldOut;
    }
    const clamped = Math.min(Math.max(quantity, 1), max);
    await showScreen(ctx, productScreen(ctx.t, product, clamped));
    if (quantity < 1) return ctx.t.catalog.quantityMin;
    if (quantity > max) return { text: ctx.t.catalog.quantityMax(max, product.stock), alert: true };
    return undefined;
  });

  onAction(feature, 'quantityAsk', async (ctx, { productId }) => {
    const product = await getProduct(ctx.deps.db, productId);
    if (!product?.active) return ctx.t.catalog.unavailable;
    if (product.stock === 0) return ctx.t.catalog.soldOut;
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: quantityEntry.name,
      data: { productId },
      text: ctx.t.catalog.askQuantity(product.name, maxQuantity(product.stock)),
    });
    return undefined;
  });

  onAction(feature, 'noop', async () => undefined);
  return feature;
}
