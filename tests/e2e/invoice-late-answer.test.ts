import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import type { OrderContext } from '../../src/machines/order.ts';
import type { ChatEvent, SimUser } from '../../src/sandbox/telegram/index.ts';
import { checkout, isInvoice, topUp, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

/**
 * Telegram shows the QR at once but answers our sendPhoto late (a slow network, a busy
 * bot): the payment or a cancel can land before the order knows its invoice message. The
 * invoice's caption must still end up saying what happened to the order.
 */
const LATE_ANSWER_MS = 1_500;

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop?.stop();
});

/** Runs `steps` while Telegram answers sendPhoto late. */
async function withLateInvoiceAnswers(steps: () => Promise<void>): Promise<void> {
  shop.telegram.faults.setAnswerDelay(LATE_ANSWER_MS, 'sendPhoto');
  try {
    await steps();
  } finally {
    shop.telegram.faults.setAnswerDelay(0, 'sendPhoto');
  }
}

/** The edit of the invoice message to a caption containing `fragment`. */
const captionEdit = (buyer: SimUser, invoice: ChatEvent, fragment: string) =>
  buyer.waitFor((e) => e.kind === 'edit' && e.messageId === invoice.messageId && e.text.includes(fragment), {
    timeout: 15_000,
  });

async function invoiceMessageIdOf(orderId: string) {
  const actor = await getActor(shop.app.db, 'order', orderId);
  return (actor?.snapshot as { context: OrderContext } | undefined)?.context.invoiceMessageId;
}

describe('an invoice whose sendPhoto is answered late', () => {
  it('is captioned as paid when the payment landed before the answer', () =>
    withLateInvoiceAnswers(async () => {
      const buyer = shop.buyer(4201, 'Rini');
      const orderId = await checkout(shop, 4201, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
      const invoice = await waitForInvoice(buyer, orderId);
      expect(await invoiceMessageIdOf(orderId)).toBeNull();
      await shop.pakasir.simulatePayment(orderId);
      await buyer.waitFor((e) => e.text.includes('Pesanan berhasil'), { timeout: 15_000 });
      expect((await captionEdit(buyer, invoice, 'diterima')).text).toContain(orderId);
      await waitForState(shop, 'order', orderId, 'completed');
      expect(await invoiceMessageIdOf(orderId)).toBe(invoice.messageId);
    }));

  it('is captioned as cancelled when the buyer cancelled before the answer', () =>
    withLateInvoiceAnswers(async () => {
      const buyer = shop.buyer(4202, 'Sari');
      const orderId = await checkout(shop, 4202, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
      const invoice = await waitForInvoice(buyer, orderId);
      await shop.app.runtime.send('order', orderId, { type: 'CANCEL' });
      expect((await captionEdit(buyer, invoice, 'dibatalkan')).text).toContain(orderId);
      await eventually(async () => expect(await invoiceMessageIdOf(orderId)).toBe(invoice.messageId));
    }));

  it('is captioned as cancelled for a top-up cancelled before the answer', () =>
    withLateInvoiceAnswers(async () => {
      const buyer = shop.buyer(4203, 'Tari');
      const depositId = await topUp(shop, 4203, 50_000);
      const invoice = await buyer.waitFor(isInvoice(depositId), { timeout: 15_000 });
      await shop.app.runtime.send('deposit', depositId, { type: 'CANCEL' });
      expect((await captionEdit(buyer, invoice, 'dibatalkan')).text).toContain(depositId);
    }));
});
