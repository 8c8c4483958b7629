import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';
import { pressAndAnswer } from './harness.ts';

/** The flood guard allows a burst of four, then one action a second: a buyer at human pace. */
const pace = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('a buyer in the whole shop (app, effects, Pakasir emulator)', () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await startShop();
  });

  afterAll(async () => {
    await shop?.stop();
  });

  it('browses, checks out by QRIS, gets the invoice and cancels it from its own button', async () => {
    const buyer = shop.buyer(3001, 'Budi');
    buyer.sendCommand('/start');
    await buyer.waitFor('Selamat datang');
    buyer.press(/Streaming/);
    await buyer.waitFor('Netflix Premium 1 Bulan');
    buyer.press(/Netflix Premium/);
    await buyer.waitFor('Harga: Rp 25.000');
    expect((await pressAndAnswer(buyer, '🛒 Tambah ke Keranjang')).text).toContain('masuk keranjang');

    await pace();
    buyer.press('🛒 Lihat Keranjang');
    await buyer.waitFor('Total: Rp 25.000');
    await pace();
    buyer.press('✅ Checkout QRIS');
    await buyer.waitFor('Pesanan sedang diproses');
    const cart = (await getActor(shop.app.db, 'checkout', '3001'))?.snapshot.context as CheckoutContext;
    const orderId = cart.lastOrderId ?? '';
    expect(orderId).toMatch(/^INV/);
    const invoice = await buyer.waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout: 15_000 });
    expect(invoice.raw.reply_markup?.inline_keyboard.flat()).toContainEqual(
      expect.objectContaining({ callback_data: `order:cancel:${orderId}` }),
    );
    await eventually(async () =>
      expect((await getActor(shop.app.db, 'order', orderId))?.snapshot).toMatchObject({
        context: { invoiceMessageId: expect.any(Number) },
      }),
    );

    await pace();
    buyer.press('❌ Batalkan');
    await buyer.waitFor(`Batalkan pesanan ${orderId}?`);
    await pace();
    expect((await pressAndAnswer(buyer, '✅ Ya, batalkan')).text).toBe('❌ Pesanan dibatalkan');
    await buyer.waitFor((e) => e.kind === 'message' && e.text.includes(`Pesanan ${orderId} dibatalkan`), {
      timeout: 10_000,
    });
    await eventually(async () =>
      expect((await getActor(shop.app.db, 'order', orderId))?.state).toBe('cancelled'),
    );

    await pace();
    buyer.sendText('📦 Riwayat Pesanan');
    const history = await buyer.waitFor('Riwayat Pesanan');
    expect(history.text).toContain(orderId);
    expect(history.text).toContain('❌ Dibatalkan');
  });
});
