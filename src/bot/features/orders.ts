import { Composer } from 'grammy';
import type { SendResult } from '../../actors/runtime.ts';
import { getOrder, type OrderDetail } from '../../shop/orders.ts';
import { type CallbackContext, dedupeKeyOf, onAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { CANCELLABLE, RESENDABLE } from '../keyboards/history.ts';
import { menuLabels } from '../keyboards/main-menu.ts';
import { historyScreen } from '../views/history.ts';
import { sendScreen, showScreen } from '../views/screen.ts';

/** The buyer's order history, with cancel (unpaid) and resend (paid) per order. */
export function ordersFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const chats = feature.chatType('private');

  const openHistory = async (ctx: BotContext & { from: { id: number } }) => {
    await sendScreen(ctx, await historyScreen(ctx.deps, ctx.t, ctx.lang, ctx.from.id, 1));
  };
  chats.command(['pesanan', 'orders'], openHistory);
  chats.hears(menuLabels('orders'), openHistory);

  onAction(feature, 'ordersPage', async (ctx, { page }) => {
    await showScreen(ctx, await historyScreen(ctx.deps, ctx.t, ctx.lang, ctx.from.id, page));
    return undefined;
  });

  // Also pressed on the invoice message, which shares the `order:cancel:<id>` data.
  onAction(feature, 'orderCancel', async (ctx, { orderId }) => {
    const order = await ownOrder(ctx, orderId);
    if (!order) return ctx.t.menu.invalidButton;
    if (!CANCELLABLE.has(order.status)) return { text: ctx.t.history.notCancellable, alert: true };
    const result = await tellOrder(ctx, orderId, 'CANCEL');
    // Applied but not cancelled: the order was in a step that cannot be cancelled.
    if (!result || (result.status === 'applied' && result.state !== 'cancelled'))
      return { text: ctx.t.history.notCancellable, alert: true };
    ctx.deps.audit.record('order_cancel_requested', { userId: ctx.from.id, orderId });
    return ctx.t.history.cancelling;
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
