import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import pino from 'pino';
import { UsageError } from '../infra/cli.ts';
import type { Config } from '../infra/config.ts';
import { resolveDatabase } from '../infra/database-url.ts';
import { createDb } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { createBackup } from './create.ts';
import { fileLocations } from './locations.ts';
import { prepareRestore, RestoreRefused, restoreBackup } from './restore.ts';
import type { AnyDb } from './schema.ts';
import { listBackups, pruneBackups } from './store.ts';
import { openBackup } from './verify.ts';

export const USAGE =
  'Usage: npm run backup -- create [--offsite] | list | verify <file> | restore <file> [--yes] | prune [--keep N]';

/** A long table reports every this many rows while it is read. */
const PROGRESS_EVERY = 20_000;

export interface Output {
  write(text: string): unknown;
}

export interface CliDeps {
  config: Config;
  logger?: Logger;
  stdout?: Output;
  stderr?: Output;
  /** Whether a person can answer the restore question. */
  interactive?: boolean;
  ask?: (question: string) => Promise<string>;
  cwd?: string;
}

interface Ctx {
  config: Config;
  logger: Logger;
  out: (line: string) => void;
  err: (line: string) => void;
  interactive: boolean;
  ask: (question: string) => Promise<string>;
  cwd: string;
}

/**
 * The backup command; returns its exit code and prints one line on failure, never a stack
 * trace: 0 done, 1 the work failed, 2 bad input or a refused restore (nothing changed).
 */
export async function main(argv: string[], deps: CliDeps): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const ctx: Ctx = {
    config: deps.config,
    logger: deps.logger ?? pino({ level: 'silent' }),
    out: (line) => stdout.write(`${line}\n`),
    err: (line) => stderr.write(`${line}\n`),
    interactive: deps.interactive ?? Boolean(process.stdin.isTTY && process.stdout.isTTY),
    ask: deps.ask ?? askOnTerminal,
    cwd: deps.cwd ?? process.cwd(),
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'create':
        return await create(ctx, flags(rest, ['--offsite']));
      case 'list':
        flags(rest, []);
        return list(ctx);
      case 'verify':
        return await verify(ctx, oneFile(rest, []));
      case 'restore':
        return await restore(ctx, oneFile(rest, ['--yes']));
      case 'prune':
        return prune(ctx, keepOption(rest, ctx.config.BACKUP_KEEP));
      default:
        throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    }
  } catch (error) {
    return report(ctx, command ?? '', error);
  }
}

function report(ctx: Ctx, command: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    ctx.err(message);
    return 2;
  }
  ctx.logger.error({ err: error, command }, 'backup command failed');
  const line = `backup ${command} failed: ${message.split('\n')[0]}`;
  ctx.err(line);
  return error instanceof RestoreRefused ? 2 : 1;
}

function flags(args: string[], allowed: string[]): Set<string> {
  const bad = args.filter((a) => !allowed.includes(a));
  if (bad.length) throw new UsageError(`unexpected argument "${bad[0]}"\n${USAGE}`);
  return new Set(args);
}

function oneFile(args: string[], allowed: string[]): { file: string; flags: Set<string> } {
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) throw new UsageError(`expected one backup file\n${USAGE}`);
  return {
    file: files[0] as string,
    flags: flags(
      args.filter((a) => a.startsWith('--')),
      allowed,
    ),
  };
}

function keepOption(args: string[], fallback: number): number {
  if (args.length === 0) return fallback;
  const [flag, value, ...more] = args;
  if (flag !== '--keep' || value === undefined || more.length || !/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`expected --keep N with N a whole number of at least 1\n${USAGE}`);
  return Number(value);
}

function password(ctx: Ctx): string {
  const value = ctx.config.BACKUP_ENCRYPTION_PASSWORD;
  if (!value)
    throw new UsageError('BACKUP_ENCRYPTION_PASSWORD is not set: put it in .env (at least 12 characters)');
  return value;
}

/** A path as given, else a backup of that name in the local or offsite directory. */
function findFile(ctx: Ctx, file: string): string {
  const given = resolve(ctx.cwd, file);
  if (existsSync(given)) return given;
  for (const dir of [ctx.config.BACKUP_LOCAL_DIR, ctx.config.BACKUP_OFFSITE_DIR]) {
    const candidate = resolve(ctx.cwd, dir, basename(file));
    if (existsSync(candidate)) return candidate;
  }
  throw new UsageError(`no such backup file: ${file}`);
}

async function withDatabase<T>(ctx: Ctx, run: (db: AnyDb, url: string) => Promise<T>): Promise<T> {
  const database = await resolveDatabase(ctx.config, ctx.logger);
  const handle = createDb(database.url, { max: 2 });
  try {
    return await run(handle.db, database.url);
  } finally {
    await handle.close();
    await database.stop();
  }
}

