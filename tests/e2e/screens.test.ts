import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import { rupiah } from '../../src/bot/format.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { credit } from '../../src/shop/ledger.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { openProduct, pace } from '../support/buyer.ts';
import { checkout, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop?.stop();
});

const messageText = (buyer: SimUser, messageId: number) =>
  buyer.messages().find((m) => m.messageId === messageId)?.text ?? '';

describe('screens follow their order', () => {
  it('edits the cart note when the invoice is out and the history page when the order is cancelled; shows the fee', async () => {
    const buyer = shop.buyer(6201, 'Tono');
    await openProduct(buyer, /Streaming/, /Netflix Premium/, 'Harga: Rp 25.000');
    await pace();
    buyer.press('🛒 Tambah ke Keranjang');
    await buyer.waitFor('masuk keranjang');
    await pace();
    buyer.press('🛒 Lihat Keranjang');
    await buyer.waitFor('Total: Rp 25.000');
    await pace();
    buyer.press('✅ Checkout QRIS');
    const placing = await buyer.waitFor('Pesanan sedang diproses');
    const cart = (await getActor(shop.app.db, 'checkout', '6201'))?.snapshot.context as CheckoutContext;
    const orderId = cart.lastOrderId ?? '';
    await waitForInvoice(buyer, orderId);

    // The cart note no longer says "being processed" once the invoice is out.
    await eventually(async () =>
      expect(messageText(buyer, placing.messageId)).toBe(
        `✅ Pesanan ${orderId} dibuat — lihat invoice di bawah 👇`,
      ),
    );

    const order = await getOrder(shop.app.db, orderId);
    expect(order?.totalPayment).toBeGreaterThan(order?.total ?? Infinity);
    const paid = `${rupiah(order?.totalPayment ?? 0)} (termasuk biaya layanan ${rupiah(order?.fee ?? 0)})`;

    await pace();
    buyer.sendText('📦 Riwayat Pesanan');
    const history = await buyer.waitFor('Riwayat Pesanan');
    expect(history.text).toContain(`💰 ${paid} · 🕒 Menunggu pembayaran`);
    expect(history.buttons).toContainEqual([`❌ Batalkan ${orderId}`]);

    await pace();
    buyer.press(`❌ Batalkan ${orderId}`);
    await buyer.waitFor(`Batalkan pesanan ${orderId}?`);
    await pace();
    buyer.press('✅ Ya, batalkan');
    await waitForState(shop, 'order', orderId, 'cancelled');

    // The history page that was on screen is re-rendered: cancelled, and no cancel button.
    await eventually(async () => {
      const now = buyer.messages().find((m) => m.messageId === history.messageId);
      expect(now?.text).toContain(`💰 ${paid} · ❌ Dibatalkan`);
      expect(now?.text).not.toContain('Menunggu pembayaran');
      expect(now?.buttons.flat()).not.toContain(`❌ Batalkan ${orderId}`);
    });
    await eventually(async () =>
      expect(messageText(buyer, placing.messageId)).toBe(`🧾 Pesanan ${orderId}: ❌ Dibatalkan`),
    );
  });

  it('edits the cart note when a balance payment went through', async () => {
    const buyer = shop.buyer(6203, 'Yanto');
    await credit(shop.app.db, { userId: 6203, amount: 50_000, reason: 'adjustment', ref: 'screens-6203' });
    await shop.app.runtime.send('checkout', '6203', {
      type: 'ADD',
      productId: (await getProduct(shop.app.db, 'SPOTIFY-1B'))?.id ?? 0,
      quantity: 1,
    });
    buyer.sendCommand('/keranjang');
    await buyer.waitFor('Total: Rp 15.000');
    buyer.press('💰 Bayar pakai Saldo');
    await buyer.waitFor('Bayar pakai saldo?');
    buyer.press('✅ Ya, bayar');
    const placing = await buyer.waitFor('Pesanan sedang diproses');
    const cart = (await getActor(shop.app.db, 'checkout', '6203'))?.snapshot.context as CheckoutContext;
    const orderId = cart.lastOrderId ?? '';
    await waitForState(shop, 'order', orderId, 'completed');
    await eventually(async () =>
      expect(messageText(buyer, placing.messageId)).toBe(
        `✅ Pesanan ${orderId} dibayar — produknya dikirim di bawah 👇`,
      ),
    );
  });

  it("tells the admins what the buyer paid, the gateway's fee included", async () => {
    const buyer = shop.buyer(6202, 'Wati');
    const orderId = await checkout(shop, 6202, [{ code: 'SPOTIFY-1B', quantity: 3 }]);
    await waitForInvoice(buyer, orderId);
    const order = await getOrder(shop.app.db, orderId);
    expect(order?.fee).toBeGreaterThan(0);
    expect((await shop.pakasir.simulatePayment(orderId)).statusCode).toBe(200);
    const notice = await shop.admin.waitFor(orderId, { timeout: 15_000 });
    expect(notice.text).toContain(
      `${rupiah(order?.totalPayment ?? 0)} (termasuk biaya layanan ${rupiah(order?.fee ?? 0)})`,
    );
  });
});
