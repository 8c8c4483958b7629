import { type Kysely, sql } from 'kysely';
import type { Database } from '../infra/database.ts';

export type DeliveryClaim =
  | { status: 'claimed' }
  | { status: 'already_sent' }
  | { status: 'busy'; claimedBy: string | null; leaseUntil: Date };

/**
 * Takes the right to send an order's items for `leaseMs`, in one statement: of two attempts
 * only one gets it. 'busy' while another attempt's lease runs; 'already_sent' once a
 * delivery completed, so a retried or replayed delivery never messages the items twice.
 */
export async function claimDelivery(
  db: Kysely<Database>,
  orderId: string,
  owner: string,
  leaseMs: number,
): Promise<DeliveryClaim> {
  const { rows } = await sql`
    INSERT INTO deliveries (order_id, status, attempts, claimed_by, lease_until)
    VALUES (${orderId}, 'sending', 1, ${owner}, now() + ${leaseMs} * interval '1 millisecond')
    ON CONFLICT (order_id) DO UPDATE
      SET attempts = deliveries.attempts + 1, claimed_by = excluded.claimed_by,
        lease_until = excluded.lease_until, updated_at = now()
      WHERE deliveries.status <> 'sent'
        AND (deliveries.lease_until IS NULL OR deliveries.lease_until <= now())
    RETURNING order_id`.execute(db);
  if (rows.length > 0) return { status: 'claimed' };
  const row = await db
    .selectFrom('deliveries')
    .select(['status', 'claimed_by', 'lease_until'])
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  if (row.status === 'sent') return { status: 'already_sent' };
  return { status: 'busy', claimedBy: row.claimed_by, leaseUntil: row.lease_until ?? new Date() };
}

/** Extends the holder's lease; false when the claim is no longer this owner's (or already sent). */
export async function renewDelivery(
  db: Kysely<Database>,
  orderId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ lease_until: sql`now() + ${leaseMs} * interval '1 millisecond'`, updated_at: sql`now()` })
    .where('order_id', '=', orderId)
    .where('claimed_by', '=', owner)
    .where('status', '<>', 'sent')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Gives the claim up after a failed send, so the next attempt need not wait for the
 * lease. Only the holder can release it.
 */
export async function releaseDelivery(db: Kysely<Database>, orderId: string, owner: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ claimed_by: null, lease_until: null, updated_at: sql`now()` })
    .where('order_id', '=', orderId)
    .where('claimed_by', '=', owner)
    .where('status', '<>', 'sent')
    .execute();
}

/**
 * Records a finished delivery in one statement: the delivery row, the items sold and the
 * order delivered change together or not at all. Repeating it keeps the first message
 * ids and times.
 */
export async function completeDelivery(
  db: Kysely<Database>,
  orderId: string,
  messageIds: number[],
): Promise<'completed' | 'already_sent'> {
  const { rows } = await sql`
    WITH sent AS (
      INSERT INTO deliveries (order_id, status, message_ids, attempts, sent_at)
      VALUES (${orderId}, 'sent', ${messageIds}::integer[], 1, now())
      ON CONFLICT (order_id) DO UPDATE
        SET status = 'sent', message_ids = excluded.message_ids, sent_at = now(), updated_at = now(),
          claimed_by = NULL, lease_until = NULL
        WHERE deliveries.status <> 'sent'
      RETURNING order_id
    ),
    sold AS (
      UPDATE stock_items SET status = 'sold', sold_at = now()
      WHERE order_id = ${orderId} AND status = 'reserved'
    ),
    delivered AS (
      UPDATE orders SET status = 'delivered', delivered_at = coalesce(delivered_at, now())
      WHERE id = ${orderId}
    )
    SELECT order_id FROM sent`.execute(db);
  return rows.length > 0 ? 'completed' : 'already_sent';
}
