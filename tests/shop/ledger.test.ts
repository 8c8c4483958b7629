import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { credit, debit, debitInTx, getBalance, listLedger } from '../../src/shop/ledger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 12 });
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('balance ledger', () => {
  it('books a credit once per (reason, ref)', async () => {
    const db = handle.db;
    expect(await getBalance(db, 1)).toBe(0);
    expect(
      await credit(db, { userId: 1, amount: 50_000, reason: 'deposit', ref: 'DEP-1', note: 'QRIS' }),
    ).toEqual({ applied: true });
    expect(await credit(db, { userId: 1, amount: 50_000, reason: 'deposit', ref: 'DEP-1' })).toEqual({
      applied: false,
    });
    expect(await credit(db, { userId: 1, amount: 5_000, reason: 'refund', ref: 'DEP-1' })).toEqual({
      applied: true,
    });
    expect(await getBalance(db, 1)).toBe(55_000);
    await expect(credit(db, { userId: 1, amount: 0, reason: 'adjustment', ref: 'zero' })).rejects.toThrow(
      /positive/,
    );
    await expect(credit(db, { userId: 1, amount: 1.5, reason: 'adjustment', ref: 'frac' })).rejects.toThrow(
      /whole/,
    );
  });

  it('debits with a balance check, idempotently, and lists newest first', async () => {
    const db = handle.db;
    await credit(db, { userId: 2, amount: 20_000, reason: 'deposit', ref: 'DEP-2' });
    expect(await debit(db, { userId: 2, amount: 15_000, reason: 'order_payment', ref: 'ORD-2' })).toEqual({
      ok: true,
      balance: 5_000,
    });
    expect(await debit(db, { userId: 2, amount: 15_000, reason: 'order_payment', ref: 'ORD-2' })).toEqual({
      ok: true,
      balance: 5_000,
    });
    expect(await debit(db, { userId: 2, amount: 6_000, reason: 'order_payment', ref: 'ORD-3' })).toEqual({
      ok: false,
      reason: 'insufficient',
      balance: 5_000,
    });
    expect(await getBalance(db, 2)).toBe(5_000);
    const entries = await listLedger(db, 2, 10);
    expect(entries.map((e) => [e.amount, e.reason, e.ref])).toEqual([
      [-15_000, 'order_payment', 'ORD-2'],
      [20_000, 'deposit', 'DEP-2'],
    ]);
    expect(entries[0]?.created_at).toBeInstanceOf(Date);
    expect(await listLedger(db, 2, 1)).toHaveLength(1);
  });

  it('never overdraws under concurrent debits', async () => {
    const db = handle.db;
    await credit(db, { userId: 3, amount: 10_000, reason: 'deposit', ref: 'DEP-3' });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        debit(db, { userId: 3, amount: 3_000, reason: 'order_payment', ref: `RACE-${i}` }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 2 }, () => ({ ok: false, reason: 'insufficient', balance: 1_000 })),
    );
    expect(await getBalance(db, 3)).toBe(1_000);
  });

  it('debits inside a caller transaction, undone when the caller rolls back', async () => {
    const db = handle.db;
    await credit(db, { userId: 4, amount: 8_000, reason: 'deposit', ref: 'DEP-4' });
    await expect(
      db.transaction().execute(async (trx) => {
        expect(
          await debitInTx(trx, { userId: 4, amount: 8_000, reason: 'order_payment', ref: 'ORD-4' }),
        ).toEqual({
          ok: true,
          balance: 0,
        });
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await getBalance(db, 4)).toBe(8_000);
  });
});
