import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { getBalance, listLedger } from '../../src/shop/ledger.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import {
  actorState,
  checkout,
  countMessages,
  topUp,
  waitForInvoice,
  waitForState,
} from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { PAKASIR, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop?.stop();
});

function logText(): string {
  const dir = join(shop.logDir, 'bot');
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

describe('payments', () => {
  it('delivers once when the gateway sends the same webhook twice', async () => {
    const buyer = shop.buyer(2001);
    const orderId = await checkout(shop, 2001, [{ code: 'SPOTIFY-1B', quantity: 2 }]);
    const invoice = await waitForInvoice(buyer, orderId);
    expect(invoice.text).toContain('Rp 30.000');
    expect(invoice.buttons.flat()).toContain('❌ Batalkan');

    const paid = await shop.pakasir.simulatePayment(orderId, { duplicate: true });
    expect(paid.deliveries.map((d) => d.statusCode)).toEqual([200, 200]);
    await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
    await waitForState(shop, 'order', orderId, 'completed');
    await new Promise((r) => setTimeout(r, 500));
    expect(countMessages(buyer, /Pesanan berhasil/)).toBe(1);
    const order = await getOrder(shop.app.db, orderId);
    expect(order?.status).toBe('delivered');
    const product = await getProduct(shop.app.db, 'SPOTIFY-1B');
    expect((await stockCounts(shop.app.db, product!.id)).sold).toBe(2);
    await shop.admin.waitFor((e) => e.text.includes(orderId) && e.text.includes('dibayar'), {
      timeout: 10_000,
    });
  });

  it('refuses forged, mismatched and sandbox webhooks, delivering nothing and logging each', async () => {
    const buyer = shop.buyer(2002);
    const orderId = await checkout(shop, 2002, [{ code: 'CANVA-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);

    const forged = await shop.pakasir.simulatePayment(orderId, { forged: true });
    const wrongAmount = await shop.pakasir.sendWebhook(orderId, { amount: 1_000 });
    const wrongProject = await shop.pakasir.sendWebhook(orderId, { project: 'someone-else' });
    const sandbox = await shop.pakasir.sendWebhook(orderId, { isSandbox: true });
    const badSecret = await shop.pakasir.sendWebhook(orderId, { secret: 'not-the-secret' });
    expect(forged.statusCode).toBe(409);
    expect(wrongAmount[0]?.statusCode).toBe(400);
    expect(wrongProject[0]?.statusCode).toBe(400);
    expect(sandbox[0]?.statusCode).toBe(400);
    expect(badSecret[0]?.statusCode).toBe(401);

    const malformed = await fetch(`${shop.app.url}/webhooks/pakasir`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-secret': PAKASIR.secret },
      body: JSON.stringify({ order_id: orderId, amount: 'lots' }),
    });
    expect(malformed.status).toBe(400);

    expect(await actorState(shop, 'order', orderId)).toBe('awaitingPayment');
    expect(countMessages(buyer, /Pesanan berhasil/)).toBe(0);
    // Log files are written asynchronously: under load a line lands a moment later.
    await eventually(() => {
      const logs = logText();
      for (const reason of [
        'gateway_not_completed',
        'amount_mismatch',
        'wrong_project',
        'sandbox_in_production',
        'bad_secret',
        'malformed',
      ]) {
        expect(logs).toContain(`pakasir webhook rejected: ${reason}`);
      }
    });
  });

  it('tops up by QRIS, then pays an order from the balance; the ledger adds up', async () => {
    const buyer = shop.buyer(2003);
    const depositId = await topUp(shop, 2003, 50_000);
    const invoice = await buyer.waitFor((e) => !!e.photo && e.text.includes(depositId), { timeout: 15_000 });
    await shop.pakasir.simulatePayment(depositId);
    await buyer.waitFor(/Isi saldo Rp 50\.000 berhasil/, { timeout: 15_000 });
    expect(await getBalance(shop.app.db, 2003)).toBe(50_000);
    // The QR no longer asks to be paid: its caption says it was, and its pay button is gone.
    const paidQr = buyer.messages().find((m) => m.messageId === invoice.messageId);
    expect(paidQr?.text).toBe(`✅ Invoice isi saldo ${depositId} sudah dibayar.`);
    expect(paidQr?.buttons ?? []).toEqual([]);

    const orderId = await checkout(shop, 2003, [{ code: 'NETFLIX-1B', quantity: 1 }], 'balance');
    await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
    await buyer.waitFor(/Syarat & Ketentuan/, { timeout: 10_000 });
    await waitForState(shop, 'order', orderId, 'completed');
    expect(await getBalance(shop.app.db, 2003)).toBe(25_000);
    const ledger = await listLedger(shop.app.db, 2003, 10);
    expect(ledger.map((e) => [e.reason, e.amount])).toEqual([
      ['order_payment', -25_000],
      ['deposit', 50_000],
    ]);
    expect(ledger.reduce((sum, e) => sum + e.amount, 0)).toBe(25_000);

    const tooExpensive = await checkout(shop, 2003, [{ code: 'STEAM-60K', quantity: 1 }], 'balance');
    await buyer.waitFor(/Saldo kamu tidak cukup/, { timeout: 15_000 });
    await waitForState(shop, 'order', tooExpensive, 'refused');
    expect(await getBalance(shop.app.db, 2003)).toBe(25_000);
    const steam = await getProduct(shop.app.db, 'STEAM-60K');
    expect((await stockCounts(shop.app.db, steam!.id)).reserved).toBe(0);
  });

  it('resends the same items from history without taking new stock', async () => {
    const buyer = shop.buyer(2004);
    const orderId = await checkout(shop, 2004, [{ code: 'YOUTUBE-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    await shop.pakasir.simulatePayment(orderId);
    const delivered = await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
    await waitForState(shop, 'order', orderId, 'completed');
    const product = await getProduct(shop.app.db, 'YOUTUBE-1B');
    const before = await stockCounts(shop.app.db, product!.id);

    await shop.app.runtime.send('order', orderId, { type: 'RESEND' });
    const resent = await buyer.waitFor(/Kirim ulang pesanan/, { timeout: 15_000 });
    const item = (text: string) => /#1\s+(\S+)/.exec(text)?.[1];
    expect(item(resent.text)).toBe(item(delivered.text));
    expect(await stockCounts(shop.app.db, product!.id)).toEqual(before);
  });

  it('sends more than ten items as a .txt document', async () => {
    const buyer = shop.buyer(2006);
    const orderId = await checkout(shop, 2006, [{ code: 'CANVA-1B', quantity: 11 }]);
    await waitForInvoice(buyer, orderId);
    await shop.pakasir.simulatePayment(orderId);
    const delivery = await buyer.waitFor((e) => !!e.document, { timeout: 15_000 });
    expect(delivery.document?.file_name).toBe(`${orderId}.txt`);
    expect(delivery.text).toContain('11 item');
    await waitForState(shop, 'order', orderId, 'completed');
  });

  it('keeps a paid order for a buyer who blocked the bot, shows it undelivered, and delivers later', async () => {
    const buyer = shop.buyer(2007);
    const orderId = await checkout(shop, 2007, [{ code: 'GPLAY-50K', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    shop.telegram.blockUser(2007);
    await shop.pakasir.simulatePayment(orderId);
    await waitForState(shop, 'order', orderId, 'undelivered');
    // The row's status is written by the state's entry effect, which runs after the transition.
    await eventually(async () => expect((await getOrder(shop.app.db, orderId))?.status).toBe('undelivered'));
    await shop.admin.waitFor((e) => e.text.includes(orderId) && e.text.includes('belum terkirim'), {
      timeout: 10_000,
    });

    shop.telegram.unblockUser(2007);
    await shop.app.runtime.send('order', orderId, { type: 'RETRY_DELIVERY' });
    await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
    await waitForState(shop, 'order', orderId, 'completed');
    expect((await getOrder(shop.app.db, orderId))?.status).toBe('delivered');
  });

  it('cancels an invoice: stock back, gateway invoice cancelled, invoice message edited', async () => {
    const buyer = shop.buyer(2005);
    const product = await getProduct(shop.app.db, 'CAPCUT-1B');
    const before = await stockCounts(shop.app.db, product!.id);
    const orderId = await checkout(shop, 2005, [{ code: 'CAPCUT-1B', quantity: 3 }]);
    await waitForInvoice(buyer, orderId);
    expect((await stockCounts(shop.app.db, product!.id)).reserved).toBe(before.reserved + 3);
    // The invoice message id comes back from Telegram as an event of its own.
    await eventually(async () =>
      expect((await getActor(shop.app.db, 'order', orderId))?.snapshot).toMatchObject({
        context: { invoiceMessageId: expect.any(Number) },
      }),
    );

    await shop.app.runtime.send('order', orderId, { type: 'CANCEL' });
    const edited = await buyer.waitFor((e) => e.kind === 'edit' && e.text.includes(orderId), {
      timeout: 15_000,
    });
    expect(edited.text).toContain('dibatalkan');
    expect(edited.buttons).toEqual([]);
    await buyer.waitFor((e) => e.kind === 'message' && /Pesanan \S+ dibatalkan/.test(e.text), {
      timeout: 10_000,
    });
    await eventually(async () => expect(await stockCounts(shop.app.db, product!.id)).toEqual(before));
    await eventually(() => expect(shop.pakasir.transaction(orderId)?.status).toBe('canceled'));
  });
});
