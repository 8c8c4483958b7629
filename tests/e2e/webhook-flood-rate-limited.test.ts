// The same floods against a gateway that allows one status poll per 4 s per transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floodAroundPayment, forgedClaim, gatewayTxn, postWebhook } from '../support/forgery.ts';
import { checkout, waitForInvoice } from '../support/orders.ts';
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
    await floodAroundPayment(shop, 5202, from);
  });
});
