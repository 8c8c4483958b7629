import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/actors/store.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { PREPARE_UNPACKING_FROM_USE } from '../../src/infra/prepared.ts';
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

const preparedLike = async (fragment: string) => {
  const { rows } = await sql<{ statement: string }>`
    SELECT statement FROM pg_prepared_statements`.execute(handle.db);
  return rows.filter((r) => r.statement.includes(fragment)).length;
};

describe('prepared statements', () => {
  it('prepares a parameterised statement from its second use, and runs it with new parameters', async () => {
    const square = (n: number) =>
      sql<{ v: number }>`SELECT ${n}::int * ${n}::int AS squared`.execute(handle.db);
    expect((await square(3)).rows).toEqual([{ squared: 9 }]);
    expect(await preparedLike('AS squared')).toBe(0);
    expect((await square(4)).rows).toEqual([{ squared: 16 }]);
    expect((await square(5)).rows).toEqual([{ squared: 25 }]);
    expect(await preparedLike('AS squared')).toBe(1);
  });

  it('never prepares a statement without parameters, and works inside a transaction', async () => {
    for (let i = 0; i < 3; i++) await sql`SELECT 1 AS plain_one`.execute(handle.db);
    expect(await preparedLike('plain_one')).toBe(0);
    const concat = (tx: Tx) => sql<{ v: string }>`SELECT ${'x'}::text || 'y' AS in_tx`.execute(tx);
    const inTx = await handle.db.transaction().execute(async (tx) => [await concat(tx), await concat(tx)]);
    expect(inTx.map((r) => r.rows)).toEqual([[{ in_tx: 'xy' }], [{ in_tx: 'xy' }]]);
    expect(await preparedLike('AS in_tx')).toBe(1);
  });

  it('reports a failing prepared statement as the statement error it is, and goes on', async () => {
    const divide = (d: number) => sql<{ v: number }>`SELECT 10 / ${d}::int AS quotient`.execute(handle.db);
    expect((await divide(2)).rows).toEqual([{ quotient: 5 }]);
    await expect(divide(0)).rejects.toMatchObject({ code: '22012' });
    expect((await divide(5)).rows).toEqual([{ quotient: 2 }]);
  });

  it('prepares a statement driven by rows unpacked from a parameter only from its 500th use', async () => {
    const unpack = (ids: number[]) =>
      sql<{ n: number }>`SELECT count(*)::int AS unpacked FROM unnest(${ids}::int[]) AS u(id)`.execute(
        handle.db,
      );
    const records = (n: number) =>
      sql`SELECT * FROM json_to_recordset(${JSON.stringify([{ n }])}::json) AS x (n int)`.execute(handle.db);
    for (let i = 1; i < PREPARE_UNPACKING_FROM_USE; i++) {
      expect((await unpack([1, 2, i])).rows).toEqual([{ unpacked: 3 }]);
      expect((await records(i)).rows).toEqual([{ n: i }]);
    }
    expect(await preparedLike('AS unpacked')).toBe(0);
    expect(await preparedLike('json_to_recordset')).toBe(0);
    expect((await unpack([7])).rows).toEqual([{ unpacked: 1 }]);
    expect((await records(7)).rows).toEqual([{ n: 7 }]);
    expect(await preparedLike('AS unpacked')).toBe(1);
    expect(await preparedLike('json_to_recordset')).toBe(1);
  });
});
