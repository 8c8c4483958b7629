import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../infra/db.ts';
import { MIGRATIONS_DIR } from '../infra/migrate.ts';
import type { CheckOutcome } from './checks.ts';
import { readQueueStats } from './queue-stats.ts';

/** A ready job waiting longer than this means no worker is taking jobs. */
export const QUEUE_MAX_WAIT_SECONDS = 600;

/** The database answers, and its latest applied migration is the latest this version has. */
export async function checkDatabase(db: Db): Promise<CheckOutcome> {
  const started = performance.now();
  await sql`SELECT 1`.execute(db);
  const pingMs = Math.round(performance.now() - started);
  const known = latestKnownMigration();
  const applied = await latestAppliedMigration(db);
  const figures = { ping_ms: pingMs, migration: applied ?? 'none', latest_migration: known };
  if (applied !== known) {
    return { ok: false, summary: `migration ${applied ?? 'none'} applied, ${known} expected`, figures };
  }
  return { ok: true, summary: `answers in ${pingMs} ms, migration ${applied}`, figures };
}

/** pg-boss's tables answer; no ready job has waited too long. */
export async function checkQueues(db: Db): Promise<CheckOutcome> {
  const stats = await readQueueStats(db);
  const figures: Record<string, number> = { dead_letters: stats.deadLetters };
  for (const q of stats.queues) {
    figures[`${q.queue}.ready`] = q.ready;
    figures[`${q.queue}.oldest_ready_s`] = q.oldestReadySeconds;
  }
  const stuck = stats.queues.filter((q) => q.oldestReadySeconds > QUEUE_MAX_WAIT_SECONDS);
  const depth = stats.queues.map((q) => `${q.queue} ${q.ready}`).join(', ');
  const oldest = Math.max(0, ...stats.queues.map((q) => q.oldestReadySeconds));
  const summary = `${depth || 'no queues'}; oldest waiting ${oldest} s; ${stats.deadLetters} dead letters`;
  if (stuck.length > 0) {
    const names = stuck.map((q) => q.queue).join(', ');
    return {
      ok: false,
      summary: `jobs waiting over ${QUEUE_MAX_WAIT_SECONDS} s in ${names}; ${summary}`,
      figures,
    };
  }
  return { ok: true, summary, figures };
}

export function latestKnownMigration(): string {
  const names = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /\.(ts|js|mjs)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => file.replace(/\.[^.]+$/, ''))
    .sort();
  const last = names.at(-1);
  if (!last) throw new Error(`no migrations in ${MIGRATIONS_DIR}`);
  return last;
}

async function latestAppliedMigration(db: Db): Promise<string | null> {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db);
  return rows[0]?.name ?? null;
}
