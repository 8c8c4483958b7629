import { randomUUID } from 'node:crypto';
import { GrammyError } from 'grammy';
import type { EffectHandlers, EffectName, EffectParamsOf } from '../actors/effect.ts';
import { defineEffect, type EffectContext, type EffectPolicy, type RetryPolicy } from '../actors/types.ts';
import { notifyLowStock } from '../bot/features/admin/low-stock.ts';
import { localTime } from '../bot/format.ts';
import { texts } from '../bot/i18n.ts';
import { refreshOrderScreens } from '../bot/screens/refresh.ts';
import { isAmountAllowed } from '../infra/pakasir/index.ts';
import type { InvoiceOutcome, Lang, OrderEvent, orderMachine, VerifiedPayment } from '../machines/order.ts';
import { deliveryView } from '../messages/delivery.ts';
import { html } from '../messages/fill.ts';
import { orderInvoiceView } from '../messages/invoice.ts';
import { tellAdmins, tellBuyer } from '../messages/tell.ts';
import { refundOrderToBalance } from '../shop/admin-orders.ts';
import { completeDelivery } from '../shop/deliveries.ts';
import { credit, payOrderFromBalance, refundOrderPayment } from '../shop/ledger.ts';
import { createOrder, getOrder, updateOrder } from '../shop/orders.ts';
import { recordPayment } from '../shop/payments.ts';
import { paidAmount } from '../shop/pricing.ts';
import { orderContents, releaseStock } from '../shop/stock.ts';
import { releaseRedemption } from '../shop/vouchers.ts';
import { holdDelivery } from './delivery-claim.ts';
import type { EffectDeps } from './deps.ts';
import { openInvoice } from './invoice.ts';
import { startSnk } from './snk.ts';
import { apiSignal, describeUser, editCaption, isBlocked, toBuyer } from './telegram.ts';

type Ref = { orderId: string; userId: number; lang: Lang };

/** Admin notices outlast a Telegram outage of 15 minutes or more, and arrive within a minute of its end. */
const NOTICE_RETRIES: RetryPolicy = { retryLimit: 20, retryDelaySeconds: 1, retryDelayMaxSeconds: 60 };

/**
 * The steps after a payment go ahead of the steps that open new orders: in a burst of
 * checkouts, a buyer who paid gets the items without queueing behind other invoices,
 * and the delivery, which the buyer waits for, goes first of all.
 */
const AFTER_PAYMENT = 10;
/** A delivery attempt gives up early: the order then waits, undelivered, for its next try. */
const DELIVERY: EffectPolicy = { retryLimit: 3, retryDelaySeconds: 1, priority: AFTER_PAYMENT + 10 };

/** The params the order machine passes to its effect `N`. */
type Params<N extends EffectName<typeof orderMachine>> = EffectParamsOf<typeof orderMachine, N>;

/** The order machine's named actions, run durably by the actor runtime. */
export function orderEffects(deps: EffectDeps): EffectHandlers<typeof orderMachine> {
  return {
    reserveStock: defineEffect((p) => reserveStock(deps, p)),
    tellRefused: defineEffect((p) => tellRefused(deps, p)),
    createInvoice: defineEffect((p) => createInvoice(deps, p), 3),
    sendInvoice: defineEffect((p) => sendInvoice(deps, p)),
    debitBalance: defineEffect((p) => debitBalance(deps, p)),
    confirmPayment: defineEffect((p, ctx) => confirmPayment(deps, p, ctx), { priority: AFTER_PAYMENT }),
    tellAdminsPaid: defineEffect((p, ctx) => tellAdminsPaid(deps, p, ctx), NOTICE_RETRIES),
    deliver: defineEffect((p, ctx) => deliver(deps, p, ctx), DELIVERY),
    markUndelivered: defineEffect((p, ctx) => markUndelivered(deps, p, ctx), NOTICE_RETRIES),
    resend: defineEffect((p, ctx) => resend(deps, p, ctx)),
    releaseOrder: defineEffect((p) => releaseOrder(deps, p)),
    creditLatePayment: defineEffect((p) => creditLatePayment(deps, p)),
    refundToBalance: defineEffect((p) => refundToBalance(deps, p)),
    captionInvoice: defineEffect((p, ctx) => captionInvoice(deps, p, p.invoiceMessageId, ctx.signal)),
  };
}

