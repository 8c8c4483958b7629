import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from 'grammy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { createAuditLog } from '../../src/infra/audit.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { addStock } from '../../src/shop/stock.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, type Harness, pressAndAnswer, pressData, startHarness } from './harness.ts';

const TOKEN = '7200030:admin-catalog-bot-token-for-tests';
const SECOND_ADMIN = 9003;
const OWNER_ID = 9002;
const FAST = { capacity: 10_000, refillPerSecond: 10_000 };

describe('catalog administration in the bot', () => {
  let h: Harness;
  let bot: Bot<BotContext>;
  let admin: SimUser;
  let logDir: string;

  const productCount = async () =>
    Number(
      (
        await h.deps.db
          .selectFrom('products')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditActions = async () =>
    (await h.deps.db.selectFrom('admin_audit').select(['action', 'target']).orderBy('id').execute()).map(
      (r) => `${r.action} ${r.target}`,
    );
  const auditLines = () =>
    readdirSync(join(logDir, 'audit'))
      .flatMap((file) => readFileSync(join(logDir, 'audit', file), 'utf8').split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; target?: string });

  beforeAll(async () => {
    h = await startHarness({
      TELEGRAM_ADMIN_IDS: `${ADMIN_ID},${SECOND_ADMIN}`,
      TELEGRAM_OWNER_IDS: String(OWNER_ID),
    });
    logDir = mkdtempSync(join(tmpdir(), 'admin-catalog-'));
    // The real audit log, so the test can read the lines it writes.
    h.deps.audit = createAuditLog({ dir: logDir, timeZone: 'Asia/Jakarta', retentionDays: 7, secrets: [] });
    bot = await h.startBot(TOKEN, FAST);
    admin = h.user(TOKEN, ADMIN_ID, 'Admin');
  });

  afterAll(async () => {
    h?.deps.audit.close();
    await h?.stop();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it('shows the admin menu with every entry, each opening its screen', async () => {
    admin.sendCommand('/admin');
    const menu = await admin.waitFor('Panel Admin');
    expect(menu.buttons.flat()).toEqual(
      expect.arrayContaining(['🛒 Produk', '🗂 Kategori', '📦 Stok', '🎟️ Voucher', '📜 SNK', '📋 Order']),
    );
    expect(menu.buttons.flat()).toEqual(
      expect.arrayContaining([
        '👥 User',
        '📣 Broadcast',
        '🛠 Template',
        '📊 Statistik',
        '💾 Backup konfigurasi',
        '♻️ Restore konfigurasi',
      ]),
    );
    expect(menu.text).toContain('Omzet');
    admin.press('🛠 Template');
    await admin.waitFor('Template pesan');
  });

  it('creates a category and a product through the menu, refusing bad input, surviving a restart', async () => {
    admin.sendCommand('/admin');
    await admin.waitFor('Panel Admin');
    admin.press('🗂 Kategori');
    await admin.waitFor('Pilih kategori untuk mengubah');
    admin.press('➕ Tambah Kategori');
    await admin.waitFor('Ketik nama kategori');
    admin.sendText('Game Online');
    await admin.waitFor('Ketik emoji kategori');
    admin.sendText('abc');
    await admin.waitFor('Yang diharapkan: satu emoji');
    admin.sendText('🕹️');
    await admin.waitFor('Kategori Game Online dibuat');

    const before = await productCount();
    admin.sendCommand('/admin');
    await admin.waitFor('Panel Admin');
    admin.press('🛒 Produk');
    await admin.waitFor('Format cepat');
    admin.press('➕ Tambah Produk');
    await admin.waitFor('Produk baru (1/5)');
    admin.sendText('tidak-ada');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('nomor, kode atau nama kategori yang ada');
    admin.sendText('game online');
    await admin.waitFor('Produk baru (2/5)');
    admin.sendText('MLBB 86');
    await admin.waitFor('Yang diharapkan: kode 1–64 karakter');
    admin.sendText('netflix-1b');
    await admin.waitFor('kode yang belum dipakai');
    admin.sendText('MLBB-86');
    await admin.waitFor('Produk baru (3/5)');
    admin.sendText('Diamond MLBB 86');
    await admin.waitFor('Produk baru (4/5)');
    admin.sendText('murah');
    await admin.waitFor('Yang diharapkan: harga berupa angka Rupiah');
    admin.sendText('-5000');
    await admin.waitFor('Yang diharapkan: harga lebih dari 0');
    admin.sendText('0');
    await admin.waitFor('Yang diharapkan: harga lebih dari 0');
    admin.sendText('Rp 45.000');
    await admin.waitFor('Produk baru (5/5)');
    expect(await productCount()).toBe(before);

    // A restart mid-wizard (once the step is recorded): the prompt and what was typed so
    // far live in the database.
    await eventually(async () =>
      expect((await getActor(h.deps.db, 'conversation', String(ADMIN_ID)))?.snapshot.context).toMatchObject({
        step: 'adminProductDescription',
        data: { code: 'MLBB-86', price: 45_000 },
      }),
    );
    await bot.stop();
    bot = await h.startBot(TOKEN, FAST);
    admin.sendText('-');
    const created = await admin.waitFor('Produk Diamond MLBB 86 dibuat');
    expect(created.buttons).toEqual([['📜 Tambah SNK', '⏭ Skip SNK']]);
    admin.press('⏭ Skip SNK');
    const screen = await admin.waitFor('Stok tersedia');
    expect(screen.text).toContain('Rp 45.000');
    expect(screen.buttons.flat()).toContain('📦 Stok');
    expect(await productCount()).toBe(before + 1);

    const product = await getProduct(h.deps.db, 'MLBB-86');
    expect(product).toMatchObject({ name: 'Diamond MLBB 86', price: 45_000, description: '', active: true });
    await addStock(h.deps.db, h.deps.cipher, product!.id, ['mlbb-a', 'mlbb-b']);

    const buyer = h.user(TOKEN, 701, 'Pembeli');
    buyer.sendCommand('/katalog');
    await buyer.waitFor('Pilih kategori');
    buyer.press(/Game Online/);
    await buyer.waitFor(/Diamond MLBB 86/);
    buyer.press(/Diamond MLBB 86/);
    await buyer.waitFor('Harga: Rp 45.000');
  });

  it('adds SNK with validated HTML and a preview', async () => {
    const product = await getProduct(h.deps.db, 'MLBB-86');
    await pressData(bot, admin, `admin:pedit:${product!.id}:snk`);
    await admin.waitFor('Ketik SNK');
    admin.sendText('<b>Garansi 1x24 jam</b');
    await admin.waitFor('Yang diharapkan: HTML Telegram yang valid');
    admin.sendText('<b>Garansi</b> 1x24 jam');
    const preview = await admin.waitFor('SNK tersimpan');
    expect(preview.text).toContain('Garansi 1x24 jam');
    expect((await getProduct(h.deps.db, 'MLBB-86'))?.snk).toBe('<b>Garansi</b> 1x24 jam');
  });

  it('creates and edits with the one-line formats; bad lines write nothing', async () => {
    admin.sendText('game-online|PUBG-60|UC PUBG 60|15k|Top up cepat');
    await admin.waitFor('Produk UC PUBG 60 (PUBG-60) dibuat');
    expect(await getProduct(h.deps.db, 'PUBG-60')).toMatchObject({
      price: 15_000,
      description: 'Top up cepat',
    });

    admin.sendText('PUBG-60|price=14.000,name=UC PUBG 60 Promo,description=Cepat, murah');
    const edited = await admin.waitFor('PUBG-60 diubah');
    expect(edited.text).toContain('harga 15.000 → 14.000');
    expect(await getProduct(h.deps.db, 'PUBG-60')).toMatchObject({
      name: 'UC PUBG 60 Promo',
      price: 14_000,
      description: 'Cepat, murah',
    });

    const before = await productCount();
    const bad: [string, string][] = [
      ['hiburan|BAD-1|Nama|1000|x', 'nomor, kode atau nama kategori yang ada'],
      ['game|BAD-2|Nama|seribu', 'harga berupa angka Rupiah'],
      ['game|BAD-3|Nama|-100', 'harga lebih dari 0'],
      ['PUBG-60|price=-1', 'harga lebih dari 0'],
      ['PUBG-60|category=hiburan', 'nomor, kode atau nama kategori yang ada'],
      ['PUBG-60|warna=merah', 'field name, price, description, category atau active'],
      ['TIDAK-ADA|price=1000', 'kode produk yang ada'],
    ];
    for (const [line, expected] of bad) {
      admin.sendText(line);
      expect((await admin.waitFor('Tidak disimpan')).text, line).toContain(expected);
    }
    expect(await productCount()).toBe(before);
    expect(await getProduct(h.deps.db, 'PUBG-60')).toMatchObject({ name: 'UC PUBG 60 Promo', price: 14_000 });

    // Not an admin: the same line is just text the bot does not understand.
    const stranger = h.user(TOKEN, 702, 'Orang');
    stranger.sendText('game|BAD-4|Nama|1000');
    await stranger.waitFor('belum paham');
    expect(await getProduct(h.deps.db, 'BAD-4')).toBeUndefined();
  });

  it('two admins saving the same product: the later one sees the change and confirms; owners are told', async () => {
    const product = (await getProduct(h.deps.db, 'PUBG-60'))!;
    const other = h.user(TOKEN, SECOND_ADMIN, 'Admin Dua');
    const owner = h.user(TOKEN, OWNER_ID, 'Pemilik');
    owner.sendCommand('/start');
    await owner.waitFor('Menu utama');
    const { version } = await h.deps.db
      .selectFrom('products')
      .select('version')
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();

    for (const who of [admin, other]) {
      await pressData(bot, who, `admin:pedit:${product.id}:price`);
      await who.waitFor('Ketik harga baru');
    }
    admin.sendText('40000');
    other.sendText('50000');
    const outcomes = await Promise.all(
      [admin, other].map((who) =>
        who.waitFor((m) => m.text.includes('Tersimpan') || m.text.includes('baru saja diubah')),
      ),
    );
    const conflicted = outcomes.findIndex((m) => m.text.includes('baru saja diubah'));
    expect(conflicted).not.toBe(-1);
    expect(outcomes.filter((m) => m.text.includes('Tersimpan'))).toHaveLength(1);
    const [winner, loser, winnerPrice, loserPrice] =
      conflicted === 1 ? [admin, other, 40_000, 50_000] : [other, admin, 50_000, 40_000];
    void winner;
    expect(outcomes[conflicted]!.text).toContain(
      `Produk ini baru saja diubah oleh admin lain: harga 14.000 → ${winnerPrice.toLocaleString('id-ID')}. Simpan tetap?`,
    );
    // Nothing of the later save is written until it is confirmed.
    expect((await getProduct(h.deps.db, 'PUBG-60'))?.price).toBe(winnerPrice);
    await owner.waitFor('Dua admin mengubah produk');

    loser.press('✅ Simpan tetap');
    await loser.waitFor('Tersimpan');
    expect((await getProduct(h.deps.db, 'PUBG-60'))?.price).toBe(loserPrice);
    const after = await h.deps.db
      .selectFrom('products')
      .select('version')
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(after.version).toBe(version + 2);
    const updates = await h.deps.db
      .selectFrom('admin_audit')
      .select(['admin_id', 'after'])
      .where('action', '=', 'product.update')
      .where('target', '=', 'product:PUBG-60')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(updates.map((u) => u.after)).toEqual([{ price: loserPrice }, { price: winnerPrice }]);
  });

  it('refuses to delete a product with sold items and offers to deactivate; deletes an unused one', async () => {
    const netflix = (await getProduct(h.deps.db, 'NETFLIX-1B'))!;
    // One item sold: the order history names this product.
    await sql`UPDATE stock_items SET status = 'sold', sold_at = now()
              WHERE id = (SELECT min(id) FROM stock_items WHERE product_id = ${netflix.id})`.execute(
      h.deps.db,
    );
    await pressData(bot, admin, `admin:pdel:${netflix.id}`);
    const refused = await admin.waitFor('tidak bisa dihapus');
    expect(refused.text).toContain('Nonaktifkan saja');
    expect(refused.buttons.flat()).toContain('🚫 Nonaktifkan');
    expect((await pressAndAnswer(admin, '🚫 Nonaktifkan')).text).toBe('🚫 Produk dinonaktifkan');
    expect(await getProduct(h.deps.db, 'NETFLIX-1B')).toMatchObject({ active: false });

    const pubg = (await getProduct(h.deps.db, 'PUBG-60'))!;
    await pressData(bot, admin, `admin:pdel:${pubg.id}`);
    await admin.waitFor('Hapus produk UC PUBG 60 Promo?');
    admin.press('✅ Ya, hapus');
    await admin.waitFor('Produk UC PUBG 60 Promo dihapus');
    expect(await getProduct(h.deps.db, 'PUBG-60')).toBeUndefined();
  });

  it('renames, reorders and refuses to delete a category that holds products', async () => {
    const game = await h.deps.db
      .selectFrom('categories')
      .selectAll()
      .where('code', '=', 'game')
      .executeTakeFirstOrThrow();
    const answer = await pressData(bot, admin, `admin:catdel:${game.id}`);
    expect(answer.text).toContain('Kategori masih berisi 10 produk');
    await pressData(bot, admin, `admin:catren:${game.id}`);
    await admin.waitFor('Ketik nama baru');
    admin.sendText('Game & Voucher');
    await admin.waitFor('Nama kategori diubah jadi Game & Voucher');
    expect((await pressData(bot, admin, `admin:catmove:${game.id}:up`)).text).toBe('↕️ Urutan diubah');
    const order = await h.deps.db.selectFrom('categories').select('code').orderBy('sort_order').execute();
    expect(order.map((c) => c.code).slice(0, 3)).toEqual(['streaming', 'game', 'musik']);
    expect(
      await h.deps.db.selectFrom('categories').select('name').where('id', '=', game.id).executeTakeFirst(),
    ).toEqual({
      name: 'Game & Voucher',
    });
  });

  it('wrote an audit row and an audit line for every change', async () => {
    const actions = await auditActions();
    for (const expected of [
      'category.create category:game-online',
      'product.create product:MLBB-86',
      'product.update product:MLBB-86',
      'product.create product:PUBG-60',
      'product.update product:PUBG-60',
      'product.update product:NETFLIX-1B',
      'product.delete product:PUBG-60',
      'category.rename category:game',
      'category.move category:game',
    ])
      expect(actions).toContain(expected);
    await eventually(() => {
      const lines = auditLines().map((l) => `${l.event.replace(/^admin\./, '')} ${l.target}`);
      expect(lines).toEqual(actions);
    });
  });
});
