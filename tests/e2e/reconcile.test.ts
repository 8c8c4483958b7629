import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder } from '../../src/shop/orders.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({ env: { RECONCILE_INTERVAL_SECONDS: '5' } });
});

afterAll(async () => {
  await shop?.stop();
});

describe('reconciliation', () => {
  it('completes an order whose webhook never arrived', async () => {
    const buyer = shop.buyer(4001);
    const orderId = await checkout(shop, 4001, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    await shop.pakasir.simulatePayment(orderId, { webhook: false });
    expect(shop.pakasir.webhookDeliveries()).toHaveLength(0);

    await buyer.waitFor(/Pesanan berhasil/, { timeout: 20_000 });
    await waitForState(shop, 'order', orderId, 'completed');
    expect((await getOrder(shop.app.db, orderId))?.status).toBe('delivered');
    expect(countMessages(buyer, /Pesanan berhasil/)).toBe(1);
  });
});
