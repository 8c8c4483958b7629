import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipher, parseKey } from '../../src/infra/crypto.ts';
import type { ChatEvent, SimUser } from '../../src/sandbox/telegram/index.ts';
import { importCatalog } from '../../src/shop/catalog-import.ts';
import { applyRestore } from '../../src/shop/config-document/apply.ts';
import type { ConfigDocument } from '../../src/shop/config-document/schema.ts';
import { exportConfig } from '../../src/shop/config-document/state.ts';
import { checkConfig } from '../../src/shop/config-document/validate.ts';
import { pace } from '../support/buyer.ts';
import { BOT_TOKEN, PAKASIR, type Shop, startShop } from '../support/shop.ts';

// Backup → change the shop → restore, through the Telegram emulator and the real app, and
// the same documents through `npm run config:export` / `config:import` as child processes.

const OWNER_ID = 9002;
const OTHER_OWNER_ID = 9003;

let shop: Shop;
let owner: SimUser;
let otherOwner: SimUser;
let work: string;

type Sections = Pick<ConfigDocument, 'categories' | 'products' | 'vouchers' | 'templates'>;
const sections = (d: ConfigDocument): Sections => ({
  categories: d.categories,
  products: d.products,
  vouchers: d.vouchers,
  templates: d.templates,
});
const current = async () => sections(await exportConfig(shop.app.db));
const count = async (table: 'admin_audit' | 'stock_items' | 'message_template_versions', where = sql`true`) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(
      shop.app.db,
    )
  ).rows[0]?.n ?? 0;
const restores = () => count('admin_audit', sql`action = 'config.restore'`);

/** Each voucher's scope as the document writes it, field by field. */
const scopes = (vouchers: ConfigDocument['vouchers']) =>
  vouchers.map(({ code, scope, product, category }) => ({ code, scope, product, category }));
const photos = (templates: ConfigDocument['templates']) =>
  templates.map(({ key, locale, photo }) => ({ key, locale, photo }));
/** A voucher's scope as stored: the referenced ids resolved back to codes. */
const storedScope = (code: string) =>
  shop.app.db
    .selectFrom('vouchers as v')
    .leftJoin('products as p', 'p.id', 'v.product_id')
    .leftJoin('categories as c', 'c.id', 'v.category_id')
    .select(['v.scope', 'v.product_id', 'v.category_id', 'p.code as product', 'c.code as category'])
    .where('v.code', '=', code)
    .executeTakeFirstOrThrow();

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4d60000000049454e44ae426082',
  'hex',
);
/** The Telegram file_id of the welcome photo set before the backup. */
let welcomePhoto: string;

const fileOf = (event: ChatEvent) =>
  shop.telegram.file(event.document?.file_id ?? '')?.bytes.toString('utf8') ?? '';

beforeAll(async () => {
  shop = await startShop({ env: { TELEGRAM_OWNER_IDS: `${OWNER_ID},${OTHER_OWNER_ID}` } });
  owner = shop.buyer(OWNER_ID, 'Olive');
  otherOwner = shop.buyer(OTHER_OWNER_ID, 'Oscar');
  work = mkdtempSync(join(tmpdir(), 'bao-config-'));
  // A shop with a bit of everything: live template overrides (the welcome with a photo a
  // user sent, so Telegram knows its file_id), a tuned threshold, no SNK on one, vouchers
  // for one product, for one category (NONTON3K, from the example catalog) and one whose
  // product was deleted since (it applies to nothing).
  const sent = shop.buyer(7400, 'Pia').sendPhoto(PNG);
  welcomePhoto = sent.photo?.at(-1)?.file_id ?? '';
  expect(welcomePhoto).toMatch(/^AgAC/);
  for (const [key, locale, body, photo] of [
    ['welcome', 'id', 'Halo {nama} 👋 selamat datang di <b>{store_name}</b>!', welcomePhoto],
    ['help', 'en', 'Need help with <i>{store_name}</i>? Write to us.', null],
  ] as const)
    expect((await shop.app.messages.save({ key, locale, body, photo, author: OWNER_ID })).ok).toBe(true);
  const cipher = createCipher(parseKey(shop.app.config.DATA_ENCRYPTION_KEY ?? ''));
  const scoped = await importCatalog(shop.app.db, cipher, {
    products: [{ code: 'HAPUS-1', name: 'Segera dihapus', price: 1_000 }],
    vouchers: [
      { code: 'NETFLIX2K', kind: 'fixed', value: 2_000, product: 'NETFLIX-1B' },
      { code: 'YATIM', kind: 'percent', value: 5, product: 'HAPUS-1' },
    ],
  });
  expect(scoped.ok).toBe(true);
  await shop.app.db.deleteFrom('products').where('code', '=', 'HAPUS-1').execute();
  await shop.app.db
    .updateTable('products')
    .set({ low_stock_threshold: 7 })
    .where('code', '=', 'NETFLIX-1B')
    .execute();
  otherOwner.sendCommand('/start');
  await otherOwner.waitFor('Menu utama');
}, 60_000);

