import type { Db } from '../infra/db.ts';
import type { ExpectedPayment } from './verify.ts';

/** The actor a gateway order_id belongs to, with what we expect to be paid. */
export interface PaymentTarget {
  kind: 'order' | 'deposit';
  id: string;
  expected: ExpectedPayment;
  alreadyCompleted: boolean;
}

/** Finds the order or deposit behind a gateway order_id (null: not ours, or no invoice yet). */
export async function findPaymentTarget(db: Db, orderId: string): Promise<PaymentTarget | null> {
  const row = await db
    .selectFrom('payments')
    .select(['purpose', 'ref_id', 'txn_id', 'amount', 'fee', 'total', 'status'])
    .where('gateway', '=', 'pakasir')
    .where('ref_id', '=', orderId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  return {
    kind: row.purpose,
    id: row.ref_id,
    alreadyCompleted: row.status === 'completed',
    expected: {
      txnId: row.txn_id,
      orderId: row.ref_id,
      amount: row.amount,
      fee: row.fee,
      totalPayment: row.total,
    },
  };
}
