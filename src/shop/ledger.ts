import type { Selectable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import type { BalanceLedgerTable, Database } from '../infra/database.ts';

export type LedgerEntry = Selectable<BalanceLedgerTable>;
export type LedgerReason = BalanceLedgerTable['reason'];

export interface LedgerMove {
  userId: number;
  /** Positive whole rupiah; debits are stored negated. */
  amount: number;
  reason: LedgerReason;
  /** With `reason`, identifies the move: booking it twice has no effect. */
  ref: string;
  note?: string | null;
}

export type DebitResult =
  | { ok: true; balance: number }
  | { ok: false; reason: 'insufficient'; balance: number };

export async function getBalance(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('balance_ledger')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('balance'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

export async function listLedger(
  db: Kysely<Database>,
  userId: number,
  limit: number,
): Promise<LedgerEntry[]> {
  return db
    .selectFrom('balance_ledger')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .$castTo<LedgerEntry>()
    .execute();
}

/** Adds to a balance once per (reason, ref); `applied` is false for a repeat. */
export async function credit(db: Kysely<Database>, move: LedgerMove): Promise<{ applied: boolean }> {
  assertAmount(move.amount);
  const inserted = await db
    .insertInto('balance_ledger')
    .values({
      user_id: move.userId,
      amount: move.amount,
      reason: move.reason,
      ref: move.ref,
      note: move.note ?? null,
    })
    .onConflict((oc) => oc.columns(['reason', 'ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return { applied: inserted !== undefined };
}

/** Takes from a balance in its own transaction (pass the root Db, not a Transaction). */
export async function debit(db: Kysely<Database>, move: LedgerMove): Promise<DebitResult> {
  return db.transaction().execute((trx) => debitInTx(trx, move));
}

/**
 * Takes from a balance inside the caller's transaction. The per-user advisory lock makes
 * concurrent debits read the balance one after another, so together they never overdraw.
 * A repeat of the same (reason, ref) succeeds without booking anything.
 */
export async function debitInTx(trx: Kysely<Database>, move: LedgerMove): Promise<DebitResult> {
  assertAmount(move.amount);
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`balance/${move.userId}`}, 0))`.execute(trx);
  const done = await trx
    .selectFrom('balance_ledger')
    .select('id')
    .where('reason', '=', move.reason)
    .where('ref', '=', move.ref)
    .executeTakeFirst();
  const balance = await getBalance(trx, move.userId);
  if (done) return { ok: true, balance };
  if (balance < move.amount) return { ok: false, reason: 'insufficient', balance };
  const inserted = await trx
    .insertInto('balance_ledger')
    .values({
      user_id: move.userId,
      amount: -move.amount,
      reason: move.reason,
      ref: move.ref,
      note: move.note ?? null,
    })
    .onConflict((oc) => oc.columns(['reason', 'ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return { ok: true, balance: inserted ? balance - move.amount : balance };
}

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new Error(`Ledger amounts are positive whole rupiah (got ${amount})`);
}

/** Statuses of an order whose goods were never handed over: a balance payment goes back. */
const RELEASED_ORDER = ['expired', 'cancelled', 'failed', 'refused'] as const;

export type OrderPaymentResult = DebitResult | { ok: false; reason: 'closed'; balance: number };

/**
 * Pays an order from its buyer's balance, booked as ('order_payment', orderId). The order
 * row is locked first, the same lock `refundOrderPayment` takes, so a debit and a release
 * of one order never interleave: an order released before its debit is never charged,
 * and one released after it is refunded. A repeat of a booked debit succeeds again.
 */
export async function payOrderFromBalance(
  db: Kysely<Database>,
  pay: { userId: number; orderId: string; amount: number },
): Promise<OrderPaymentResult> {
  return db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, pay.orderId);
    const move = {
      userId: pay.userId,
      amount: pay.amount,
      reason: 'order_payment' as const,
      ref: pay.orderId,
    };
    if (order?.status !== 'reserving' && !(await findEntry(trx, 'order_payment', pay.orderId)))
      return { ok: false, reason: 'closed', balance: await getBalance(trx, pay.userId) };
    return debitInTx(trx, move);
  });
}

/**
 * Gives back an order's balance payment, inside the caller's transaction (the one that
 * releases the order), once: booked as ('refund', orderId). Only an order in a released
 * status is refunded, never one that was paid for and kept. `amount` is what the buyer
 * got back, by this call or an earlier one; 0 when the order was not paid from balance.
 */
export async function refundOrderPayment(
  trx: Kysely<Database>,
  orderId: string,
): Promise<{ amount: number; applied: boolean }> {
  const order = await lockOrder(trx, orderId);
  if (!order || !(RELEASED_ORDER as readonly string[]).includes(order.status))
    return { amount: 0, applied: false };
  const paid = await findEntry(trx, 'order_payment', orderId);
  if (!paid) return { amount: 0, applied: false };
  const { applied } = await credit(trx, {
    userId: paid.user_id,
    amount: -paid.amount,
    reason: 'refund',
    ref: orderId,
    note: `order ${order.status}`,
  });
  return { amount: -paid.amount, applied };
}

function lockOrder(trx: Kysely<Database>, orderId: string) {
  return trx.selectFrom('orders').select('status').where('id', '=', orderId).forUpdate().executeTakeFirst();
}

function findEntry(trx: Kysely<Database>, reason: LedgerReason, ref: string) {
  return trx
    .selectFrom('balance_ledger')
    .select(['user_id', 'amount'])
    .where('reason', '=', reason)
    .where('ref', '=', ref)
    .executeTakeFirst();
}
