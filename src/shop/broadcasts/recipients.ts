import { sql } from 'kysely';
import type { Db } from '../../infra/db.ts';
import { forgetUser } from '../recent-users.ts';

/** What became of one claimed recipient. */
export type SendOutcome =
  | { id: number; userId: number; result: 'sent' }
  | { id: number; userId: number; result: 'blocked'; error: string }
  | { id: number; userId: number; result: 'failed'; error: string }
  /** Back to pending, due again at `retryAt` (a 429 costs no attempt; a transient error does). */
  | { id: number; userId: number; result: 'retry'; retryAt: Date; countsAttempt: boolean; error: string };

/**
 * Records a batch's outcomes in one statement; users who blocked the bot are marked so
 * (later audiences leave them out). Only rows still 'sending' change: a row a cancelled
 * or stale claim already settled stays as it is.
 */
export async function recordOutcomes(db: Db, outcomes: SendOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const values = outcomes.map((o) => {
    const status = o.result === 'retry' ? 'pending' : o.result;
    const retryAt = o.result === 'retry' ? o.retryAt.toISOString() : null;
    const attempt = o.result === 'retry' && !o.countsAttempt ? 0 : 1;
    const error = o.result === 'sent' ? null : o.error.slice(0, 300);
    return sql`(${o.id}::bigint, ${status}::text, ${retryAt}::timestamptz, ${attempt}::int, ${error}::text)`;
  });
  const blocked = outcomes.filter((o) => o.result === 'blocked').map((o) => o.userId);
  await db.transaction().execute(async (tx) => {
    await sql`
      UPDATE broadcast_recipients r
      SET status = v.status, retry_at = v.retry_at, attempts = r.attempts + v.attempt, error = v.error,
          sent_at = CASE WHEN v.status = 'sent' THEN clock_timestamp() ELSE r.sent_at END
      FROM (VALUES ${sql.join(values)}) AS v(id, status, retry_at, attempt, error)
      WHERE r.id = v.id AND r.status = 'sending'`.execute(tx);
    if (blocked.length > 0)
      await tx.updateTable('users').set({ bot_blocked: true }).where('id', 'in', blocked).execute();
  });
  // The bot's remembered rows must see the flag, so a user who unblocks is cleared at once.
  for (const id of blocked) forgetUser(db, id);
}

/**
 * Claims older than `leaseSeconds` belong to a process that died mid-send: Telegram may have
 * accepted them, so they become 'unknown' (never sent again, counted in the report).
 */
export async function expireStaleClaims(db: Db, broadcastId: string, leaseSeconds: number): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    UPDATE broadcast_recipients SET status = 'unknown', error = 'in flight when a process stopped'
    WHERE broadcast_id = ${broadcastId} AND status = 'sending'
      AND claimed_at < clock_timestamp() - make_interval(secs => ${leaseSeconds})
    RETURNING id`.execute(db);
  return rows.length;
}

/** What is left: recipients claimed by someone, pending, and when the next pending one is due. */
export async function openWork(
  db: Db,
  broadcastId: string,
): Promise<{ sending: number; pending: number; nextDueInMs: number | null }> {
  const { rows } = await sql<{ sending: number; pending: number; next_ms: number | null }>`
    SELECT count(*) FILTER (WHERE status = 'sending')::int AS sending,
           count(*) FILTER (WHERE status = 'pending')::int AS pending,
           greatest(0, extract(epoch FROM min(coalesce(retry_at, clock_timestamp()))
             FILTER (WHERE status = 'pending') - clock_timestamp()) * 1000)::float8 AS next_ms
    FROM broadcast_recipients
    WHERE broadcast_id = ${broadcastId} AND status IN ('pending', 'sending')`.execute(db);
  const row = rows[0];
  return { sending: row?.sending ?? 0, pending: row?.pending ?? 0, nextDueInMs: row?.next_ms ?? null };
}