afterAll(async () => {
  await shop?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openAdmin(user: SimUser) {
  await pace();
  user.sendCommand('/admin');
  await user.waitFor('Panel Admin');
}

async function takeBackup(
  user: SimUser,
): Promise<{ text: string; document: ConfigDocument; caption: string }> {
  await openAdmin(user);
  user.press('💾 Backup konfigurasi');
  const event = await user.waitFor((e) => !!e.document, { timeout: 15_000 });
  const text = fileOf(event);
  return { text, document: JSON.parse(text) as ConfigDocument, caption: event.text };
}

/** Changes a bit of every kind, as admins would between a backup and its restore. */
async function changeShop() {
  const cipher = createCipher(parseKey(shop.app.config.DATA_ENCRYPTION_KEY ?? ''));
  const imported = await importCatalog(shop.app.db, cipher, {
    categories: [{ code: 'baru', name: 'Baru', emoji: '🆕', sort: 9 }],
    products: [
      { code: 'CANVA-1B', price: 12_345, snk: null, active: false, sort: 5 },
      { code: 'BARU-1', category: 'baru', name: 'Produk Baru', price: 5_000 },
      {
        code: 'BARU-STOK',
        category: 'baru',
        name: 'Produk Baru Berstok',
        price: 6_000,
        stock: ['rahasia-baru-1'],
      },
    ],
    vouchers: [
      { code: 'HEMAT10', kind: 'percent', value: 25, maxUses: 3 },
      { code: 'BARU10', kind: 'fixed', value: 1_000 },
      // Moved to another category's products, and made shop-wide.
      { code: 'NETFLIX2K', kind: 'fixed', value: 2_000, category: 'baru' },
      { code: 'NONTON3K', kind: 'fixed', value: 3_000, minPurchase: 20_000, perUserLimit: 1 },
    ],
  });
  expect(imported.ok).toBe(true);
  await shop.app.db
    .updateTable('categories')
    .set({ name: 'Film & Serial' })
    .where('code', '=', 'streaming')
    .execute();
  await shop.app.db.deleteFrom('vouchers').where('code', 'in', ['DISKON5K', 'YATIM']).execute();
  expect(
    (await shop.app.messages.save({ key: 'welcome', locale: 'id', body: 'Hai {nama}!', author: OWNER_ID }))
      .ok,
  ).toBe(true);
  expect(
    (await shop.app.messages.activate({ key: 'help', locale: 'en', version: null, author: OWNER_ID })).ok,
  ).toBe(true);
}

describe('configuration backup and restore in the bot', () => {
  let backup: { text: string; document: ConfigDocument };

  it('gives an admin the whole configuration as a JSON document, without stock', async () => {
    const taken = await takeBackup(shop.admin);
    backup = taken;
    expect(taken.caption).toContain('7 produk');
    expect(taken.document.format).toBe('bot-auto-order/config');
    expect(taken.document.version).toBe(1);
    expect(sections(taken.document)).toEqual(await current());
    const netflix = taken.document.products.find((p) => p.code === 'NETFLIX-1B');
    expect(netflix).toMatchObject({
      category: 'streaming',
      price: 25_000,
      active: true,
      lowStockThreshold: 7,
    });
    expect(netflix?.snk).toContain('Gunakan hanya profil');
    expect(photos(taken.document.templates)).toEqual([
      { key: 'help', locale: 'en', photo: null },
      { key: 'welcome', locale: 'id', photo: welcomePhoto },
    ]);
    // Scopes name codes, never ids; a deleted product leaves its voucher scoped to nothing.
    expect(scopes(taken.document.vouchers)).toEqual([
      { code: 'DISKON5K', scope: 'all', product: null, category: null },
      { code: 'HEMAT10', scope: 'all', product: null, category: null },
      { code: 'LAMA2025', scope: 'all', product: null, category: null },
      { code: 'NETFLIX2K', scope: 'product', product: 'NETFLIX-1B', category: null },
      { code: 'NONTON3K', scope: 'category', product: null, category: 'streaming' },
      { code: 'YATIM', scope: 'product', product: null, category: null },
    ]);
    expect(taken.document.vouchers.find((v) => v.code === 'HEMAT10')).toMatchObject({
      validFrom: '2025-12-31T17:00:00.000Z',
      maxUses: 100,
      perUserLimit: 1,
      minPurchase: 20_000,
    });
    // Never stock contents (they stay in the encrypted database backups).
    expect(taken.text).not.toContain('demo.netflix01@contoh.id');
    expect(taken.text).not.toMatch(/"stock"/);
  });

  it('lets only owners restore', async () => {
    await openAdmin(shop.admin);
    const press = shop.admin.press('♻️ Restore konfigurasi');
    if (press.kind !== 'callback') throw new Error('expected an inline button');
    const answer = await shop.admin.waitForCallbackAnswer(press.callbackQueryId);
    expect(answer.text).toContain('hanya untuk owner');
  });

  it('refuses invalid documents with every problem listed, writing nothing', async () => {
    await changeShop();
    const before = await current();
    const versions = await count('message_template_versions');
    await openAdmin(owner);
    owner.press('♻️ Restore konfigurasi');
    await owner.waitFor('Kirim file JSON');

    owner.sendDocument(Buffer.alloc(6 * 1024 * 1024, 0x20), 'besar.json');
    expect((await owner.waitFor('Belum sesuai')).text).toContain('paling besar 5 MB');
    await pace();
    owner.sendDocument(
      Buffer.from('{\n  "format": "bot-auto-order/config",\n  "version": 1,,\n}'),
      'rusak.json',
    );
    const broken = await owner.waitFor('belum bisa dipulihkan');
    expect(broken.text).toContain('not valid JSON: line 3, column 16');

    const bad = structuredClone(backup.document) as unknown as {
      products: Record<string, unknown>[];
      vouchers: Record<string, unknown>[];
      templates: Record<string, unknown>[];
    };
    bad.products[0]!.price = -1000;
    bad.products[1]!.category = 'hilang';
    bad.vouchers[3]!.product = 'HILANG-1';
    bad.templates[1]!.body = 'Halo {siapa}';
    await pace();
    owner.sendDocument(Buffer.from(JSON.stringify(bad, null, 2)), 'salah.json');
    const refused = await owner.waitFor('belum bisa dipulihkan');
    expect(refused.text).toContain(
      'products[0].price: expected a positive whole number of rupiah (got -1000)',
    );
    expect(refused.text).toContain('products[1].category: unknown category "hilang"');
    expect(refused.text).toContain(
      'vouchers[3].product: unknown product "HILANG-1" (not in "products" of this document)',
    );
    expect(refused.text).toContain('templates[1].body: unknown placeholder {siapa}');

    expect(await current()).toEqual(before);
    expect(await count('message_template_versions')).toBe(versions);
    expect(await restores()).toBe(0);
  });

  it('shows the differences, applies them on confirmation and restores the backup exactly', async () => {
    const stockBefore = await count('stock_items');
    const canvaVersion = (
      await shop.app.db
        .selectFrom('products')
        .select('version')
        .where('code', '=', 'CANVA-1B')
        .executeTakeFirstOrThrow()
    ).version;
    // The prompt is still open after the refusals: the fixed file goes to it.
    await pace();
    owner.sendDocument(Buffer.from(backup.text), 'config.json');
    const preview = await owner.waitFor('Pratinjau restore');
    expect(preview.text).toContain('🗂 Kategori: +0 baru · ~1 diubah · −1 dihapus');
    expect(preview.text).toContain('streaming: name');
    expect(preview.text).toContain('baru: dinonaktifkan');
    expect(preview.text).toContain('🛒 Produk: +0 baru · ~1 diubah · −2 dihapus');
    expect(preview.text).toContain('CANVA-1B: price, active, sort, snk');
    expect(preview.text).toContain('BARU-1: dihapus');
    expect(preview.text).toContain('BARU-STOK: dinonaktifkan (ada stok/pesanan');
    expect(preview.text).toContain('🎟️ Voucher: +2 baru · ~3 diubah · −1 dihapus');
    expect(preview.text).toContain('NETFLIX2K: scope, product, category');
    expect(preview.text).toContain('NONTON3K: scope, category');
    expect(preview.text).toContain('+ YATIM');
    expect(preview.text).toContain('🛠 Template: +1 baru · ~1 diubah · −0 dihapus');
    expect(preview.text).toContain('+ help/en');
    expect(preview.text).toContain('~ welcome/id: body, photo');
    expect(await restores()).toBe(0);

    await pace();
    owner.press('✅ Terapkan');
    await owner.waitFor('Konfigurasi dipulihkan');
    const saved = await owner.waitFor((e) => !!e.document && e.text.includes('sebelum restore'));
    expect((JSON.parse(fileOf(saved)) as ConfigDocument).vouchers.map((v) => v.code)).toContain('BARU10');
    const notice = await otherOwner.waitFor('Konfigurasi toko dipulihkan');
    expect(notice.text).toContain('Olive');

    const after = await current();
    expect(scopes(after.vouchers)).toEqual(scopes(backup.document.vouchers));
    expect(photos(after.templates)).toEqual(photos(backup.document.templates));
    expect(after.vouchers).toEqual(backup.document.vouchers);
    expect(after.templates).toEqual(backup.document.templates);
    // The references are the shop's own ids again; the re-created YATIM applies to nothing.
    const netflixId = (
      await shop.app.db
        .selectFrom('products')
        .select('id')
        .where('code', '=', 'NETFLIX-1B')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await storedScope('NETFLIX2K')).toMatchObject({
      scope: 'product',
      product_id: netflixId,
      category_id: null,
    });
    expect(await storedScope('NONTON3K')).toMatchObject({ scope: 'category', category: 'streaming' });
    expect(await storedScope('YATIM')).toEqual({
      scope: 'product',
      product_id: null,
      category_id: null,
      product: null,
      category: null,
    });
    // What has stock is kept, inactive, with its stock; everything else is the backup's.
    expect(after.categories.filter((c) => c.code !== 'baru')).toEqual(backup.document.categories);
    expect(after.categories.find((c) => c.code === 'baru')).toMatchObject({ active: false });
    expect(after.products.filter((p) => p.code !== 'BARU-STOK')).toEqual(backup.document.products);
    expect(after.products.find((p) => p.code === 'BARU-STOK')).toMatchObject({
      active: false,
      category: 'baru',
    });
    expect(await count('stock_items')).toBe(stockBefore);
    const canva = await shop.app.db
      .selectFrom('products')
      .select('version')
      .where('code', '=', 'CANVA-1B')
      .executeTakeFirstOrThrow();
    expect(canva.version).toBe(canvaVersion + 1);
    expect(await restores()).toBe(1);
    const audit = await shop.app.db
      .selectFrom('admin_audit')
      .selectAll()
      .where('action', '=', 'config.restore')
      .executeTakeFirstOrThrow();
    expect(audit.admin_id).toBe(OWNER_ID);

    // The restored welcome is what buyers see next.
    const buyer = shop.buyer(7301, 'Wati');
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor('Halo Wati 👋 selamat datang di');
    expect(welcome.photo?.at(-1)?.file_id).toBe(welcomePhoto);

    // The same document again: nothing left to change.
    await openAdmin(owner);
    owner.press('♻️ Restore konfigurasi');
    await owner.waitFor('Kirim file JSON');
    await pace();
    owner.sendDocument(Buffer.from(backup.text), 'config.json');
    await owner.waitFor('sudah sama persis');
    expect(await restores()).toBe(1);
  });
});

describe('a restore confirmed after someone else edited the shop', () => {
  it('is refused with the new differences shown, then applied on the second confirmation', async () => {
    const backup = await takeBackup(owner);
    const setPrice = (code: string, price: number) =>
      shop.app.db.updateTable('products').set({ price }).where('code', '=', code).execute();
    await setPrice('NETFLIX-1B', 30_000);

    await openAdmin(owner);
    owner.press('♻️ Restore konfigurasi');
    await owner.waitFor('Kirim file JSON');
    await pace();
    owner.sendDocument(Buffer.from(backup.text), 'config.json');
    const preview = await owner.waitFor('Pratinjau restore');
    expect(preview.text).toContain('NETFLIX-1B: price');
    expect(preview.text).not.toContain('YOUTUBE-1B');

    // Another admin saves a product between the preview and the confirmation.
    await setPrice('YOUTUBE-1B', 1_000);
    const restoresBefore = await restores();
    await pace();
    owner.press('✅ Terapkan');
    const refreshed = await owner.waitFor('Toko berubah sejak pratinjau');
    expect(refreshed.text).toContain('YOUTUBE-1B: price');
    expect(await restores()).toBe(restoresBefore);
    expect((await current()).products.find((p) => p.code === 'NETFLIX-1B')?.price).toBe(30_000);

    await pace();
    owner.press('✅ Terapkan');
    await owner.waitFor('Konfigurasi dipulihkan');
    expect(await current()).toEqual(sections(backup.document));
    expect(await restores()).toBe(restoresBefore + 1);
  });

  it('drops a preview on ❌ Batal, changing nothing', async () => {
    const backup = await takeBackup(owner);
    await shop.app.db
      .updateTable('products')
      .set({ active: false })
      .where('code', '=', 'STEAM-60K')
      .execute();
    const changed = await current();
    await openAdmin(owner);
    owner.press('♻️ Restore konfigurasi');
    await owner.waitFor('Kirim file JSON');
    await pace();
    owner.sendDocument(Buffer.from(backup.text), 'config.json');
    await owner.waitFor('Pratinjau restore');
    await pace();
    owner.press('❌ Batal');
    await owner.waitFor('Restore dibatalkan');
    expect(await current()).toEqual(changed);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(
  script: 'config:export' | 'config:import',
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', script, '--', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          DATABASE_URL: shop.app.config.DATABASE_URL ?? '',
          DATA_DIR: join(work, 'data'),
          LOG_DIR: join(work, 'logs'),
          ...env,
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run config:export / config:import', () => {
  it('export writes the same document as the bot', async () => {
    const inBot = await takeBackup(shop.admin);
    const file = join(work, 'export.json');
    const run = await cli('config:export', [file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Configuration exported to');
    expect(sections(JSON.parse(readFileSync(file, 'utf8')) as ConfigDocument)).toEqual(
      sections(inBot.document),
    );
  });

  it('refuses an invalid file with exit 2 and every problem by JSON path, changing nothing', async () => {
    const before = await current();
    const bad = JSON.parse(readFileSync(join(work, 'export.json'), 'utf8')) as Record<string, unknown[]>;
    (bad.products![0] as Record<string, unknown>).price = -5;
    (bad.products![1] as Record<string, unknown>).category = 'hilang';
    (bad.vouchers![0] as Record<string, unknown>).colour = 'red';
    const nonton = bad.vouchers!.findIndex((v) => (v as { code: string }).code === 'NONTON3K');
    (bad.vouchers![nonton] as Record<string, unknown>).category = 'hilang';
    writeFileSync(join(work, 'bad.json'), JSON.stringify(bad));
    const run = await cli('config:import', [join(work, 'bad.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing was changed');
    expect(run.stderr).toContain('products[0].price: expected a positive whole number of rupiah (got -5)');
    expect(run.stderr).toContain('products[1].category: unknown category "hilang"');
    expect(run.stderr).toContain('vouchers[0].colour: unknown field');
    expect(run.stderr).toContain(`vouchers[${nonton}].category: unknown category "hilang"`);
    writeFileSync(join(work, 'broken.json'), '{"format": ');
    const broken = await cli('config:import', [join(work, 'broken.json')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/not valid JSON: line 1, column 12/);
    expect(await current()).toEqual(before);
  });

  it('imports the in-bot document back (dry run first), and owners are told', async () => {
    const inBot = await takeBackup(shop.admin);
    writeFileSync(join(work, 'bot.json'), inBot.text);
    await shop.app.db
      .updateTable('products')
      .set({ price: 99_000, description: 'diubah' })
      .where('code', '=', 'NETFLIX-1B')
      .execute();
    await shop.app.db.deleteFrom('vouchers').where('code', '=', 'LAMA2025').execute();
    await shop.app.db
      .updateTable('vouchers')
      .set({ scope: 'all', category_id: null })
      .where('code', '=', 'NONTON3K')
      .execute();
    expect(
      (await shop.app.messages.save({ key: 'welcome', locale: 'id', body: 'Hai {nama}', author: 1 })).ok,
    ).toBe(true);
    const changed = await current();

    const dry = await cli('config:import', [join(work, 'bot.json'), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: the import would change:');
    expect(dry.stdout).toContain('~ NETFLIX-1B: description, price');
    expect(dry.stdout).toContain('+ LAMA2025');
    expect(dry.stdout).toContain('~ NONTON3K: scope, category');
    expect(dry.stdout).toContain('~ welcome/id: body, photo');
    expect(await current()).toEqual(changed);

    const run = await cli('config:import', [join(work, 'bot.json')], {
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_ROOT: shop.telegram.apiRoot,
      TELEGRAM_OWNER_IDS: String(OTHER_OWNER_ID),
      PAKASIR_PROJECT_SLUG: PAKASIR.slug,
      PAKASIR_API_KEY: PAKASIR.apiKey,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Configuration imported:');
    expect(await current()).toEqual(sections(inBot.document));
    expect(scopes((await current()).vouchers)).toContainEqual({
      code: 'NONTON3K',
      scope: 'category',
      product: null,
      category: 'streaming',
    });
    expect(photos((await current()).templates)).toContainEqual({
      key: 'welcome',
      locale: 'id',
      photo: welcomePhoto,
    });
    const notice = await otherOwner.waitFor('baris perintah');
    expect(notice.text).toContain('NETFLIX-1B');

    const again = await cli('config:import', [join(work, 'bot.json')]);
    expect(again.stdout).toContain('nothing changed');
  });
});

describe('a document from another bot’s shop', () => {
  it('restores its photo file_id, and buyers still get the text when Telegram refuses it', async () => {
    const document = structuredClone(await exportConfig(shop.app.db));
    const foreign = 'AgACAgUAAxkBAAIanotherbot_photo-1';
    document.templates = document.templates.map((t) =>
      t.key === 'welcome' && t.locale === 'id' ? { ...t, photo: foreign } : t,
    );
    const checked = checkConfig(JSON.parse(JSON.stringify(document)));
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    const result = await applyRestore(shop.app.db, checked.document, {
      adminId: OWNER_ID,
      audit: shop.app.audit,
      via: 'cli',
    });
    expect(result.ok && result.diff.templates.changed).toEqual([{ name: 'welcome/id', fields: ['photo'] }]);
    // As the bot's restore does: the next render reads the restored templates.
    shop.app.messages.invalidate();
    expect(photos((await current()).templates)).toContainEqual({
      key: 'welcome',
      locale: 'id',
      photo: foreign,
    });

    const buyer = shop.buyer(7302, 'Yani');
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor('Halo Yani 👋 selamat datang di');
    expect(welcome.photo).toBeUndefined();
  });
});
