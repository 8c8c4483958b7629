import { expect } from 'vitest';
import { checkout, countMessages, waitForInvoice, waitForState } from './orders.ts';
import { eventually } from './runtime.ts';
import type { Shop } from './shop.ts';
import { PAKASIR } from './shop.ts';

/** Posts a "completed" webhook body of our own making, as an attacker would. */
export async function postWebhook(
  shop: Shop,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${shop.app.url}/webhooks/pakasir`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.text(), ms: performance.now() - started };
}

/** A forged v2 "completed" claim for an order (what an unsigned webhook lets anyone send). */
export function forgedClaim(txn: { txnId: string; orderId: string; amount: number }) {
  return {
    txn_id: txn.txnId,
    order_id: txn.orderId,
    amount: txn.amount,
    status: 'completed',
    project: PAKASIR.slug,
    payment_method: 'qris',
    is_sandbox: false,
    completed_at: new Date().toISOString(),
  };
}

/** The gateway's transaction behind an order, as the emulator holds it. */
export function gatewayTxn(shop: Shop, orderId: string) {
  const txn = shop.pakasir.transaction(orderId);
  if (!txn) throw new Error(`no gateway transaction for ${orderId}`);
  return txn;
}

/**
 * 50 forged "completed" webhooks for one open order, the genuine webhook among them
 * right after payment: the first status query reads "pending" and answers late
 * (the payment lands meanwhile), 25 forgeries come before the payment, 25 after.
 * Checks what must hold whatever the gateway's window, and returns the figures.
 */
export async function floodAroundPayment(
  shop: Shop,
  buyerId: number,
  from: (i: number) => Record<string, string>,
) {
  const buyer = shop.buyer(buyerId);
  const orderId = await checkout(shop, buyerId, [{ code: 'CANVA-1B', quantity: 1 }]);
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
  const statusCalls = shop.pakasir.callCount('v2.status');

  expect(paid.statusCode).toBe(200);
  expect(statusCalls).toBeLessThanOrEqual(2);
  expect(answers.filter((a) => a.status >= 500 || a.status === 429)).toEqual([]);
  console.info(`genuine webhook answered in ${Math.round(ms)} ms; status calls ${statusCalls}`);

  await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
  await waitForState(shop, 'order', orderId, 'completed');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(countMessages(buyer, /Pesanan berhasil/)).toBe(1);
}
