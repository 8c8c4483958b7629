import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import { rupiah } from '../../src/bot/format.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { getOrder } from '../../src/shop/orders.ts';
import { quoteOrder } from '../../src/shop/pricing.ts';
import { createVoucher, listVouchers } from '../../src/shop/vouchers.ts';
import { pressData, testCatalog } from '../bot/harness.ts';
import { pace } from '../support/buyer.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({ catalog: testCatalog });
});

afterAll(async () => {
  await shop?.stop();
});

const voucherCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM vouchers`.execute(shop.app.db)).rows[0]?.n;

async function fillCart(buyerId: number, lines: [code: string, quantity: number][], lang = 'id') {
  const buyer = shop.buyer(buyerId, `Pembeli ${buyerId}`, lang);
  buyer.sendCommand('/start');
  await buyer.waitFor(lang === 'id' ? 'Selamat datang' : 'Welcome');
  for (const [code, quantity] of lines) {
    const product = (await getProduct(shop.app.db, code))!;
    await pace();
    await pressData(shop.app.bot, buyer, `cart:add:${product.id}:${quantity}`);
  }
  await pace();
  return buyer;
}

describe('a voucher for one product or one category', () => {
  it('an admin creates scoped vouchers: guided (pick a product) and in one line (kategori:Nama)', async () => {
    const admin = shop.admin;
    admin.sendCommand('/admin');
    await admin.waitFor('Panel Admin');
    admin.press('🎟️ Voucher');
    await admin.waitFor('Voucher');
    admin.press('🎯 Voucher Produk/Kategori');
    await admin.waitFor('Voucher khusus');
    admin.press('🛒 Satu Produk');
    await admin.waitFor('Pilih produk');
    admin.press('Netflix Premium 1 Bulan');
    await admin.waitFor('Voucher khusus produk Netflix Premium 1 Bulan — ketik satu baris');
    // A second scope on top of the chosen one is refused.
    admin.sendText('NETFLIX20 | 20% | 10 | kategori:Musik');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('satu cakupan saja');
    admin.sendText('netflix20 | 20% | 10');
    const created = await admin.waitFor('Voucher NETFLIX20 dibuat');
    expect(created.text).toContain('khusus produk Netflix Premium 1 Bulan');

    admin.sendCommand('/admin');
    await admin.waitFor('Panel Admin');
    admin.press('🎟️ Voucher');
    await admin.waitFor('Voucher');
    admin.press('➕ Buat Voucher');
    await admin.waitFor('produk:NETFLIX-1B');
    const before = await voucherCount();
    admin.sendText('MUSIK20K | 20000 | 10 | produk:TIDAKADA');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('"TIDAKADA" tidak ditemukan');
    admin.sendText('MUSIK20K | 20000 | 10 | produk:NETFLIX-1B | kategori:Musik');
    expect((await admin.waitFor('Belum sesuai')).text).toContain('satu cakupan saja');
    expect(await voucherCount()).toBe(before);
    // The seed's format without a scope keeps working; the 4th field adds one.
    admin.sendText('MUSIK20K | 20000 | 10 | kategori:musik');
    expect((await admin.waitFor('Voucher MUSIK20K dibuat')).text).toContain('khusus kategori Musik');

    admin.press('📋 Daftar Voucher');
    const list = await admin.waitFor('Daftar voucher');
    expect(list.text).toContain(
      'NETFLIX20 — diskon 20%, dipakai 0/10, khusus produk Netflix Premium 1 Bulan',
    );
    expect(list.text).toContain('MUSIK20K — diskon Rp 20.000, dipakai 0/10, khusus kategori Musik');
    expect(list.text).toContain('HEMAT10 — diskon 10%');
    expect(list.text).not.toMatch(/HEMAT10 — [^\n]*khusus/);

    const { rows } = await sql<{ code: string; action: string }>`
      SELECT target AS code, action FROM admin_audit ORDER BY id`.execute(shop.app.db);
    expect(rows).toEqual([
      { code: 'voucher:NETFLIX20', action: 'voucher.create' },
      { code: 'voucher:MUSIK20K', action: 'voucher.create' },
    ]);
  }, 60_000);

  it('discounts only the matching product; cart, order and invoice agree', async () => {
    const netflix = (await getProduct(shop.app.db, 'NETFLIX-1B'))!;
    const spotify = (await getProduct(shop.app.db, 'SPOTIFY-1B'))!;
    const buyer = await fillCart(3201, [
      ['NETFLIX-1B', 1],
      ['SPOTIFY-1B', 2],
    ]);
    buyer.sendCommand('/voucher', 'netflix20');
    const cart = await buyer.waitFor('Voucher NETFLIX20 dipakai', { timeout: 10_000 });
    // 25.000 + 2 × 15.000 = 55.000; 20 % of the Netflix line only: 5.000.
    expect(cart.text).toContain('Kamu hemat Rp 5.000');
    expect(cart.text).toContain('Voucher NETFLIX20 (khusus produk Netflix Premium 1 Bulan): -Rp 5.000');
    expect(cart.text).toContain(`Total: ${rupiah(50_000)}`);

    const quote = await quoteOrder(shop.app.db, {
      userId: buyer.id,
      lines: [
        { productId: netflix.id, quantity: 1 },
        { productId: spotify.id, quantity: 2 },
      ],
      voucherCode: 'NETFLIX20',
    });
    expect(quote).toMatchObject({ subtotal: 55_000, discount: 5_000, total: 50_000 });

    await pace();
    buyer.press('✅ Checkout QRIS');
    await buyer.waitFor('Pesanan sedang diproses');
    const checkout = (await getActor(shop.app.db, 'checkout', String(buyer.id)))?.snapshot
      .context as CheckoutContext;
    const orderId = checkout.lastOrderId ?? '';
    await buyer.waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout: 15_000 });
    expect(await getOrder(shop.app.db, orderId)).toMatchObject({
      subtotal: 55_000,
      discount: 5_000,
      total: 50_000,
      voucherCode: 'NETFLIX20',
    });
    const charged = await eventually(async () => {
      const txn = shop.pakasir.transaction(orderId);
      expect(txn).toBeDefined();
      return txn!;
    });
    expect(charged.amount).toBe(50_000);
  }, 60_000);

  it('caps a fixed category voucher at that category’s lines', async () => {
    const buyer = await fillCart(3202, [
      ['NETFLIX-1B', 1],
      ['SPOTIFY-1B', 1],
    ]);
    buyer.sendCommand('/voucher', 'MUSIK20K');
    const cart = await buyer.waitFor('Voucher MUSIK20K dipakai', { timeout: 10_000 });
    // Rp 20.000 off, but the Musik line is only Rp 15.000: the Netflix line is not discounted.
    expect(cart.text).toContain('Kamu hemat Rp 15.000');
    expect(cart.text).toContain(`Total: ${rupiah(25_000)}`);
  }, 30_000);

  it('refuses a cart with only other products, saying what the voucher is for (id and en)', async () => {
    const buyer = await fillCart(3203, [['SPOTIFY-1B', 3]]);
    buyer.sendCommand('/voucher', 'NETFLIX20');
    const refused = await buyer.waitFor('tidak bisa dipakai', { timeout: 10_000 });
    expect(refused.text).toContain(
      'Voucher NETFLIX20 tidak bisa dipakai: voucher ini khusus produk Netflix Premium 1 Bulan, dan produk itu tidak ada di keranjangmu.',
    );
    const checkout = (await getActor(shop.app.db, 'checkout', String(buyer.id)))?.snapshot
      .context as CheckoutContext;
    expect(checkout.voucher).toBeNull();

    const english = await fillCart(3204, [['GAME-1', 1]], 'en');
    english.sendCommand('/voucher', 'MUSIK20K');
    expect((await english.waitFor("can't be used", { timeout: 10_000 })).text).toContain(
      'this voucher is only for the Musik category, and your cart has none of it',
    );
  }, 60_000);

  it('measures a scoped minimum purchase on the matching lines only', async () => {
    const netflix = (await getProduct(shop.app.db, 'NETFLIX-1B'))!;
    const spotify = (await getProduct(shop.app.db, 'SPOTIFY-1B'))!;
    await createVoucher(shop.app.db, {
      code: 'NFMIN',
      kind: 'fixed',
      value: 3_000,
      maxUses: null,
      minPurchase: 50_000,
      perUserLimit: null,
      validFrom: null,
      validUntil: null,
      productId: netflix.id,
      categoryId: null,
    });
    const quote = (lines: [number, number][]) =>
      quoteOrder(shop.app.db, {
        userId: 3205,
        lines: lines.map(([productId, quantity]) => ({ productId, quantity })),
        voucherCode: 'NFMIN',
      });
    // 25.000 of Netflix + 60.000 of Spotify: the cart is over 50.000, the Netflix lines are not.
    const short = await quote([
      [netflix.id, 1],
      [spotify.id, 4],
    ]);
    expect(short.voucher?.result).toMatchObject({ ok: false, reason: 'below_minimum', minPurchase: 50_000 });
    expect(short.discount).toBe(0);
    const enough = await quote([
      [netflix.id, 2],
      [spotify.id, 1],
    ]);
    expect(enough).toMatchObject({ subtotal: 65_000, discount: 3_000, total: 62_000 });
  });

  it('a voucher whose category is deleted applies to nothing (never to the whole cart)', async () => {
    const netflix = (await getProduct(shop.app.db, 'NETFLIX-1B'))!;
    const category = await shop.app.db
      .insertInto('categories')
      .values({ code: 'sementara', name: 'Sementara' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const base = {
      kind: 'percent' as const,
      value: 50,
      maxUses: null,
      minPurchase: 0,
      perUserLimit: null,
      validFrom: null,
      validUntil: null,
      productId: null,
    };
    await createVoucher(shop.app.db, { ...base, code: 'SEMENTARA', categoryId: category.id });
    await shop.app.db.deleteFrom('categories').where('id', '=', category.id).execute();
    const quote = await quoteOrder(shop.app.db, {
      userId: 3206,
      lines: [{ productId: netflix.id, quantity: 1 }],
      voucherCode: 'SEMENTARA',
    });
    expect(quote.voucher?.result).toEqual({ ok: false, reason: 'unknown' });
    expect(quote.total).toBe(25_000);
    const listed = (await listVouchers(shop.app.db, { page: 1, pageSize: 50 })).items.find(
      (v) => v.code === 'SEMENTARA',
    );
    expect(listed?.scope).toEqual({ kind: 'category', id: null, name: '' });
  });
});
