import type { Invoice } from '../machines/order.ts';
import { recordPayment } from '../shop/payments.ts';
import type { EffectDeps } from './deps.ts';

/** What the order or deposit row keeps of its invoice. */
export interface InvoiceRecord {
  txnId: string;
  fee: number;
  totalPayment: number;
  expiresAt: Date;
}

/**
 * Creates (find-or-create at the gateway, so a retry is safe) a QRIS invoice and records
 * the pending payment. The expiry is the gateway's own `expired_at`.
 */
export async function openInvoice(
  deps: EffectDeps,
  target: { purpose: 'order' | 'deposit'; refId: string; amount: number },
): Promise<{ invoice: Invoice; record: InvoiceRecord }> {
  const invoice = await deps.pakasir.createInvoice({
    orderId: target.refId,
    amount: target.amount,
    method: 'qris',
  });
  await recordPayment(deps.db, {
    gateway: 'pakasir',
    txnId: invoice.txnId,
    purpose: target.purpose,
    refId: target.refId,
    method: invoice.method,
    amount: invoice.amount,
    fee: invoice.fee,
    total: invoice.totalPayment,
    // "completed" is ours to record, after verification (recordCompleted). A retried effect
    // re-creating an invoice the buyer already paid gets the same transaction back as
    // completed: recorded so, neither the webhook nor reconciliation would confirm it.
    status: invoice.status === 'completed' ? 'pending' : invoice.status,
    isSandbox: invoice.isSandbox,
    raw: invoice.raw,
    completedAt: null,
  });
  deps.audit.record('invoice.created', { ...target, txnId: invoice.txnId });
  return {
    invoice: {
      txnId: invoice.txnId,
      amount: invoice.amount,
      fee: invoice.fee,
      totalPayment: invoice.totalPayment,
      paymentNumber: invoice.paymentNumber,
      paymentUrl: invoice.paymentUrl,
      expiresAt: invoice.expiresAt.toISOString(),
    },
    record: {
      txnId: invoice.txnId,
      fee: invoice.fee,
      totalPayment: invoice.totalPayment,
      expiresAt: invoice.expiresAt,
    },
  };
}
