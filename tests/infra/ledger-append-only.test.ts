import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { credit, debit, getBalance } from '../../src/shop/ledger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 2 });
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('balance ledger', () => {
  it('refuses UPDATE, DELETE and TRUNCATE: a balance is corrected by a new entry', async () => {
    const db = handle.db;
    await credit(db, { userId: 77, amount: 10_000, reason: 'deposit', ref: 'DEP-AO-1' });
    const refused = /balance_ledger is append-only/;
    await expect(
      db.updateTable('balance_ledger').set({ amount: 99_999 }).where('user_id', '=', 77).execute(),
    ).rejects.toThrow(refused);
    await expect(db.deleteFrom('balance_ledger').where('user_id', '=', 77).execute()).rejects.toThrow(
      refused,
    );
    await expect(sql`TRUNCATE balance_ledger`.execute(db)).rejects.toThrow(refused);
    expect(await getBalance(db, 77)).toBe(10_000);

    await debit(db, { userId: 77, amount: 2_500, reason: 'adjustment', ref: 'FIX-1' });
    expect(await getBalance(db, 77)).toBe(7_500);
  });
});
