import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { getProduct, listCategories } from '../../src/shop/catalog.ts';
import { importCatalog, parseCatalogJson } from '../../src/shop/catalog-import.ts';
import { evaluateVoucher } from '../../src/shop/vouchers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { cipher } from './fixtures.ts';

const example = JSON.parse(readFileSync(new URL('../../examples/catalog.json', import.meta.url), 'utf8'));

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

async function tableCounts() {
  const db = handle.db;
  const count = async (table: 'categories' | 'products' | 'stock_items' | 'vouchers') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    categories: await count('categories'),
    products: await count('products'),
    stock: await count('stock_items'),
    vouchers: await count('vouchers'),
  };
}

describe('importCatalog', () => {
  it('imports the example catalog, and a second run only updates', async () => {
    const stockLines = example.products.reduce((n: number, p: { stock: string[] }) => n + p.stock.length, 0);
    const first = await importCatalog(handle.db, cipher, example);
    expect(first).toEqual({
      ok: true,
      summary: {
        categories: { created: example.categories.length, updated: 0 },
        products: { created: example.products.length, updated: 0, unchanged: 0 },
        productChanges: example.products.map((p: { code: string; stock: string[] }) => ({
          code: p.code,
          created: true,
          fields: [],
          stockAdded: p.stock.length,
        })),
        stock: { added: stockLines, duplicates: 0 },
        vouchers: { created: example.vouchers.length, updated: 0 },
      },
    });
    const counts = await tableCounts();

    const second = await importCatalog(handle.db, cipher, example);
    expect(second).toEqual({
      ok: true,
      summary: {
        categories: { created: 0, updated: example.categories.length },
        products: { created: 0, updated: 0, unchanged: example.products.length },
        productChanges: example.products.map((p: { code: string }) => ({
          code: p.code,
          created: false,
          fields: [],
          stockAdded: 0,
        })),
        stock: { added: 0, duplicates: stockLines },
        vouchers: { created: 0, updated: example.vouchers.length },
      },
    });
    expect(await tableCounts()).toEqual(counts);

    const netflix = await getProduct(handle.db, 'netflix-1b');
    expect(netflix).toMatchObject({
      name: 'Netflix Premium 1 Bulan',
      price: 25_000,
      stock: 12,
      active: true,
    });
    expect(netflix?.snk).toContain('Garansi hangus');
    const streaming = (await listCategories(handle.db)).find((c) => c.code === 'streaming');
    expect(streaming).toMatchObject({ emoji: '🎬', productCount: 2 });
    expect(netflix?.categoryId).toBe(streaming?.id);

    // Stock is stored encrypted, never as plain text.
    const item = await handle.db
      .selectFrom('stock_items')
      .select('content_enc')
      .where('product_id', '=', netflix!.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(item.content_enc).not.toContain('contoh.id');
    expect(cipher.decrypt(item.content_enc)).toBe(example.products[0].stock[0]);

    const now = new Date('2026-06-01T00:00:00+07:00');
    expect(
      await evaluateVoucher(handle.db, {
        code: 'hemat10',
        userId: 1,
        lines: [{ productId: 1, categoryId: null, total: 25_000 }],
        now,
      }),
    ).toMatchObject({ ok: true, discount: 2_500 });
    expect(
      await evaluateVoucher(handle.db, {
        code: 'DISKON5K',
        userId: 1,
        lines: [{ productId: 1, categoryId: null, total: 30_000 }],
        now,
      }),
    ).toMatchObject({ ok: true, discount: 5_000 });
    expect(
      await evaluateVoucher(handle.db, {
        code: 'LAMA2025',
        userId: 1,
        lines: [{ productId: 1, categoryId: null, total: 30_000 }],
        now,
      }),
    ).toMatchObject({ ok: false, reason: 'expired' });
    // NONTON3K is for the streaming category: its lines only.
    expect(
      await evaluateVoucher(handle.db, {
        code: 'nonton3k',
        userId: 1,
        lines: [
          { productId: netflix!.id, categoryId: streaming!.id, total: 25_000 },
          { productId: 999, categoryId: null, total: 50_000 },
        ],
        now,
      }),
    ).toMatchObject({
      ok: true,
      discount: 3_000,
      eligibleSubtotal: 25_000,
      voucher: { scope: { kind: 'category', id: streaming!.id } },
    });
  });

  it('updates an existing product matched by code in any case and appends only new stock', async () => {
    const result = await importCatalog(handle.db, cipher, {
      products: [
        {
          code: 'netflix-1b',
          category: 'STREAMING',
          name: 'Netflix Premium 1 Bulan (UHD)',
          price: 27_000,
          stock: [
            'demo.netflix99@contoh.id|Pass-new',
            '  ',
            example.products[0].stock[1],
            'demo.netflix99@contoh.id|Pass-new',
          ],
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      summary: {
        categories: { created: 0, updated: 0 },
        products: { created: 0, updated: 1, unchanged: 0 },
        productChanges: [{ code: 'NETFLIX-1B', created: false, fields: ['name', 'price'], stockAdded: 1 }],
        stock: { added: 1, duplicates: 2 },
        vouchers: { created: 0, updated: 0 },
      },
    });
    expect(await getProduct(handle.db, 'NETFLIX-1B')).toMatchObject({
      code: 'NETFLIX-1B',
      name: 'Netflix Premium 1 Bulan (UHD)',
      price: 27_000,
      stock: 13,
    });
    // Fields the entry did not name are kept.
    expect((await getProduct(handle.db, 'NETFLIX-1B'))?.snk).toContain('Garansi hangus');
  });

  it('treats an entry for an existing code as a partial update: absent kept, null clears, stock alone adds', async () => {
    const before = await getProduct(handle.db, 'SPOTIFY-1B');
    expect(before?.description).not.toBe('');
    const { rows } = await sql<{
      version: number;
    }>`SELECT version FROM products WHERE code = 'SPOTIFY-1B'`.execute(handle.db);

    const stockOnly = await importCatalog(handle.db, cipher, {
      products: [{ code: 'spotify-1b', stock: ['spotify-new-1', 'spotify-new-2'] }],
    });
    expect(stockOnly).toMatchObject({
      ok: true,
      summary: {
        products: { created: 0, updated: 0, unchanged: 1 },
        productChanges: [{ code: 'SPOTIFY-1B', created: false, fields: [], stockAdded: 2 }],
        stock: { added: 2, duplicates: 0 },
      },
    });
    const afterStock = await getProduct(handle.db, 'SPOTIFY-1B');
    expect(afterStock).toMatchObject({
      name: before?.name,
      price: before?.price,
      description: before?.description,
      snk: before?.snk,
      categoryId: before?.categoryId,
      stock: (before?.stock ?? 0) + 2,
    });

    const cleared = await importCatalog(handle.db, cipher, {
      products: [{ code: 'SPOTIFY-1B', price: 19_000, description: null, snk: null }],
    });
    expect(cleared).toMatchObject({
      ok: true,
      summary: { productChanges: [{ code: 'SPOTIFY-1B', fields: ['description', 'price'] }] },
    });
    expect(await getProduct(handle.db, 'SPOTIFY-1B')).toMatchObject({
      name: before?.name,
      price: 19_000,
      description: '',
      snk: null,
      categoryId: before?.categoryId,
    });
    const { rows: after } = await sql<{
      version: number;
    }>`SELECT version FROM products WHERE code = 'SPOTIFY-1B'`.execute(handle.db);
    expect(after[0]?.version).toBe((rows[0]?.version ?? 0) + 1);
  });

  it('still requires name and price for a new code, and refuses null for them', async () => {
    const before = await tableCounts();
    const result = await importCatalog(handle.db, cipher, {
      products: [
        { code: 'BARU-1', stock: ['x'] },
        { code: 'SPOTIFY-1B', name: null, price: null },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'products[0].name: required',
        'products[0].price: required',
        'products[1].name: expected text (got null)',
        'products[1].price: expected a positive whole number of rupiah (got null)',
      ],
    });
    expect(await tableCounts()).toEqual(before);
  });

  it('names the line and column of a JSON syntax error', () => {
    expect(parseCatalogJson('{\n  "products": [\n    { "code": "A" "name": "x" }\n  ]\n}')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^line 3, column 19: /),
    });
    expect(parseCatalogJson('{\n  "products": [')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^line 2, column 16: /),
    });
    expect(parseCatalogJson('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('reports every problem with its path and writes nothing', async () => {
    const before = await tableCounts();
    const broken = {
      categories: [
        { code: 'baru', name: 'Kategori Baru' },
        { code: 'BARU', name: 'Lagi' },
        { code: 'x', name: '' },
      ],
      products: [
        { code: 'OK-1', category: 'baru', name: 'Baik', price: 1000, stock: ['a'] },
        { code: 'BAD-PRICE', category: 'baru', name: 'Harga', price: -5 },
        { code: 'FRAC', name: 'Pecahan', price: 10.5 },
        { code: 'ok-1', category: 'xyz', name: 'Duplikat', price: 2000, prcie: 3 },
        { code: 'NO-PRICE', name: 'Tanpa harga' },
        { code: 'MAHAL', name: 'Mahal', price: 100_000_001, stock: 'a|b' },
      ],
      vouchers: [
        { code: 'PCT', kind: 'percent', value: 150 },
        { code: 'pct', kind: 'gratis', value: 0 },
        {
          code: 'DATES',
          kind: 'fixed',
          value: 1000,
          validFrom: '2027-01-01T00:00:00+07:00',
          validUntil: '2026-01-01',
        },
        {
          code: 'RANGE',
          kind: 'fixed',
          value: 1000,
          validFrom: '2027-01-01T00:00:00+07:00',
          validUntil: '2026-01-01T00:00:00+07:00',
        },
      ],
    };
    const result = await importCatalog(handle.db, cipher, broken);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      'categories[1].code: duplicate code "BARU" (already used by categories[0])',
      'categories[2].name: must not be empty',
      'products[1].price: expected a positive whole number of rupiah (got -5)',
      'products[2].price: expected a positive whole number of rupiah (got 10.5)',
      'products[3].prcie: unknown field',
      'products[3].code: duplicate code "ok-1" (already used by products[0])',
      'products[3].category: unknown category "xyz"',
      'products[4].price: required',
      'products[5].price: expected at most 100000000 rupiah (got 100000001)',
      'products[5].stock: expected a list (got "a|b")',
      'vouchers[0].value: expected 1 to 100 for a percent voucher (got 150)',
      'vouchers[1].kind: expected "percent" or "fixed" (got "gratis")',
      'vouchers[1].value: expected a positive whole number (got 0)',
      'vouchers[1].code: duplicate code "pct" (already used by vouchers[0])',
      'vouchers[2].validUntil: expected an ISO date-time with a time zone, e.g. 2026-01-01T00:00:00+07:00 (got "2026-01-01")',
      'vouchers[3].validUntil: must be later than validFrom',
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it('rejects input that is not a catalog object', async () => {
    expect(await importCatalog(handle.db, cipher, [1, 2])).toEqual({
      ok: false,
      problems: ['(file): expected an object with "categories", "products" and/or "vouchers" (got a list)'],
    });
    expect(await importCatalog(handle.db, cipher, { products: {} })).toEqual({
      ok: false,
      problems: ['products: expected a list (got an object)'],
    });
    expect(await importCatalog(handle.db, cipher, { produk: [] })).toEqual({
      ok: false,
      problems: ['produk: unknown field'],
    });
    expect(await importCatalog(handle.db, cipher, {})).toMatchObject({ ok: true });
  });

  it('scopes a voucher to a product or category by code, from the file or the database', async () => {
    const before = await tableCounts();
    const refused = await importCatalog(handle.db, cipher, {
      products: [{ code: 'SCOPE-NEW', name: 'Baru', price: 1_000 }],
      vouchers: [
        { code: 'SC-PROD', kind: 'fixed', value: 500, product: 'TIDAK-ADA' },
        { code: 'SC-CAT', kind: 'fixed', value: 500, category: 'hilang' },
        { code: 'SC-BOTH', kind: 'fixed', value: 500, product: 'SCOPE-NEW', category: 'streaming' },
        { code: 'SC-BAD', kind: 'fixed', value: 500, product: 'a b' },
      ],
    });
    expect(refused).toEqual({
      ok: false,
      problems: [
        'vouchers[0].product: unknown product "TIDAK-ADA"',
        'vouchers[1].category: unknown category "hilang"',
        'vouchers[2].category: a voucher is for one product or one category, not both',
        'vouchers[3].product: expected only letters, digits, "-", "_" and "." (got "a b")',
        'vouchers[3].product: unknown product "a b"',
      ],
    });
    expect(await tableCounts()).toEqual(before);

    const imported = await importCatalog(handle.db, cipher, {
      products: [{ code: 'SCOPE-NEW', name: 'Baru', price: 1_000 }],
      vouchers: [
        { code: 'SC-PROD', kind: 'fixed', value: 500, product: 'scope-new' },
        { code: 'SC-CAT', kind: 'percent', value: 5, category: 'STREAMING' },
      ],
    });
    expect(imported.ok).toBe(true);
    const scopes = await handle.db
      .selectFrom('vouchers as v')
      .leftJoin('products as p', 'p.id', 'v.product_id')
      .leftJoin('categories as c', 'c.id', 'v.category_id')
      .select(['v.code', 'v.scope', 'p.code as product', 'c.code as category'])
      .where('v.code', 'in', ['SC-PROD', 'SC-CAT'])
      .orderBy('v.code')
      .execute();
    expect(scopes).toEqual([
      { code: 'SC-CAT', scope: 'category', product: null, category: 'streaming' },
      { code: 'SC-PROD', scope: 'product', product: 'SCOPE-NEW', category: null },
    ]);

    // A voucher entry is whole: without product or category it becomes shop-wide again.
    expect(
      (await importCatalog(handle.db, cipher, { vouchers: [{ code: 'SC-PROD', kind: 'fixed', value: 500 }] }))
        .ok,
    ).toBe(true);
    const widened = await handle.db
      .selectFrom('vouchers')
      .select(['scope', 'product_id', 'category_id'])
      .where('code', '=', 'SC-PROD')
      .executeTakeFirstOrThrow();
    expect(widened).toEqual({ scope: 'all', product_id: null, category_id: null });
  });

  it('accepts a product referring to a category already in the database', async () => {
    const result = await importCatalog(handle.db, cipher, {
      products: [{ code: 'MUSIK-BARU', category: 'musik', name: 'Apple Music 1 Bulan', price: 9_000 }],
    });
    expect(result).toMatchObject({ ok: true, summary: { products: { created: 1, updated: 0 } } });
  });
});
