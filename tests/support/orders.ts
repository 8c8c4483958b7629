import { expect } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import type { ChatEvent, SimUser } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { newDepositId, newOrderId } from '../../src/shop/ids.ts';
import { eventually } from './runtime.ts';
import type { Shop } from './shop.ts';

/**
 * Puts items in a buyer's cart and checks out, with the same events the bot's cart
 * feature sends (the UI itself is exercised in the journey tests).
 */
export async function checkout(
  shop: Shop,
  buyerId: number,
  lines: { code: string; quantity: number }[],
  method: 'qris' | 'balance' = 'qris',
): Promise<string> {
  for (const line of lines) {
    const product = await getProduct(shop.app.db, line.code);
    if (!product) throw new Error(`no product ${line.code}`);
    await shop.app.runtime.send('checkout', String(buyerId), {
      type: 'ADD',
      productId: product.id,
      quantity: line.quantity,
    });
  }
  const orderId = newOrderId();
  await shop.app.runtime.send('checkout', String(buyerId), { type: 'CHECKOUT', orderId, method, lang: 'id' });
  return orderId;
}

export async function topUp(shop: Shop, buyerId: number, amount: number): Promise<string> {
  const depositId = newDepositId();
  await shop.app.runtime.send('deposit', depositId, null, { input: { userId: buyerId, lang: 'id', amount } });
  return depositId;
}

export const isInvoice = (orderId: string) => (e: ChatEvent) =>
  e.kind === 'message' && !!e.photo && e.text.includes(orderId);

export async function waitForInvoice(buyer: SimUser, orderId: string): Promise<ChatEvent> {
  return buyer.waitFor(isInvoice(orderId), { timeout: 15_000 });
}

export async function actorState(shop: Shop, kind: string, id: string): Promise<string | undefined> {
  return (await getActor(shop.app.db, kind, id))?.state;
}

export async function waitForState(shop: Shop, kind: string, id: string, state: string, timeoutMs = 15_000) {
  await eventually(async () => expect(await actorState(shop, kind, id)).toBe(state), timeoutMs);
}

/** Messages whose text matches, across the whole chat so far. */
export function countMessages(buyer: SimUser, pattern: RegExp): number {
  return buyer.messages().filter((m) => pattern.test(m.text ?? '')).length;
}
