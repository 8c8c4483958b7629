import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { getProduct, listCategories, listProducts, shopStats } from '../../src/shop/catalog.ts';
import { markSold, reserveForOrder } from '../../src/shop/stock.ts';
import { countUsers, getUser, setBotBlocked, setUserBlocked, upsertUser } from '../../src/shop/users.ts';
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

describe('users', () => {
  it('inserts, then updates names and last_seen_at on the next visit', async () => {
    const db = handle.db;
    const first = await upsertUser(db, { id: 9_000_000_001, first_name: 'Budi' });
    expect(first).toMatchObject({
      id: 9_000_000_001,
      first_name: 'Budi',
      last_name: null,
      is_blocked: false,
      inserted: true,
    });
    const again = await upsertUser(db, {
      id: 9_000_000_001,
      first_name: 'Budi',
      last_name: 'Santoso',
      username: 'budis',
      language_code: 'id',
    });
    expect(again).toMatchObject({
      last_name: 'Santoso',
      username: 'budis',
      language_code: 'id',
      inserted: false,
    });
    expect(again.last_seen_at.getTime()).toBeGreaterThanOrEqual(first.last_seen_at.getTime());
    expect(again.created_at).toEqual(first.created_at);
    await setBotBlocked(db, 9_000_000_001, true);
    await setUserBlocked(db, 9_000_000_001, true);
    expect(await getUser(db, 9_000_000_001)).toMatchObject({ bot_blocked: true, is_blocked: true });
    expect(await getUser(db, 1)).toBeUndefined();
    expect(await countUsers(db)).toBe(1);
  });
});

describe('catalog', () => {
  it('lists active categories in order with their active product counts', async () => {
    const db = handle.db;
    const b = await seedCategory(db, { code: 'b-musik', name: 'Musik', sort: 2 });
    const a = await seedCategory(db, { code: 'a-streaming', name: 'Streaming', sort: 1 });
    await seedCategory(db, { code: 'hidden', name: 'Hidden', sort: 0, active: false });
    const empty = await seedCategory(db, { code: 'c-empty', name: 'Empty', sort: 2 });
    await seedProduct(db, { categoryId: a.id });
    await seedProduct(db, { categoryId: a.id });
    await seedProduct(db, { categoryId: a.id, active: false });
    await seedProduct(db, { categoryId: b.id });

    const categories = await listCategories(db);
    expect(categories.map((c) => [c.code, c.productCount])).toEqual([
      ['a-streaming', 2],
      ['c-empty', 0],
      ['b-musik', 1],
    ]);
    expect(categories.find((c) => c.id === empty.id)).toMatchObject({ name: 'Empty', emoji: '🧪' });
  });

  it('pages products in sort order with stock and sold counts, clamping the page', async () => {
    const db = handle.db;
    const cat = await seedCategory(db, { code: 'paged' });
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const p = await seedProduct(db, {
        categoryId: cat.id,
        name: `Item ${String.fromCharCode(71 - i)}`,
        sort: i < 2 ? 0 : 1,
        stock: i,
        price: 1000 * (i + 1),
      });
      ids.push(p.id);
    }
    await seedProduct(db, { categoryId: cat.id, active: false, stock: 3 });

    // Sell 2 of the product with 6 items and keep 1 reserved: stock counts only available.
    const target = ids[6]!;
    await db
      .transaction()
      .execute((trx) => reserveForOrder(trx, 'catalog-sold', [{ productId: target, quantity: 2 }]));
    await markSold(db, 'catalog-sold');
    await db
      .transaction()
      .execute((trx) => reserveForOrder(trx, 'catalog-held', [{ productId: target, quantity: 1 }]));

    const first = await listProducts(db, { categoryId: cat.id, page: 1, pageSize: 3 });
    expect(first).toMatchObject({ page: 1, pages: 3, total: 7 });
    // sort 0: "Item F" (i=1), "Item G" (i=0); then sort 1 by name: "Item A" (i=6) ...
    expect(first.items.map((p) => p.name)).toEqual(['Item F', 'Item G', 'Item A']);
    expect(first.items[2]).toMatchObject({ id: target, stock: 3, sold: 2, price: 7000 });
    expect(first.items[0]).toMatchObject({ stock: 1, sold: 0 });

    const last = await listProducts(db, { categoryId: cat.id, page: 99, pageSize: 3 });
    expect(last.page).toBe(3);
    expect(last.items.map((p) => p.name)).toEqual(['Item E']);
    expect((await listProducts(db, { categoryId: cat.id, page: -4, pageSize: 3 })).page).toBe(1);

    const none = await listProducts(db, { categoryId: 999_999, page: 5, pageSize: 10 });
    expect(none).toEqual({ items: [], page: 1, pages: 1, total: 0 });

    const all = await listProducts(db, { page: 1, pageSize: 100 });
    expect(all.items.map((p) => p.id)).toEqual(expect.arrayContaining(ids));
    expect(all.total).toBe(all.items.length);
  });

  it('finds a product by id or by code in any case', async () => {
    const db = handle.db;
    const p = await seedProduct(db, { code: 'NETFLIX-TEST', name: 'Netflix', price: 25_000, stock: 4 });
    await db
      .updateTable('products')
      .set({ snk: 'Jangan ganti password', description: 'Akun' })
      .where('id', '=', p.id)
      .execute();
    const detail = await getProduct(db, 'netflix-test');
    expect(detail).toEqual({
      id: p.id,
      code: 'NETFLIX-TEST',
      name: 'Netflix',
      description: 'Akun',
      price: 25_000,
      stock: 4,
      sold: 0,
      snk: 'Jangan ganti password',
      categoryId: null,
      active: true,
    });
    expect(await getProduct(db, p.id)).toEqual(detail);
    expect(await getProduct(db, 'nope')).toBeUndefined();
    expect(await getProduct(db, 987_654)).toBeUndefined();
  });

  it('counts buyable products, paid orders and users', async () => {
    const db = handle.db;
    const before = await shopStats(db);
    await seedProduct(db, { stock: 1 });
    await seedProduct(db, { stock: 0 });
    await seedProduct(db, { stock: 2, active: false });
    const statuses = ['delivered', 'paid', 'undelivered', 'awaiting_payment', 'expired'] as const;
    for (const [i, status] of statuses.entries()) {
      await db
        .insertInto('orders')
        .values({ id: `stats-${i}`, user_id: 1, status, payment_method: 'qris', subtotal: 1, total: 1 })
        .execute();
    }
    await upsertUser(db, { id: 9_000_000_002, first_name: 'Sari' });
    const after = await shopStats(db);
    expect(after).toEqual({
      products: before.products + 1,
      completedTransactions: before.completedTransactions + 3,
      users: before.users + 1,
    });
  });
});
