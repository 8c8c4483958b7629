import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { estimateQrisFee } from '../../src/infra/pakasir/index.ts';
import { createOrder } from '../../src/shop/orders.ts';
import { quoteOrder, totals } from '../../src/shop/pricing.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedProduct } from './fixtures.ts';

let database: TestDatabase;
let handle: DbHandle;
let a: { id: number };
let b: { id: number };
let gone: { id: number };

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url);
  a = await seedProduct(handle.db, { price: 12_345, stock: 5 });
  b = await seedProduct(handle.db, { price: 7_000, stock: 5 });
  gone = await seedProduct(handle.db, { price: 99_000, stock: 5, active: false });
  await handle.db
    .insertInto('vouchers')
    .values([
      { code: 'PERSEN15', kind: 'percent', value: 15 },
      { code: 'MIN50K', kind: 'fixed', value: 5_000, min_purchase: 50_000 },
      { code: 'RAKSASA', kind: 'fixed', value: 1_000_000 },
    ])
    .execute();
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('totals', () => {
  it('takes the voucher discount off and quotes the QRIS fee on what is left', () => {
    const verdict = {
      ok: true as const,
      voucher: { id: 1, code: 'X', kind: 'fixed' as const, value: 1, scope: null },
      discount: 2_500,
      eligibleSubtotal: 40_000,
    };
    expect(totals(40_000, verdict)).toEqual({
      discount: 2_500,
      total: 37_500,
      qris: { fee: estimateQrisFee(37_500), totalPayment: 37_500 + estimateQrisFee(37_500) },
    });
    expect(totals(40_000, { ok: false, reason: 'expired' })).toMatchObject({ discount: 0, total: 40_000 });
    // Below the gateway's minimum there is no QRIS quote to show.
    expect(totals(100, null)).toEqual({ discount: 0, total: 100, qris: null });
  });
});

describe('quoteOrder', () => {
  it('prices every line from today’s prices and leaves lines off sale out of the subtotal', async () => {
    const quote = await quoteOrder(handle.db, {
      userId: 1,
      lines: [
        { productId: a.id, quantity: 3 },
        { productId: b.id, quantity: 2 },
        { productId: gone.id, quantity: 1 },
      ],
    });
    expect(quote.lines.map((l) => [l.lineTotal, l.onSale])).toEqual([
      [37_035, true],
      [14_000, true],
      [0, false],
    ]);
    expect(quote).toMatchObject({ subtotal: 51_035, discount: 0, total: 51_035, voucher: null });
  });

  it('applies vouchers with their rules: percent rounded down, minimum purchase, never below zero', async () => {
    const percent = await quoteOrder(handle.db, {
      userId: 1,
      lines: [{ productId: a.id, quantity: 3 }],
      voucherCode: 'persen15',
    });
    expect(percent).toMatchObject({ subtotal: 37_035, discount: 5_555, total: 31_480 });

    const short = await quoteOrder(handle.db, {
      userId: 1,
      lines: [{ productId: b.id, quantity: 2 }],
      voucherCode: 'MIN50K',
    });
    expect(short.voucher?.result).toMatchObject({ ok: false, reason: 'below_minimum' });
    expect(short).toMatchObject({ subtotal: 14_000, discount: 0, total: 14_000 });

    const huge = await quoteOrder(handle.db, {
      userId: 1,
      lines: [{ productId: b.id, quantity: 1 }],
      voucherCode: 'RAKSASA',
    });
    expect(huge).toMatchObject({ subtotal: 7_000, discount: 7_000, total: 0, qris: null });
  });

  it('is what createOrder books', async () => {
    const lines = [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 3 },
    ];
    const quote = await quoteOrder(handle.db, { userId: 2, lines, voucherCode: 'PERSEN15' });
    const created = await createOrder(handle.db, {
      orderId: 'INVPRICING0001',
      userId: 2,
      method: 'qris',
      lines,
      voucherCode: 'PERSEN15',
    });
    if (!created.ok) throw new Error(created.reason);
    expect(created.order).toMatchObject({
      subtotal: quote.subtotal,
      discount: quote.discount,
      total: quote.total,
    });
    expect(created.order.total).toBe(45_690 - Math.floor((45_690 * 15) / 100));
  });
});
