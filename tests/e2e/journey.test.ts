import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import { countMessages, waitForState } from '../support/orders.ts';
import { type Shop, startShop } from '../support/shop.ts';

/** The flood guard allows a burst of four, then one action a second: a buyer at human pace. */
const pace = () => new Promise((resolve) => setTimeout(resolve, 1_100));
const items = (text: string) => [...text.matchAll(/#\d+\s+(\S+)/g)].map((m) => m[1]);

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop?.stop();
});

describe("the buyer's journey, through the bot as a buyer uses it", () => {
  it('/start → category → product → +2 → cart → voucher → QRIS → paid → both items once → history → resend', async () => {
    const buyer = shop.buyer(6001, 'Rina');
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor('Selamat datang');
    expect(welcome.text).toContain('Rina');
    buyer.press(/Musik/);
    await buyer.waitFor('Spotify Premium 1 Bulan');
    buyer.press(/Spotify Premium/);
    await buyer.waitFor('Harga: Rp 15.000');
    await pace();
    buyer.press('➕');
    await buyer.waitFor('Jumlah: 2');
    buyer.press('🛒 Tambah ke Keranjang');
    await buyer.waitFor('masuk keranjang');

    await pace();
    buyer.press('🛒 Lihat Keranjang');
    await buyer.waitFor('Total: Rp 30.000');
    await pace();
    buyer.press('🎟️ Pakai Voucher');
    await buyer.waitFor('Ketik kode vouchernya');
    await pace();
    buyer.sendText('hemat10');
    const withVoucher = await buyer.waitFor('Total: Rp 27.000');
    expect(withVoucher.text).toContain('HEMAT10');

    await pace();
    buyer.press('✅ Checkout QRIS');
    await buyer.waitFor('Pesanan sedang diproses');
    const cart = (await getActor(shop.app.db, 'checkout', '6001'))?.snapshot.context as CheckoutContext;
    const orderId = cart.lastOrderId ?? '';
    const invoice = await buyer.waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout: 15_000 });
    expect(invoice.text).toContain('Diskon: -Rp 3.000');
    expect(invoice.text).toMatch(/Total bayar: Rp 27\.\d{3}/);
    expect(invoice.buttons.flat()).toEqual(['💳 Buka Halaman Bayar', '❌ Batalkan']);

    const paid = await shop.pakasir.simulatePayment(orderId);
    expect(paid.statusCode).toBe(200);
    const delivery = await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
    const delivered = items(delivery.text);
    expect(delivered).toHaveLength(2);
    expect(new Set(delivered).size).toBe(2);
    await waitForState(shop, 'order', orderId, 'completed');
    expect(countMessages(buyer, /Pesanan berhasil/)).toBe(1);
    expect((await getOrder(shop.app.db, orderId))?.status).toBe('delivered');
    const spotify = await getProduct(shop.app.db, 'SPOTIFY-1B');
    const afterSale = await stockCounts(shop.app.db, spotify!.id);
    expect(afterSale.sold).toBe(2);

    await pace();
    buyer.sendText('📦 Riwayat Pesanan');
    const history = await buyer.waitFor('Riwayat Pesanan');
    expect(history.text).toContain(orderId);
    await pace();
    buyer.press(`🔁 Kirim ulang ${orderId}`);
    const resent = await buyer.waitFor(/Kirim ulang pesanan/, { timeout: 15_000 });
    expect(items(resent.text)).toEqual(delivered);
    expect(await stockCounts(shop.app.db, spotify!.id)).toEqual(afterSale);
  });
});
