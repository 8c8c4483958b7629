import { randomUUID } from 'node:crypto';
import { HttpError } from 'grammy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getProduct } from '../../src/shop/catalog.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually, silentLogger } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  // Short Telegram timeouts and delivery retries, so an outage plays out in seconds.
  shop = await startShop({ env: { TELEGRAM_TIMEOUT_SECONDS: '2', DELIVERY_RETRY_SECONDS: '1' } });
});

afterEach(() => {
  shop.telegram.faults.reset();
});

afterAll(async () => {
  await shop?.stop();
});

const delivered = /Pesanan berhasil/;

describe('Telegram unreachable', () => {
  it('delivers every order paid during an outage exactly once, and tells admins once it is back', async () => {
    const buyers = [3101, 3102];
    const orders: string[] = [];
    for (const id of buyers) {
      const orderId = await checkout(shop, id, [{ code: 'CANVA-1B', quantity: 1 }]);
      await waitForInvoice(shop.buyer(id), orderId);
      orders.push(orderId);
    }
    const product = await getProduct(shop.app.db, 'CANVA-1B');
    const before = await stockCounts(shop.app.db, product!.id);

    shop.telegram.faults.startOutage('drop');
    for (const orderId of orders) await shop.pakasir.simulatePayment(orderId);
    // While Telegram is down every attempt fails fast; the orders end up undelivered.
    for (const orderId of orders) await waitForState(shop, 'order', orderId, 'undelivered', 60_000);
    expect(buyers.map((id) => countMessages(shop.buyer(id), delivered))).toEqual([0, 0]);
    shop.telegram.faults.endOutage();

    for (const [i, orderId] of orders.entries()) {
      await shop.buyer(buyers[i]!).waitFor(delivered, { timeout: 60_000 });
      await waitForState(shop, 'order', orderId, 'completed', 30_000);
    }
    const notices = (orderId: string, text: string) =>
      shop.admin.messages().filter((m) => m.text?.includes(orderId) && m.text.includes(text)).length;
    await eventually(() => {
      for (const orderId of orders) {
        expect(notices(orderId, 'belum terkirim')).toBeGreaterThan(0);
        expect(notices(orderId, 'baru dibayar')).toBeGreaterThan(0);
      }
    }, 60_000);
    // Late retries would show up here: give them a moment.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(buyers.map((id) => countMessages(shop.buyer(id), delivered))).toEqual([1, 1]);
    for (const orderId of orders) {
      expect((await getOrder(shop.app.db, orderId))?.status).toBe('delivered');
      expect([notices(orderId, 'belum terkirim'), notices(orderId, 'baru dibayar')]).toEqual([1, 1]);
    }
    const after = await stockCounts(shop.app.db, product!.id);
    expect(after.sold).toBe(before.sold + orders.length);
    expect(after.reserved).toBe(before.reserved - orders.length);
  }, 150_000);

  it('lets one attempt send an order while a second attempt of the same delivery runs beside it', async () => {
    const buyerId = 3103;
    const buyer = shop.buyer(buyerId);
    const orderId = await checkout(shop, buyerId, [{ code: 'CANVA-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    // Telegram is slow: the delivery's send is in flight for a second.
    shop.telegram.faults.setLatency(1_000, 'sendMessage');
    await shop.pakasir.simulatePayment(orderId);
    await eventually(async () => {
      const row = await shop.app.db
        .selectFrom('deliveries')
        .select('status')
        .where('order_id', '=', orderId)
        .executeTakeFirst();
      expect(row?.status).toBe('sending');
    }, 15_000);
    // The same delivery run again, as after a job expiry, while the first send is in flight.
    const deliver = shop.app.runtime.registry.get('order').effects?.deliver;
    const second = await deliver?.run(
      { orderId, userId: buyerId, lang: 'id', attempt: 1 },
      {
        kind: 'order',
        actorId: orderId,
        effectId: randomUUID(),
        attempt: 1,
        logger: silentLogger,
        signal: new AbortController().signal,
      },
    );
    expect(second).toMatchObject({ type: 'DELIVERED' });
    shop.telegram.faults.clearLatency();
    await waitForState(shop, 'order', orderId, 'completed');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(countMessages(buyer, delivered)).toBe(1);
  });

  it('gives up on a call Telegram never answers after TELEGRAM_TIMEOUT_SECONDS, without a retry', async () => {
    const buyer = shop.buyer(3104);
    shop.telegram.faults.startOutage('hang');
    shop.telegram.faults.resetCounters();
    const failure = await shop.app.bot.api.sendMessage(3104, 'halo?').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect(shop.telegram.faults.callCount('sendMessage')).toBe(1);
    shop.telegram.faults.endOutage();
    expect(countMessages(buyer, /halo\?/)).toBe(0);
  });
});
