import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { createDeposit, getDeposit, listUserDeposits, updateDeposit } from '../../src/shop/deposits.ts';
import {
  countOpenInvoices,
  createOrder,
  getOrder,
  listOrdersByStatus,
  listUserOrders,
  updateOrder,
} from '../../src/shop/orders.ts';
import { getPayment, paymentsFor, recordPayment } from '../../src/shop/payments.ts';
import { markSold, orderContents, releaseStock, stockCounts } from '../../src/shop/stock.ts';
import { releaseRedemption } from '../../src/shop/vouchers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { cipher, seedProduct, uniqueCode } from './fixtures.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 25 });
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('createOrder', () => {
  it('snapshots prices, merges lines, reserves stock and is idempotent on the order id', async () => {
    const db = handle.db;
    const a = await seedProduct(db, { name: 'Netflix', price: 25_000, stock: 5 });
    const b = await seedProduct(db, { name: 'Spotify', price: 15_000, stock: 3 });
    const orderId = uniqueCode('ord');
    const input = {
      orderId,
      userId: 42,
      method: 'qris' as const,
      lines: [
        { productId: a.id, quantity: 1 },
        { productId: b.id, quantity: 2 },
        { productId: a.id, quantity: 1 },
      ],
    };
    const created = await createOrder(db, input);
    if (!created.ok) throw new Error(`expected ok, got ${created.reason}`);
    expect(created.order).toMatchObject({
      id: orderId,
      userId: 42,
      status: 'reserving',
      method: 'qris',
      subtotal: 80_000,
      discount: 0,
      total: 80_000,
      voucherCode: null,
      txnId: null,
    });
    expect(created.order.items).toEqual(
      [
        { productId: a.id, productCode: a.code, productName: 'Netflix', unitPrice: 25_000, quantity: 2 },
        { productId: b.id, productCode: b.code, productName: 'Spotify', unitPrice: 15_000, quantity: 2 },
      ].sort((x, y) => x.productId - y.productId),
    );
    expect(await stockCounts(db, a.id)).toEqual({ available: 3, reserved: 2, sold: 0 });
    expect(await stockCounts(db, b.id)).toEqual({ available: 1, reserved: 2, sold: 0 });

    // A price change after the order does not touch its snapshot.
    await db.updateTable('products').set({ price: 99_000 }).where('id', '=', a.id).execute();
    const again = await createOrder(db, input);
    expect(again).toEqual({ ok: true, order: created.order });
    expect(await stockCounts(db, a.id)).toEqual({ available: 3, reserved: 2, sold: 0 });

    const contents = await orderContents(db, cipher, orderId);
    expect(contents.map((c) => c.content)).toEqual(
      [
        ...[`${a.code}-item-1|secret-1`, `${a.code}-item-2|secret-2`].map((content) => ({
          id: a.id,
          content,
        })),
        ...[`${b.code}-item-1|secret-1`, `${b.code}-item-2|secret-2`].map((content) => ({
          id: b.id,
          content,
        })),
      ]
        .sort((x, y) => x.id - y.id)
        .map((x) => x.content),
    );
    expect(contents.find((c) => c.productId === a.id)?.productName).toBe('Netflix');
  });

  it('refuses unknown or inactive products and writes nothing', async () => {
    const db = handle.db;
    const off = await seedProduct(db, { active: false, stock: 2 });
    const on = await seedProduct(db, { stock: 2 });
    const orderId = uniqueCode('ord');
    const result = await createOrder(db, {
      orderId,
      userId: 1,
      method: 'qris',
      lines: [
        { productId: on.id, quantity: 1 },
        { productId: off.id, quantity: 1 },
      ],
    });
    expect(result).toEqual({ ok: false, reason: 'unavailable', productId: off.id });
    expect(
      await createOrder(db, {
        orderId,
        userId: 1,
        method: 'qris',
        lines: [{ productId: 123_456, quantity: 1 }],
      }),
    ).toEqual({ ok: false, reason: 'unavailable', productId: 123_456 });
    expect(await getOrder(db, orderId)).toBeUndefined();
    expect(await stockCounts(db, on.id)).toEqual({ available: 2, reserved: 0, sold: 0 });
  });

  it('rolls everything back on a shortfall, including the voucher use', async () => {
    const db = handle.db;
    const plenty = await seedProduct(db, { price: 20_000, stock: 5 });
    const scarce = await seedProduct(db, { name: 'Langka', price: 30_000, stock: 2 });
    await db
      .insertInto('vouchers')
      .values({ code: 'ROLLBACK', kind: 'fixed', value: 1000, max_uses: 1 })
      .execute();
    const orderId = uniqueCode('ord');
    const result = await createOrder(db, {
      orderId,
      userId: 7,
      method: 'balance',
      voucherCode: 'rollback',
      lines: [
        { productId: plenty.id, quantity: 1 },
        { productId: scarce.id, quantity: 3 },
      ],
    });
    expect(result).toEqual({
      ok: false,
      reason: 'sold_out',
      productId: scarce.id,
      productName: 'Langka',
      available: 2,
    });
    expect(await getOrder(db, orderId)).toBeUndefined();
    expect(await stockCounts(db, plenty.id)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await stockCounts(db, scarce.id)).toEqual({ available: 2, reserved: 0, sold: 0 });
    const redemptions = await db
      .selectFrom('voucher_redemptions')
      .selectAll()
      .where('order_id', '=', orderId)
      .execute();
    expect(redemptions).toEqual([]);

    // The single use is still free: a fitting order gets it.
    const ok = await createOrder(db, {
      orderId: uniqueCode('ord'),
      userId: 7,
      method: 'balance',
      voucherCode: 'Rollback',
      lines: [{ productId: scarce.id, quantity: 2 }],
    });
    expect(ok).toMatchObject({
      ok: true,
      order: { subtotal: 60_000, discount: 1000, total: 59_000, voucherCode: 'ROLLBACK' },
    });
  });

  it('applies a voucher and reports a refusal with its reason', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { price: 12_500, stock: 5 });
    await db
      .insertInto('vouchers')
      .values({ code: 'PCT15', kind: 'percent', value: 15, min_purchase: 20_000, per_user_limit: 1 })
      .execute();
    const refused = await createOrder(db, {
      orderId: uniqueCode('ord'),
      userId: 9,
      method: 'qris',
      voucherCode: 'pct15',
      lines: [{ productId: p.id, quantity: 1 }],
    });
    expect(refused).toEqual({
      ok: false,
      reason: 'voucher',
      voucherReason: 'below_minimum',
      minPurchase: 20_000,
    });
    const applied = await createOrder(db, {
      orderId: uniqueCode('ord'),
      userId: 9,
      method: 'qris',
      voucherCode: 'pct15',
      lines: [{ productId: p.id, quantity: 3 }],
    });
    // floor(37,500 × 15%) = 5,625
    expect(applied).toMatchObject({ ok: true, order: { subtotal: 37_500, discount: 5_625, total: 31_875 } });
    const twice = await createOrder(db, {
      orderId: uniqueCode('ord'),
      userId: 9,
      method: 'qris',
      voucherCode: 'PCT15',
      lines: [{ productId: p.id, quantity: 2 }],
    });
    expect(twice).toEqual({ ok: false, reason: 'voucher', voucherReason: 'already_used' });
    expect(await stockCounts(db, p.id)).toEqual({ available: 2, reserved: 3, sold: 0 });
  });

  it('lets exactly as many concurrent buyers win as there are items, never one item twice', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { name: 'Rebutan', stock: 5 });
    const ids = Array.from({ length: 20 }, (_, i) => `race-${p.id}-${i}`);
    const results = await Promise.all(
      ids.map((orderId, i) =>
        createOrder(db, {
          orderId,
          userId: 1000 + i,
          method: 'qris',
          lines: [{ productId: p.id, quantity: 1 }],
        }),
      ),
    );
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(5);
    expect(lost).toHaveLength(15);
    for (const r of lost)
      expect(r).toMatchObject({ ok: false, reason: 'sold_out', productId: p.id, productName: 'Rebutan' });

    const items = await db
      .selectFrom('stock_items')
      .select(['id', 'status', 'order_id'])
      .where('product_id', '=', p.id)
      .execute();
    expect(items.every((item) => item.status === 'reserved')).toBe(true);
    const owners = items.map((item) => item.order_id);
    expect(new Set(owners).size).toBe(5);
    expect(new Set(owners)).toEqual(new Set(won.map((r) => (r.ok ? r.order.id : ''))));
    const orders = await db.selectFrom('orders').select('id').where('id', 'in', ids).execute();
    expect(orders).toHaveLength(5);
  });

  it('releases reserved stock back to the shelf but never sold stock', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { stock: 4 });
    const sold = uniqueCode('ord');
    const released = uniqueCode('ord');
    await createOrder(db, {
      orderId: sold,
      userId: 5,
      method: 'qris',
      lines: [{ productId: p.id, quantity: 1 }],
    });
    await createOrder(db, {
      orderId: released,
      userId: 5,
      method: 'qris',
      lines: [{ productId: p.id, quantity: 2 }],
    });
    expect(await markSold(db, sold)).toBe(1);
    expect(await markSold(db, sold)).toBe(0);

    expect(await releaseStock(db, released)).toBe(2);
    expect(await releaseStock(db, released)).toBe(0);
    expect(await releaseStock(db, sold)).toBe(0);
    expect(await stockCounts(db, p.id)).toEqual({ available: 3, reserved: 0, sold: 1 });
    expect(await orderContents(db, cipher, released)).toEqual([]);
    expect(await orderContents(db, cipher, sold)).toHaveLength(1);
    const freed = await db
      .selectFrom('stock_items')
      .select(['order_id', 'reserved_at'])
      .where('product_id', '=', p.id)
      .where('status', '=', 'available')
      .execute();
    expect(freed.every((row) => row.order_id === null && row.reserved_at === null)).toBe(true);

    // Released items can be bought again.
    const next = await createOrder(db, {
      orderId: uniqueCode('ord'),
      userId: 6,
      method: 'qris',
      lines: [{ productId: p.id, quantity: 3 }],
    });
    expect(next.ok).toBe(true);
  });

  it('frees a voucher use when the redemption is released', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { price: 50_000, stock: 3 });
    await db
      .insertInto('vouchers')
      .values({ code: 'ONCE', kind: 'fixed', value: 60_000, max_uses: 1 })
      .execute();
    const first = uniqueCode('ord');
    const made = await createOrder(db, {
      orderId: first,
      userId: 3,
      method: 'qris',
      voucherCode: 'once',
      lines: [{ productId: p.id, quantity: 1 }],
    });
    // A fixed discount never exceeds the subtotal.
    expect(made).toMatchObject({ ok: true, order: { discount: 50_000, total: 0 } });
    const blocked = await createOrder(db, {
      orderId: uniqueCode('ord'),
      userId: 4,
      method: 'qris',
      voucherCode: 'once',
      lines: [{ productId: p.id, quantity: 1 }],
    });
    expect(blocked).toMatchObject({ ok: false, voucherReason: 'used_up' });
    expect(await releaseRedemption(db, first)).toBe(1);
    const after = await createOrder(db, {
      orderId: uniqueCode('ord'),
      userId: 4,
      method: 'qris',
      voucherCode: 'once',
      lines: [{ productId: p.id, quantity: 1 }],
    });
    expect(after.ok).toBe(true);
  });
});

