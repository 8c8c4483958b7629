import { randomUUID } from 'node:crypto';
import { GrammyError } from 'grammy';
import { defineEffect, type EffectContext, type EffectMap, type RetryPolicy } from '../actors/types.ts';
import { localTime } from '../bot/format.ts';
import { texts } from '../bot/i18n.ts';
import { refreshOrderScreens } from '../bot/screens/refresh.ts';
import { deliveryView } from '../bot/views/delivery.ts';
import { orderInvoiceView } from '../bot/views/invoice.ts';
import { isAmountAllowed } from '../infra/pakasir/index.ts';
import type {
  Invoice,
  Lang,
  OrderEvent,
  OrderLine,
  PaymentMethod,
  Refusal,
  VerifiedPayment,
} from '../machines/order.ts';
import { html } from '../messages/fill.ts';
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
import { apiSignal, bestEffortEdit, describeUser, isBlocked, toAdmins, toBuyer } from './telegram.ts';

type Ref = { orderId: string; userId: number; lang: Lang };

/** A delivery attempt gives up early: the order then waits, undelivered, for its next try. */
const DELIVERY_RETRIES: RetryPolicy = { retryLimit: 3, retryDelaySeconds: 1 };
/** Admin notices outlast a Telegram outage of 15 minutes or more, and arrive within a minute of its end. */
const NOTICE_RETRIES: RetryPolicy = { retryLimit: 20, retryDelaySeconds: 1, retryDelayMaxSeconds: 60 };

/** The order machine's named actions, run durably by the actor runtime. */
export function orderEffects(deps: EffectDeps): EffectMap {
  const effect = <P>(
    run: (params: P, ctx: EffectContext) => Promise<OrderEvent | undefined>,
    policy?: number | RetryPolicy,
  ) => defineEffect(run, policy);

  return {
    reserveStock: effect(
      (p: Ref & { method: PaymentMethod; lines: OrderLine[]; voucherCode: string | null }) =>
        reserveStock(deps, p),
    ),
    tellRefused: effect((p: Ref & { refusal: Refusal }) => tellRefused(deps, p)),
    createInvoice: effect((p: Ref & { amount: number }) => createInvoice(deps, p), 3),
    sendInvoice: effect((p: Ref & { invoice: Invoice; total: number }) => sendInvoice(deps, p)),
    debitBalance: effect((p: Ref & { amount: number }) => debitBalance(deps, p)),
    confirmPayment: effect(
      (
        p: Ref & { payment: VerifiedPayment | null; method: PaymentMethod; invoiceMessageId: number | null },
        ctx: EffectContext,
      ) => confirmPayment(deps, p, ctx),
    ),
    tellAdminsPaid: effect(
      (p: Ref & { method: PaymentMethod; total: number }, ctx) => tellAdminsPaid(deps, p, ctx),
      NOTICE_RETRIES,
    ),
    deliver: effect((p: Ref & { attempt: number }, ctx) => deliver(deps, p, ctx), DELIVERY_RETRIES),
    markUndelivered: effect(
      (p: Ref & { error: string; firstTime: boolean }, ctx) => markUndelivered(deps, p, ctx),
      NOTICE_RETRIES,
    ),
    resend: effect((p: Ref, ctx) => resend(deps, p, ctx)),
    releaseOrder: effect(
      (
        p: Ref & {
          reason: 'expired' | 'cancelled' | 'failed';
          txnId: string | null;
          amount: number;
          invoiceMessageId: number | null;
        },
      ) => releaseOrder(deps, p),
    ),
    creditLatePayment: effect((p: Ref & { payment: VerifiedPayment }) => creditLatePayment(deps, p)),
  };
}

async function reserveStock(
  deps: EffectDeps,
  p: Ref & { method: PaymentMethod; lines: OrderLine[]; voucherCode: string | null },
): Promise<OrderEvent> {
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
  const total = result.order.total;
  if (p.method === 'qris' && !isAmountAllowed('qris', total)) {
    return { type: 'REFUSED', reason: 'amount_out_of_range', total };
  }
  return { type: 'RESERVED', total };
}

