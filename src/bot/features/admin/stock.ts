import { Composer, InlineKeyboard } from 'grammy';
import type { Db } from '../../../infra/db.ts';
import { getProduct } from '../../../shop/catalog.ts';
import { stockCounts } from '../../../shop/stock.ts';
import {
  addParsedStock,
  availableItemsPage,
  lowStockThreshold,
  maskItem,
  parseStockText,
  removeAvailableItem,
  revealItem,
  type StockMode,
  stockProductsPage,
} from '../../../shop/stock-admin.ts';
import { type CallbackAction, encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry } from '../../conversations/step.ts';
import { addPager } from '../../keyboards/pager.ts';
import { sendScreen, showScreen } from '../../views/screen.ts';
import { ADMIN_PAGE_SIZE, audited, productTarget } from './shared.ts';
import { stockSourceOf } from './stock-upload.ts';

/** The progress message is edited at most this often (Telegram limits edits per chat). */
const PROGRESS_EVERY_MS = 2_000;
const ITEMS_PAGE_SIZE = 10;

export async function stockScreen(ctx: BotContext, productId: number) {
  const t = ctx.t.adminStock;
  const product = await getProduct(ctx.deps.db, productId);
  if (!product) return null;
  const counts = await stockCounts(ctx.deps.db, productId);
  const threshold = await lowStockThreshold(ctx.deps.db, productId);
  const keyboard = new InlineKeyboard()
    .text(t.addLines, cb({ type: 'adminStockAdd', productId, mode: 'line' }))
    .row()
    .text(t.addBlocks, cb({ type: 'adminStockAdd', productId, mode: 'block' }))
    .row()
    .text(t.viewItems, cb({ type: 'adminStockItems', productId, page: 1 }))
    .text(t.setThreshold, cb({ type: 'adminStockThreshold', productId }))
    .row()
    .text(t.back, cb({ type: 'adminStockList', page: 1 }));
  const text = t.stockScreen({
    name: product.name,
    code: product.code,
    ...counts,
    threshold,
  });
  return { text, keyboard };
}

/** A paged product picker whose buttons lead to `target(productId)`. */
export async function productPicker(
  ctx: BotContext,
  title: string,
  page: number,
  target: (productId: number) => CallbackAction,
  pageAction: (page: number) => CallbackAction,
) {
  const list = await stockProductsPage(ctx.deps.db, { page, pageSize: ADMIN_PAGE_SIZE });
  const keyboard = new InlineKeyboard();
  for (const product of list.items)
    keyboard.text(ctx.t.adminStock.productLine(product), cb(target(product.id))).row();
  addPager(keyboard, ctx.t, list.page, list.pages, (p) => cb(pageAction(p)));
  keyboard.text(ctx.t.adminStock.back, cb({ type: 'adminPanel' }));
  return { text: title, keyboard };
}

async function itemsScreen(ctx: BotContext, productId: number, page: number) {
  const t = ctx.t.adminStock;
  const product = await getProduct(ctx.deps.db, productId);
  if (!product) return null;
  const list = await availableItemsPage(ctx.deps.db, ctx.deps.cipher, productId, {
    page,
    pageSize: ITEMS_PAGE_SIZE,
  });
  const keyboard = new InlineKeyboard();
  for (const item of list.items)
    keyboard
      .text(`👁 #${item.id}`, cb({ type: 'adminStockReveal', itemId: item.id }))
      .text(`🗑 #${item.id}`, cb({ type: 'adminStockRemove', itemId: item.id }))
      .row();
  addPager(keyboard, ctx.t, list.page, list.pages, (p) =>
    cb({ type: 'adminStockItems', productId, page: p }),
  );
  keyboard.text(t.back, cb({ type: 'adminStock', productId }));
  const lines = list.items.length > 0 ? list.items.map((item) => t.itemLine(item)) : [t.noItems];
  return {
    text: [t.itemsTitle({ name: product.name, total: list.total }), '', ...lines].join('\n'),
    keyboard,
  };
}