/** An admin's refund: the order's total back to the balance once (keyed by the order id), buyer told. */
async function refundToBalance(deps: EffectDeps, p: Params<'refundToBalance'>): Promise<undefined> {
  const applied = await refundOrderToBalance(deps.db, p);
  await refreshOrderScreens(deps, p.orderId);
  if (applied)
    await tellBuyer(deps, p.userId, texts(p.lang).adminOps.buyerRefunded(p.orderId, p.amount, p.note));
  return undefined;
}

async function reserveStock(deps: EffectDeps, p: Params<'reserveStock'>): Promise<OrderEvent> {
  const result = await createOrder(deps.db, {
    orderId: p.orderId,
    userId: p.userId,
    method: p.method,
    lines: p.lines,
    voucherCode: p.voucherCode,
  });
  if (!result.ok) {
    if (result.reason === 'sold_out') {
      return {
        type: 'REFUSED',
        reason: 'sold_out',
        productName: result.productName,
        available: result.available,
      };
    }
    if (result.reason === 'voucher')
      return { type: 'REFUSED', reason: 'voucher', voucherReason: result.voucherReason };
    return { type: 'REFUSED', reason: 'unavailable' };
  }
  await notifyLowStock(
    deps,
    p.lines.map((line) => line.productId),
  );
  const total = result.order.total;
  if (p.method === 'qris' && !isAmountAllowed('qris', total)) {
    return { type: 'REFUSED', reason: 'amount_out_of_range', total };
  }
  return { type: 'RESERVED', total };
}

async function tellRefused(deps: EffectDeps, p: Params<'tellRefused'>): Promise<undefined> {
  await undoReservation(deps, p.orderId, 'refused');
  await refreshOrderScreens(deps, p.orderId);
  const t = texts(p.lang).orders;
  const r = p.refusal;
  const text =
    r.reason === 'sold_out'
      ? t.refused.sold_out(r)
      : r.reason === 'voucher'
        ? t.refused.voucher(
            t.voucherReasons[r.voucherReason as keyof typeof t.voucherReasons] ?? r.voucherReason,
          )
        : r.reason === 'insufficient_balance'
          ? t.refused.insufficient_balance(r.balance)
          : r.reason === 'amount_out_of_range'
            ? t.refused.amount_out_of_range(r.total)
            : t.refused.unavailable;
  await tellBuyer(deps, p.userId, text);
  return undefined;
}

async function createInvoice(deps: EffectDeps, p: Params<'createInvoice'>): Promise<OrderEvent> {
  const { invoice, record } = await openInvoice(deps, {
    purpose: 'order',
    refId: p.orderId,
    amount: p.amount,
  });
  await updateOrder(deps.db, p.orderId, record);
  return { type: 'INVOICE_CREATED', ...invoice };
}

async function sendInvoice(deps: EffectDeps, p: Params<'sendInvoice'>): Promise<OrderEvent | undefined> {
  const order = await getOrder(deps.db, p.orderId);
  if (!order) throw new Error(`order ${p.orderId} not found`);
  const view = await orderInvoiceView(texts(p.lang), p.lang, deps.config.BOT_TIMEZONE, order, p.invoice);
  // The full list goes first, so the QR with its pay button stays the last message.
  for (const text of view.details) await tellBuyer(deps, p.userId, text);
  const message = await toBuyer(deps, p.userId, () =>
    deps.api.sendPhoto(p.userId, view.photo, {
      caption: view.caption,
      parse_mode: 'HTML',
      reply_markup: view.keyboard,
    }),
  );
  await refreshOrderScreens(deps, p.orderId);
  return message ? { type: 'INVOICE_SENT', messageId: message.message_id } : undefined;
}

