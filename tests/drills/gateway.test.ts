import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShapeChange } from '../../src/sandbox/pakasir/types.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { newOrderId } from '../../src/shop/ids.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

const OWNER_TOKEN = '7000000002:AAH-test-token-for-the-owner-bot-0002';
const OWNER_ID = 9100;
const STORE = 'Toko Drill';

let shop: Shop;
let owner: SimUser;

const ownerTexts = () =>
  owner
    .messages()
    .filter((m) => m.from === 'bot')
    .map((m) => m.text ?? '');
const ownerGot = (text: string, timeoutMs = 30_000) =>
  eventually(() => {
    const found = ownerTexts().find((t) => t.includes(text));
    if (!found) throw new Error(`the owner has no message with "${text}":\n${ownerTexts().join('\n---\n')}`);
    return found;
  }, timeoutMs);
const orderStatus = async (id: string) =>
  (await shop.app.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirst())?.status;

/** Every line the app wrote to its log folder so far. */
function logLines(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(shop.logDir);
  return files.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter(Boolean);
}

/** An order placed and its invoice shown, through the checkout actor as the cart sends it. */
async function invoiced(buyer: SimUser): Promise<string> {
  const orderId = await checkout(shop, buyer.id, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
  await waitForInvoice(buyer, orderId);
  return orderId;
}

beforeAll(async () => {
  shop = await startShop({
    env: {
      OWNER_BOT_TOKEN: OWNER_TOKEN,
      TELEGRAM_OWNER_IDS: String(OWNER_ID),
      BOT_STORE_NAME: STORE,
      RECONCILE_INTERVAL_SECONDS: '5',
    },
  });
  owner = shop.telegram.user({ id: OWNER_ID, firstName: 'Owner' }, OWNER_TOKEN);
});

afterAll(async () => {
  await shop?.stop();
});

describe('drill: the payment gateway fails every call for a while', () => {
  it('checkouts say "try again", the owner is told once, reconciliation catches up, recovery is told', async () => {
    const early = shop.buyer(4501);
    const paidDuringOutage = await invoiced(early);

    shop.pakasir.startOutage({ status: 503 });
    // A buyer pays while the gateway is down: the webhook cannot be verified, nothing is confirmed.
    const paid = await shop.pakasir.simulatePayment(paidDuringOutage);
    expect(paid.statusCode).toBe(503);

    // Checkouts during the outage end with a clear "try again", in the buyer's language.
    const id = shop.buyer(4502);
    const en = shop.buyer(4503, 'Ann', 'en');
    const idOrder = await checkout(shop, id.id, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
    const product = await getProduct(shop.app.db, 'SPOTIFY-1B');
    const enOrder = newOrderId();
    await shop.app.runtime.send('checkout', String(en.id), {
      type: 'ADD',
      productId: product!.id,
      quantity: 1,
    });
    await shop.app.runtime.send('checkout', String(en.id), {
      type: 'CHECKOUT',
      orderId: enOrder,
      method: 'qris',
      lang: 'en',
    });
    const idText = await id.waitFor(/coba lagi/, { timeout: 60_000 });
    expect(idText.text).toContain(idOrder);
    expect(idText.text).toContain('Tidak ada dana yang terpotong');
    const enText = await en.waitFor(/try again/, { timeout: 60_000 });
    expect(enText.text).toContain(enOrder);
    expect(await orderStatus(idOrder)).toBe('failed');

    const down = await ownerGot('Payment gateway is failing');
    expect(down.startsWith(`[${STORE}] `)).toBe(true);
    expect(await orderStatus(paidDuringOutage)).toBe('awaiting_payment');

    shop.pakasir.endOutage();
    // No webhook comes again: the reconciliation sweep finds the payment.
    await early.waitFor(/Pesanan berhasil/, { timeout: 30_000 });
    await waitForState(shop, 'order', paidDuringOutage, 'completed');
    const back = await ownerGot('Payment gateway is answering again');
    expect(back).toContain('reconciliation');

    expect(countMessages(early, /Pesanan berhasil/)).toBe(1);
    // One alert for the whole outage, however many calls failed; nothing else about it.
    expect(ownerTexts().filter((t) => t.includes('Payment gateway is failing'))).toHaveLength(1);
    expect(ownerTexts().filter((t) => !t.includes('Payment gateway'))).toEqual([]);
    expect(shop.pakasir.calls()['v2.create']).toBeGreaterThan(3);
  }, 150_000);
});

describe('drill: the payment gateway answers in a changed shape', () => {
  /** What the refusal line says for each shape. */
  const refusals: [ShapeChange, RegExp][] = [
    ['renamed_field', /amount: expected a whole number of rupiah, got nothing/],
    ['unknown_status', /unknown status \\"settled/],
    ['amount_formatted', /amount: expected a whole number of rupiah, got \\"15\.000/],
  ];

  it('refuses each changed answer with a clear log line, confirms nothing, alerts the owner once', async () => {
    const buyers = refusals.map((_, i) => shop.buyer(4601 + i));
    const orders: string[] = [];
    for (const buyer of buyers) orders.push(await invoiced(buyer));
    const before = ownerTexts().length;

    for (const [i, [change, problem]] of refusals.entries()) {
      const orderId = orders[i]!;
      // Switched in one tick: no status answer slips through readable in between.
      shop.pakasir.clearFaults();
      shop.pakasir.reshapeNext(Number.POSITIVE_INFINITY, { route: 'v2.status', change });
      const calls = shop.pakasir.callCount('v2.status');
      const paid = await shop.pakasir.simulatePayment(orderId);
      expect(paid.statusCode).toBe(503);
      // The webhook's check and at least one reconciliation sweep both asked, and both refused.
      await eventually(
        () => expect(shop.pakasir.callCount('v2.status')).toBeGreaterThanOrEqual(calls + 2),
        20_000,
      );
      await eventually(() => {
        const line = logLines().find(
          (l) => l.includes('pakasir answer refused') && problem.test(l) && l.includes('"level":50'),
        );
        expect(line, `a refusal line for ${change}`).toBeDefined();
      });
      for (const id of orders) expect(await orderStatus(id)).toBe('awaiting_payment');
    }
    const alert = await ownerGot('refuses (API change?)');
    expect(alert).toContain('status answers');
    expect(alert).toContain('no payment is confirmed');

    // A digit string for the amount ("12000") is read as its number (exact, and it must still
    // equal the stored amount): with it the three payments confirm, each delivered once.
    shop.pakasir.clearFaults();
    shop.pakasir.reshapeNext(Number.POSITIVE_INFINITY, { route: 'v2.status', change: 'amount_as_string' });
    for (const buyer of buyers) await buyer.waitFor(/Pesanan berhasil/, { timeout: 30_000 });
    for (const id of orders) await waitForState(shop, 'order', id, 'completed');
    for (const buyer of buyers) expect(countMessages(buyer, /Pesanan berhasil/)).toBe(1);
    await ownerGot('status answers are readable again');
    shop.pakasir.clearFaults();

    const told = ownerTexts().slice(before);
    expect(told.filter((t) => t.includes('API change'))).toHaveLength(1);
    expect(told.filter((t) => !t.includes('Payment gateway'))).toEqual([]);
  }, 150_000);
});
