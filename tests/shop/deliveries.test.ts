import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { beginDelivery, completeDelivery } from '../../src/shop/deliveries.ts';
import { createOrder, getOrder } from '../../src/shop/orders.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedProduct } from './fixtures.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('deliveries', () => {
  it('sends until completed once, then reports already_sent without changing anything', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { stock: 3 });
    const created = await createOrder(db, {
      orderId: 'DLV-1',
      userId: 8,
      method: 'qris',
      lines: [{ productId: p.id, quantity: 2 }],
    });
    expect(created.ok).toBe(true);

    expect(await beginDelivery(db, 'DLV-1')).toBe('send');
    // A crash before completion: the retry may send again.
    expect(await beginDelivery(db, 'DLV-1')).toBe('send');
    expect(
      await db.selectFrom('deliveries').selectAll().where('order_id', '=', 'DLV-1').executeTakeFirst(),
    ).toMatchObject({
      status: 'sending',
      attempts: 2,
      sent_at: null,
    });

    expect(await completeDelivery(db, 'DLV-1', [101, 102])).toBe('completed');
    const order = await getOrder(db, 'DLV-1');
    expect(order?.status).toBe('delivered');
    expect(order?.deliveredAt).toBeInstanceOf(Date);
    expect(await stockCounts(db, p.id)).toEqual({ available: 1, reserved: 0, sold: 2 });
    const row = await db
      .selectFrom('deliveries')
      .selectAll()
      .where('order_id', '=', 'DLV-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', message_ids: [101, 102], attempts: 2 });

    expect(await beginDelivery(db, 'DLV-1')).toBe('already_sent');
    expect(await completeDelivery(db, 'DLV-1', [999])).toBe('already_sent');
    const after = await db
      .selectFrom('deliveries')
      .selectAll()
      .where('order_id', '=', 'DLV-1')
      .executeTakeFirstOrThrow();
    expect(after).toEqual(row);
    expect((await getOrder(db, 'DLV-1'))?.deliveredAt).toEqual(order?.deliveredAt);
    expect(await stockCounts(db, p.id)).toEqual({ available: 1, reserved: 0, sold: 2 });
  });

  it('completes a delivery that had no begin row', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { stock: 1 });
    await createOrder(db, {
      orderId: 'DLV-2',
      userId: 8,
      method: 'balance',
      lines: [{ productId: p.id, quantity: 1 }],
    });
    expect(await completeDelivery(db, 'DLV-2', [])).toBe('completed');
    expect(await beginDelivery(db, 'DLV-2')).toBe('already_sent');
    expect(await stockCounts(db, p.id)).toEqual({ available: 0, reserved: 0, sold: 1 });
  });
});
