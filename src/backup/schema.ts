import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { MIGRATIONS_DIR } from '../infra/migrate.ts';

// biome-ignore lint/suspicious/noExplicitAny: the dump reads whatever tables exist, untyped
export type AnyDb = Kysely<any>;

/** Kysely's own bookkeeping: the restore runs migrations instead of copying it. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** The application's tables (schema public), ordered so each comes after the tables it references. */
export async function tablesInDependencyOrder(db: AnyDb): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname`.execute(db);
  const edges = await sql<{ child: string; parent: string }>`
    SELECT c.relname AS child, p.relname AS parent
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
    JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
    WHERE k.contype = 'f' AND cn.nspname = 'public' AND pn.nspname = 'public'`.execute(db);
  const names = tables.rows.map((t) => t.name).filter((name) => !MIGRATION_TABLES.includes(name));
  return topologicalOrder(
    names,
    edges.rows.map((e) => [e.child, e.parent]),
  );
}

/** Parents before children; a cycle (or a self reference) keeps the alphabetical order within it. */
export function topologicalOrder(names: string[], childParent: [string, string][]): string[] {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const [child, parent] of childParent) if (child !== parent) parents.get(child)?.add(parent);
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const parent of [...(parents.get(name) ?? [])].sort()) visit(parent, path);
    path.delete(name);
    done.add(name);
    order.push(name);
  };
  for (const name of [...names].sort()) visit(name, new Set());
  return order;
}

export async function columnsOf(db: AnyDb, table: string, schema = 'public'): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT column_name AS name FROM information_schema.columns
    WHERE table_schema = ${schema} AND table_name = ${table} AND is_generated = 'NEVER'
    ORDER BY ordinal_position`.execute(db);
  return result.rows.map((r) => r.name);
}

export async function sequences(db: AnyDb): Promise<{ name: string; last_value: number | null }[]> {
  const result = await sql<{ name: string; last_value: string | number | null }>`
    SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public'
    ORDER BY sequencename`.execute(db);
  return result.rows.map((r) => ({
    name: r.name,
    last_value: r.last_value === null ? null : Number(r.last_value),
  }));
}

/** The latest applied migration, or undefined for a database never migrated. */
export async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const exists = await sql<{
    t: string | null;
  }>`SELECT to_regclass('public.kysely_migration')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  const result = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return result.rows.map((r) => r.name);
}

/** The migrations this code ships, in order (file names without extension, as Kysely names them). */
export async function knownMigrations(): Promise<string[]> {
  const files = await readdir(MIGRATIONS_DIR);
  return files
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(ts|js|mjs)$/, ''))
    .sort();
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}
