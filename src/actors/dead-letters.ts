import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { Db } from '../infra/db.ts';
import { DEAD_EFFECTS_QUEUE, type EffectJob } from './actions.ts';

/** An effect that failed its last attempt: what the owner's tools and the inspector show. */
export interface DeadLetter {
  /** The failed job's id: what `retryDeadLetter` takes. */
  id: string;
  queue: string;
  kind: string;
  actorId: string;
  effect: string;
  effectId: string;
  params: unknown;
  lastError: string | null;
  attempts: number;
  failedAt: Date | null;
}

interface Row {
  id: string;
  name: string;
  data: EffectJob;
  output: { message?: unknown } | null;
  retry_count: number;
  completed_on: Date | null;
}

function toDeadLetter(row: Row): DeadLetter {
  const message = row.output?.message;
  return {
    id: row.id,
    queue: row.name,
    kind: row.data.kind,
    actorId: row.data.actorId,
    effect: row.data.type,
    effectId: row.data.effectId,
    params: row.data.params,
    lastError: typeof message === 'string' ? message : null,
    attempts: row.retry_count + 1,
    failedAt: row.completed_on,
  };
}

/**
 * Effects that failed for good, newest first (kept as long as pg-boss keeps failed jobs).
 * Read from the failed jobs themselves: they hold the last error and the attempt count.
 */
export async function listDeadLetters(
  db: Db,
  filter: { kind?: string; actorId?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  const { rows } = await sql<Row>`
    SELECT id, name, data, output, retry_count, completed_on FROM pgboss.job
    WHERE dead_letter = ${DEAD_EFFECTS_QUEUE} AND state = 'failed'
      AND (${filter.kind ?? null}::text IS NULL OR data->>'kind' = ${filter.kind ?? null})
      AND (${filter.actorId ?? null}::text IS NULL OR data->>'actorId' = ${filter.actorId ?? null})
    ORDER BY completed_on DESC NULLS LAST
    LIMIT ${filter.limit ?? 100}`.execute(db);
  return rows.map(toDeadLetter);
}

/**
 * Runs a dead effect once more, with its original params and id: its result reaches the
 * actor as any effect's would (deduplicated). False when it is no longer a dead letter.
 */
export async function retryDeadLetter(db: Db, boss: PgBoss, id: string): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM pgboss.job WHERE id = ${id}::uuid AND state = 'failed' AND dead_letter = ${DEAD_EFFECTS_QUEUE}`.execute(
    db,
  );
  const queue = rows[0]?.name;
  if (!queue) return false;
  await boss.retry(queue, id);
  return true;
}
