import type { Selectable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import type { Database, PaymentsTable } from '../infra/database.ts';

export type Payment = Selectable<PaymentsTable>;

export interface PaymentRecord {
  gateway: 'pakasir';
  txnId: string;
  purpose: 'order' | 'deposit';
  refId: string;
  method: string;
  amount: number;
  fee: number;
  total: number;
  status: string;
  isSandbox: boolean | null;
  /** The gateway's own answer or webhook body, kept for audits. */
  raw: unknown;
  completedAt: Date | null;
}

/**
 * Records what the gateway said about a transaction; a later report of the same
 * transaction updates it. A known completion (its status and time) is never erased by a
 * later report: a retried invoice creation must not make a confirmed payment pending.
 */
export async function recordPayment(db: Kysely<Database>, p: PaymentRecord): Promise<Payment> {
  const raw = JSON.stringify(p.raw ?? {});
  return db
    .insertInto('payments')
    .values({
      gateway: p.gateway,
      txn_id: p.txnId,
      purpose: p.purpose,
      ref_id: p.refId,
      method: p.method,
      amount: p.amount,
      fee: p.fee,
      total: p.total,
      status: p.status,
      is_sandbox: p.isSandbox,
      raw,
      completed_at: p.completedAt,
    })
    .onConflict((oc) =>
      oc.columns(['gateway', 'txn_id']).doUpdateSet({
        status: sql`CASE WHEN payments.status = 'completed' THEN payments.status ELSE excluded.status END`,
        raw: (eb) => eb.ref('excluded.raw'),
        fee: (eb) => eb.ref('excluded.fee'),
        total: (eb) => eb.ref('excluded.total'),
        completed_at: sql`coalesce(excluded.completed_at, payments.completed_at)`,
      }),
    )
    .returningAll()
    .$castTo<Payment>()
    .executeTakeFirstOrThrow();
}

export async function getPayment(
  db: Kysely<Database>,
  gateway: string,
  txnId: string,
): Promise<Payment | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('gateway', '=', gateway)
    .where('txn_id', '=', txnId)
    .$castTo<Payment>()
    .executeTakeFirst();
}

/** Every gateway transaction opened for one order or deposit, oldest first. */
export async function paymentsFor(
  db: Kysely<Database>,
  purpose: 'order' | 'deposit',
  refId: string,
): Promise<Payment[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('ref_id', '=', refId)
    .orderBy('id')
    .$castTo<Payment>()
    .execute();
}
