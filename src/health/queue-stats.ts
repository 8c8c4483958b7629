import { sql } from 'kysely';
import { DEAD_EFFECTS_QUEUE } from '../actors/actions.ts';
import type { Db } from '../infra/db.ts';

export interface QueueDepth {
  queue: string;
  /** Jobs that may run now but have not started. */
  ready: number;
  /** Jobs waiting for a later start (timers, retries with backoff). */
  deferred: number;
  active: number;
  /** Seconds since the longest-waiting ready job could have started; 0 when none waits. */
  oldestReadySeconds: number;
}

export interface QueueStats {
  queues: QueueDepth[];
  /** Effects that used up their attempts, kept in the dead-letter queue for its retention. */
  deadLetters: number;
}

/**
 * Read straight from pg-boss's tables (schema `pgboss`), so the figures are current and
 * a process that runs no pg-boss (the healthcheck command) can read them too. The filter
 * `state <= 'active'` keeps to the index pg-boss has for unfinished jobs.
 */
export async function readQueueStats(db: Db): Promise<QueueStats> {
  const { rows } = await sql<{
    queue: string;
    ready: number;
    deferred: number;
    active: number;
    oldest_ready_seconds: number | null;
  }>`
    SELECT q.name AS queue,
      count(j.id) FILTER (WHERE j.state < 'active' AND j.start_after <= now())::int AS ready,
      count(j.id) FILTER (WHERE j.state < 'active' AND j.start_after > now())::int AS deferred,
      count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
      extract(epoch FROM now() - min(j.start_after)
        FILTER (WHERE j.state < 'active' AND j.start_after <= now()))::float8 AS oldest_ready_seconds
    FROM pgboss.queue q
    LEFT JOIN pgboss.job j ON j.name = q.name AND j.state <= 'active'
    GROUP BY q.name
    ORDER BY q.name`.execute(db);
  const dead = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM pgboss.job WHERE name = ${DEAD_EFFECTS_QUEUE}`.execute(db);
  return {
    queues: rows.map((row) => ({
      queue: row.queue,
      ready: row.ready,
      deferred: row.deferred,
      active: row.active,
      oldestReadySeconds: Math.max(0, Math.round(row.oldest_ready_seconds ?? 0)),
    })),
    deadLetters: dead.rows[0]?.count ?? 0,
  };
}
