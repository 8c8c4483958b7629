import type { Kysely, Selectable } from 'kysely';
import type { Database, DepositsTable } from '../infra/database.ts';

export type DepositStatus = DepositsTable['status'];

export interface DepositDetail {
  id: string;
  userId: number;
  amount: number;
  status: DepositStatus;
  fee: number | null;
  totalPayment: number | null;
  txnId: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  paidAt: Date | null;
}

export interface DepositPatch {
  status: DepositStatus;
  fee: number | null;
  totalPayment: number | null;
  txnId: string | null;
  expiresAt: Date | null;
  paidAt: Date | null;
}

/** Opens a balance top-up in 'creating'; a repeated id returns the deposit already there. */
export async function createDeposit(
  db: Kysely<Database>,
  input: { id: string; userId: number; amount: number },
): Promise<DepositDetail> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw new Error(`A deposit is a positive whole number of rupiah (got ${input.amount})`);
  await db
    .insertInto('deposits')
    .values({ id: input.id, user_id: input.userId, amount: input.amount, status: 'creating' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const deposit = await getDeposit(db, input.id);
  return deposit!;
}

export async function getDeposit(db: Kysely<Database>, id: string): Promise<DepositDetail | undefined> {
  const row = await db
    .selectFrom('deposits')
    .selectAll()
    .where('id', '=', id)
    .$castTo<Selectable<DepositsTable>>()
    .executeTakeFirst();
  return row && toDetail(row);
}

/**
 * Applies the given fields; returns false when the deposit does not exist. `status` is the
 * deposit actor's to write (its projection, src/effects/projections.ts).
 */
export async function updateDeposit(
  db: Kysely<Database>,
  id: string,
  patch: Partial<DepositPatch>,
): Promise<boolean> {
  const set = {
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.fee !== undefined && { fee: patch.fee }),
    ...(patch.totalPayment !== undefined && { total_payment: patch.totalPayment }),
    ...(patch.txnId !== undefined && { txn_id: patch.txnId }),
    ...(patch.expiresAt !== undefined && { expires_at: patch.expiresAt }),
    ...(patch.paidAt !== undefined && { paid_at: patch.paidAt }),
  };
  if (Object.keys(set).length === 0) return (await getDeposit(db, id)) !== undefined;
  const result = await db.updateTable('deposits').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Newest first. */
export async function listUserDeposits(
  db: Kysely<Database>,
  userId: number,
  limit: number,
): Promise<DepositDetail[]> {
  const rows = await db
    .selectFrom('deposits')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .$castTo<Selectable<DepositsTable>>()
    .execute();
  return rows.map(toDetail);
}

function toDetail(row: Selectable<DepositsTable>): DepositDetail {
  return {
    id: row.id,
    userId: row.user_id,
    amount: row.amount,
    status: row.status,
    fee: row.fee,
    totalPayment: row.total_payment,
    txnId: row.txn_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    paidAt: row.paid_at,
  };
}
