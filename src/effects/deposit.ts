import type { EffectHandlers } from '../actors/effect.ts';
import { defineEffect, type EffectContext } from '../actors/types.ts';
import { texts } from '../bot/i18n.ts';
import type { DepositEvent, depositMachine } from '../machines/deposit.ts';
import type { Invoice, InvoiceOutcome, Lang, VerifiedPayment } from '../machines/order.ts';
import { depositInvoiceView } from '../messages/invoice.ts';
import { tellBuyer } from '../messages/tell.ts';
import { createDeposit, getDeposit, updateDeposit } from '../shop/deposits.ts';
import { credit, getBalance } from '../shop/ledger.ts';
import type { EffectDeps } from './deps.ts';
import { openInvoice } from './invoice.ts';
import { cancelAtGateway, recordCompleted } from './order.ts';
import { apiSignal, editCaption, toBuyer } from './telegram.ts';

type Ref = { depositId: string; userId: number; lang: Lang };

/** The deposit machine's named actions. */
export function depositEffects(deps: EffectDeps): EffectHandlers<typeof depositMachine> {
  return {
    createDepositInvoice: defineEffect((p) => createDepositInvoice(deps, p), 3),
    sendDepositInvoice: defineEffect((p, ctx) => sendDepositInvoice(deps, p, ctx)),
    creditDeposit: defineEffect((p, ctx) => creditDeposit(deps, p, ctx)),
    closeDeposit: defineEffect((p, ctx) => closeDeposit(deps, p, ctx)),
    captionClosedInvoice: defineEffect((p, ctx) =>
      editCaption(deps, p.userId, p.invoiceMessageId, qrCaption(p, p.reason), ctx.signal),
    ),
  };
}

async function createDepositInvoice(deps: EffectDeps, p: Ref & { amount: number }): Promise<DepositEvent> {
  await createDeposit(deps.db, { id: p.depositId, userId: p.userId, amount: p.amount });
  const { invoice, record } = await openInvoice(deps, {
    purpose: 'deposit',
    refId: p.depositId,
    amount: p.amount,
  });
  await updateDeposit(deps.db, p.depositId, record);
  return { type: 'INVOICE_CREATED', ...invoice };
}

async function sendDepositInvoice(
  deps: EffectDeps,
  p: Ref & { invoice: Invoice; amount: number },
  ctx: EffectContext,
): Promise<DepositEvent | undefined> {
  const view = await depositInvoiceView(
    texts(p.lang),
    p.lang,
    deps.config.BOT_TIMEZONE,
    { id: p.depositId, amount: p.amount },
    p.invoice,
  );
  const message = await toBuyer(deps, p.userId, () =>
    deps.api.sendPhoto(
      p.userId,
      view.photo,
      { caption: view.caption, parse_mode: 'HTML', reply_markup: view.keyboard },
      apiSignal(ctx.signal),
    ),
  );
  return message ? { type: 'INVOICE_SENT', messageId: message.message_id } : undefined;
}

/**
 * Credits the top-up once (the ledger's unique reference makes a retry harmless), and tells
 * the buyer unless `notify` is false (a close is still telling them; see the machine).
 */
async function creditDeposit(
  deps: EffectDeps,
  p: Ref & { payment: VerifiedPayment; late: boolean; notify?: boolean; invoiceMessageId?: number | null },
  ctx: EffectContext,
): Promise<undefined> {
  const { applied } = await credit(deps.db, {
    userId: p.userId,
    amount: p.payment.amount,
    reason: 'deposit',
    ref: p.depositId,
    note: p.late ? `late payment, txn ${p.payment.txnId}` : `txn ${p.payment.txnId}`,
  });
  await updateDeposit(deps.db, p.depositId, { paidAt: new Date() });
  await recordCompleted(deps, 'deposit', p.depositId, p.payment);
  deps.audit.record('deposit.credited', {
    depositId: p.depositId,
    userId: p.userId,
    amount: p.payment.amount,
    applied,
  });
  // Paid late, the QR already says why it closed; jobs queued before the id was passed carry none.
  if (!p.late && p.invoiceMessageId)
    await editCaption(deps, p.userId, p.invoiceMessageId, qrCaption(p, 'paid'), ctx.signal);
  // Jobs queued before `notify` existed carry none: they always told the buyer.
  if (p.notify === false) return undefined;
  const balance = await getBalance(deps.db, p.userId);
  await tellBuyer(
    deps,
    p.userId,
    texts(p.lang).orders.deposit.credited(p.payment.amount, balance),
    ctx.signal,
  );
  return undefined;
}

async function closeDeposit(
  deps: EffectDeps,
  p: Ref & {
    reason: 'expired' | 'cancelled' | 'failed';
    txnId: string | null;
    amount: number;
    invoiceMessageId: number | null;
  },
  ctx: EffectContext,
): Promise<DepositEvent> {
  // Paid meanwhile (the actor's projection says so): there is nothing to cancel or to regret.
  if ((await getDeposit(deps.db, p.depositId))?.status === 'paid') return { type: 'CLOSED' };
  if (p.txnId) await cancelAtGateway(deps, { txnId: p.txnId, orderId: p.depositId, amount: p.amount });
  // The QR and the message say the same.
  const text = qrCaption(p, p.reason);
  if (p.invoiceMessageId) await editCaption(deps, p.userId, p.invoiceMessageId, text, ctx.signal);
  await tellBuyer(deps, p.userId, text, ctx.signal);
  return { type: 'CLOSED' };
}

/** The QR's new caption: the top-up paid, or why its invoice closed. */
const qrCaption = (p: Ref, outcome: InvoiceOutcome) => texts(p.lang).orders.deposit[outcome](p.depositId);
