import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import { rupiah } from '../../src/bot/format.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { quoteOrder } from '../../src/shop/pricing.ts';
import { pressData, testCatalog } from '../bot/harness.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

/** The flood guard allows a burst of four, then one action a second. */
const pace = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('the total shown is the total charged', () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await startShop({ catalog: testCatalog });
  });

  afterAll(async () => {
    await shop?.stop();
  });

  it('quantities and a voucher: cart view, order row and gateway invoice agree with one quote', async () => {
    const buyer = shop.buyer(3101, 'Sari');
    const netflix = (await getProduct(shop.app.db, 'NETFLIX-1B'))!;
    const spotify = (await getProduct(shop.app.db, 'SPOTIFY-1B'))!;
    buyer.sendCommand('/start');
    await buyer.waitFor('Selamat datang');
    expect((await pressData(shop.app.bot, buyer, `cart:add:${netflix.id}:2`)).text).toContain(
      'masuk keranjang',
    );
    expect((await pressData(shop.app.bot, buyer, `cart:add:${spotify.id}:3`)).text).toContain(
      'masuk keranjang',
    );
    await pace();
    buyer.sendCommand('/voucher', 'hemat10');
    const cartView = await buyer.waitFor('Voucher HEMAT10 dipakai', { timeout: 10_000 });

    const quote = await quoteOrder(shop.app.db, {
      userId: buyer.id,
      lines: [
        { productId: netflix.id, quantity: 2 },
        { productId: spotify.id, quantity: 3 },
      ],
      voucherCode: 'HEMAT10',
    });
    // 2 × 25.000 + 3 × 15.000 = 95.000, minus 10 % = 85.500.
    expect(quote).toMatchObject({ subtotal: 95_000, discount: 9_500, total: 85_500 });
    expect(cartView.text).toContain(`Total: ${rupiah(quote.total)}`);
    expect(cartView.text).toContain(`Bayar via QRIS: ${rupiah(quote.qris!.totalPayment)}`);

    await pace();
    buyer.press('✅ Checkout QRIS');
    await buyer.waitFor('Pesanan sedang diproses');
    const cart = (await getActor(shop.app.db, 'checkout', String(buyer.id)))?.snapshot
      .context as CheckoutContext;
    const orderId = cart.lastOrderId ?? '';
    const invoice = await buyer.waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout: 15_000 });

    const order = await getOrder(shop.app.db, orderId);
    expect(order).toMatchObject({ subtotal: quote.subtotal, discount: quote.discount, total: quote.total });
    const charged = await eventually(async () => {
      const txn = shop.pakasir.transaction(orderId);
      expect(txn).toBeDefined();
      return txn!;
    });
    expect(charged.amount).toBe(quote.total);
    expect(charged.totalPayment).toBe(quote.qris!.totalPayment);
    expect(invoice.text).toContain(`Total bayar: ${rupiah(quote.qris!.totalPayment)}`);
  });
});
