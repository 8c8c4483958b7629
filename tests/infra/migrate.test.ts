import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../src/infra/db.ts';
import { MIGRATIONS_DIR, migrateToLatest } from '../../src/infra/migrate.ts';
import { databaseUrl, runStatement } from '../support/server.ts';

const name = `bao_m_${randomBytes(5).toString('hex')}`;
const admin = (statement: string) => runStatement(inject('adminDatabaseUrl'), statement);

beforeAll(() => admin(`CREATE DATABASE ${name}`));
afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('migrations', () => {
  it('apply once when two processes start at the same time on an empty database', async () => {
    const url = databaseUrl(inject('adminDatabaseUrl'), name);
    const a = createDb(url, { max: 2 });
    const b = createDb(url, { max: 2 });
    const [first, second] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
    const all = readdirSync(MIGRATIONS_DIR)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(all.slice(0, 2)).toEqual(['0001_actor_runtime', '0002_shop']);
    expect([...first, ...second].sort()).toEqual(all);
    expect(await migrateToLatest(a.db)).toEqual([]);
    const { rows } = await a.pool.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM information_schema.tables WHERE table_name IN ('actors', 'orders')",
    );
    expect(rows[0]?.count).toBe(2);
    await a.close();
    await b.close();
  });
});
