// Unsigned webhooks (no PAKASIR_WEBHOOK_SECRET): forgeries must not burn the gateway's
// status limit, delay the genuine webhook, or tell which order ids exist.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floodAroundPayment, forgedClaim, gatewayTxn, postWebhook } from '../support/forgery.ts';
import { checkout, waitForInvoice } from '../support/orders.ts';
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
    await floodAroundPayment(shop, 5101, from);
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