async function debitBalance(deps: EffectDeps, p: Params<'debitBalance'>): Promise<OrderEvent | undefined> {
  if (p.amount === 0) return { type: 'BALANCE_DEBITED', amount: 0 };
  const result = await payOrderFromBalance(deps.db, {
    userId: p.userId,
    orderId: p.orderId,
    amount: p.amount,
  });
  // Released while this attempt waited: nothing was taken, and the order has moved on.
  if (!result.ok && result.reason === 'closed') return undefined;
  if (!result.ok) return { type: 'REFUSED', reason: 'insufficient_balance', balance: result.balance };
  deps.audit.record('balance.debited', { orderId: p.orderId, userId: p.userId, amount: p.amount });
  return { type: 'BALANCE_DEBITED', amount: p.amount };
}

async function confirmPayment(
  deps: EffectDeps,
  p: Params<'confirmPayment'>,
  ctx: EffectContext,
): Promise<undefined> {
  const paidAt = p.payment?.completedAt ? new Date(p.payment.completedAt) : new Date();
  await updateOrder(deps.db, p.orderId, { paidAt });
  await refreshOrderScreens(deps, p.orderId);
  if (p.payment) await recordCompleted(deps, 'order', p.orderId, p.payment);
  deps.audit.record('order.paid', {
    orderId: p.orderId,
    userId: p.userId,
    method: p.method,
    txnId: p.payment?.txnId,
  });
  if (p.invoiceMessageId)
    await captionInvoice(deps, { ...p, outcome: 'paid' }, p.invoiceMessageId, ctx.signal);
  return undefined;
}

async function tellAdminsPaid(
  deps: EffectDeps,
  p: Params<'tellAdminsPaid'>,
  ctx: EffectContext,
): Promise<undefined> {
  const order = await getOrder(deps.db, p.orderId);
  const buyer = await describeUser(deps, p.userId);
  const time = order?.paidAt ?? new Date();
  // What the buyer paid, the gateway's fee included, not the order's base total.
  const paid = order ? paidAmount(order) : { paid: p.total, fee: 0 };
  await tellAdmins(
    deps,
    ({ orders: t }, lang) => {
      return deps.messages.render('admin_order_paid', lang, {
        order_id: p.orderId,
        pembeli: html(buyer),
        produk: html(
          (order?.items ?? []).map((i) => t.itemLine(i.productName, i.quantity, i.unitPrice)).join('\n'),
        ),
        metode: t.methodName[p.method],
        total: t.paidAmount(paid.paid, paid.fee),
        tanggal: localTime(time, deps.config.BOT_TIMEZONE, lang),
      });
    },
    ctx.signal,
  );
  return undefined;
}

/**
 * Delivers the reserved items once. The attempt holding the delivery's claim is the only
 * one that sends: a second attempt (a job re-run beside a slow one) waits for it, and a
 * delivery already marked sent is never sent again. A buyer who blocked the bot leaves
 * the order paid-undelivered for a later retry.
 */
