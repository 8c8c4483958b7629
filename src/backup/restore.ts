import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import pino from 'pino';
import { createQueues } from '../actors/workers.ts';
import { startBoss } from '../infra/boss.ts';
import { MIGRATIONS_DIR, migrateToLatest } from '../infra/migrate.ts';
import { PENDING_JOB_STATES, RUNTIME_QUEUES } from './dump.ts';
import { type FileLocations, restoreFiles } from './files.ts';
import type { Manifest } from './manifest.ts';
import {
  type AnyDb,
  appliedMigrations,
  columnsOf,
  knownMigrations,
  tablesInDependencyOrder,
} from './schema.ts';
import { type OpenedBackup, openBackup } from './verify.ts';

/** A restore this code refuses to do (exit 2: nothing was changed). */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

const BATCH_ROWS = 1_000;

/** Decrypts and checks the file first, so a wrong password or a damaged file changes nothing. */
export async function prepareRestore(file: string, password: string): Promise<OpenedBackup> {
  const backup = await openBackup(file, password);
  const known = await knownMigrations();
  if (!known.includes(backup.manifest.schema_version))
    throw new RestoreRefused(
      `the backup's schema ${backup.manifest.schema_version} is newer than this code knows ` +
        `(latest here: ${known.at(-1)}); install the version that made it (app ${backup.manifest.app_version}) and restore again`,
    );
  return backup;
}

export interface RestoreOptions {
  db: AnyDb;
  /** The same database, for pg-boss (its schema and queues must exist before jobs go back). */
  url: string;
  backup: OpenedBackup;
  files?: FileLocations;
  progress?: (table: string, rows: number) => void;
}

export interface RestoreResult {
  tables: number;
  rows: number;
  jobs: number;
  migrated: string[];
  fileLines: string[];
}

/**
 * Brings the database to the backup's schema (migrations up to it, when behind), replaces
 * every application table's rows in one transaction (truncate, insert in dependency order,
 * sequences, pending runtime jobs), then migrates to this code's latest schema.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { db, backup } = options;
  const { manifest } = backup;
  const known = await knownMigrations();
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length)
    throw new RestoreRefused(
      `the target database has migrations this code does not know (${unknown.join(', ')}): use a newer version`,
    );
  const current = applied.at(-1);
  if (!current || current < manifest.schema_version) await migrateTo(db, manifest.schema_version);
  const boss = await startBoss(options.url, pino({ level: 'silent' }), { max: 2 });
  try {
    await createQueues(boss);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
  const counts = await db.transaction().execute((trx) => loadAll(trx, backup, options.progress));
  const migrated = await migrateToLatest(db);
  const fileLines = options.files ? restoreFiles(backup.files, options.files) : [];
  return { ...counts, migrated, fileLines };
}

async function migrateTo(db: AnyDb, name: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

// biome-ignore lint/suspicious/noExplicitAny: any table
type Trx = Transaction<any>;

async function loadAll(trx: Trx, backup: OpenedBackup, progress: RestoreOptions['progress'] = () => {}) {
  const { manifest } = backup;
  const present = await tablesInDependencyOrder(trx);
  const missing = manifest.tables.filter((t) => !present.includes(t.name)).map((t) => t.name);
  if (missing.length)
    throw new RestoreRefused(
      `the database has no table ${missing.join(', ')}: its schema does not match the backup`,
    );
  const triggers = await enabledTriggers(trx, present);
  await setTriggers(trx, triggers, 'DISABLE');
  if (present.length)
    await sql`TRUNCATE ${sql.join(present.map((t) => sql.table(t)))} RESTART IDENTITY CASCADE`.execute(trx);
  let rows = 0;
  for (const table of manifest.tables) {
    const data = backup.tables.get(table.name) ?? Buffer.alloc(0);
    const inserted = await insertRows(
      trx,
      sql.table(table.name),
      sql`NULL::${sql.table(table.name)}`,
      table.columns,
      await columnsOf(trx, table.name),
      data,
    );
    if (inserted !== table.rows)
      throw new Error(`table ${table.name}: restored ${inserted} rows, the backup holds ${table.rows}`);
    rows += inserted;
    progress(table.name, inserted);
  }
  await setTriggers(trx, triggers, 'ENABLE');
  await restoreSequences(trx, manifest.sequences);
  const jobs = await restoreJobs(trx, manifest, backup.jobs);
  return { tables: manifest.tables.length, rows, jobs };
}

/**
 * The tables' own triggers (such as the ledger's append-only guard, which refuses TRUNCATE)
 * are off while the rows are replaced, inside this transaction only: the restore puts back
 * rows that passed them once; a failure rolls the switch back with everything else.
 */
