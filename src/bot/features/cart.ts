import { Composer } from 'grammy';
import { diskCritical } from '../../health/disk-guard.ts';
import type { CheckoutEvent } from '../../machines/checkout.ts';
import { MAX_LINES } from '../../machines/checkout.ts';
import { getProduct } from '../../shop/catalog.ts';
import { newOrderId } from '../../shop/ids.ts';
import { getBalance } from '../../shop/ledger.ts';
import { countOpenInvoices } from '../../shop/orders.ts';
import { quoteOrder } from '../../shop/pricing.ts';
import { VOUCHER_CODE } from '../../shop/vouchers.ts';
import { type CallbackContext, type CallbackReply, dedupeKeyOf, onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { openPrompt } from '../conversations/conversation.ts';
import { type ConversationStep, done, leave, retry } from '../conversations/step.ts';
import { isGreeting } from '../greetings.ts';
import { confirmBalanceKeyboard } from '../keyboards/cart.ts';
import { addedKeyboard } from '../keyboards/catalog.ts';
import { menuLabels } from '../keyboards/main-menu.ts';
import { refreshOrderScreens } from '../screens/refresh.ts';
import { trackScreen } from '../screens/tracked.ts';
import { type Cart, cartScreen, loadCart, type PricedCart, priceCart, voucherReason } from '../views/cart.ts';
import { maxQuantity } from '../views/catalog.ts';
import { sendScreen, showScreen } from '../views/screen.ts';

/** Unpaid invoices one buyer may hold at once: more would only lock stock away from others. */
export const MAX_OPEN_INVOICES = 3;

/** How long "🎟️ Pakai Voucher" waits for the code to be typed. */
export const VOUCHER_ENTRY_MS = 5 * 60_000;

/** The code typed after "🎟️ Pakai Voucher"; other text leaves the prompt and is answered normally. */
export const voucherEntry: ConversationStep = {
  name: 'voucher',
  async handle(ctx, { text }) {
    if (text === null) return retry(ctx.t.cart.voucherExpected);
    const code = text.trim();
    if (!VOUCHER_CODE.test(code) || isGreeting(code)) return leave;
    await applyVoucher(ctx, code);
    return done;
  },
};

async function askVoucher(ctx: BotContext & { from: { id: number } }): Promise<void> {
  await openPrompt(ctx, ctx.chat?.id ?? ctx.from.id, {
    step: voucherEntry.name,
    text: ctx.t.cart.askVoucher,
    ttlMs: VOUCHER_ENTRY_MS,
  });
}

async function sendToCart(ctx: BotContext, userId: number, event: CheckoutEvent): Promise<Cart> {
  const result = await ctx.deps.runtime.send('checkout', String(userId), event, {
    dedupeKey: dedupeKeyOf(ctx),
  });
  if (result.status !== 'applied') return loadCart(ctx.deps, userId);
  const context = result.snapshot.context;
  return { items: context.items, voucher: context.voucher };
}

async function pricedCartOf(ctx: BotContext, userId: number, cart?: Cart): Promise<PricedCart> {
  return priceCart(ctx.deps, userId, cart ?? (await loadCart(ctx.deps, userId)));
}

function renderCart(ctx: BotContext, cart: PricedCart) {
  return cartScreen(ctx.t, ctx.lang, ctx.deps.config.BOT_TIMEZONE, cart);
}

/**
 * The cart (the buyer's checkout actor): add, change, remove, vouchers and checkout.
 * Everything after CHECKOUT (stock, invoice, QR) is the order actor's business.
 */
export function cartFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  const openCart = async (ctx: BotContext & { from: { id: number } }) => {
    await sendScreen(ctx, renderCart(ctx, await pricedCartOf(ctx, ctx.from.id)));
  };
  chats.command(['keranjang', 'cart'], openCart);
  chats.hears(menuLabels('cart'), openCart);

  onAction(feature, 'cartShow', async (ctx) => {
    await showScreen(ctx, renderCart(ctx, await pricedCartOf(ctx, ctx.from.id)));
    return undefined;
  });

  onAction(feature, 'cartAdd', (ctx, { productId, quantity }) => addToCart(ctx, productId, quantity));

  onAction(feature, 'cartInc', async (ctx, { productId }) => {
    const cart = await loadCart(ctx.deps, ctx.from.id);
    const line = cart.items.find((i) => i.productId === productId);
    if (!line) return refreshCart(ctx, cart, ctx.t.cart.notInCart);
    const product = await getProduct(ctx.deps.db, productId);
    if (!product?.active) return refreshCart(ctx, cart, ctx.t.catalog.unavailable);
    const max = maxQuantity(product.stock);
    if (line.quantity + 1 > max)
      return refreshCart(ctx, cart, { text: ctx.t.cart.limitReached(max, product.stock), alert: true });
    const next = await sendToCart(ctx, ctx.from.id, {
      type: 'SET_QUANTITY',
      productId,
      quantity: line.quantity + 1,
    });
    return refreshCart(ctx, next, undefined);
  });

  onAction(feature, 'cartDec', async (ctx, { productId }) => {
    const cart = await loadCart(ctx.deps, ctx.from.id);
    const line = cart.items.find((i) => i.productId === productId);
    if (!line) return refreshCart(ctx, cart, ctx.t.cart.notInCart);
    // ➖ on the last piece takes the line out, as buyers expect.
    const event: CheckoutEvent =
      line.quantity <= 1
        ? { type: 'REMOVE', productId }
        : { type: 'SET_QUANTITY', productId, quantity: line.quantity - 1 };
    return refreshCart(ctx, await sendToCart(ctx, ctx.from.id, event), undefined);
  });

  onAction(feature, 'cartRemove', async (ctx, { productId }) => {
    const cart = await loadCart(ctx.deps, ctx.from.id);
    if (!cart.items.some((i) => i.productId === productId))
      return refreshCart(ctx, cart, ctx.t.cart.notInCart);
    const product = await getProduct(ctx.deps.db, productId);
    const next = await sendToCart(ctx, ctx.from.id, { type: 'REMOVE', productId });
    return refreshCart(ctx, next, ctx.t.cart.removed(product?.name ?? `#${productId}`));
  });

  onAction(feature, 'cartClear', async (ctx) => {
    const next = await sendToCart(ctx, ctx.from.id, { type: 'CLEAR' });
    return refreshCart(ctx, next, ctx.t.cart.cleared);
  });

  onAction(feature, 'cartVoucher', async (ctx) => {
    await askVoucher(ctx);
    return undefined;
  });

  onAction(feature, 'cartVoucherRemove', async (ctx) => {
    const next = await sendToCart(ctx, ctx.from.id, { type: 'REMOVE_VOUCHER' });
    return refreshCart(ctx, next, ctx.t.cart.voucherRemoved);
  });

  onAction(feature, 'checkout', (ctx, { method }) => checkout(ctx, method, false));
  onAction(feature, 'checkoutBalanceConfirmed', (ctx) => checkout(ctx, 'balance', true));

  chats.command('voucher', async (ctx) => {
    const code = ctx.match.trim();
    if (code) await applyVoucher(ctx, code);
    else await askVoucher(ctx);
  });

  return feature;
}

