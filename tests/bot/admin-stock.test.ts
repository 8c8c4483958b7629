import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import { openProduct, pace } from '../support/buyer.ts';
import { logText } from '../support/logs.ts';
import { eventually } from '../support/runtime.ts';
import { exampleCatalog, type Shop, startShop } from '../support/shop.ts';

const OWNER_ID = 9002;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000009077', 'hex');

let shop: Shop;

/** The example shop, with CapCut down to one item so a buyer gets what the admin uploads. */
function catalog() {
  const c = exampleCatalog() as { products: { code: string; stock?: string[] }[] };
  for (const p of c.products) if (p.code === 'CAPCUT-1B') p.stock = ['capcut-lama-1'];
  return c;
}

beforeAll(async () => {
  shop = await startShop({ catalog: catalog(), env: { TELEGRAM_OWNER_IDS: String(OWNER_ID) } });
});

afterAll(async () => {
  await shop?.stop();
});

const auditActions = async () =>
  (await sql<{ action: string }>`SELECT action FROM admin_audit ORDER BY id`.execute(shop.app.db)).rows.map(
    (r) => r.action,
  );

async function openStockOf(name: RegExp) {
  const admin = shop.admin;
  admin.sendCommand('/admin');
  await admin.waitFor('Panel Admin');
  admin.press('📦 Stok');
  await admin.waitFor('Kelola Stok');
  admin.press(name);
  await admin.waitFor(/Stok .* \(/);
}

async function buy(buyerId: number, voucher?: string): Promise<string> {
  const buyer = shop.buyer(buyerId);
  await openProduct(buyer, /Desain/, /CapCut Pro/, 'Harga: Rp 18.000');
  await pace();
  buyer.press('🛒 Tambah ke Keranjang');
  await buyer.waitFor('masuk keranjang');
  await pace();
  buyer.press('🛒 Lihat Keranjang');
  await buyer.waitFor('Total: Rp 18.000');
  if (voucher) {
    await pace();
    buyer.press('🎟️ Pakai Voucher');
    await buyer.waitFor('Ketik kode vouchernya');
    await pace();
    buyer.sendText(voucher);
    await buyer.waitFor('Total: Rp 14.400');
  }
  await pace();
  buyer.press('✅ Checkout QRIS');
  await buyer.waitFor('Pesanan sedang diproses');
  const cart = (await getActor(shop.app.db, 'checkout', String(buyerId)))?.snapshot
    .context as CheckoutContext;
  const orderId = cart.lastOrderId ?? '';
  await buyer.waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout: 15_000 });
  expect((await shop.pakasir.simulatePayment(orderId)).statusCode).toBe(200);
  const delivery = await buyer.waitFor(/Pesanan berhasil/, { timeout: 15_000 });
  return delivery.text;
}