/** Pasted stock or a .txt/.csv file for the product the prompt was opened for. */
export const stockAddStep: ConversationStep = {
  name: 'adminStockAdd',
  async handle(ctx, { data, message }) {
    if (!ctx.isAdmin) return leave;
    const t = ctx.t.adminStock;
    const productId = Number(data.productId);
    const mode: StockMode = data.mode === 'block' ? 'block' : 'line';
    const product = await getProduct(ctx.deps.db, productId);
    if (!product) {
      await ctx.reply(t.unknownProduct);
      return done;
    }
    const source = await stockSourceOf(ctx, message);
    if (!source.ok) return retry(source.expected);
    const parsed = parseStockText(source.text, mode);
    if (parsed.items.length === 0) return retry(t.nothingToAdd);
    const progress = await ctx.reply(t.progress(0, parsed.items.length));
    let lastEdit = Date.now();
    const result = await addParsedStock(ctx.deps.db, ctx.deps.cipher, productId, parsed, async (n, total) => {
      if (n >= total || Date.now() - lastEdit < PROGRESS_EVERY_MS) return;
      lastEdit = Date.now();
      await ctx.api
        .editMessageText(ctx.chat.id, progress.message_id, t.progress(n, total))
        .catch(() => undefined);
    });
    await audited(
      ctx,
      () => ({
        action: 'stock.add',
        target: productTarget(product.code),
        after: {
          ...result,
          source: source.fileName === null ? 'text' : 'file',
          fileName: source.fileName,
          mode,
        },
      }),
      async () => undefined,
    );
    const counts = await stockCounts(ctx.deps.db, productId);
    await ctx.api.editMessageText(
      ctx.chat.id,
      progress.message_id,
      t.added({ name: product.name, ...result, available: counts.available }),
      { reply_markup: new InlineKeyboard().text(t.openStock, cb({ type: 'adminStock', productId })) },
    );
    return done;
  },
};

/** "📦 Stok": pick a product, add (paste or file), view masked, reveal one, remove unsold. */
export function stockFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, 'adminStockList', async (ctx, { page }) => {
    const t = ctx.t.adminStock;
    await showScreen(
      ctx,
      await productPicker(
        ctx,
        t.pickProduct,
        page,
        (productId) => ({ type: 'adminStock', productId }),
        (p) => ({ type: 'adminStockList', page: p }),
      ),
    );
    return undefined;
  });

  onAction(feature, 'adminStock', async (ctx, { productId }) => {
    const screen = await stockScreen(ctx, productId);
    if (!screen) return ctx.t.adminStock.unknownProduct;
    await showScreen(ctx, screen);
    return undefined;
  });

  onAction(feature, 'adminStockAdd', async (ctx, { productId, mode }) => {
    const product = await getProduct(ctx.deps.db, productId);
    if (!product) return ctx.t.adminStock.unknownProduct;
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: stockAddStep.name,
      data: { productId, mode },
      text: ctx.t.adminStock.askStock({ name: product.name, mode }),
    });
    return undefined;
  });

  onAction(feature, 'adminStockItems', async (ctx, { productId, page }) => {
    const screen = await itemsScreen(ctx, productId, page);
    if (!screen) return ctx.t.adminStock.unknownProduct;
    await showScreen(ctx, screen);
    return undefined;
  });

  onAction(feature, 'adminStockReveal', async (ctx, { itemId }) => {
    const item = await revealItem(ctx.deps.db, ctx.deps.cipher, itemId);
    if (!item) return ctx.t.adminStock.itemGone;
    const product = await getProduct(ctx.deps.db, item.productId);
    await audited(
      ctx,
      () => ({
        action: 'stock.reveal',
        target: productTarget(product?.code ?? String(item.productId)),
        after: { itemId, status: item.status },
      }),
      async () => undefined,
    );
    await sendScreen(ctx, { text: ctx.t.adminStock.revealed(item) });
    return undefined;
  });

  onAction(feature, 'adminStockRemove', async (ctx, { itemId }) => {
    const t = ctx.t.adminStock;
    const item = await revealItem(ctx.deps.db, ctx.deps.cipher, itemId);
    if (!item) return t.itemGone;
    if (item.status !== 'available') return t.notRemovable;
    const keyboard = new InlineKeyboard()
      .text(t.yesRemove, cb({ type: 'adminStockRemoveConfirmed', itemId }))
      .text(t.no, cb({ type: 'adminStockItems', productId: item.productId, page: 1 }));
    await showScreen(ctx, {
      text: t.confirmRemove({ id: itemId, masked: maskItem(item.content) }),
      keyboard,
    });
    return undefined;
  });

  onAction(feature, 'adminStockRemoveConfirmed', async (ctx, { itemId }) => {
    const t = ctx.t.adminStock;
    const item = await revealItem(ctx.deps.db, ctx.deps.cipher, itemId);
    if (!item) return t.itemGone;
    const product = await getProduct(ctx.deps.db, item.productId);
    const removed = await audited(
      ctx,
      (gone) =>
        gone
          ? {
              action: 'stock.remove',
              target: productTarget(product?.code ?? String(item.productId)),
              before: { itemId, status: 'available' },
            }
          : null,
      (db: Db) => removeAvailableItem(db, itemId),
    );
    if (!removed) return t.notRemovable;
    const screen = await itemsScreen(ctx, item.productId, 1);
    if (screen) await showScreen(ctx, screen);
    return t.removed(itemId);
  });

  return feature;
}