async function refreshCart(ctx: CallbackContext, cart: Cart, reply: CallbackReply): Promise<CallbackReply> {
  await showScreen(ctx, renderCart(ctx, await pricedCartOf(ctx, ctx.from.id, cart)));
  return reply;
}

/** Checks stock and the cart's limits first, so the actor only ever sees a sane ADD. */
async function addToCart(ctx: CallbackContext, productId: number, quantity: number): Promise<CallbackReply> {
  const { t } = ctx;
  if (quantity < 1) return { text: t.catalog.invalidQuantity, alert: true };
  const product = await getProduct(ctx.deps.db, productId);
  if (!product?.active) return { text: t.catalog.unavailable, alert: true };
  if (product.stock === 0) return { text: t.catalog.soldOut, alert: true };
  const cart = await loadCart(ctx.deps, ctx.from.id);
  const inCart = cart.items.find((i) => i.productId === productId)?.quantity ?? 0;
  const canAdd = maxQuantity(product.stock) - inCart;
  if (quantity > canAdd) {
    return {
      text: t.catalog.overStock({
        name: product.name,
        stock: product.stock,
        inCart,
        canAdd: Math.max(0, canAdd),
      }),
      alert: true,
    };
  }
  if (inCart === 0 && cart.items.length >= MAX_LINES)
    return { text: t.catalog.cartFull(MAX_LINES), alert: true };
  const next = await sendToCart(ctx, ctx.from.id, { type: 'ADD', productId, quantity });
  const priced = await pricedCartOf(ctx, ctx.from.id, next);
  await sendScreen(ctx, {
    text: t.catalog.addedMessage({
      name: product.name,
      quantity,
      lines: priced.lines.length,
      subtotal: priced.subtotal,
    }),
    keyboard: addedKeyboard(t),
  });
  return t.catalog.added(product.name, quantity);
}

