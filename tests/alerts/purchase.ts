import { expect } from 'vitest';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { checkout, waitForInvoice } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import type { Shop } from '../support/shop.ts';

/** A buyer pays one QRIS order in full; resolves once it is delivered. */
export async function buyAndReceive(shop: Shop, buyer: SimUser, code: string, quantity = 1): Promise<string> {
  const orderId = await checkout(shop, buyer.id, [{ code, quantity }]);
  await waitForInvoice(buyer, orderId);
  await shop.pakasir.simulatePayment(orderId);
  await eventually(async () => {
    const row = await shop.app.db
      .selectFrom('orders')
      .select('status')
      .where('id', '=', orderId)
      .executeTakeFirst();
    expect(row?.status).toBe('delivered');
  }, 20_000);
  return orderId;
}
