// Unsigned webhooks (no PAKASIR_WEBHOOK_SECRET): forgeries must not burn the gateway's
// status limit, delay the genuine webhook, or tell which order ids exist.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedClaim, gatewayTxn, postWebhook } from '../support/forgery.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({
    env: { PAKASIR_WEBHOOK_SECRET: '', TRUST_PROXY: '127.0.0.1', WEBHOOK_RATE_LIMIT_PER_MINUTE: '30' },
  });
});
afterAll(async () => {
  await shop?.stop();
});

/** Each forger comes from its own address (through the trusted local proxy). */
const from = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i % 250}` });

describe('forged webhooks for an open order', () => {
  it('warns at start that v2 runs without a webhook secret', async () => {
    const dir = join(shop.logDir, 'bot');
    await eventually(() => {
      const text = readdirSync(dir)
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('');
      expect(text).toContain('PAKASIR_WEBHOOK_SECRET is unset');
    });
  });

  it('50 forgeries with the genuine webhook among them: at most 2 status calls, one delivery', async () => {
    const buyer = shop.buyer(5101);
    const orderId = await checkout(shop, 5101, [{ code: 'CANVA-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    const txn = gatewayTxn(shop, orderId);
    shop.pakasir.resetCalls();
    // The first status query reads "pending" and answers late: the payment lands meanwhile.
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

  it('answers an unknown order and a wrong amount alike', async () => {
    const buyer = shop.buyer(5102);
    const orderId = await checkout(shop, 5102, [{ code: 'CANVA-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    const txn = gatewayTxn(shop, orderId);
    const unknown = await postWebhook(shop, { ...forgedClaim(txn), order_id: 'ORD-NOPE-0000' }, from(1));
    const wrongAmount = await postWebhook(shop, { ...forgedClaim(txn), amount: txn.amount + 1 }, from(2));
    expect(unknown.status).toBe(wrongAmount.status);
    expect(unknown.body).toBe(wrongAmount.body);
    expect(unknown.status).toBeGreaterThanOrEqual(400);
  });

  it('rate-limits each client address', async () => {
    const claim = { ...forgedClaim({ txnId: 'T', orderId: 'ORD-NONE', amount: 10_000 }) };
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await postWebhook(shop, claim, { 'x-forwarded-for': '198.51.100.9' })).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    const limited = await postWebhook(shop, claim, { 'x-forwarded-for': '198.51.100.9' });
    expect(limited.status).toBe(429);
    // Another address is not held back by that one.
    expect((await postWebhook(shop, claim, { 'x-forwarded-for': '198.51.100.10' })).status).toBe(400);
  });
});