async function tellRefused(deps: EffectDeps, p: Ref & { refusal: Refusal }): Promise<undefined> {
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
  await toBuyer(deps, p.userId, () => deps.api.sendMessage(p.userId, text, { parse_mode: 'HTML' }));
  return undefined;
}

async function createInvoice(deps: EffectDeps, p: Ref & { amount: number }): Promise<OrderEvent> {
  const { invoice, record } = await openInvoice(deps, {
    purpose: 'order',
    refId: p.orderId,
    amount: p.amount,
  });
  await updateOrder(deps.db, p.orderId, record);
  return { type: 'INVOICE_CREATED', ...invoice };
}

async function sendInvoice(deps: EffectDeps, p: Ref & { invoice: Invoice }): Promise<OrderEvent | undefined> {
  const order = await getOrder(deps.db, p.orderId);
  if (!order) throw new Error(`order ${p.orderId} not found`);
  const view = await orderInvoiceView(texts(p.lang), p.lang, deps.config.BOT_TIMEZONE, order, p.invoice);
  // The full list goes first, so the QR with its pay button stays the last message.
  for (const text of view.details)
    await toBuyer(deps, p.userId, () => deps.api.sendMessage(p.userId, text, { parse_mode: 'HTML' }));
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

async function debitBalance(deps: EffectDeps, p: Ref & { amount: number }): Promise<OrderEvent | undefined> {
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
  p: Ref & { payment: VerifiedPayment | null; method: PaymentMethod; invoiceMessageId: number | null },
  ctx: EffectContext,
): Promise<undefined> {
  const paidAt = p.payment?.completedAt ? new Date(p.payment.completedAt) : new Date();
  await updateOrder(deps.db, p.orderId, { status: 'paid', paidAt });
  await refreshOrderScreens(deps, p.orderId);
  if (p.payment) await recordCompleted(deps, 'order', p.orderId, p.payment);
  deps.audit.record('order.paid', {
    orderId: p.orderId,
    userId: p.userId,
    method: p.method,
    txnId: p.payment?.txnId,
  });
  const messageId = p.invoiceMessageId;
  if (messageId) {
    const caption = await deps.messages.render('order_paid', p.lang, { order_id: p.orderId });
    await bestEffortEdit(deps, () =>
      deps.api.editMessageCaption(
        p.userId,
        messageId,
        { caption, parse_mode: 'HTML' },
        apiSignal(ctx.signal),
      ),
    );
  }
  return undefined;
}

async function tellAdminsPaid(
  deps: EffectDeps,
  p: Ref & { method: PaymentMethod; total: number },
  ctx: EffectContext,
): Promise<undefined> {
  const order = await getOrder(deps.db, p.orderId);
  const buyer = await describeUser(deps, p.userId);
  const time = order?.paidAt ?? new Date();
  // What the buyer paid, the gateway's fee included, not the order's base total.
  const paid = order ? paidAmount(order) : { paid: p.total, fee: 0 };
  await toAdmins(
    deps,
    (lang) => {
      const t = texts(lang).orders;
      return deps.messages.render('admin_order_paid', lang, {
        order_id: p.orderId,
        pembeli: html(buyer),
        produk: html(
          (order?.items ?? []).map((i) => t.itemLine(i.productName, i.quantity, i.unitPrice)).join('\n'),
        ),
        metode: p.method === 'balance' ? 'Saldo' : 'QRIS',
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
async function deliver(deps: EffectDeps, p: Ref, ctx: EffectContext): Promise<OrderEvent> {
  const items = await orderContents(deps.db, deps.cipher, p.orderId);
  const claim = await holdDelivery(deps, p.orderId, `${ctx.effectId}/${ctx.attempt}/${randomUUID()}`, {
    sendMs: deliverySendMs(deps.config.TELEGRAM_TIMEOUT_SECONDS),
    signal: ctx.signal,
  });
  if (claim === 'already_sent') {
    // An attempt that sent the items may have died before starting the terms: idempotent.
    await startSnk(deps, p);
    return { type: 'DELIVERED', messageIds: [] };
  }
  const t = texts(p.lang);
  let messageIds: number[];
  try {
    const view = deliveryView(t, t.orders.deliveredHeader(p.orderId), p.orderId, items);
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
  await refreshOrderScreens(deps, p.orderId);
  deps.audit.record('order.delivered', { orderId: p.orderId, userId: p.userId, items: items.length });
  // Products with terms (SNK) get them, and the proof flow, from their own actor.
  await startSnk(deps, p);
  return { type: 'DELIVERED', messageIds };
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
  p: Ref & { error: string; firstTime: boolean },
  ctx: EffectContext,
): Promise<undefined> {
  await updateOrder(deps.db, p.orderId, { status: 'undelivered' });
  deps.logger.warn({ orderId: p.orderId, error: p.error }, 'paid order not delivered yet');
  if (p.firstTime) {
    const buyer = await describeUser(deps, p.userId);
    await toAdmins(deps, (lang) => texts(lang).orders.adminUndelivered(p.orderId, buyer), ctx.signal);
  }
  return undefined;
}

/** Sends the same items again from the order's own stock rows: never consumes new stock. */
async function resend(deps: EffectDeps, p: Ref, ctx: EffectContext): Promise<undefined> {
  const t = texts(p.lang);
  const items = await orderContents(deps.db, deps.cipher, p.orderId);
  await toBuyer(deps, p.userId, () =>
    sendItems(deps, p, deliveryView(t, t.orders.resentHeader(p.orderId), p.orderId, items), ctx.signal),
  );
  deps.audit.record('order.resent', { orderId: p.orderId, userId: p.userId });
  return undefined;
}

async function releaseOrder(
  deps: EffectDeps,
  p: Ref & {
    reason: 'expired' | 'cancelled' | 'failed';
    txnId: string | null;
    amount: number;
    invoiceMessageId: number | null;
  },
): Promise<OrderEvent> {
  const { refunded } = await undoReservation(deps, p.orderId, p.reason);
  await refreshOrderScreens(deps, p.orderId);
  if (p.txnId) await cancelAtGateway(deps, { txnId: p.txnId, orderId: p.orderId, amount: p.amount });
  const t = texts(p.lang).orders;
  const messageId = p.invoiceMessageId;
  if (messageId) {
    await bestEffortEdit(deps, () =>
      deps.api.editMessageCaption(p.userId, messageId, {
        caption: t.invoiceClosed(p.orderId, p.reason),
        parse_mode: 'HTML',
      }),
    );
  }
  const text =
    refunded > 0
      ? t.refunded(p.orderId, refunded)
      : p.reason === 'expired'
        ? t.expired(p.orderId)
        : p.reason === 'cancelled'
          ? t.cancelled(p.orderId)
          : t.failed(p.orderId);
  await toBuyer(deps, p.userId, () => deps.api.sendMessage(p.userId, text, { parse_mode: 'HTML' }));
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
  await toBuyer(deps, p.userId, () =>
    deps.api.sendMessage(p.userId, texts(p.lang).orders.lateCredited(p.orderId, p.payment.amount), {
      parse_mode: 'HTML',
    }),
  );
  const buyer = await describeUser(deps, p.userId);
  const time = localTime(new Date(), deps.config.BOT_TIMEZONE, 'id');
  await toAdmins(deps, (lang) =>
    texts(lang).orders.adminLatePayment({ orderId: p.orderId, buyer, amount: p.payment.amount, time }),
  );
  return undefined;
}

/**
 * Puts an unpaid order's stock and voucher back and gives back a balance payment, in one
 * transaction with the status change: a retried release changes nothing twice.
 */
async function undoReservation(
  deps: EffectDeps,
  orderId: string,
  status: 'expired' | 'cancelled' | 'failed' | 'refused',
): Promise<{ refunded: number }> {
  const { released, refund } = await deps.db.transaction().execute(async (trx) => {
    await updateOrder(trx, orderId, { status });
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
