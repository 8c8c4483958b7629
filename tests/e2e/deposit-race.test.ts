import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECTS_QUEUE } from '../../src/actors/actions.ts';
import { getDeposit } from '../../src/shop/deposits.ts';
import { getBalance } from '../../src/shop/ledger.ts';
import { isInvoice, topUp } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

const INVOICE_LIFETIME_MS = 4_000;
const BUYER = 4200;
const CREDITED = /Isi saldo .* berhasil/;
const EXPIRED = /sudah kedaluwarsa/;

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({ pakasir: { invoiceLifetimeMs: INVOICE_LIFETIME_MS } });
});

afterAll(async () => {
  await shop?.stop();
});

/** Effects of one actor still queued, running or waiting for a retry. */
async function openEffects(actorId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pgboss.job
    WHERE name = ${EFFECTS_QUEUE} AND data->>'actorId' = ${actorId}
      AND state IN ('created', 'retry', 'active')`.execute(shop.app.db);
  return rows[0]?.n ?? 0;
}

describe('a top-up paid while its expiry is being closed', () => {
  it('stays paid, and the buyer is never told "expired" after "credited"', async () => {
    const buyer = shop.buyer(BUYER);
    const depositId = await topUp(shop, BUYER, 50_000);
    await buyer.waitFor(isInvoice(depositId), { timeout: 15_000 });
    // The close's first attempts fail on the invoice edit; its cancel does not reach the gateway.
    shop.telegram.faults.failNext('editMessageCaption', { times: 3, status: 502, bot: BOT_TOKEN });
    shop.pakasir.failNext(3, { route: 'v2.cancel', status: 500 });
    await eventually(
      () => expect(shop.telegram.faults.callCount('editMessageCaption', BOT_TOKEN)).toBeGreaterThan(0),
      INVOICE_LIFETIME_MS + 15_000,
    );
    expect((await getDeposit(shop.app.db, depositId))?.status).toBe('expired');

    // The payment lands while the close is waiting for its retry.
    const paid = await shop.pakasir.simulatePayment(depositId, { afterExpiry: true });
    expect(paid.statusCode).toBe(200);
    await buyer.waitFor(CREDITED, { timeout: 30_000 });
    await eventually(async () => expect(await openEffects(depositId)).toBe(0), 60_000);

    expect((await getDeposit(shop.app.db, depositId))?.status).toBe('paid');
    expect(await getBalance(shop.app.db, BUYER)).toBe(50_000);
    const texts = buyer.messages().map((m) => m.text ?? '');
    const credited = texts.findIndex((text) => CREDITED.test(text));
    expect(texts.slice(credited).filter((text) => EXPIRED.test(text))).toEqual([]);
    expect(texts.filter((text) => CREDITED.test(text))).toHaveLength(1);
  }, 120_000);
});