async function enabledTriggers(trx: Trx, tables: string[]): Promise<{ table: string; name: string }[]> {
  if (!tables.length) return [];
  const result = await sql<{ table: string; name: string }>`
    SELECT c.relname AS table, t.tgname AS name FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgenabled <> 'D'
      AND c.relname IN (${sql.join(tables)})
    ORDER BY 1, 2`.execute(trx);
  return result.rows;
}

async function setTriggers(trx: Trx, triggers: { table: string; name: string }[], to: 'ENABLE' | 'DISABLE') {
  for (const t of triggers)
    await sql`ALTER TABLE ${sql.table(t.table)} ${sql.raw(to)} TRIGGER ${sql.id(t.name)}`.execute(trx);
}

/** Inserts JSON-lines rows by column name: columns added since the backup take their defaults. */
async function insertRows(
  trx: Trx,
  target: ReturnType<typeof sql>,
  rowType: ReturnType<typeof sql>,
  backupColumns: string[],
  targetColumns: string[],
  data: Buffer,
): Promise<number> {
  const columns = backupColumns.filter((c) => targetColumns.includes(c)).map((c) => sql.id(c));
  const lines = data.length ? data.toString('utf8').split('\n').filter(Boolean) : [];
  if (!columns.length) return lines.length;
  for (let at = 0; at < lines.length; at += BATCH_ROWS) {
    const batch = `[${lines.slice(at, at + BATCH_ROWS).join(',')}]`;
    await sql`INSERT INTO ${target} (${sql.join(columns)}) OVERRIDING SYSTEM VALUE
      SELECT ${sql.join(columns)} FROM json_populate_recordset(${rowType}, ${batch}::json)`.execute(trx);
  }
  return lines.length;
}

async function restoreSequences(trx: Trx, sequences: Manifest['sequences']) {
  for (const seq of sequences) {
    const exists = await sql<{
      t: string | null;
    }>`SELECT to_regclass(${`public.${seq.name}`})::text AS t`.execute(trx);
    if (!exists.rows[0]?.t) continue;
    if (seq.last_value === null) await sql`ALTER SEQUENCE ${sql.table(seq.name)} RESTART`.execute(trx);
    else await sql`SELECT setval(${`public.${seq.name}`}::regclass, ${seq.last_value}, true)`.execute(trx);
  }
}

/**
 * The runtime's pending jobs are replaced by the backup's: effects not yet run and timers
 * not yet fired at backup time run again after the restore. A job that was running then
 * (its process is gone) starts over; effects are idempotent.
 */
async function restoreJobs(trx: Trx, manifest: Manifest, data: Buffer | undefined): Promise<number> {
  await sql`DELETE FROM pgboss.job WHERE name IN (${sql.join(RUNTIME_QUEUES)})
    AND state::text IN (${sql.join(PENDING_JOB_STATES)})`.execute(trx);
  if (!data?.length) return 0;
  const lines = data.toString('utf8').split('\n').filter(Boolean);
  const payload = `[${lines.join(',')}]`;
  await sql`DELETE FROM pgboss.job j USING json_populate_recordset(NULL::pgboss.job, ${payload}::json) b
    WHERE j.name = b.name AND j.id = b.id`.execute(trx);
  const inserted = await insertRows(
    trx,
    sql`pgboss.job`,
    sql`NULL::pgboss.job`,
    manifest.jobs.columns,
    await columnsOf(trx, 'job', 'pgboss'),
    data,
  );
  await sql`UPDATE pgboss.job SET state = 'created', started_on = NULL, heartbeat_on = NULL
    WHERE name IN (${sql.join(RUNTIME_QUEUES)}) AND state = 'active'`.execute(trx);
  return inserted;
}
