import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProduct } from '../../src/shop/catalog.ts';
import { getBalance } from '../../src/shop/ledger.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import { actorState, checkout, isInvoice, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

const INVOICE_LIFETIME_MS = 6_000;
const catalog = {
  categories: [{ code: 'limited', name: 'Edisi Terbatas' }],
  products: [
    {
      code: 'LAST-5',
      category: 'limited',
      name: 'Akun Langka',
      price: 20_000,
      stock: ['item-a', 'item-b', 'item-c', 'item-d', 'item-e'],
    },
    {
      code: 'LATE-1',
      category: 'limited',
      name: 'Voucher Telat',
      price: 30_000,
      stock: ['late-a', 'late-b'],
    },
  ],
};

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({ catalog, pakasir: { invoiceLifetimeMs: INVOICE_LIFETIME_MS } });
});

afterAll(async () => {
  await shop?.stop();
});

describe('stock under a race, and invoice expiry', () => {
  it('20 buyers race for the last 5 items: 5 invoices, 15 told sold out; unpaid stock returns on expiry', async () => {
    const buyers = Array.from({ length: 20 }, (_, i) => ({ id: 3000 + i, user: shop.buyer(3000 + i) }));
    const orders = await Promise.all(
      buyers.map((b) => checkout(shop, b.id, [{ code: 'LAST-5', quantity: 1 }])),
    );
    const outcomes = await Promise.all(
      buyers.map((b, i) =>
        b.user
          .waitFor((e) => isInvoice(orders[i] ?? '')(e) || /sudah habis terjual/.test(e.text), {
            timeout: 20_000,
          })
          .then((e) => (e.photo ? 'invoice' : 'sold_out')),
      ),
    );
    expect(outcomes.filter((o) => o === 'invoice')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'sold_out')).toHaveLength(15);
    const product = await getProduct(shop.app.db, 'LAST-5');
    expect(await stockCounts(shop.app.db, product!.id)).toEqual({ available: 0, reserved: 5, sold: 0 });

    // Three winners pay; two let their invoices run out.
    const winners = orders.filter((_, i) => outcomes[i] === 'invoice');
    for (const orderId of winners.slice(0, 3)) await shop.pakasir.simulatePayment(orderId);
    for (const orderId of winners.slice(0, 3)) await waitForState(shop, 'order', orderId, 'completed');
    for (const orderId of winners.slice(3))
      await waitForState(shop, 'order', orderId, 'expired', INVOICE_LIFETIME_MS + 15_000);
    await eventually(async () =>
      expect(await stockCounts(shop.app.db, product!.id)).toEqual({ available: 2, reserved: 0, sold: 3 }),
    );
    const loser = buyers[outcomes.indexOf('sold_out')];
    expect(await actorState(shop, 'order', orders[outcomes.indexOf('sold_out')] ?? '')).toBe('refused');
    expect(loser?.user.transcript()).toContain('sudah habis terjual');
  });

  it('a payment that lands after expiry is credited to the balance; buyer and admins are told', async () => {
    const buyer = shop.buyer(3100);
    const orderId = await checkout(shop, 3100, [{ code: 'LATE-1', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    // The gateway still takes the payment: our cancel does not reach it in time.
    shop.pakasir.failNext(1, { route: 'v2.cancel', status: 500 });
    await buyer.waitFor(/Waktu pembayaran invoice/, { timeout: INVOICE_LIFETIME_MS + 15_000 });
    await waitForState(shop, 'order', orderId, 'expired');

    const paid = await shop.pakasir.simulatePayment(orderId, { afterExpiry: true });
    expect(paid.statusCode).toBe(200);
    await buyer.waitFor(/sudah kami tambahkan ke saldo/, { timeout: 15_000 });
    await shop.admin.waitFor((e) => e.text.includes('Pembayaran terlambat') && e.text.includes(orderId), {
      timeout: 10_000,
    });
    await waitForState(shop, 'order', orderId, 'lateCredited');
    expect(await getBalance(shop.app.db, 3100)).toBe(30_000);
    const product = await getProduct(shop.app.db, 'LATE-1');
    expect(await stockCounts(shop.app.db, product!.id)).toEqual({ available: 2, reserved: 0, sold: 0 });
  });
});
