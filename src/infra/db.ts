import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { PreparingClient } from './prepared.ts';
import { SharedStatementPool } from './shared-pool.ts';

// Telegram ids, bigserial ids, counts and rupiah sums all stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface DbOptions {
  /** Connections at most. Default 10. */
  max?: number;
  /** Of those, how many single statements share (src/infra/shared-pool.ts). Default a fifth of `max`. */
  shared?: number;
}

export function createDb(connectionString: string, options: DbOptions = {}): DbHandle {
  const max = options.max ?? 10;
  // Pipelining: statements sent together on one connection (a transaction's outbox rows,
  // its projection; single statements on a shared connection) go out at once.
  const pool = new pg.Pool({ connectionString, max, Client: PreparingClient, pipeline: true });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const shared = options.shared ?? Math.floor(max / 5);
  // Kysely needs only connect/end/options of a pool.
  const dialectPool = shared > 0 ? (new SharedStatementPool(pool, shared) as unknown as pg.Pool) : pool;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: dialectPool }) });
  return { db, pool, close: () => db.destroy() };
}