describe('admin stock, vouchers and SNK from the phone', () => {
  it('refuses bad files, adds a .txt with duplicates skipped, and a buyer gets an uploaded item', async () => {
    const admin = shop.admin;
    const capcut = (await getProduct(shop.app.db, 'CAPCUT-1B'))!;
    await openStockOf(/CapCut Pro 1 Bulan \(1\)/);
    admin.press('➕ Tambah (1 baris = 1 item)');
    await admin.waitFor('Tambah stok CapCut');

    admin.sendDocument(Buffer.alloc(21 * 1024 * 1024, 'a'), 'besar.txt');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('paling besar 20 MB');
    admin.sendDocument(Buffer.alloc(0), 'kosong.txt');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('file ini kosong');
    admin.sendDocument(PNG, 'foto.png');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('bukan teks');
    admin.sendDocument(Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'biner.txt');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('bukan teks');
    expect((await stockCounts(shop.app.db, capcut.id)).available).toBe(1);
    expect(await auditActions()).toEqual([]);

    const file = ['capcut-lama-1', 'capcut-baru-1', 'capcut-baru-1', '', 'capcut-baru-2', 'x'.repeat(4001)];
    admin.sendDocument(Buffer.from(`${file.join('\r\n')}\r\n`), 'stok.txt');
    const summary = await admin.waitFor('ditambahkan: 2');
    expect(summary.text).toContain('Duplikat dilewati: 2 (sudah ada di stok: 1, berulang di kiriman: 1)');
    expect(summary.text).toContain('Ditolak: 2 (kosong: 1, lebih dari 4.000 karakter: 1)');
    expect(summary.text).toContain('Stok tersedia sekarang: 3');

    // The old item goes (masked list, confirmation), so the buyer's item must come from the upload.
    admin.press('📦 Buka Stok');
    await admin.waitFor('Stok CapCut');
    admin.press('👁️ Lihat Stok');
    const list = await admin.waitFor('Isi disamarkan');
    expect(list.text).not.toContain('capcut-lama-1');
    expect(list.text).toContain('ca…-1');
    const oldId = Number(/#(\d+)/.exec(list.text)?.[1]);
    admin.press(`👁 #${oldId}`);
    expect((await admin.waitFor('Item #')).text).toContain('capcut-lama-1');
    admin.press(`🗑 #${oldId}`);
    await admin.waitFor('dari stok?');
    admin.press('✅ Ya, hapus');
    await admin.waitFor((e) => e.text.includes('Isi disamarkan') && !e.text.includes(`#${oldId} `));
    expect((await stockCounts(shop.app.db, capcut.id)).available).toBe(2);

    const delivered = await buy(6201);
    expect(delivered).toContain('capcut-baru-1');

    expect(await auditActions()).toEqual(['stock.add', 'stock.reveal', 'stock.remove']);
    await eventually(async () => {
      const audit = logText(shop.logDir, 'audit');
      expect(audit).toContain('admin.stock.add');
      expect(audit).toContain('admin.stock.remove');
    });
    expect(logText(shop.logDir, 'audit')).not.toContain('capcut-baru');
  }, 90_000);

  it('tells the admins once when a sale brings stock down to the threshold', async () => {
    // CapCut: 1 left after the first sale (threshold 3) → one notice; the next sale adds none.
    await eventually(async () =>
      expect(shop.admin.messages().filter((m) => m.text.includes('Stok menipis'))).toHaveLength(1),
    );
    const notice = shop.admin.messages().find((m) => m.text.includes('Stok menipis'));
    expect(notice?.text).toContain('CapCut Pro 1 Bulan');
    expect(notice?.buttons).toEqual([['📦 Buka Stok']]);
    await buy(6202);
    expect(shop.admin.messages().filter((m) => m.text.includes('Stok menipis'))).toHaveLength(1);
  }, 60_000);

  it('creates a voucher from the one-line format (bad lines refused), and a buyer uses it', async () => {
    const admin = shop.admin;
    await openStockOf(/CapCut Pro 1 Bulan \(0\)/);
    admin.press('➕ Tambah (1 baris = 1 item)');
    await admin.waitFor('Tambah stok CapCut');
    admin.sendText('capcut-baru-3\ncapcut-baru-4\ncapcut-baru-5\ncapcut-baru-6');
    await admin.waitFor('ditambahkan: 4');

    admin.sendCommand('/admin');
    await admin.waitFor('Panel Admin');
    admin.press('🎟️ Voucher');
    await admin.waitFor('Voucher');
    admin.press('➕ Buat Voucher');
    await admin.waitFor('KODE | NOMINAL | BATAS_PAKAI');
    admin.sendText('HEMAT20 20%');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('tiga bagian dipisah "|"');
    admin.sendText('HE MAT | 20% | 5');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('KODE 3–32 karakter');
    admin.sendText('HEMAT20 | 120% | 5');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('persen 1–100');
    admin.sendText('HEMAT20 | 20% | lima');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('BATAS_PAKAI');
    const { rows: none } =
      await sql`SELECT 1 FROM vouchers WHERE code LIKE 'HE%MAT%' AND code <> 'HEMAT10'`.execute(shop.app.db);
    expect(none).toHaveLength(0);
    admin.sendText('hemat20 | 20% | 5');
    await admin.waitFor('Voucher HEMAT20 dibuat');

    const delivered = await buy(6203, 'HEMAT20');
    expect(delivered).toMatch(/capcut-baru-\d/);
    // Stock went back above the threshold (4 > 3) and this sale brought it to 3: told again, once.
    await eventually(async () =>
      expect(admin.messages().filter((m) => m.text.includes('Stok menipis'))).toHaveLength(2),
    );
    await pace();
    admin.press('📋 Daftar Voucher');
    expect((await admin.waitFor('Daftar voucher')).text).toContain('HEMAT20 — diskon 20%, dipakai 1/5');
    expect(await auditActions()).toContain('voucher.create');
  }, 90_000);

  it('sets SNK with a preview, refuses HTML Telegram would reject, and tells the owner', async () => {
    const owner = shop.buyer(OWNER_ID, 'Pemilik');
    owner.sendCommand('/start');
    await owner.waitFor('Menu utama');
    const admin = shop.admin;
    admin.sendCommand('/admin');
    await admin.waitFor('Panel Admin');
    admin.press('📜 SNK');
    await admin.waitFor('product_id|SNK baru atau product_id|hapus');
    admin.sendText('CAPCUT-1B|<b>Login di 1 perangkat');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('HTML yang bisa dibaca Telegram');
    admin.sendText('TIDAKADA|Apa saja');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('"TIDAKADA" tidak ditemukan');
    expect((await getProduct(shop.app.db, 'CAPCUT-1B'))?.snk ?? null).toBeNull();

    admin.sendText('CAPCUT-1B|<b>Login</b> di 1 perangkat saja');
    const preview = await admin.waitFor('Pratinjau SNK');
    expect(preview.text).toContain('Login di 1 perangkat saja');
    expect((await getProduct(shop.app.db, 'CAPCUT-1B'))?.snk ?? null).toBeNull();
    admin.press('✅ Simpan');
    await admin.waitFor('disimpan');
    expect((await getProduct(shop.app.db, 'CAPCUT-1B'))?.snk).toBe('<b>Login</b> di 1 perangkat saja');
    expect((await owner.waitFor('SNK')).text).toContain('CapCut Pro 1 Bulan');
    expect(await auditActions()).toContain('product.snk.update');
  }, 60_000);

  it('adds 10,000 lines from one file with a single progress message that is edited', async () => {
    const admin = shop.admin;
    const youtube = (await getProduct(shop.app.db, 'YOUTUBE-1B'))!;
    const before = (await stockCounts(shop.app.db, youtube.id)).available;
    await openStockOf(/YouTube Premium/);
    admin.press('➕ Tambah (1 baris = 1 item)');
    await admin.waitFor('Tambah stok YouTube');
    admin.skipPending();
    const from = admin.events().length;
    const lines = Array.from({ length: 10_000 }, (_, i) => `yt-akun-${i}@contoh.id:sandi-${i}`);
    const started = Date.now();
    admin.sendDocument(Buffer.from(lines.join('\n')), 'stok-besar.txt');
    await admin.waitFor('ditambahkan: 10000', { timeout: 120_000 });
    console.log(`10,000-line upload: ${Date.now() - started} ms`);
    const progress = admin
      .events()
      .slice(from)
      .filter((e) => e.kind === 'message' && e.text.includes('Menyimpan stok'));
    expect(progress).toHaveLength(1);
    const edits = admin
      .events()
      .slice(from)
      .filter((e) => e.kind === 'edit' && e.messageId === progress[0]?.messageId);
    expect(edits.at(-1)?.text).toContain('ditambahkan: 10000');
    expect((await stockCounts(shop.app.db, youtube.id)).available).toBe(before + 10_000);
  }, 150_000);
});
