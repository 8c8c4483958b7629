import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { newOrderId } from '../../src/shop/ids.ts';
import { credit, getBalance, payOrderFromBalance, refundOrderPayment } from '../../src/shop/ledger.ts';
import { createOrder, updateOrder } from '../../src/shop/orders.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedProduct } from './fixtures.ts';

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

async function balanceOrder(userId: number, price = 20_000) {
  const db = handle.db;
  const product = await seedProduct(db, { price, stock: 1 });
  const orderId = newOrderId();
  const created = await createOrder(db, {
    orderId,
    userId,
    method: 'balance',
    lines: [{ productId: product.id, quantity: 1 }],
  });
  expect(created.ok).toBe(true);
  return orderId;
}

/** The release's own step: status and refund in one transaction. */
function release(orderId: string) {
  return handle.db.transaction().execute(async (trx) => {
    await updateOrder(trx, orderId, { status: 'failed' });
    return refundOrderPayment(trx, orderId);
  });
}

describe('order payments from balance', () => {
  it('refunds a released order once, however often the release runs', async () => {
    const db = handle.db;
    await credit(db, { userId: 71, amount: 50_000, reason: 'adjustment', ref: 'seed/71' });
    const orderId = await balanceOrder(71);
    expect(await payOrderFromBalance(db, { userId: 71, orderId, amount: 20_000 })).toEqual({
      ok: true,
      balance: 30_000,
    });
    // A repeated debit books nothing more.
    expect(await payOrderFromBalance(db, { userId: 71, orderId, amount: 20_000 })).toEqual({
      ok: true,
      balance: 30_000,
    });
    const runs = await Promise.all([release(orderId), release(orderId), release(orderId)]);
    expect(runs.filter((r) => r.applied)).toHaveLength(1);
    expect(runs.map((r) => r.amount)).toEqual([20_000, 20_000, 20_000]);
    expect(await getBalance(db, 71)).toBe(50_000);
  });

  it('never charges an order released before its debit ran', async () => {
    const db = handle.db;
    await credit(db, { userId: 72, amount: 50_000, reason: 'adjustment', ref: 'seed/72' });
    const orderId = await balanceOrder(72);
    expect(await release(orderId)).toEqual({ amount: 0, applied: false });
    expect(await payOrderFromBalance(db, { userId: 72, orderId, amount: 20_000 })).toEqual({
      ok: false,
      reason: 'closed',
      balance: 50_000,
    });
    expect(await getBalance(db, 72)).toBe(50_000);
  });

  it('a debit and a release racing end charged-and-refunded or never charged', async () => {
    const db = handle.db;
    await credit(db, { userId: 73, amount: 500_000, reason: 'adjustment', ref: 'seed/73' });
    for (let i = 0; i < 10; i++) {
      const orderId = await balanceOrder(73);
      await Promise.all([payOrderFromBalance(db, { userId: 73, orderId, amount: 20_000 }), release(orderId)]);
      expect(await getBalance(db, 73)).toBe(500_000);
    }
  });

  it('does not refund an order that was paid and kept', async () => {
    const db = handle.db;
    await credit(db, { userId: 74, amount: 50_000, reason: 'adjustment', ref: 'seed/74' });
    const orderId = await balanceOrder(74);
    await payOrderFromBalance(db, { userId: 74, orderId, amount: 20_000 });
    await updateOrder(db, orderId, { status: 'paid' });
    const refund = await db.transaction().execute((trx) => refundOrderPayment(trx, orderId));
    expect(refund).toEqual({ amount: 0, applied: false });
    expect(await getBalance(db, 74)).toBe(30_000);
  });
});
