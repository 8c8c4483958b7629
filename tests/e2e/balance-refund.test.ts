import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProduct } from '../../src/shop/catalog.ts';
import { credit, getBalance } from '../../src/shop/ledger.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import { checkout, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

const catalog = {
  categories: [{ code: 'games', name: 'Game' }],
  products: [{ code: 'GEM-100', category: 'games', name: '100 Gems', price: 25_000, stock: ['g-1', 'g-2'] }],
};
const BUYER = 4100;
const SEED = 100_000;

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({ catalog });
  await credit(shop.app.db, { userId: BUYER, amount: SEED, reason: 'adjustment', ref: `seed/${BUYER}` });
});

afterAll(async () => {
  await shop?.stop();
});

/** Every attempt to report the debit to the order dies: the journal refuses that event. */
async function rejectBalanceDebited(on: boolean): Promise<void> {
  if (!on) {
    await sql`DROP TRIGGER IF EXISTS reject_balance_debited ON actor_journal`.execute(shop.app.db);
    return;
  }
  await sql`
    CREATE OR REPLACE FUNCTION reject_balance_debited() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.event->>'type' = 'BALANCE_DEBITED' THEN RAISE EXCEPTION 'injected fault after the debit'; END IF;
      RETURN NEW;
    END $$`.execute(shop.app.db);
  await sql`
    CREATE TRIGGER reject_balance_debited BEFORE INSERT ON actor_journal
    FOR EACH ROW EXECUTE FUNCTION reject_balance_debited()`.execute(shop.app.db);
}

function ledgerFor(orderId: string) {
  return shop.app.db
    .selectFrom('balance_ledger')
    .select(['reason', 'amount', 'user_id'])
    .where('ref', '=', orderId)
    .orderBy('id')
    .execute();
}

describe('a balance order that fails after its debit', () => {
  it('is refunded exactly once, in the release, even when the release is retried', async () => {
    const buyer = shop.buyer(BUYER);
    await rejectBalanceDebited(true);
    const orderId = await checkout(shop, BUYER, [{ code: 'GEM-100', quantity: 1 }], 'balance');
    // The debit is committed; only its report back to the order keeps failing.
    await eventually(async () => expect(await getBalance(shop.app.db, BUYER)).toBe(SEED - 25_000), 20_000);
    // The release's own message fails twice: it runs three times.
    shop.telegram.faults.failNext('sendMessage', { times: 2, status: 502, bot: BOT_TOKEN });

    await waitForState(shop, 'order', orderId, 'failed', 150_000);
    await buyer.waitFor(/dikembalikan ke saldo/, { timeout: 30_000 });
    await rejectBalanceDebited(false);

    expect(await getBalance(shop.app.db, BUYER)).toBe(SEED);
    expect(await ledgerFor(orderId)).toEqual([
      { reason: 'order_payment', amount: -25_000, user_id: BUYER },
      { reason: 'refund', amount: 25_000, user_id: BUYER },
    ]);
    const { rows } = await sql<{ total: number }>`
      SELECT coalesce(sum(amount), 0)::int AS total FROM balance_ledger WHERE user_id = ${BUYER}`.execute(
      shop.app.db,
    );
    expect(rows[0]?.total).toBe(SEED);
    expect((await getOrder(shop.app.db, orderId))?.status).toBe('failed');
    const product = await getProduct(shop.app.db, 'GEM-100');
    expect(await stockCounts(shop.app.db, product!.id)).toEqual({ available: 2, reserved: 0, sold: 0 });
    expect(buyer.messages().filter((m) => /dikembalikan ke saldo/.test(m.text ?? ''))).toHaveLength(1);
  }, 200_000);
});