async function deliver(deps: EffectDeps, p: Params<'deliver'>, ctx: EffectContext): Promise<OrderEvent> {
  const items = await orderContents(deps.db, deps.cipher, p.orderId);
  const view = deliveryView(texts(p.lang), await deliveryFrame(deps, p, 'delivery_header'), p.orderId, items);
  const claim = await holdDelivery(deps, p.orderId, `${ctx.effectId}/${ctx.attempt}/${randomUUID()}`, {
    sendMs: deliverySendMs(deps.config.TELEGRAM_TIMEOUT_SECONDS),
    signal: ctx.signal,
  });
  if (claim === 'already_sent') {
    // An attempt that sent the items may have died before starting the terms: idempotent.
    await startSnk(deps, p);
    return { type: 'DELIVERED', messageIds: [] };
  }
  let messageIds: number[];
  try {
    messageIds = await sendItems(deps, p, view, claim.signal);
  } catch (error) {
    await claim.stop({ release: true });
    if (isBlocked(error)) return { type: 'DELIVERY_BLOCKED', error: 'bot blocked by the buyer' };
    // Without an answer Telegram may have sent it: the next attempt sends again rather than
    // leave a paid order without its items.
    if (!(error instanceof GrammyError))
      ctx.logger.warn({ err: error, orderId: p.orderId }, 'delivery got no answer from Telegram');
    throw error;
  }
  await claim.stop();
  await completeDelivery(deps.db, p.orderId, messageIds);
  // The cart's note says "paid" for delivered orders too, and confirmPayment has put it.
  await refreshOrderScreens(deps, p.orderId, { checkoutNote: false });
  deps.audit.record('order.delivered', { orderId: p.orderId, userId: p.userId, items: items.length });
  // Products with terms (SNK) get them, and the proof flow, from their own actor.
  await startSnk(deps, p);
  return { type: 'DELIVERED', messageIds };
}

/** The header and footer around the items: the owner's templates, else the defaults. */
async function deliveryFrame(deps: EffectDeps, p: Ref, header: 'delivery_header' | 'resend_header') {
  return {
    header: await deps.messages.render(header, p.lang, { order_id: p.orderId }),
    footer: await deps.messages.render('delivery_footer', p.lang, {}),
  };
}

/** One delivery send may take one Telegram call and one short rate-limit retry. */
function deliverySendMs(telegramTimeoutSeconds: number): number {
  return (2 * telegramTimeoutSeconds + 5) * 1000;
}

async function sendItems(
  deps: EffectDeps,
  p: Ref,
  view: ReturnType<typeof deliveryView>,
  signal: AbortSignal,
): Promise<number[]> {
  const message =
    view.kind === 'text'
      ? await deps.api.sendMessage(p.userId, view.text, { parse_mode: 'HTML' }, apiSignal(signal))
      : await deps.api.sendDocument(
          p.userId,
          view.document,
          { caption: view.caption, parse_mode: 'HTML' },
          apiSignal(signal),
        );
  return [message.message_id];
}

async function markUndelivered(
  deps: EffectDeps,
  p: Params<'markUndelivered'>,
  ctx: EffectContext,
): Promise<undefined> {
  deps.logger.warn({ orderId: p.orderId, error: p.error }, 'paid order not delivered yet');
  if (p.firstTime) {
    const buyer = await describeUser(deps, p.userId);
    await tellAdmins(deps, (t) => t.orders.adminUndelivered(p.orderId, buyer), ctx.signal);
  }
  return undefined;
}

/** Sends the same items again from the order's own stock rows: never consumes new stock. */
async function resend(deps: EffectDeps, p: Params<'resend'>, ctx: EffectContext): Promise<undefined> {
  const items = await orderContents(deps.db, deps.cipher, p.orderId);
  const view = deliveryView(texts(p.lang), await deliveryFrame(deps, p, 'resend_header'), p.orderId, items);
  await toBuyer(deps, p.userId, () => sendItems(deps, p, view, ctx.signal));
  deps.audit.record('order.resent', { orderId: p.orderId, userId: p.userId });
  return undefined;
}

/** The QR's caption says what became of the order; an edit without a keyboard takes its buttons away. */
async function captionInvoice(
  deps: EffectDeps,
  p: Ref & { outcome: InvoiceOutcome },
  messageId: number,
  signal?: AbortSignal,
): Promise<undefined> {
  const caption =
    p.outcome === 'paid'
      ? await deps.messages.render('order_paid', p.lang, { order_id: p.orderId })
      : texts(p.lang).orders.invoiceClosed(p.orderId, p.outcome);
  return editCaption(deps, p.userId, messageId, caption, signal);
}

