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
