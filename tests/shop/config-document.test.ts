import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/infra/audit.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { saveTemplate } from '../../src/messages/store.ts';
import { importCatalog } from '../../src/shop/catalog-import.ts';
import { applyRestore, previewRestore } from '../../src/shop/config-document/apply.ts';
import { isEmptyDiff } from '../../src/shop/config-document/diff.ts';
import type { ConfigDocument } from '../../src/shop/config-document/schema.ts';
import { exportConfig } from '../../src/shop/config-document/state.ts';
import { checkConfig, checkConfigText } from '../../src/shop/config-document/validate.ts';
import { evaluateVoucher } from '../../src/shop/vouchers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { cipher } from './fixtures.ts';

const example = JSON.parse(readFileSync(new URL('../../examples/catalog.json', import.meta.url), 'utf8'));
const audit: AuditLog = { record: () => undefined, close: () => undefined };
const actor = { adminId: 9002, audit, via: 'cli' as const };

let database: TestDatabase;
let handle: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url);
  expect((await importCatalog(handle.db, cipher, example)).ok).toBe(true);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

const restoreRows = async () =>
  (
    await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM admin_audit WHERE action = 'config.restore'`.execute(handle.db)
  ).rows[0]?.n;

const clone = (d: ConfigDocument) =>
  structuredClone(d) as unknown as Record<string, Record<string, unknown>[]>;

describe('checking a configuration document', () => {
  it('accepts an export as it is', async () => {
    const checked = checkConfig(JSON.parse(JSON.stringify(await exportConfig(handle.db))));
    expect(checked.ok).toBe(true);
  });

  it('lists every problem by JSON path, in file order', async () => {
    const d = clone(await exportConfig(handle.db)) as Record<string, unknown>;
    d.version = 2;
    d.colour = 'blue';
    const categories = d.categories as Record<string, unknown>[];
    categories[1]!.code = String(categories[0]!.code).toUpperCase();
    const products = d.products as Record<string, unknown>[];
    delete products[0]!.price;
    products[2]!.lowStockThreshold = -1;
    const vouchers = d.vouchers as Record<string, unknown>[];
    vouchers[0]!.kind = 'percent';
    vouchers[0]!.value = 150;
    vouchers[1]!.validFrom = '2027-01-01T00:00:00+07:00';
    vouchers[1]!.validUntil = '2026-01-01T00:00:00+07:00';
    d.templates = [
      { key: 'nope', locale: 'id', body: 'x' },
      { key: 'help', locale: 'id', body: '<b>{store_name}' },
    ];
    const checked = checkConfig(d);
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems).toEqual([
      'colour: unknown field',
      'version: expected 1, the version this shop reads (got 2)',
      expect.stringMatching(/^categories\[1\]: duplicate of categories\[0\]/),
      'products[0].price: required',
      'products[2].lowStockThreshold: expected 0 or more (got -1)',
      // The renamed category leaves its products pointing at a code no longer there.
      'products[2].category: unknown category "musik" (not in "categories" of this document)',
      'vouchers[0].value: expected 1 to 100 for a percent voucher (got 150)',
      'vouchers[1].validUntil: must be later than validFrom',
      expect.stringMatching(/^templates\[0\]\.key: expected one of: welcome, help/),
      expect.stringMatching(/^templates\[1\]\.body: Telegram cannot parse the HTML/),
    ]);
  });

  it('names a missing section and a JSON syntax error by line and column', () => {
    const checked = checkConfig({
      format: 'bot-auto-order/config',
      version: 1,
      categories: [],
      products: [],
    });
    expect(checked.ok ? [] : checked.problems).toEqual(['vouchers: required', 'templates: required']);
    const broken = checkConfigText('{\n  "format": "bot-auto-order/config"\n  "version": 1\n}');
    expect(broken.ok ? [] : broken.problems).toEqual([
      expect.stringMatching(/^\(file\): not valid JSON: line 3, column 3: /),
    ]);
  });
});

describe('voucher scopes and template photos in a document', () => {
  const header = { format: 'bot-auto-order/config', version: 1 };
  const voucher = (code: string, scope: Record<string, unknown>) => ({
    code,
    kind: 'fixed',
    value: 1_000,
    minPurchase: 0,
    maxUses: null,
    perUserLimit: null,
    validFrom: null,
    validUntil: null,
    active: true,
    ...scope,
  });
  const PHOTO = 'AgACAgUAAxkBAAIfoto_1-x';

  it('lists scope references and photos by JSON path, as the template editor checks them', () => {
    const checked = checkConfig({
      ...header,
      categories: [{ code: 'streaming', name: 'Streaming', emoji: null, sort: 0, active: true }],
      products: [
        {
          code: 'NETFLIX-1B',
          category: 'streaming',
          name: 'Netflix',
          description: '',
          price: 25_000,
          active: true,
          sort: 0,
          snk: null,
          lowStockThreshold: 3,
        },
      ],
      vouchers: [
        voucher('PRODUK', { scope: 'product', product: 'TIDAK-ADA', category: null }),
        voucher('KATEGORI', { scope: 'category', product: null, category: 'hilang' }),
        voucher('SEMUA', { scope: 'all', category: 'streaming' }),
        voucher('DUA', { scope: 'product', product: 'netflix-1b', category: 'streaming' }),
        voucher('LUPA', { scope: 'category' }),
        voucher('ANEH', { scope: 'everything' }),
      ],
      templates: [
        { key: 'welcome', locale: 'id', body: `Halo {nama} ${'x'.repeat(1_100)}`, photo: PHOTO },
        { key: 'order_paid', locale: 'id', body: 'Lunas {order_id}', photo: PHOTO },
        { key: 'help', locale: 'en', body: 'Help', photo: 'not a file id' },
      ],
    });
    expect(checked.ok ? [] : checked.problems).toEqual([
      'vouchers[0].product: unknown product "TIDAK-ADA" (not in "products" of this document)',
      'vouchers[1].category: unknown category "hilang" (not in "categories" of this document)',
      'vouchers[2].category: only with scope "category" (this voucher\'s scope is "all")',
      'vouchers[3].category: only with scope "category" (this voucher\'s scope is "product")',
      'vouchers[4].category: required with scope "category": a code from "categories" (null: the category was deleted and the voucher applies to nothing)',
      'vouchers[5].scope: expected "all", "product" or "category" (got "everything")',
      expect.stringMatching(
        /^templates\[0\]\.body: too long: 11\d\d characters, at most 1024 \(a photo caption\)$/,
      ),
      'templates[1].photo: this template takes text only, no photo (only welcome, help take one)',
      'templates[2].photo: expected a Telegram file_id: only letters, digits, "-" and "_" (got "not a file id")',
    ]);
  });

  it('reads a version-1 document without them as shop-wide vouchers and text-only templates', async () => {
    const current = await exportConfig(handle.db);
    expect(current.vouchers.find((v) => v.code === 'NONTON3K')).toMatchObject({
      scope: 'category',
      category: 'streaming',
    });
    const old = clone(current);
    for (const v of old.vouchers!) for (const field of ['scope', 'product', 'category']) delete v[field];
    old.templates = [{ key: 'help', locale: 'id', body: 'Bantuan {store_name}' }];
    const checked = checkConfig(old);
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    expect(checked.document.vouchers.find((v) => v.code === 'NONTON3K')).toMatchObject({
      scope: 'all',
      product: null,
      category: null,
    });
    expect(checked.document.templates).toEqual([
      { key: 'help', locale: 'id', body: 'Bantuan {store_name}', photo: null },
    ]);
    const { diff } = await previewRestore(handle.db, checked.document);
    expect(diff.vouchers.changed).toEqual([{ name: 'NONTON3K', fields: ['scope', 'category'] }]);
  });

  it('restores scopes by code (products the document adds too) and a scope left with nothing', async () => {
    const backup = await exportConfig(handle.db);
    const doc = clone(backup);
    doc.products!.push({ ...doc.products![0]!, code: 'BARU-SCOPE', name: 'Baru', sort: 99 });
    doc.vouchers!.push(
      voucher('BARUP', { scope: 'product', product: 'baru-scope', category: null }),
      voucher('KOSONG', { scope: 'category', product: null, category: null }),
      voucher('TONTON', { scope: 'category', product: null, category: 'STREAMING' }),
    );
    doc.templates = [{ key: 'welcome', locale: 'id', body: 'Halo {nama}', photo: PHOTO }];
    const checked = checkConfig(doc);
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    const result = await applyRestore(handle.db, checked.document, actor);
    expect(result.ok && result.diff.vouchers.added).toEqual(['BARUP', 'KOSONG', 'TONTON']);

    const stored = await handle.db
      .selectFrom('vouchers as v')
      .leftJoin('products as p', 'p.id', 'v.product_id')
      .leftJoin('categories as c', 'c.id', 'v.category_id')
      .select([
        'v.code',
        'v.scope',
        'v.product_id',
        'v.category_id',
        'p.code as product',
        'c.code as category',
      ])
      .where('v.code', 'in', ['BARUP', 'KOSONG', 'TONTON'])
      .orderBy('v.code')
      .execute();
    const baru = await handle.db
      .selectFrom('products')
      .select('id')
      .where('code', '=', 'BARU-SCOPE')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual([
      {
        code: 'BARUP',
        scope: 'product',
        product_id: baru.id,
        category_id: null,
        product: 'BARU-SCOPE',
        category: null,
      },
      {
        code: 'KOSONG',
        scope: 'category',
        product_id: null,
        category_id: null,
        product: null,
        category: null,
      },
      {
        code: 'TONTON',
        scope: 'category',
        product_id: null,
        category_id: expect.any(Number),
        product: null,
        category: 'streaming',
      },
    ]);
    // Applies to nothing, as before the backup: never shop-wide.
    expect(
      await evaluateVoucher(handle.db, {
        code: 'KOSONG',
        userId: 1,
        lines: [{ productId: baru.id, categoryId: null, total: 10_000 }],
      }),
    ).toEqual({ ok: false, reason: 'unknown' });
    const photo = await handle.db
      .selectFrom('message_templates as t')
      .innerJoin('message_template_versions as v', (join) =>
        join
          .onRef('v.key', '=', 't.key')
          .onRef('v.locale', '=', 't.locale')
          .onRef('v.version', '=', 't.active_version'),
      )
      .select(['v.body', 'v.photo_file_id'])
      .where('t.key', '=', 'welcome')
      .where('t.locale', '=', 'id')
      .executeTakeFirstOrThrow();
    expect(photo).toEqual({ body: 'Halo {nama}', photo_file_id: PHOTO });

    // The export reads back what was restored, spelled as the document spells the entries.
    const after = await exportConfig(handle.db);
    const byCode = (list: ConfigDocument['vouchers']) =>
      [...list].sort((a, b) => a.code.localeCompare(b.code));
    expect(after.vouchers).toEqual(byCode(checked.document.vouchers));
    expect(after.templates).toEqual(checked.document.templates);
    const again = await applyRestore(handle.db, checked.document, actor);
    expect(again.ok && isEmptyDiff(again.diff)).toBe(true);

    // Only the photo dropped: the diff names that field alone.
    const textOnly = { ...checked.document, templates: [{ ...checked.document.templates[0]!, photo: null }] };
    expect((await previewRestore(handle.db, textOnly)).diff.templates.changed).toEqual([
      { name: 'welcome/id', fields: ['photo'] },
    ]);
    expect((await applyRestore(handle.db, backup, actor)).ok).toBe(true);
    expect(await exportConfig(handle.db)).toMatchObject({
      vouchers: backup.vouchers,
      products: backup.products,
    });
  });
});

describe('restoring a configuration document', () => {
  it('changes nothing when the document is the shop as it is', async () => {
    const before = await restoreRows();
    const result = await applyRestore(handle.db, await exportConfig(handle.db), actor);
    expect(result.ok && isEmptyDiff(result.diff)).toBe(true);
    expect(await restoreRows()).toBe(before);
  });

  it('deactivates what history refers to, deletes the rest, and a second run changes nothing', async () => {
    const backup = await exportConfig(handle.db);
    // A product sold once (order lines, no stock left), a redeemed voucher, and unused ones.
    expect(
      (
        await importCatalog(handle.db, cipher, {
          categories: [
            { code: 'lama', name: 'Lama' },
            { code: 'kosong', name: 'Kosong' },
          ],
          products: [
            { code: 'SOLD-1', category: 'lama', name: 'Pernah terjual', price: 1_000 },
            { code: 'UNUSED-1', category: 'kosong', name: 'Tak terpakai', price: 1_000 },
          ],
          vouchers: [
            { code: 'DIPAKAI', kind: 'fixed', value: 500 },
            { code: 'BELUM', kind: 'fixed', value: 500 },
          ],
        })
      ).ok,
    ).toBe(true);
    await sql`INSERT INTO orders (id, user_id, status, payment_method, subtotal, total)
              VALUES ('INVCFG1', 55, 'delivered', 'balance', 1000, 500)`.execute(handle.db);
    await sql`INSERT INTO order_items (order_id, product_id, product_code, product_name, unit_price, quantity)
              SELECT 'INVCFG1', id, code, name, price, 1 FROM products WHERE code = 'SOLD-1'`.execute(
      handle.db,
    );
    await sql`INSERT INTO voucher_redemptions (voucher_id, user_id, order_id)
              SELECT id, 55, 'INVCFG1' FROM vouchers WHERE code = 'DIPAKAI'`.execute(handle.db);

    const { diff } = await previewRestore(handle.db, backup);
    expect(diff.products.removed).toEqual([
      { name: 'SOLD-1', outcome: 'deactivated' },
      { name: 'UNUSED-1', outcome: 'deleted' },
    ]);
    expect(diff.categories.removed).toEqual(
      expect.arrayContaining([
        { name: 'lama', outcome: 'deactivated' },
        { name: 'kosong', outcome: 'deleted' },
      ]),
    );
    expect(diff.vouchers.removed).toEqual(
      expect.arrayContaining([
        { name: 'DIPAKAI', outcome: 'deactivated' },
        { name: 'BELUM', outcome: 'deleted' },
      ]),
    );
    const result = await applyRestore(handle.db, backup, actor);
    expect(result.ok).toBe(true);
    const after = await exportConfig(handle.db);
    expect(after.products.find((p) => p.code === 'SOLD-1')).toMatchObject({ active: false });
    expect(after.products.some((p) => p.code === 'UNUSED-1')).toBe(false);
    expect(after.vouchers.find((v) => v.code === 'DIPAKAI')).toMatchObject({ active: false });
    expect(after.categories.map((c) => c.code)).not.toContain('kosong');
    // The order line still points at its product.
    const line = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM order_items WHERE order_id = 'INVCFG1'`.execute(handle.db);
    expect(line.rows[0]?.n).toBe(1);

    const again = await applyRestore(handle.db, backup, actor);
    expect(again.ok && isEmptyDiff(again.diff)).toBe(true);
  });

  it('matches codes in any case, renaming in place, and keeps template history', async () => {
    const backup = await exportConfig(handle.db);
    const doc = clone(backup);
    const netflix = doc.products!.find((p) => p.code === 'NETFLIX-1B')!;
    netflix.code = 'netflix-1b';
    netflix.category = 'STREAMING';
    doc.templates = [{ key: 'help', locale: 'id', body: 'Bantuan <b>{store_name}</b>' }];
    expect(
      (await saveTemplate(handle.db, { key: 'help', locale: 'id', body: 'Lama {store_name}', author: 1 })).ok,
    ).toBe(true);
    const id = (
      await handle.db
        .selectFrom('products')
        .select('id')
        .where('code', '=', 'NETFLIX-1B')
        .executeTakeFirstOrThrow()
    ).id;
    const checked = checkConfig(doc);
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    const result = await applyRestore(handle.db, checked.document, actor);
    expect(result.ok && result.diff.products.changed).toEqual([{ name: 'netflix-1b', fields: ['code'] }]);
    const row = await handle.db
      .selectFrom('products')
      .select(['id', 'code'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.code).toBe('netflix-1b');
    const versions = await handle.db
      .selectFrom('message_template_versions')
      .select(['version', 'body', 'author'])
      .where('key', '=', 'help')
      .where('locale', '=', 'id')
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { version: 1, body: 'Lama {store_name}', author: 1 },
      { version: 2, body: 'Bantuan <b>{store_name}</b>', author: 9002 },
    ]);
  });
});
