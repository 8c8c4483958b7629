import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINES, MAX_QUANTITY_PER_LINE } from '../../src/machines/checkout.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { newOrderId } from '../../src/shop/ids.ts';
import { createOrder, getOrder, updateOrder } from '../../src/shop/orders.ts';
import { releaseStock, stockCounts } from '../../src/shop/stock.ts';
import { checkout, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

/** Product names may be 128 characters (the catalog import's limit); HTML must be escaped. */
const NAME_LIMIT = 128;
const PRICE = 5_000;
const longName = (i: number) => `Akun Premium & <VIP> Nomor ${i} `.padEnd(NAME_LIMIT, 'x');
const codes = Array.from({ length: MAX_LINES }, (_, i) => `LONG-${i + 1}`);
const catalog = {
  categories: [{ code: 'long', name: 'Nama Panjang' }],
  products: codes.map((code, i) => ({
    code,
    category: 'long',
    name: longName(i + 1),
    price: PRICE,
    stock: Array.from({ length: MAX_QUANTITY_PER_LINE }, (_, k) => `${code}-item-${k}`),
  })),
};
const biggestCart = codes.map((code) => ({ code, quantity: MAX_QUANTITY_PER_LINE }));

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({ catalog });
});

afterAll(async () => {
  await shop?.stop();
});

async function expectAllStockBack() {
  await eventually(async () => {
    for (const code of codes) {
      const product = await getProduct(shop.app.db, code);
      expect((await stockCounts(shop.app.db, product!.id)).available).toBe(MAX_QUANTITY_PER_LINE);
    }
  });
}

describe('the largest cart with the longest names', () => {
  it('gets its QR with a capped caption, and the full list as text', async () => {
    const buyer = shop.buyer(4300);
    const orderId = await checkout(shop, 4300, biggestCart);
    const invoice = await waitForInvoice(buyer, orderId);
    expect(invoice.text.length).toBeLessThanOrEqual(1024);
    expect(invoice.text).toMatch(/\+\d+ lainnya/);
    expect(invoice.text).toContain('Rp 10.000.000');
    const details = buyer
      .messages()
      .filter(
        (m) => !m.photo && (m.text ?? '').includes('Rincian pesanan') && (m.text ?? '').includes(orderId),
      );
    expect(details.length).toBeGreaterThan(0);
    const listed = details.map((m) => m.text ?? '').join('\n');
    for (let i = 1; i <= MAX_LINES; i++) expect(listed).toContain(`${longName(i)} x100`);

    await shop.app.runtime.send('order', orderId, { type: 'CANCEL' });
    await waitForState(shop, 'order', orderId, 'cancelled');
    await expectAllStockBack();
  });

  it('a QR that Telegram keeps refusing fails the order: invoice cancelled, stock back, buyer told', async () => {
    const buyer = shop.buyer(4301);
    shop.telegram.faults.failNext('sendPhoto', {
      times: 100,
      status: 400,
      description: 'Bad Request: message caption is too long',
      bot: BOT_TOKEN,
    });
    const orderId = await checkout(shop, 4301, [{ code: 'LONG-1', quantity: 1 }]);
    await waitForState(shop, 'order', orderId, 'failed', 150_000);
    await buyer.waitFor(/gagal diproses/, { timeout: 30_000 });
    shop.telegram.faults.reset();
    expect(buyer.messages().some((m) => !!m.photo && (m.text ?? '').includes(orderId))).toBe(false);
    expect(shop.pakasir.transaction(orderId)?.status).toBe('canceled');
    expect((await getOrder(shop.app.db, orderId))?.status).toBe('failed');
    await expectAllStockBack();
  }, 200_000);

  it('pages the order history by its length, every order reachable', async () => {
    const buyerId = 4302;
    const buyer = shop.buyer(buyerId);
    const orderIds: string[] = [];
    // Four pages at most: the anti-spam guard lets a buyer fire four actions back to back.
    for (let n = 0; n < 4; n++) {
      const lines = await Promise.all(
        codes.map(async (code) => ({
          productId: (await getProduct(shop.app.db, code))!.id,
          quantity: MAX_QUANTITY_PER_LINE,
        })),
      );
      const orderId = newOrderId();
      const created = await createOrder(shop.app.db, { orderId, userId: buyerId, method: 'qris', lines });
      expect(created.ok).toBe(true);
      // Back on the shelf for the next one; the order stays in the history.
      await releaseStock(shop.app.db, orderId);
      await updateOrder(shop.app.db, orderId, { status: 'cancelled' });
      orderIds.push(orderId);
    }

    buyer.sendCommand('pesanan');
    let page = await buyer.waitFor(/Riwayat Pesanan/, { timeout: 15_000 });
    const seen = new Set<string>();
    for (;;) {
      expect(page.text.length).toBeLessThanOrEqual(4096);
      for (const id of orderIds) if (page.text.includes(id)) seen.add(id);
      const [, current, pages] = /hal\. (\d+)\/(\d+)/.exec(page.text) ?? [];
      if (current === pages) break;
      buyer.press('▶️');
      page = await buyer.waitFor((e) => e.text.includes(`hal. ${Number(current) + 1}/`), { timeout: 15_000 });
    }
    expect([...seen].sort()).toEqual([...orderIds].sort());
  });
});