async function releaseOrder(deps: EffectDeps, p: Params<'releaseOrder'>): Promise<OrderEvent> {
  const { refunded } = await undoReservation(deps, p.orderId, p.reason);
  await refreshOrderScreens(deps, p.orderId);
  if (p.txnId) await cancelAtGateway(deps, { txnId: p.txnId, orderId: p.orderId, amount: p.amount });
  const t = texts(p.lang).orders;
  if (p.invoiceMessageId) await captionInvoice(deps, { ...p, outcome: p.reason }, p.invoiceMessageId);
  const text =
    refunded > 0
      ? t.refunded(p.orderId, refunded)
      : p.reason === 'expired'
        ? t.expired(p.orderId)
        : p.reason === 'cancelled'
          ? t.cancelled(p.orderId)
          : t.failed(p.orderId);
  await tellBuyer(deps, p.userId, text);
  deps.audit.record(`order.${p.reason}`, { orderId: p.orderId, userId: p.userId, refunded });
  return { type: 'RELEASED' };
}

/**
 * A payment that lands after expiry becomes balance: the buyer's money is never lost. The
 * buyer and admins are told unless `notify` is false (the release is still telling them).
 */
async function creditLatePayment(
  deps: EffectDeps,
  p: Ref & { payment: VerifiedPayment; notify?: boolean },
): Promise<undefined> {
  const { applied } = await credit(deps.db, {
    userId: p.userId,
    amount: p.payment.amount,
    reason: 'late_payment',
    ref: p.orderId,
    note: `txn ${p.payment.txnId}`,
  });
  await recordCompleted(deps, 'order', p.orderId, p.payment);
  deps.audit.record('order.late_payment_credited', {
    orderId: p.orderId,
    userId: p.userId,
    amount: p.payment.amount,
    applied,
  });
  // Jobs queued before `notify` existed carry none: they always told the buyer.
  if (p.notify === false) return undefined;
  await tellBuyer(deps, p.userId, texts(p.lang).orders.lateCredited(p.orderId, p.payment.amount));
  const buyer = await describeUser(deps, p.userId);
  const now = new Date();
  await tellAdmins(deps, (t, lang) =>
    t.orders.adminLatePayment({
      orderId: p.orderId,
      buyer,
      amount: p.payment.amount,
      time: localTime(now, deps.config.BOT_TIMEZONE, lang),
    }),
  );
  return undefined;
}

/**
 * Puts an unpaid order's stock and voucher back and gives back a balance payment, in one
 * transaction: a retried release changes nothing twice. The released status was set by the
 * actor's projection when it entered the state, so the refund (which requires it) sees it.
 */
async function undoReservation(
  deps: EffectDeps,
  orderId: string,
  status: 'expired' | 'cancelled' | 'failed' | 'refused',
): Promise<{ refunded: number }> {
  const { released, refund } = await deps.db.transaction().execute(async (trx) => {
    const released = await releaseStock(trx, orderId);
    await releaseRedemption(trx, orderId);
    return { released, refund: await refundOrderPayment(trx, orderId) };
  });
  if (released) deps.logger.info({ orderId, released, status }, 'stock released');
  if (refund.applied) deps.audit.record('balance.refunded', { orderId, amount: refund.amount });
  return { refunded: refund.amount };
}

export async function cancelAtGateway(
  deps: EffectDeps,
  ref: { txnId: string; orderId: string; amount: number },
) {
  try {
    await deps.pakasir.cancelInvoice(ref);
  } catch (error) {
    // The gateway may have expired it already; a late payment is still handled.
    deps.logger.warn({ err: error, orderId: ref.orderId }, 'gateway cancel failed');
  }
}

export async function recordCompleted(
  deps: EffectDeps,
  purpose: 'order' | 'deposit',
  refId: string,
  payment: VerifiedPayment,
): Promise<void> {
  await recordPayment(deps.db, {
    gateway: 'pakasir',
    txnId: payment.txnId,
    purpose,
    refId,
    method: payment.method,
    amount: payment.amount,
    fee: payment.fee,
    total: payment.totalPayment,
    status: 'completed',
    isSandbox: null,
    raw: payment,
    completedAt: payment.completedAt ? new Date(payment.completedAt) : new Date(),
  });
}