async function applyVoucher(ctx: BotContext & { from: { id: number } }, typed: string): Promise<void> {
  const { t } = ctx;
  const userId = ctx.from.id;
  const cart = await loadCart(ctx.deps, userId);
  if (cart.items.length === 0) {
    await ctx.reply(t.cart.voucherNeedsCart);
    return;
  }
  // The cart's own quote with the typed code: the same rules (scope included) as checkout.
  const result = VOUCHER_CODE.test(typed)
    ? ((await quoteOrder(ctx.deps.db, { userId, lines: cart.items, voucherCode: typed })).voucher?.result ?? {
        ok: false,
        reason: 'unknown',
      })
    : ({ ok: false, reason: 'unknown' } as const);
  if (!result.ok) {
    const reason = voucherReason(t, result, ctx.deps.config.BOT_TIMEZONE, ctx.lang);
    // Echo at most a code's length: the buyer may have typed a whole paragraph.
    await ctx.reply(t.cart.voucherRefused(typed.slice(0, 64).toUpperCase(), reason));
    return;
  }
  const next = await sendToCart(ctx, userId, { type: 'APPLY_VOUCHER', code: result.voucher.code });
  const screen = renderCart(ctx, await pricedCartOf(ctx, userId, next));
  await sendScreen(ctx, {
    ...screen,
    text: `${t.cart.voucherOk(result.voucher.code, result.discount)}\n\n${screen.text}`,
  });
}

/**
 * Refuses early what would fail anyway (empty cart, stock, a voucher that no longer
 * applies, balance, too many open invoices), asks once before spending the balance,
 * then hands the cart to a new order.
 */
async function checkout(
  ctx: CallbackContext,
  method: 'qris' | 'balance',
  confirmed: boolean,
): Promise<CallbackReply> {
  const { t, deps } = ctx;
  const userId = ctx.from.id;
  // A disk about to fill up: nothing new starts (the cart stays as it is).
  if (diskCritical(deps.config, deps.logger)) {
    await ctx.reply(t.menu.maintenance);
    return undefined;
  }
  const cart = await loadCart(deps, userId);
  if (cart.items.length === 0) {
    await showScreen(ctx, renderCart(ctx, await pricedCartOf(ctx, userId, cart)));
    return { text: t.cart.empty, alert: true };
  }
  const priced = await pricedCartOf(ctx, userId, cart);
  if (!priced.ready) {
    await showScreen(ctx, renderCart(ctx, priced));
    return { text: t.cart.notReady, alert: true };
  }
  if (priced.voucher && !priced.voucher.result.ok) {
    const reason = voucherReason(t, priced.voucher.result, deps.config.BOT_TIMEZONE, ctx.lang);
    await ctx.reply(t.cart.voucherBlocksCheckout(priced.voucher.code, reason));
    return undefined;
  }
  if (method === 'balance') {
    const balance = await getBalance(deps.db, userId);
    if (balance < priced.total) {
      await ctx.reply(t.orders.refused.insufficient_balance(balance));
      return undefined;
    }
    if (!confirmed) {
      await showScreen(ctx, {
        text: t.cart.confirmBalance(priced.total, balance),
        keyboard: confirmBalanceKeyboard(t),
      });
      return undefined;
    }
  }
  // Paying from the balance opens no invoice, so only QRIS checkouts count against the cap.
  if (method === 'qris' && (await countOpenInvoices(deps.db, userId)) >= MAX_OPEN_INVOICES) {
    await ctx.reply(t.cart.tooManyOpenInvoices(MAX_OPEN_INVOICES));
    return undefined;
  }
  const orderId = newOrderId(deps.config.BOT_TIMEZONE);
  const result = await deps.runtime.send(
    'checkout',
    String(userId),
    { type: 'CHECKOUT', orderId, method, lang: ctx.lang },
    { dedupeKey: dedupeKeyOf(ctx) },
  );
  if (result.status !== 'applied') return undefined;
  if (result.snapshot.context.lastOrderId !== orderId) return { text: t.cart.empty, alert: true };
  deps.audit.record('checkout', { userId, orderId, method, total: priced.total });
  const messageId = await showScreen(ctx, { text: t.orders.placing });
  await trackScreen(deps.db, {
    chatId: ctx.chat?.id ?? userId,
    messageId,
    screen: 'checkout',
    orderIds: [orderId],
    lang: ctx.lang,
  });
  // The order may have moved on before the note was tracked: its events found nothing to edit.
  await refreshOrderScreens({ ...deps, api: ctx.api }, orderId);
  return undefined;
}
