import { Composer } from 'grammy';
import type { SendResult } from '../../actors/runtime.ts';
import { getOrder, type OrderDetail } from '../../shop/orders.ts';
import { type CallbackContext, dedupeKeyOf, onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { CANCELLABLE, confirmCancelKeyboard, RESENDABLE } from '../keyboards/history.ts';
import { menuLabels } from '../keyboards/main-menu.ts';
import { trackScreen } from '../screens/tracked.ts';
import { historyScreen } from '../views/history.ts';
import { type Screen, sendScreen, showScreen } from '../views/screen.ts';

/** Shows a history page and remembers which orders it shows, so their events can re-render it. */
async function showHistory(
  ctx: BotContext & { from: { id: number } },
  page: number,
  show: (ctx: BotContext, screen: Screen) => Promise<number>,
): Promise<void> {
  const screen = await historyScreen(ctx.deps, ctx.t, ctx.lang, ctx.from.id, page);
  const messageId = await show(ctx, screen);
  await trackScreen(ctx.deps.db, {
    chatId: ctx.chat?.id ?? ctx.from.id,
    messageId,
    screen: 'history',
    orderIds: screen.orderIds,
    page,
    lang: ctx.lang,
  });
}

/** The buyer's order history, with cancel (unpaid) and resend (paid) per order. */
export function ordersFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  const openHistory = (ctx: BotContext & { from: { id: number } }) => showHistory(ctx, 1, sendScreen);
  chats.command(['pesanan', 'orders'], openHistory);
  chats.hears(menuLabels('orders'), openHistory);

  onAction(feature, 'ordersPage', async (ctx, { page }) => {
    await showHistory(ctx, page, showScreen);
    return undefined;
  });

  // Also pressed on the invoice message, which shares the `order:cancel:<id>` data:
  // asks once, in a message of its own (the invoice is a photo and stays as it is).
  onAction(feature, 'orderCancel', async (ctx, { orderId }) => {
    const order = await ownOrder(ctx, orderId);
    if (!order) return ctx.t.menu.invalidButton;
    if (!CANCELLABLE.has(order.status)) return { text: ctx.t.history.notCancellable, alert: true };
    await sendScreen(ctx, {
      text: ctx.t.history.confirmCancel(orderId),
      keyboard: confirmCancelKeyboard(ctx.t, orderId),
    });
    return undefined;
  });

  onAction(feature, 'orderCancelConfirmed', async (ctx, { orderId }) => {
    const order = await ownOrder(ctx, orderId);
    if (!order) return ctx.t.menu.invalidButton;
    const refused = { text: ctx.t.history.notCancellable, alert: true };
    if (!CANCELLABLE.has(order.status)) {
      await showScreen(ctx, { text: ctx.t.history.notCancellable });
      return refused;
    }
    const result = await tellOrder(ctx, orderId, 'CANCEL');
    // Applied but not cancelled: the order was in a step that cannot be cancelled.
    if (!result || (result.status === 'applied' && result.state !== 'cancelled')) {
      await showScreen(ctx, { text: ctx.t.history.notCancellable });
      return refused;
    }
    ctx.deps.audit.record('order_cancel_requested', { userId: ctx.from.id, orderId });
    await showScreen(ctx, { text: ctx.t.history.cancelRequested(orderId) });
    return ctx.t.history.cancelling;
  });

  onAction(feature, 'orderKeep', async (ctx, { orderId }) => {
    await showScreen(ctx, { text: ctx.t.history.kept(orderId) });
    return undefined;
  });

  // The order actor re-sends what the order already holds: no new stock is taken.
  onAction(feature, 'orderResend', async (ctx, { orderId }) => {
    const order = await ownOrder(ctx, orderId);
    if (!order) return ctx.t.menu.invalidButton;
    if (!RESENDABLE.has(order.status)) return { text: ctx.t.history.notResendable, alert: true };
    const result = await tellOrder(ctx, orderId, 'RESEND');
    if (!result) return { text: ctx.t.history.notResendable, alert: true };
    return ctx.t.history.resending;
  });

  return feature;
}

/** Only the buyer who placed an order may act on it. */
async function ownOrder(ctx: CallbackContext, orderId: string): Promise<OrderDetail | null> {
  const order = await getOrder(ctx.deps.db, orderId);
  return order && order.userId === ctx.from.id ? order : null;
}

/**
 * Sends the event to an existing order actor; null when there is none (sending would
 * create one from nothing). A repeated press is deduplicated and counts as done.
 */
async function tellOrder(
  ctx: CallbackContext,
  orderId: string,
  type: 'CANCEL' | 'RESEND',
): Promise<SendResult | null> {
  if (!(await ctx.deps.runtime.read('order', orderId))) return null;
  return ctx.deps.runtime.send('order', orderId, { type }, { dedupeKey: dedupeKeyOf(ctx) });
}
