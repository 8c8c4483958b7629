import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { DEAD_EFFECTS_QUEUE, DEAD_TIMERS_QUEUE, EFFECTS_QUEUE, TIMERS_QUEUE } from '../actors/actions.ts';
import type { Entry } from './archive.ts';
import type { Manifest, TableEntry } from './manifest.ts';
import { type AnyDb, appliedMigrations, columnsOf, sequences, tablesInDependencyOrder } from './schema.ts';

/** The actor runtime's queues: their pending jobs are the outbox and the timers' wake-ups. */
export const RUNTIME_QUEUES = [EFFECTS_QUEUE, TIMERS_QUEUE, DEAD_EFFECTS_QUEUE, DEAD_TIMERS_QUEUE];
export const PENDING_JOB_STATES = ['created', 'retry', 'active'];
const FETCH_ROWS = 2_000;

/** Told after each batch and after each table; the dump waits for it (a slow terminal, a test). */
export type Progress = (table: string, rows: number, done: boolean) => void | Promise<void>;

export interface Dump {
  entries: Entry[];
  tables: TableEntry[];
  sequences: Manifest['sequences'];
  jobs: Manifest['jobs'];
  schemaVersion: string;
}

/**
 * Reads every application table, its sequences and the runtime's pending pg-boss jobs in
 * one REPEATABLE READ, READ ONLY transaction: one snapshot, however busy the shop is.
 */
export async function dumpDatabase(db: AnyDb, progress: Progress = () => {}): Promise<Dump> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const schemaVersion = (await appliedMigrations(trx)).at(-1);
      if (!schemaVersion) throw new Error('the database has no migrations applied: nothing to back up');
      const entries: Entry[] = [];
      const tables: TableEntry[] = [];
      for (const name of await tablesInDependencyOrder(trx)) {
        const columns = await columnsOf(trx, name);
        const from = sql`${sql.table(name)}`;
        const { data, rows, sha256 } = await readRows(trx, from, sql`true`, (n, done) =>
          progress(name, n, done),
        );
        entries.push({ kind: 'table', name, data });
        tables.push({ name, rows, sha256, columns });
      }
      const jobs = await dumpJobs(trx);
      if (jobs.entry) entries.push(jobs.entry);
      return { entries, tables, sequences: await sequences(trx), jobs: jobs.meta, schemaVersion };
    });
}

/** Pending jobs only: finished ones are history, and cron schedules are recreated at start. */
async function dumpJobs(trx: Transaction<unknown>): Promise<{ entry?: Entry; meta: Manifest['jobs'] }> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('pgboss.job')::text AS t`.execute(trx);
  if (!exists.rows[0]?.t)
    return { meta: { rows: 0, sha256: createHash('sha256').digest('hex'), columns: [] } };
  const columns = await columnsOf(trx, 'job', 'pgboss');
  const where = sql`name IN (${sql.join(RUNTIME_QUEUES)}) AND state::text IN (${sql.join(PENDING_JOB_STATES)})`;
  const { data, rows, sha256 } = await readRows(trx, sql`pgboss.job`, where, () => {});
  return { entry: { kind: 'jobs', name: 'pgboss.job', data }, meta: { rows, sha256, columns } };
}

/** Rows as JSON lines through a cursor, so a large table never sits in one result. */
async function readRows(
  // biome-ignore lint/suspicious/noExplicitAny: any table
  trx: Transaction<any>,
  from: ReturnType<typeof sql>,
  where: ReturnType<typeof sql>,
  progress: (rows: number, done: boolean) => void | Promise<void>,
): Promise<{ data: Buffer; rows: number; sha256: string }> {
  const cursor = sql.id(`backup_${Math.random().toString(36).slice(2, 10)}`);
  await sql`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS line FROM ${from} t WHERE ${where}`.execute(
    trx,
  );
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let rows = 0;
  for (;;) {
    const batch = await sql<{ line: string }>`FETCH ${sql.raw(String(FETCH_ROWS))} FROM ${cursor}`.execute(
      trx,
    );
    // One buffer per batch: a buffer per row costs far more memory than its bytes.
    const bytes = Buffer.from(batch.rows.map(({ line }) => `${line}\n`).join(''), 'utf8');
    hash.update(bytes);
    parts.push(bytes);
    rows += batch.rows.length;
    if (batch.rows.length < FETCH_ROWS) break;
    await progress(rows, false);
  }
  await sql`CLOSE ${cursor}`.execute(trx);
  await progress(rows, true);
  return { data: Buffer.concat(parts), rows, sha256: hash.digest('hex') };
}
