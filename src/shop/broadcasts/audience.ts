import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../../infra/db.ts';
import type { Audience } from './types.ts';

/** Orders that count as a purchase: paid, whether or not delivery went through yet. */
const BOUGHT = sql<SqlBool>`o.paid_at IS NOT NULL`;

/** The condition on `users u` that selects one audience (reachable users only). */
function audienceFilter(audience: Audience): Expression<SqlBool> {
  const reachable = sql<SqlBool>`NOT u.bot_blocked AND NOT u.is_blocked AND u.erased_at IS NULL`;
  switch (audience.type) {
    case 'all':
      return reachable;
    case 'product':
      return sql<SqlBool>`${reachable} AND EXISTS (
        SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE o.user_id = u.id AND ${BOUGHT} AND i.product_id = ${audience.productId})`;
    case 'category':
      return sql<SqlBool>`${reachable} AND EXISTS (
        SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
        WHERE o.user_id = u.id AND ${BOUGHT} AND p.category_id = ${audience.categoryId})`;
    case 'inactive':
      return sql<SqlBool>`${reachable} AND u.last_seen_at < now() - make_interval(days => ${audience.days})`;
    case 'never_bought':
      return sql<SqlBool>`${reachable} AND NOT EXISTS (
        SELECT 1 FROM orders o WHERE o.user_id = u.id AND ${BOUGHT})`;
  }
}

/** How many users the audience has right now (shown before the admin confirms). */
export async function countAudience(db: Db, audience: Audience): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM users u WHERE ${audienceFilter(audience)}`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * Freezes the audience into the broadcast's recipient rows; a second call adds nothing
 * (unique per broadcast and user). Returns the number of recipients.
 */
export async function freezeAudience(tx: Db, broadcastId: string, audience: Audience): Promise<number> {
  await sql`
    INSERT INTO broadcast_recipients (broadcast_id, user_id)
    SELECT ${broadcastId}, u.id FROM users u WHERE ${audienceFilter(audience)} ORDER BY u.id
    ON CONFLICT (broadcast_id, user_id) DO NOTHING`.execute(tx);
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM broadcast_recipients WHERE broadcast_id = ${broadcastId}`.execute(tx);
  return rows[0]?.n ?? 0;
}
