import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { countAudience, freezeAudience } from '../../src/shop/broadcasts/audience.ts';
import { insertBroadcast } from '../../src/shop/broadcasts/store.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedCategory, seedProduct } from './fixtures.ts';

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

async function user(
  id: number,
  options: { seenDaysAgo?: number; botBlocked?: boolean; shopBlocked?: boolean } = {},
) {
  await sql`
    INSERT INTO users (id, first_name, created_at, last_seen_at, bot_blocked, is_blocked)
    VALUES (${id}, ${`U${id}`}, now(), now() - make_interval(days => ${options.seenDaysAgo ?? 0}),
            ${options.botBlocked ?? false}, ${options.shopBlocked ?? false})`.execute(handle.db);
}

async function order(id: string, userId: number, productId: number, paid: boolean) {
  await sql`
    INSERT INTO orders (id, user_id, status, payment_method, subtotal, total, created_at, paid_at)
    VALUES (${id}, ${userId}, ${paid ? 'delivered' : 'expired'}, 'qris', 1000, 1000, now(),
            ${paid ? sql`now()` : null})`.execute(handle.db);
  await sql`
    INSERT INTO order_items (order_id, product_id, product_code, product_name, unit_price, quantity)
    VALUES (${id}, ${productId}, 'P', 'P', 1000, 1)`.execute(handle.db);
}

describe('broadcast audiences', () => {
  it('selects by purchase, category and activity, always without users who blocked the bot', async () => {
    const games = await seedCategory(handle.db);
    const other = await seedCategory(handle.db);
    const p1 = await seedProduct(handle.db, { categoryId: games.id });
    const p2 = await seedProduct(handle.db, { categoryId: other.id });
    await user(1);
    await user(2, { seenDaysAgo: 40 });
    await user(3, { botBlocked: true });
    await user(4, { shopBlocked: true });
    await user(5);
    await order('INVA1', 1, p1.id, true);
    await order('INVA2', 2, p2.id, true);
    await order('INVA3', 3, p1.id, true);
    await order('INVA5', 5, p1.id, false); // never paid: not a buyer

    const db = handle.db;
    expect(await countAudience(db, { type: 'all' })).toBe(3);
    expect(await countAudience(db, { type: 'product', productId: p1.id })).toBe(1);
    expect(await countAudience(db, { type: 'category', categoryId: other.id })).toBe(1);
    expect(await countAudience(db, { type: 'inactive', days: 30 })).toBe(1);
    expect(await countAudience(db, { type: 'never_bought' })).toBe(1);

    // One row per broadcast and user: freezing again adds only users who were not there.
    await insertBroadcast(db, {
      id: 'BCTEST0001',
      adminId: 1,
      content: { kind: 'text', html: 'x' },
      audience: { type: 'all' },
    });
    expect(await freezeAudience(db, 'BCTEST0001', { type: 'all' })).toBe(3);
    await user(6);
    expect(await freezeAudience(db, 'BCTEST0001', { type: 'all' })).toBe(4);
    const rows = await db
      .selectFrom('broadcast_recipients')
      .select('user_id')
      .where('broadcast_id', '=', 'BCTEST0001')
      .execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([1, 2, 5, 6]);
  });
});
