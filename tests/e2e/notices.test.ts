import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rupiah } from '../../src/bot/format.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { checkout, waitForInvoice } from '../support/orders.ts';
import { ADMIN_ID, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop?.stop();
});

describe('order notices as templates', () => {
  it('the paid caption and the admin notice use the live overrides', async () => {
    const savedPaid = await shop.app.messages.save({
      key: 'order_paid',
      locale: 'id',
      body: '💚 Lunas! Pesanan <code>{order_id}</code> segera dikirim.',
      author: ADMIN_ID,
    });
    const savedAdmin = await shop.app.messages.save({
      key: 'admin_order_paid',
      locale: 'id',
      body: '💸 {order_id} dibayar lewat {metode}: {total}\n{produk}\noleh {pembeli}',
      author: ADMIN_ID,
    });
    expect([savedPaid.ok, savedAdmin.ok]).toEqual([true, true]);

    const buyer = shop.buyer(4101, 'Dewi');
    const orderId = await checkout(shop, 4101, [{ code: 'SPOTIFY-1B', quantity: 2 }]);
    await waitForInvoice(buyer, orderId);
    await shop.pakasir.simulatePayment(orderId);

    const caption = await buyer.waitFor((e) => e.kind === 'edit' && e.text.includes('Lunas!'), {
      timeout: 15_000,
    });
    expect(caption.text).toBe(`💚 Lunas! Pesanan ${orderId} segera dikirim.`);
    const notice = await shop.admin.waitFor((e) => e.text.includes(`${orderId} dibayar lewat`), {
      timeout: 15_000,
    });
    // {total} is what the buyer paid: the order total plus the gateway's fee.
    const order = await getOrder(shop.app.db, orderId);
    expect(order?.fee).toBeGreaterThan(0);
    expect(notice.text).toContain(
      `💸 ${orderId} dibayar lewat QRIS: ${rupiah(order?.totalPayment ?? 0)} (termasuk biaya layanan ${rupiah(order?.fee ?? 0)})`,
    );
    expect(notice.text).toContain('x2 = Rp 30.000');
    expect(notice.text).toContain('oleh 4101');
  });
});
