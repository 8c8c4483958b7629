import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectDeps } from '../../src/effects/deps.ts';
import { openInvoice } from '../../src/effects/invoice.ts';
import { createPakasirClient } from '../../src/infra/pakasir/index.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { PAKASIR, type Shop, startShop } from '../support/shop.ts';

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

  it('still confirms a payment whose invoice was created again after the buyer paid', async () => {
    const buyer = shop.buyer(4002);
    const orderId = await checkout(shop, 4002, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    await shop.pakasir.simulatePayment(orderId, { webhook: false });
    // The invoice effect of a process killed before it was marked done runs again: the
    // gateway's find-or-create gives the same transaction back, completed by now.
    const order = await getOrder(shop.app.db, orderId);
    const pakasir = createPakasirClient({
      baseUrl: shop.pakasir.baseUrl,
      slug: PAKASIR.slug,
      apiKey: PAKASIR.apiKey,
      version: 'v2',
    });
    const deps = { db: shop.app.db, pakasir, audit: shop.app.audit } as unknown as EffectDeps;
    await openInvoice(deps, { purpose: 'order', refId: orderId, amount: order!.total });
    // Not recorded as confirmed: only a verified payment is, so reconciliation still looks.
    await buyer.waitFor(/Pesanan berhasil/, { timeout: 20_000 });
    await waitForState(shop, 'order', orderId, 'completed');
    await eventually(async () => {
      const row = await shop.app.db
        .selectFrom('payments')
        .select('status')
        .where('ref_id', '=', orderId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('completed');
    });
  });
});
