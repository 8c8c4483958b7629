import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor, getJournal } from '../../src/actors/queries.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import type { ChatEvent, SimUser } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { type Harness, pressAndAnswer, pressData, startHarness } from './harness.ts';

const TOKEN = '7200001:shopping-bot-token-for-tests';
const BUYER = 501;

function labelsOf(event: ChatEvent): string[] {
  return (event.replyKeyboard?.keyboard ?? []).flat().map((b) => (typeof b === 'string' ? b : b.text));
}

describe('shopping through the bot', () => {
  let h: Harness;
  let bot: Bot<BotContext>;
  let buyer: SimUser;
  let netflixId: number;

  const cartOf = async (userId: number) =>
    (await getActor(h.deps.db, 'checkout', String(userId)))?.snapshot.context as CheckoutContext | undefined;

  beforeAll(async () => {
    h = await startHarness();
    // Spam protection has its own test; here the scripted buyers click faster than humans.
    bot = await h.startBot(TOKEN, { capacity: 10_000, refillPerSecond: 10_000 });
    buyer = h.user(TOKEN, BUYER, 'Budi');
    netflixId = (await getProduct(h.deps.db, 'NETFLIX-1B'))!.id;
    const vouchers = await h.deps.db.selectFrom('vouchers').select(['id', 'code']).execute();
    const voucherId = (code: string) => vouchers.find((v) => v.code === code)!.id;
    await h.deps.db
      .insertInto('voucher_redemptions')
      .values([
        { voucher_id: voucherId('HABIS'), user_id: 777, order_id: 'INVOTHER0001' },
        { voucher_id: voucherId('SEKALI'), user_id: BUYER, order_id: 'INVMINE00001' },
      ])
      .execute();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('welcomes with live stats, categories and the reply menu in one welcome message', async () => {
    buyer.sendCommand('/start');
    const welcome = await buyer.waitFor('Selamat datang');
    expect(welcome.text).toContain('Halo, Budi! Selamat datang di Toko Uji');
    expect(welcome.text).toContain('Produk tersedia: 12');
    expect(welcome.text).toContain('Transaksi sukses: 0');
    expect(welcome.text).toContain('Pengguna: 1');
    expect(welcome.entities.some((entity) => entity.type === 'bold')).toBe(true);
    expect(welcome.buttons).toEqual([
      ['🎬 Streaming (1)', '🎵 Musik (1)'],
      ['🎮 Game (10)', '✏️ Desain (1)'],
      ['🧭 Semua Produk'],
    ]);
    const menu = await buyer.waitFor('Menu utama');
    expect(labelsOf(menu)).toEqual([
      '🛍️ Katalog',
      '🛒 Keranjang',
      '📦 Riwayat Pesanan',
      '💰 Saldo',
      '❓ Bantuan',
    ]);
    expect(buyer.messages().filter((m) => m.from === 'bot')).toHaveLength(2);
  });

  it('browses a category, a product and picks a quantity in place', async () => {
    buyer.press('🎬 Streaming (1)');
    const list = await buyer.waitFor('Streaming');
    expect(list.kind).toBe('edit');
    expect(list.text).toContain('Netflix Premium 1 Bulan');
    expect(list.text).toContain('💵 Rp 25.000 · 📦 Stok: 5 · 🔥 Terjual: 0');

    buyer.press(/Netflix Premium/);
    const detail = await buyer.waitFor('Harga: Rp 25.000');
    expect(detail.text).toContain('Akun sharing 1 profil <UHD>.');
    expect(detail.buttons).toContainEqual(['➖', '🔢 1', '➕']);
    expect(detail.buttons).toContainEqual(['x2', 'x5']);

    buyer.press('➕');
    await buyer.waitFor('Jumlah: 2');
    buyer.press('➕');
    await buyer.waitFor('Jumlah: 3');
    buyer.press('➖');
    await buyer.waitFor('Jumlah: 2 → Total Rp 50.000');
    buyer.press('➖');
    await buyer.waitFor('Jumlah: 1 → Total Rp 25.000');
    // Below one: the page stays as it is ("message is not modified" is not an error).
    const edits = buyer.events().length;
    expect((await pressAndAnswer(buyer, '➖')).text).toBe('⚠️ Jumlah minimal 1 ya');
    expect(buyer.events().length).toBe(edits);
  });

  it('clamps a huge quantity to the stock with a message', async () => {
    const answer = await pressData(bot, buyer, `qty:${netflixId}:999`);
    expect(answer.text).toBe('⚠️ Stok cuma 5, jumlah disesuaikan jadi 5');
    expect(answer.showAlert).toBe(true);
    const clamped = await buyer.waitFor('Jumlah: 5');
    expect(clamped.buttons).toContainEqual(['➖', '🔢 5', '➕']);
  });

  it('adds to the cart and shows line totals', async () => {
    buyer.press('x2');
    await buyer.waitFor('Jumlah: 2');
    const added = await pressAndAnswer(buyer, '🛒 Tambah ke Keranjang');
    expect(added.text).toBe('✅ 2× Netflix Premium 1 Bulan masuk keranjang');
    await buyer.waitFor('masuk keranjang!');
    expect((await cartOf(BUYER))?.items).toEqual([{ productId: netflixId, quantity: 2 }]);

    buyer.press('🛒 Lihat Keranjang');
    const cart = await buyer.waitFor('Keranjang Belanja');
    expect(cart.text).toContain('2 × Rp 25.000 = Rp 50.000');
    expect(cart.text).toContain('Subtotal: Rp 50.000');
    expect(cart.text).toContain('Total: Rp 50.000');
    expect(cart.buttons).toContainEqual(['➖', '2× Netflix Premium 1 Bul…', '➕', '🗑️']);
    expect(cart.buttons.flat()).toEqual(
      expect.arrayContaining(['🎟️ Pakai Voucher', '🧹 Kosongkan', '✅ Checkout QRIS', '💰 Bayar pakai Saldo']),
    );

    buyer.press('➕');
    await buyer.waitFor('3 × Rp 25.000 = Rp 75.000');
    buyer.press('➖');
    await buyer.waitFor('2 × Rp 25.000 = Rp 50.000');
  });

  it('refuses to add beyond the stock or a non-positive quantity, changing nothing', async () => {
    const over = await pressData(bot, buyer, `cart:add:${netflixId}:4`);
    expect(over.text).toContain('Kamu bisa tambah paling banyak 3 lagi');
    const zero = await pressData(bot, buyer, `cart:add:${netflixId}:0`);
    expect(zero.text).toBe('⚠️ Jumlahnya harus bilangan bulat positif ya');
    expect((await cartOf(BUYER))?.items).toEqual([{ productId: netflixId, quantity: 2 }]);
  });

  it('answers stale or crafted buttons with a friendly notice and does nothing else', async () => {
    const before = buyer.messages().length;
    for (const data of [
      'cart:hack:1',
      'cat:999:1',
      'order:cancel:INVNOTEXISTS',
      'prod:abc',
      'orders:page:0',
    ]) {
      const answer = await pressData(bot, buyer, data);
      expect(answer.text).toBe('⚠️ Tombol ini sudah tidak berlaku. Buka menunya lagi ya 🙏');
    }
    // Only the test's own five button messages were added; none was edited.
    expect(buyer.messages().length).toBe(before + 5);
    expect((await pressData(bot, buyer, 'prod:999999')).text).toBe('😔 Produk ini sudah tidak dijual.');
  });

  it('paginates a long category and marks sold-out products', async () => {
    buyer.sendCommand('/katalog');
    await buyer.waitFor('Pilih kategori');
    buyer.press('🎮 Game (10)');
    const first = await buyer.waitFor('hal. 1/2');
    expect(first.text).toContain('Voucher Game 08');
    expect(first.text).not.toContain('Voucher Game 09');
    buyer.press('▶️');
    const second = await buyer.waitFor('hal. 2/2');
    expect(second.text).toContain('9. Voucher Game 09');
    expect(second.buttons).toContainEqual(['◀️', '2/2']);

    buyer.press('⬅️ Kategori');
    await buyer.waitFor('Pilih kategori');
    buyer.press('✏️ Desain (1)');
    const desain = await buyer.waitFor('Canva Pro');
    expect(desain.text).toContain('❌ Stok habis');
    const soldOut = await pressAndAnswer(buyer, /Canva Pro/);
    expect(soldOut.text).toBe('❌ Stok habis');
    const page = await buyer.waitFor('Harga: Rp 30.000');
    expect(page.text).toContain('Stok habis');
    expect(page.buttons.flat()).not.toContain('🛒 Tambah ke Keranjang');
  });

  it('explains every voucher refusal precisely, then applies a valid one', async () => {
    buyer.sendCommand('/keranjang');
    await buyer.waitFor('Keranjang Belanja');
    buyer.press('🎟️ Pakai Voucher');
    await buyer.waitFor('Ketik kode vouchernya');
    buyer.sendText('ngawur');
    expect((await buyer.waitFor('NGAWUR')).text).toContain('kode voucher tidak ditemukan');

    const refusals: [string, RegExp][] = [
      ['LAMA', /voucher sudah kedaluwarsa sejak 1 Jan 2020/],
      ['BESOK', /voucher baru bisa dipakai mulai 1 Jan 2099/],
      ['HABIS', /kuota voucher sudah habis/],
      ['SEKALI', /kamu sudah pernah memakai voucher ini/],
      ['MINIMAL', /minimal belanja Rp 1\.000\.000/],
    ];
    for (const [code, reason] of refusals) {
      buyer.sendCommand('/voucher', code);
      const refused = await buyer.waitFor(`Voucher ${code} tidak bisa dipakai`);
      expect(refused.text).toMatch(reason);
    }
    expect((await cartOf(BUYER))?.voucher).toBeNull();

    buyer.sendCommand('/voucher', 'hemat10');
    const applied = await buyer.waitFor('Voucher HEMAT10 dipakai');
    expect(applied.text).toContain('Kamu hemat Rp 5.000');
    expect(applied.text).toContain('Voucher HEMAT10: -Rp 5.000');
    expect(applied.text).toContain('Total: Rp 45.000');
    expect((await cartOf(BUYER))?.voucher).toEqual({ code: 'HEMAT10' });
  });

  it('checks out: CHECKOUT reaches the cart actor once, with the order id, and empties the cart', async () => {
    buyer.press('✅ Checkout QRIS');
    const placing = await buyer.waitFor('Pesanan sedang diproses');
    expect(placing.kind).toBe('edit');
    const cart = await cartOf(BUYER);
    expect(cart?.items).toEqual([]);
    expect(cart?.voucher).toBeNull();
    expect(cart?.lastOrderId).toMatch(/^INV\d{6}[A-Z0-9]{6}$/);
    const journal = await getJournal(h.deps.db, 'checkout', String(BUYER));
    const checkouts = journal.filter((entry) => entry.event.type === 'CHECKOUT');
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]?.event).toMatchObject({ orderId: cart?.lastOrderId, method: 'qris', lang: 'id' });
    expect(checkouts[0]?.dedupe_key).toMatch(/^cb:/);
  });

  it('refuses checkout from a stale button once the cart is empty', async () => {
    const sari = h.user(TOKEN, 502, 'Sari');
    sari.sendCommand('/keranjang');
    const empty = await sari.waitFor('Keranjangmu masih kosong');
    expect(empty.buttons.flat()).not.toContain('✅ Checkout QRIS');

    sari.sendCommand('/katalog');
    await sari.waitFor('Pilih kategori');
    sari.press('🎵 Musik (1)');
    await sari.waitFor('Spotify');
    sari.press(/Spotify/);
    await sari.waitFor('Harga: Rp 15.000');
    await pressAndAnswer(sari, '🛒 Tambah ke Keranjang');
    sari.sendCommand('/keranjang');
    await sari.waitFor('Total: Rp 15.000');
    sari.sendCommand('/keranjang');
    await sari.waitFor('Total: Rp 15.000');
    expect((await pressAndAnswer(sari, '🧹 Kosongkan')).text).toBe('🧹 Keranjang dikosongkan');
    await sari.waitFor('Keranjangmu masih kosong');

    // The older cart message still shows its checkout button.
    const refused = await pressAndAnswer(sari, '✅ Checkout QRIS');
    expect(refused.text).toContain('Keranjangmu masih kosong');
    expect((await cartOf(502))?.lastOrderId).toBeNull();
  });

  it('refuses checkout while three invoices are open, and a balance payment without balance', async () => {
    const dewi = h.user(TOKEN, 503, 'Dewi');
    for (const n of [1, 2, 3]) {
      await h.deps.db
        .insertInto('orders')
        .values({
          id: `INVOPEN0000${n}`,
          user_id: 503,
          status: 'awaiting_payment',
          payment_method: 'qris',
          subtotal: 15_000,
          total: 15_000,
        })
        .execute();
    }
    await pressData(bot, dewi, `cart:add:${netflixId}:1`);
    dewi.sendCommand('/keranjang');
    await dewi.waitFor('Total: Rp 25.000');
    dewi.press('✅ Checkout QRIS');
    await dewi.waitFor('Kamu masih punya 3 tagihan yang belum dibayar');
    dewi.press('💰 Bayar pakai Saldo');
    await dewi.waitFor('Saldo kamu tidak cukup (saldo: Rp 0)');
    expect((await cartOf(503))?.lastOrderId).toBeNull();
    expect((await cartOf(503))?.items).toHaveLength(1);
  });
});
