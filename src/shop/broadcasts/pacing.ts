import { sql } from 'kysely';
import type { Db } from '../../infra/db.ts';

/** The broadcast pace of one bot token: messages per second, and how many may go at once. */
export interface Pace {
  botId: number;
  perSecond: number;
  /** Recipients one claim takes (it waits for that many tokens). */
  batch: number;
  /** Tokens the bucket holds at most: the most any one-second window can exceed the rate by. */
  burst: number;
}

/**
 * Batches of a fifth of a second's messages (at least 2): few transactions, windows close to
 * the rate. The bucket holds two batches, so a claimer that wakes a little late loses nothing.
 */
export function paceFor(botId: number, perSecond: number): Pace {
  const batch = Math.max(2, Math.ceil(perSecond / 5));
  return { botId, perSecond, batch, burst: 2 * batch };
}

export interface ClaimedRecipient {
  id: number;
  userId: number;
  attempts: number;
}

export type Claim =
  | { kind: 'claimed'; recipients: ClaimedRecipient[] }
  /** Nothing may be sent for this long (the bucket is empty or a 429 paused the bot). */
  | { kind: 'wait'; ms: number }
  /** No pending recipient is due now. */
  | { kind: 'none' }
  /** The broadcast is no longer sending (paused, cancelled): stop. */
  | { kind: 'stopped' };

interface Bucket {
  tokens: number;
  refreshed_at: Date;
  paused_until: Date | null;
  now: Date;
}

/**
 * Takes tokens from the bot's bucket and claims that many pending recipients, marking them
 * 'sending', in one transaction. The bucket row is locked for the claim, so every process
 * (and every broadcast of this bot) draws on the same budget: together they never exceed
 * the pace. A recipient claimed here is never claimed again.
 */
export async function claimBatch(db: Db, broadcastId: string, pace: Pace, claimer: string): Promise<Claim> {
  return db.transaction().execute(async (tx) => {
    const { rows: state } = await sql<{ status: string }>`
      SELECT status FROM broadcasts WHERE id = ${broadcastId} FOR SHARE`.execute(tx);
    if (state[0]?.status !== 'sending') return { kind: 'stopped' } as const;
    await sql`
      INSERT INTO broadcast_pacing (bot_id, tokens, refreshed_at)
      VALUES (${pace.botId}, ${pace.batch}, clock_timestamp()) ON CONFLICT (bot_id) DO NOTHING`.execute(tx);
    const { rows } = await sql<Bucket>`
      SELECT tokens, refreshed_at, paused_until, clock_timestamp() AS now
      FROM broadcast_pacing WHERE bot_id = ${pace.botId} FOR UPDATE`.execute(tx);
    const bucket = rows[0] as Bucket;
    const now = bucket.now.getTime();
    const elapsed = Math.max(0, now - bucket.refreshed_at.getTime()) / 1000;
    const available = Math.min(pace.burst, bucket.tokens + elapsed * pace.perSecond);
    const pausedMs = bucket.paused_until ? bucket.paused_until.getTime() - now : 0;
    const save = (tokens: number) =>
      sql`UPDATE broadcast_pacing SET tokens = ${tokens}, refreshed_at = ${bucket.now}
          WHERE bot_id = ${pace.botId}`.execute(tx);
    if (pausedMs > 0) {
      await save(0);
      return { kind: 'wait', ms: pausedMs } as const;
    }
    // Wait for a whole batch rather than send one by one: fewer transactions, same pace.
    if (available < pace.batch) {
      return { kind: 'wait', ms: Math.ceil(((pace.batch - available) / pace.perSecond) * 1000) } as const;
    }
    const { rows: claimed } = await sql<{ id: number; user_id: number; attempts: number }>`
      UPDATE broadcast_recipients SET status = 'sending', claimed_at = clock_timestamp(), claimed_by = ${claimer}
      WHERE id IN (
        SELECT id FROM broadcast_recipients
        WHERE broadcast_id = ${broadcastId} AND status = 'pending'
          AND (retry_at IS NULL OR retry_at <= clock_timestamp())
        ORDER BY id LIMIT ${pace.batch} FOR UPDATE SKIP LOCKED)
      RETURNING id, user_id, attempts`.execute(tx);
    if (claimed.length === 0) return { kind: 'none' } as const;
    await save(available - claimed.length);
    const recipients = claimed.map((r) => ({ id: r.id, userId: r.user_id, attempts: r.attempts }));
    return { kind: 'claimed', recipients } as const;
  });
}

/** A 429 pauses every broadcast of the bot for `retry_after` (Telegram's limit is per bot). */
export async function pauseBot(db: Db, botId: number, seconds: number): Promise<void> {
  await sql`
    UPDATE broadcast_pacing
    SET paused_until = greatest(coalesce(paused_until, clock_timestamp()),
                                clock_timestamp() + make_interval(secs => ${seconds}))
    WHERE bot_id = ${botId}`.execute(db);
}
