import { type Kysely, sql } from 'kysely';
import type { AuditLog } from '../infra/audit.ts';
import type { Database } from '../infra/database.ts';
import { recordAdminAction } from './admin-audit.ts';
import { credit, debitInTx, getBalance } from './ledger.ts';
import { forgetUser } from './recent-users.ts';
import type { User } from './users.ts';

export interface UserFigures {
  total: number;
  active30: number;
  buyers: number;
  blocked: number;
  botBlocked: number;
}

export async function userFigures(db: Kysely<Database>): Promise<UserFigures> {
  const { rows } = await sql<UserFigures>`
    SELECT
      count(*)::int AS total,
      count(*) FILTER (WHERE last_seen_at >= now() - interval '30 days')::int AS "active30",
      count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.paid_at IS NOT NULL))::int AS buyers,
      count(*) FILTER (WHERE is_blocked)::int AS blocked,
      count(*) FILTER (WHERE bot_blocked)::int AS "botBlocked"
    FROM users u`.execute(db);
  return rows[0] ?? { total: 0, active30: 0, buyers: 0, blocked: 0, botBlocked: 0 };
}

/** By Telegram id or @username (case-insensitive). */
export async function findUser(db: Kysely<Database>, query: string): Promise<User | undefined> {
  const text = query.trim();
  if (/^\d{1,15}$/.test(text)) {
    return db.selectFrom('users').selectAll().where('id', '=', Number(text)).executeTakeFirst();
  }
  const username = text.replace(/^@/, '');
  if (!/^[A-Za-z0-9_]{3,32}$/.test(username)) return undefined;
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

export interface UserSummary {
  orders: number;
  paidOrders: number;
  spent: number;
  balance: number;
}

export async function userSummary(db: Kysely<Database>, userId: number): Promise<UserSummary> {
  const row = await db
    .selectFrom('orders')
    .select([
      sql<number>`count(*)::int`.as('orders'),
      sql<number>`count(*) FILTER (WHERE paid_at IS NOT NULL AND status <> 'refunded')::int`.as('paidOrders'),
      sql<number>`coalesce(sum(total) FILTER (WHERE paid_at IS NOT NULL AND status <> 'refunded'), 0)::int`.as(
        'spent',
      ),
    ])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { ...row, balance: await getBalance(db, userId) };
}

/** Block or unblock (`users.is_blocked`), with its audit row in the same transaction. */
export async function setBlockedByAdmin(
  db: Kysely<Database>,
  audit: AuditLog,
  adminId: number,
  userId: number,
  blocked: boolean,
): Promise<boolean> {
  const changed = await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select('is_blocked')
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!before || before.is_blocked === blocked) return false;
    await trx.updateTable('users').set({ is_blocked: blocked }).where('id', '=', userId).execute();
    await recordAdminAction(trx, audit, {
      adminId,
      action: blocked ? 'user.block' : 'user.unblock',
      target: `user:${userId}`,
      before: { isBlocked: before.is_blocked },
      after: { isBlocked: blocked },
    });
    return true;
  });
  // The bot's remembered row is stale now: the user's next update reads the flag again.
  if (changed) forgetUser(db, userId);
  return changed;
}

export type AdjustResult =
  | { ok: true; balance: number }
  | { ok: false; reason: 'insufficient'; balance: number };

/**
 * A manual balance change (signed rupiah) with its reason: one 'adjustment' ledger entry,
 * keyed by `ref` (the admin's message) so a re-delivered update books nothing more.
 */
export async function adjustBalance(
  db: Kysely<Database>,
  audit: AuditLog,
  move: { adminId: number; userId: number; amount: number; reason: string; ref: string },
): Promise<AdjustResult> {
  return db.transaction().execute(async (trx) => {
    const before = await getBalance(trx, move.userId);
    const entry = { userId: move.userId, reason: 'adjustment' as const, ref: move.ref, note: move.reason };
    if (move.amount > 0) {
      await credit(trx, { ...entry, amount: move.amount });
    } else {
      const debited = await debitInTx(trx, { ...entry, amount: -move.amount });
      if (!debited.ok) return debited;
    }
    const balance = await getBalance(trx, move.userId);
    await recordAdminAction(trx, audit, {
      adminId: move.adminId,
      action: 'balance.adjust',
      target: `user:${move.userId}`,
      before: { balance: before },
      after: { balance, amount: move.amount, reason: move.reason },
    });
    return { ok: true, balance };
  });
}
