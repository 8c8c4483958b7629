import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { PreparingClient } from './prepared.ts';

// Telegram ids, bigserial ids, counts and rupiah sums all stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDb(connectionString: string, options: { max?: number } = {}): DbHandle {
  // Pipelining: statements sent together on one connection (a transaction's outbox rows,
  // its projection) go out at once instead of one round trip each.
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    Client: PreparingClient,
    pipeline: true,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
