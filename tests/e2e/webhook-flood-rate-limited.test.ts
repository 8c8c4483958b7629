// The same floods against a gateway that allows one status poll per 4 s per transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedClaim, gatewayTxn, postWebhook } from '../support/forgery.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({
    env: { PAKASIR_WEBHOOK_SECRET: '', TRUST_PROXY: '127.0.0.1' },
    // The genuine webhook may wait out the window: give it longer than the default 5 s to be measured.
    pakasir: { statusPollWindowMs: 4000, webhookTimeoutMs: 20_000 },
  });
});
afterAll(async () => {
  await shop?.stop();
});

const from = (i: number) => ({ 'x-forwarded-for': `192.0.2.${i % 250}` });

describe('forged webhooks, gateway rate-limiting status polls', () => {
  it('20 parallel forgeries cost at most 2 status calls and no 503', async () => {
    const buyer = shop.buyer(5201);
    const orderId = await checkout(shop, 5201, [{ code: 'CANVA-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    const txn = gatewayTxn(shop, orderId);
    shop.pakasir.resetCalls();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postWebhook(shop, forgedClaim(txn), from(i))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(409));
    expect(shop.pakasir.callCount('v2.status')).toBeLessThanOrEqual(2);
  });

  it('50 forgeries with the genuine webhook among them: at most 2 status calls, one delivery', async () => {
    const buyer = shop.buyer(5202);
    const orderId = await checkout(shop, 5202, [{ code: 'CANVA-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    const txn = gatewayTxn(shop, orderId);
    shop.pakasir.resetCalls();
    shop.pakasir.slowNext(1, { route: 'v2.status', ms: 300 });

    const before = Array.from({ length: 25 }, (_, i) => postWebhook(shop, forgedClaim(txn), from(i)));
    await eventually(() => expect(shop.pakasir.callCount('v2.status')).toBe(1), 15_000, 10);
    const started = performance.now();
    const genuine = shop.pakasir.simulatePayment(orderId).then((paid) => ({
      paid,
      ms: performance.now() - started,
    }));
    const after = Array.from({ length: 25 }, (_, i) => postWebhook(shop, forgedClaim(txn), from(100 + i)));
    const [answers, { paid, ms }] = await Promise.all([Promise.all([...before, ...after]), genuine]);

    expect(paid.statusCode).toBe(200);
    expect(shop.pakasir.callCount('v2.status')).toBeLessThanOrEqual(2);
    expect(answers.filter((a) => a.status >= 500 || a.status === 429)).toEqual([]);
    console.info(
      `genuine webhook answered in ${Math.round(ms)} ms; status calls ${shop.pakasir.callCount('v2.status')}`,
    );

    await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
    await waitForState(shop, 'order', orderId, 'completed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(countMessages(buyer, /Pesanan berhasil/)).toBe(1);
  });
});
