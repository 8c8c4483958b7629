import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { PREPARED } from '../../src/infra/prepared.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 1 });
});

afterAll(async () => {
  await handle.close();
  await database.drop();
});

const prepared = () =>
  sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements ORDER BY statement`.execute(
    handle.db,
  );

describe('prepared statements', () => {
  it('prepares a marked statement once per connection and runs it with new parameters', async () => {
    const square = (n: number) =>
      sql<{ v: number }>`${PREPARED} SELECT ${n}::int * ${n}::int AS v`.execute(handle.db);
    expect((await square(3)).rows).toEqual([{ v: 9 }]);
    expect((await square(4)).rows).toEqual([{ v: 16 }]);
    const { rows } = await prepared();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.statement).toContain('SELECT $1::int * $2::int AS v');
  });

  it('leaves unmarked statements unnamed, and works inside a transaction', async () => {
    await sql`SELECT ${1}::int AS one`.execute(handle.db);
    const inTx = await handle.db
      .transaction()
      .execute((tx) => sql<{ v: string }>`${PREPARED} SELECT ${'x'}::text || 'y' AS v`.execute(tx));
    expect(inTx.rows).toEqual([{ v: 'xy' }]);
    expect((await prepared()).rows.map((r) => r.statement).filter((s) => s.includes('AS one'))).toEqual([]);
    expect((await prepared()).rows).toHaveLength(2);
  });

  it('reports a failing prepared statement as the statement error it is', async () => {
    const fail = sql`${PREPARED} SELECT 1 / ${0}::int`.execute(handle.db);
    await expect(fail).rejects.toMatchObject({ code: '22012' });
    expect((await sql<{ v: number }>`${PREPARED} SELECT ${2}::int AS v`.execute(handle.db)).rows).toEqual([
      { v: 2 },
    ]);
  });
});
