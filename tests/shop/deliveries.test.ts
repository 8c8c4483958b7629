import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import {
  claimDelivery,
  completeDelivery,
  releaseDelivery,
  renewDelivery,
} from '../../src/shop/deliveries.ts';
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

    expect(await claimDelivery(db, 'DLV-1', 'a', 0)).toEqual({ status: 'claimed' });
    // A crash before completion: once the lease is over the retry may send again.
    expect(await claimDelivery(db, 'DLV-1', 'b', 60_000)).toEqual({ status: 'claimed' });
    expect(
      await db.selectFrom('deliveries').selectAll().where('order_id', '=', 'DLV-1').executeTakeFirst(),
    ).toMatchObject({
      status: 'sending',
      attempts: 2,
      sent_at: null,
      claimed_by: 'b',
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
    expect(row).toMatchObject({
      status: 'sent',
      message_ids: [101, 102],
      attempts: 2,
      claimed_by: null,
      lease_until: null,
    });

    expect(await claimDelivery(db, 'DLV-1', 'c', 60_000)).toEqual({ status: 'already_sent' });
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
    expect(await claimDelivery(db, 'DLV-2', 'a', 60_000)).toEqual({ status: 'already_sent' });
    expect(await stockCounts(db, p.id)).toEqual({ available: 0, reserved: 0, sold: 1 });
  });

  it('lets one of many concurrent attempts hold the claim until its lease ends or it lets go', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { stock: 1 });
    await createOrder(db, {
      orderId: 'DLV-3',
      userId: 8,
      method: 'qris',
      lines: [{ productId: p.id, quantity: 1 }],
    });
    const owners = Array.from({ length: 8 }, (_, i) => `attempt-${i}`);
    const claims = await Promise.all(owners.map((owner) => claimDelivery(db, 'DLV-3', owner, 60_000)));
    const holders = owners.filter((_, i) => claims[i]?.status === 'claimed');
    expect(holders).toHaveLength(1);
    const busy = claims.find((c) => c.status === 'busy');
    expect(busy).toMatchObject({ status: 'busy', claimedBy: holders[0] });

    // Only the holder renews its lease.
    expect(await renewDelivery(db, 'DLV-3', holders[0]!, 60_000)).toBe(true);
    expect(await renewDelivery(db, 'DLV-3', 'someone-else', 60_000)).toBe(false);

    // Only the holder can let go; then the next attempt claims at once.
    await releaseDelivery(db, 'DLV-3', 'someone-else');
    expect((await claimDelivery(db, 'DLV-3', 'late', 60_000)).status).toBe('busy');
    await releaseDelivery(db, 'DLV-3', holders[0]!);
    expect(await claimDelivery(db, 'DLV-3', 'late', 60_000)).toEqual({ status: 'claimed' });
  });
});
