import { type Kysely, sql } from 'kysely';
import type { Database } from '../infra/database.ts';
import { markSold } from './stock.ts';

/**
 * Claims the right to send an order's items: 'already_sent' once a delivery completed,
 * so a retried or replayed delivery never messages the buyer the items twice.
 */
export async function beginDelivery(db: Kysely<Database>, orderId: string): Promise<'send' | 'already_sent'> {
  const { rows } = await sql<{ status: string }>`
    INSERT INTO deliveries (order_id, status, attempts) VALUES (${orderId}, 'sending', 1)
    ON CONFLICT (order_id) DO UPDATE
      SET status = 'sending', attempts = deliveries.attempts + 1, updated_at = now()
      WHERE deliveries.status <> 'sent'
    RETURNING status`.execute(db);
  return rows.length > 0 ? 'send' : 'already_sent';
}

/**
 * Records a finished delivery in its own transaction (pass the root Db): the delivery
 * row, the items sold and the order delivered change together or not at all.
 * Repeating it keeps the first message ids and times.
 */
export async function completeDelivery(
  db: Kysely<Database>,
  orderId: string,
  messageIds: number[],
): Promise<'completed' | 'already_sent'> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql`
      INSERT INTO deliveries (order_id, status, message_ids, attempts, sent_at)
      VALUES (${orderId}, 'sent', ${messageIds}::integer[], 1, now())
      ON CONFLICT (order_id) DO UPDATE
        SET status = 'sent', message_ids = excluded.message_ids, sent_at = now(), updated_at = now()
        WHERE deliveries.status <> 'sent'
      RETURNING order_id`.execute(trx);
    await markSold(trx, orderId);
    await trx
      .updateTable('orders')
      .set({ status: 'delivered', delivered_at: sql`coalesce(delivered_at, now())` })
      .where('id', '=', orderId)
      .execute();
    return rows.length > 0 ? 'completed' : 'already_sent';
  });
}