const dir = (ctx: Ctx, d: string) => resolve(ctx.cwd, d);

async function create(ctx: Ctx, options: Set<string>): Promise<number> {
  const secret = password(ctx);
  const offsite = options.has('--offsite');
  const created = await withDatabase(ctx, (db) =>
    createBackup({
      db,
      password: secret,
      files: fileLocations(ctx.config, ctx.cwd),
      localDir: dir(ctx, ctx.config.BACKUP_LOCAL_DIR),
      offsiteDir: offsite ? dir(ctx, ctx.config.BACKUP_OFFSITE_DIR) : undefined,
      progress: (table, rows, done) => {
        if (done || rows % PROGRESS_EVERY === 0) ctx.err(`  ${table}: ${rows} rows${done ? '' : ' …'}`);
      },
    }),
  );
  const rows = created.manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  ctx.out(
    `Backup written: ${created.local} (${formatBytes(created.bytes)}, ${created.manifest.tables.length} tables, ${rows} rows, ${created.manifest.jobs.rows} pending jobs, ${created.manifest.files.length} files, schema ${created.manifest.schema_version})`,
  );
  if (created.offsite) ctx.out(`Offsite copy: ${created.offsite}`);
  return 0;
}

function list(ctx: Ctx): number {
  for (const [label, d] of [
    ['local', ctx.config.BACKUP_LOCAL_DIR],
    ['offsite', ctx.config.BACKUP_OFFSITE_DIR],
  ] as const) {
    const found = listBackups(dir(ctx, d));
    ctx.out(`${label} (${dir(ctx, d)}): ${found.length} backup${found.length === 1 ? '' : 's'}`);
    for (const b of found) {
      const info = b.header
        ? `${b.header.created_at}  schema ${b.header.schema_version}  app ${b.header.app_version}${b.header.automatic ? '  automatic' : ''}`
        : `unreadable: ${b.problem}`;
      ctx.out(`  ${b.name}  ${formatBytes(b.bytes).padStart(9)}  ${info}`);
    }
  }
  return 0;
}

async function verify(ctx: Ctx, args: { file: string }): Promise<number> {
  const path = findFile(ctx, args.file);
  const opened = await openBackup(path, password(ctx));
  const rows = opened.manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  ctx.out(
    `OK ${path}: ${opened.manifest.tables.length} tables (${rows} rows), ${opened.manifest.jobs.rows} pending jobs and ${opened.manifest.files.length} files match their checksums; schema ${opened.manifest.schema_version}, created ${opened.manifest.created_at}`,
  );
  return 0;
}

async function restore(ctx: Ctx, args: { file: string; flags: Set<string> }): Promise<number> {
  const path = findFile(ctx, args.file);
  // Decrypted and checked before any database is opened: a bad file or password changes nothing.
  const backup = await prepareRestore(path, password(ctx));
  const target = describeTarget(ctx.config);
  if (!args.flags.has('--yes')) {
    if (!ctx.interactive)
      throw new UsageError(
        `restore replaces every row in ${target}; run it on a terminal to confirm, or add --yes`,
      );
    const answer = await ctx.ask(
      `Replace ALL data in ${target} with the backup of ${backup.manifest.created_at}? Stop the bot first. Type "restore" to go on: `,
    );
    if (answer.trim() !== 'restore') {
      ctx.out('Nothing was changed.');
      return 1;
    }
  }
  const result = await withDatabase(ctx, (db, url) =>
    restoreBackup({
      db,
      url,
      backup,
      files: fileLocations(ctx.config, ctx.cwd),
      progress: (table, rows) => ctx.err(`  ${table}: ${rows} rows`),
    }),
  );
  ctx.out(
    `Restored ${result.tables} tables (${result.rows} rows) and ${result.jobs} pending jobs from ${path} into ${target}`,
  );
  if (result.migrated.length) ctx.out(`Migrations applied after the restore: ${result.migrated.join(', ')}`);
  for (const line of result.fileLines) ctx.out(line);
  return 0;
}

function prune(ctx: Ctx, keep: number): number {
  for (const d of [ctx.config.BACKUP_LOCAL_DIR, ctx.config.BACKUP_OFFSITE_DIR]) {
    const deleted = pruneBackups(dir(ctx, d), keep);
    ctx.out(`${dir(ctx, d)}: kept the newest ${keep}, deleted ${deleted.length}`);
  }
  return 0;
}

/** The database by host and name, never with its password. */
function describeTarget(config: Config): string {
  if (!config.DATABASE_URL) return `the embedded database in ${join(config.DATA_DIR, 'postgres')}`;
  try {
    const url = new URL(config.DATABASE_URL);
    return `database ${url.pathname.slice(1) || 'postgres'} on ${url.hostname}:${url.port || 5432}`;
  } catch {
    return 'the database DATABASE_URL names';
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