describe('order queries', () => {
  it('updates, lists newest first with paging, and counts open invoices with deposits', async () => {
    const db = handle.db;
    const userId = 777;
    const p = await seedProduct(db, { price: 5_000, stock: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const orderId = `hist-${i}-${uniqueCode('o')}`;
      ids.push(orderId);
      await createOrder(db, { orderId, userId, method: 'qris', lines: [{ productId: p.id, quantity: 1 }] });
    }
    const expiresAt = new Date(Date.now() + 15 * 60_000);
    expect(
      await updateOrder(db, ids[0]!, {
        status: 'awaiting_payment',
        fee: 350,
        totalPayment: 5_350,
        txnId: 'T1',
        expiresAt,
      }),
    ).toBe(true);
    expect(await updateOrder(db, 'missing', { status: 'paid' })).toBe(false);
    expect(await getOrder(db, ids[0]!)).toMatchObject({
      status: 'awaiting_payment',
      fee: 350,
      totalPayment: 5_350,
      txnId: 'T1',
      expiresAt,
    });
    const paidAt = new Date();
    await updateOrder(db, ids[1]!, { status: 'paid', paidAt });
    await updateOrder(db, ids[2]!, { status: 'expired' });

    const page1 = await listUserOrders(db, userId, { page: 1, pageSize: 2 });
    expect(page1).toMatchObject({ page: 1, pages: 3, total: 5 });
    expect(page1.items.map((o) => o.id)).toEqual([ids[4], ids[3]]);
    expect(page1.items[0]?.items).toHaveLength(1);
    const page3 = await listUserOrders(db, userId, { page: 3, pageSize: 2 });
    expect(page3.items.map((o) => o.id)).toEqual([ids[0]]);

    const reserving = await listOrdersByStatus(db, 'reserving', 100);
    expect(reserving.map((o) => o.id)).toEqual(expect.arrayContaining([ids[3], ids[4]]));
    expect((await listOrdersByStatus(db, 'paid', 10)).map((o) => o.id)).toContain(ids[1]);

    // ids[0] awaiting payment + ids[3], ids[4] reserving.
    expect(await countOpenInvoices(db, userId)).toBe(3);
    await createDeposit(db, { id: uniqueCode('dep'), userId, amount: 50_000 });
    const awaiting = await createDeposit(db, { id: uniqueCode('dep'), userId, amount: 20_000 });
    await updateDeposit(db, awaiting.id, { status: 'awaiting_payment' });
    const done = await createDeposit(db, { id: uniqueCode('dep'), userId, amount: 10_000 });
    await updateDeposit(db, done.id, { status: 'paid' });
    expect(await countOpenInvoices(db, userId)).toBe(5);
    expect(await countOpenInvoices(db, userId + 1)).toBe(0);
  });
});

describe('deposits and payments', () => {
  it('creates deposits idempotently and updates them', async () => {
    const db = handle.db;
    const id = uniqueCode('dep');
    const created = await createDeposit(db, { id, userId: 55, amount: 25_000 });
    expect(created).toMatchObject({
      id,
      userId: 55,
      amount: 25_000,
      status: 'creating',
      fee: null,
      txnId: null,
    });
    const again = await createDeposit(db, { id, userId: 55, amount: 99_999 });
    expect(again).toEqual(created);
    const paidAt = new Date();
    expect(
      await updateDeposit(db, id, { status: 'paid', fee: 200, totalPayment: 25_200, txnId: 'D1', paidAt }),
    ).toBe(true);
    expect(await getDeposit(db, id)).toMatchObject({
      status: 'paid',
      fee: 200,
      totalPayment: 25_200,
      txnId: 'D1',
      paidAt,
    });
    await createDeposit(db, { id: uniqueCode('dep'), userId: 55, amount: 10_000 });
    const list = await listUserDeposits(db, 55, 10);
    expect(list).toHaveLength(2);
    expect(list[1]?.id).toBe(id);
    expect(await getDeposit(db, 'missing')).toBeUndefined();
    await expect(createDeposit(db, { id: uniqueCode('dep'), userId: 55, amount: 0 })).rejects.toThrow(
      /positive/,
    );
  });

  it('upserts a gateway transaction and keeps its completion time', async () => {
    const db = handle.db;
    const base = {
      gateway: 'pakasir' as const,
      txnId: uniqueCode('txn'),
      purpose: 'order' as const,
      refId: 'ORD-PAY-1',
      method: 'qris',
      amount: 25_000,
      fee: 0,
      total: 25_000,
      isSandbox: true,
    };
    const pending = await recordPayment(db, {
      ...base,
      status: 'pending',
      raw: { step: 1 },
      completedAt: null,
    });
    expect(pending).toMatchObject({
      txn_id: base.txnId,
      status: 'pending',
      raw: { step: 1 },
      completed_at: null,
    });
    const completedAt = new Date('2026-03-01T10:00:00Z');
    const done = await recordPayment(db, {
      ...base,
      fee: 175,
      total: 25_175,
      status: 'completed',
      raw: { step: 2 },
      completedAt,
    });
    expect(done).toMatchObject({
      id: pending.id,
      status: 'completed',
      fee: 175,
      total: 25_175,
      raw: { step: 2 },
      completed_at: completedAt,
    });
    const late = await recordPayment(db, {
      ...base,
      fee: 175,
      total: 25_175,
      status: 'completed',
      raw: { step: 3 },
      completedAt: null,
    });
    expect(late.completed_at).toEqual(completedAt);
    expect(await getPayment(db, 'pakasir', base.txnId)).toMatchObject({ raw: { step: 3 }, is_sandbox: true });
    await recordPayment(db, {
      ...base,
      txnId: uniqueCode('txn'),
      status: 'pending',
      raw: {},
      completedAt: null,
    });
    expect(await paymentsFor(db, 'order', 'ORD-PAY-1')).toHaveLength(2);
    expect(await paymentsFor(db, 'deposit', 'ORD-PAY-1')).toEqual([]);
  });
});
