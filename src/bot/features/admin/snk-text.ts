import { Composer, InlineKeyboard } from 'grammy';
import type { Db } from '../../../infra/db.ts';
import { parseTelegramHtml, TelegramHtmlError } from '../../../messages/telegram-html.ts';
import { getProduct, type ProductDetail } from '../../../shop/catalog.ts';
import { setProductSnk } from '../../../shop/stock-admin.ts';
import { encodeCallback as cb, onAction } from '../../callback-data.ts';
import type { BotContext } from '../../context.ts';
import { activeConversation, endConversation, openPrompt } from '../../conversations/conversation.ts';
import { type ConversationStep, leave, retry, type StepResult } from '../../conversations/step.ts';
import { showScreen } from '../../views/screen.ts';
import { adminName, audited, notifyOwners, productTarget } from './shared.ts';
import { productPicker } from './stock.ts';

/** As the catalog file allows. */
const MAX_SNK_CHARS = 3000;
const REMOVE_WORDS = new Set(['hapus', 'remove', 'delete']);

/** The text as SNK (null = remove), or what was expected instead. */
function snkOf(
  ctx: BotContext,
  raw: string,
): { ok: true; snk: string | null } | { ok: false; expected: string } {
  const t = ctx.t.adminStock;
  const text = raw.trim();
  if (REMOVE_WORDS.has(text.toLowerCase())) return { ok: true, snk: null };
  if (text.length === 0 || text.length > MAX_SNK_CHARS) return { ok: false, expected: t.expectedSnkText };
  try {
    parseTelegramHtml(text);
  } catch (error) {
    if (error instanceof TelegramHtmlError) return { ok: false, expected: t.snkBadHtml(error.detail) };
    throw error;
  }
  return { ok: true, snk: text };
}

/** Shows the preview with "✅ Simpan" / "❌ Batal" and waits there (another text replaces it). */
async function preview(ctx: BotContext, product: ProductDetail, raw: string): Promise<StepResult> {
  const t = ctx.t.adminStock;
  const parsed = snkOf(ctx, raw);
  if (!parsed.ok) return retry(parsed.expected);
  const keyboard = new InlineKeyboard()
    .text(t.save, cb({ type: 'adminSnkSave', productId: product.id }))
    .text(ctx.t.conversation.cancelButton, cb({ type: 'conversationCancel' }));
  await ctx.reply(t.snkPreview({ name: product.name, snk: parsed.snk }), { reply_markup: keyboard });
  return {
    type: 'next',
    prompt: {
      step: snkConfirmStep.name,
      data: { productId: product.id, snk: parsed.snk },
      text: t.snkConfirmPrompt,
    },
  };
}

/** `product_id|SNK baru` or `product_id|hapus` (product code or id), as in the seed. */
export const snkLineStep: ConversationStep = {
  name: 'adminSnkLine',
  async handle(ctx, { text }) {
    if (!ctx.isAdmin) return leave;
    const t = ctx.t.adminStock;
    const bar = text?.indexOf('|') ?? -1;
    if (text === null || bar <= 0) return retry(t.expectedSnkLine);
    const ref = text.slice(0, bar).trim();
    const product = await findProduct(ctx, ref);
    if (!product) return retry(t.snkUnknownProduct(ref));
    return preview(ctx, product, text.slice(bar + 1));
  },
};

/** The text for a product picked from the list. */
export const snkTextStep: ConversationStep = {
  name: 'adminSnkText',
  async handle(ctx, { text, data }) {
    if (!ctx.isAdmin) return leave;
    const product = await getProduct(ctx.deps.db, Number(data.productId));
    if (text === null || !product) return retry(ctx.t.adminStock.expectedSnkText);
    return preview(ctx, product, text);
  },
};

/** Waiting for "✅ Simpan"; typed text is a new version to preview. */
export const snkConfirmStep: ConversationStep = {
  name: 'adminSnkConfirm',
  handle: (ctx, input) => snkTextStep.handle(ctx, input),
};

async function findProduct(ctx: BotContext, ref: string) {
  const byCode = ref.length > 0 ? await getProduct(ctx.deps.db, ref) : undefined;
  if (byCode) return byCode;
  return /^[1-9]\d{0,9}$/.test(ref) ? getProduct(ctx.deps.db, Number(ref)) : undefined;
}

/** "📜 SNK": the one-line command or the product picker, preview, save, owners told. */
export function snkTextFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, 'adminSnkMenu', async (ctx) => {
    const t = ctx.t.adminStock;
    await showScreen(ctx, {
      text: t.snkMenu,
      keyboard: new InlineKeyboard()
        .text(t.snkPick, cb({ type: 'adminSnkList', page: 1 }))
        .row()
        .text(t.snkProofs, cb({ type: 'adminSnkReviewHome' }))
        .row()
        .text(t.back, cb({ type: 'adminPanel' })),
    });
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, { step: snkLineStep.name, text: t.expectedSnkLine });
    return undefined;
  });

  onAction(feature, 'adminSnkList', async (ctx, { page }) => {
    await showScreen(
      ctx,
      await productPicker(
        ctx,
        ctx.t.adminStock.snkPickTitle,
        page,
        (productId) => ({ type: 'adminSnkPick', productId }),
        (p) => ({ type: 'adminSnkList', page: p }),
      ),
    );
    return undefined;
  });

  onAction(feature, 'adminSnkPick', async (ctx, { productId }) => {
    const product = await getProduct(ctx.deps.db, productId);
    if (!product) return ctx.t.adminStock.unknownProduct;
    await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
      step: snkTextStep.name,
      data: { productId },
      text: ctx.t.adminStock.askSnk(product.name),
    });
    return undefined;
  });

  onAction(feature, 'adminSnkSave', async (ctx, { productId }) => {
    const t = ctx.t.adminStock;
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const open = await activeConversation(ctx, chatId);
    const product = await getProduct(ctx.deps.db, productId);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (!open || open.step !== snkConfirmStep.name || open.data.productId !== productId || !product)
      return t.snkNothingPending;
    const snk = typeof open.data.snk === 'string' ? open.data.snk : null;
    await audited(
      ctx,
      (old) =>
        old && {
          action: snk === null ? 'product.snk.remove' : 'product.snk.update',
          target: productTarget(product.code),
          before: { snk: old.before },
          after: { snk },
        },
      (db: Db) => setProductSnk(db, productId, snk),
    );
    await endConversation(ctx, chatId, open, 'done');
    await ctx.reply(snk === null ? t.snkRemoved(product.name) : t.snkSaved(product.name));
    await notifyOwners(
      { api: ctx.api, config: ctx.deps.config, logger: ctx.deps.logger },
      ctx.t.adminStock.ownerSnkChanged({
        name: product.name,
        code: product.code,
        admin: adminName(ctx),
        removed: snk === null,
      }),
    );
    return undefined;
  });

  return feature;
}
