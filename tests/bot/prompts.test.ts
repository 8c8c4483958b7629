import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor, getJournal } from '../../src/actors/queries.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import type { SimUser } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { credit } from '../../src/shop/ledger.ts';
import { openProduct } from '../support/buyer.ts';
import { eventually } from '../support/runtime.ts';
import { type Harness, pressAndAnswer, startHarness } from './harness.ts';

const TOKEN = '7200020:prompts-bot-token-for-tests';
const CONTACT = '@tokouji_admin';

describe('prompts, confirmations and first words', () => {
  let h: Harness;
  let netflixId: number;
  let nextId = 800;

  const newBuyer = (): SimUser => h.user(TOKEN, ++nextId, 'Dewi');
  const conversationOf = async (userId: number) => getActor(h.deps.db, 'conversation', String(userId));
  const cartOf = async (userId: number) =>
    (await getActor(h.deps.db, 'checkout', String(userId)))?.snapshot.context as CheckoutContext | undefined;

  /** Netflix in the cart and the cart on screen. */
  async function withCart(buyer: SimUser, quantity = 2): Promise<void> {
    await h.deps.runtime.send('checkout', String(buyer.id), { type: 'ADD', productId: netflixId, quantity });
    buyer.sendCommand('/keranjang');
    await buyer.waitFor('Keranjang Belanja');
  }

  const openNetflix = (buyer: SimUser) =>
    openProduct(buyer, /Streaming/, /Netflix Premium/, 'Harga: Rp 25.000');

  beforeAll(async () => {
    h = await startHarness({ BOT_SUPPORT_CONTACT: CONTACT });
    await h.startBot(TOKEN, { capacity: 10_000, refillPerSecond: 10_000 });
    netflixId = (await getProduct(h.deps.db, 'NETFLIX-1B'))!.id;
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('asks for a typed quantity, says what it expected, and keeps to the stock', async () => {
    const buyer = newBuyer();
    await openNetflix(buyer);
    buyer.press('🔢 1');
    const prompt = await buyer.waitFor('Mau beli berapa');
    expect(prompt.text).toContain('(1–5)');
    expect(prompt.buttons).toEqual([['❌ Batal']]);

    buyer.sendText('dua');
    const notNumber = await buyer.waitFor('Belum sesuai');
    expect(notNumber.text).toContain('Yang diharapkan: angka 1–5');
    buyer.sendText('9');
    const overStock = await buyer.waitFor('Belum sesuai');
    expect(overStock.text).toContain('stok tersedia cuma 5');
    buyer.sendText('0');
    await buyer.waitFor('Yang diharapkan: angka 1–5');
    expect((await conversationOf(buyer.id))?.state).toBe('active');

    buyer.sendText('3');
    const product = await buyer.waitFor('Jumlah: 3 → Total Rp 75.000');
    expect(product.buttons).toContainEqual(['➖', '🔢 3', '➕']);
    await eventually(async () => expect((await conversationOf(buyer.id))?.state).toBe('idle'));
    await eventually(async () =>
      expect(buyer.messages().find((m) => m.messageId === prompt.messageId)?.buttons).toEqual([]),
    );
    expect(buyer.messages().some((m) => m.text.includes('belum paham'))).toBe(false);
  });

  it('takes "❌ Batal", "batal" and /batal at any prompt, and says when nothing is open', async () => {
    const buyer = newBuyer();
    await openNetflix(buyer);
    buyer.press('🔢 1');
    await buyer.waitFor('Mau beli berapa');
    buyer.sendText('batal');
    await buyer.waitFor('Oke, dibatalkan');
    expect((await conversationOf(buyer.id))?.state).toBe('idle');
    buyer.sendText('3');
    await buyer.waitFor('tekan tombol 🔢');

    buyer.press('🔢 1');
    await buyer.waitFor('Mau beli berapa');
    buyer.sendCommand('/batal');
    await buyer.waitFor('Oke, dibatalkan');

    buyer.press('🔢 1');
    await buyer.waitFor('Mau beli berapa');
    await pressAndAnswer(buyer, '❌ Batal');
    await buyer.waitFor('Oke, dibatalkan');
    expect((await conversationOf(buyer.id))?.state).toBe('idle');
    // Every prompt that is over has lost its "❌ Batal" button, however it ended.
    const prompts = buyer.messages().filter((m) => m.text.includes('Mau beli berapa'));
    expect(prompts.map((m) => m.buttons)).toEqual([[], [], []]);

    buyer.sendCommand('/batal');
    await buyer.waitFor('tidak ada yang dibatalkan');
    const ends = (await getJournal(h.deps.db, 'conversation', String(buyer.id))).filter(
      (entry) => entry.event.type === 'END',
    );
    expect(ends.map((entry) => entry.event.reason)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('lets menu buttons and commands work mid-prompt, and leaves the prompt', async () => {
    const buyer = newBuyer();
    await withCart(buyer);
    buyer.press('🎟️ Pakai Voucher');
    const prompt = await buyer.waitFor('Ketik kode vouchernya');
    buyer.sendText('💰 Saldo');
    await buyer.waitFor('Saldo kamu');
    expect(buyer.messages().find((m) => m.messageId === prompt.messageId)?.buttons).toEqual([]);
    // The prompt is over: a code typed now is not taken as one.
    buyer.sendText('HEMAT10');
    await buyer.waitFor('belum paham');
    expect((await cartOf(buyer.id))?.voucher).toBeNull();

    buyer.sendText('📦 Riwayat Pesanan');
    await buyer.waitFor('belum punya pesanan');
    buyer.press('🛒 Keranjang');
    await buyer.waitFor('Keranjang Belanja');
  });

  it('takes only what looks like a code after the voucher prompt; other text is answered normally', async () => {
    const buyer = newBuyer();
    await withCart(buyer);
    buyer.press('🎟️ Pakai Voucher');
    await buyer.waitFor('Ketik kode vouchernya');
    buyer.sendText('BERAPA HARGA NETFLIX?');
    await buyer.waitFor('belum paham');
    expect(buyer.messages().some((m) => m.text.includes('tidak bisa dipakai'))).toBe(false);
    expect((await conversationOf(buyer.id))?.state).toBe('idle');

    buyer.press('🎟️ Pakai Voucher');
    await buyer.waitFor('Ketik kode vouchernya');
    buyer.sendText('halo kak');
    await buyer.waitFor('Selamat datang');

    buyer.sendCommand('/keranjang');
    await buyer.waitFor('Keranjang Belanja');
    buyer.press('🎟️ Pakai Voucher');
    await buyer.waitFor('Ketik kode vouchernya');
    buyer.sendText('NGASAL99');
    await buyer.waitFor('Voucher NGASAL99 tidak bisa dipakai: kode voucher tidak ditemukan');
    buyer.press('🎟️ Pakai Voucher');
    await buyer.waitFor('Ketik kode vouchernya');
    buyer.sendText(' hemat10 ');
    await buyer.waitFor('Total: Rp 45.000');
    expect((await cartOf(buyer.id))?.voucher).toEqual({ code: 'HEMAT10' });
  });

  it('welcomes greetings instead of "belum paham"', async () => {
    const buyer = newBuyer();
    for (const greeting of ['halo', 'Hai!', 'p', 'min', 'Assalamualaikum', 'haiii kak 🙏', 'selamat pagi']) {
      buyer.sendText(greeting);
      const welcome = await buyer.waitFor('Selamat datang');
      expect(welcome.text).toContain('Halo, Dewi!');
      await buyer.waitFor('Menu utama');
    }
    buyer.sendText('halo, stok netflix ada?');
    await buyer.waitFor('belum paham');
  });

  it('names the seller contact in /help', async () => {
    const buyer = newBuyer();
    buyer.sendCommand('/help');
    const help = await buyer.waitFor('Hubungi penjual');
    expect(help.text).toContain(`Hubungi penjual: ${CONTACT}`);
    buyer.sendText('❓ Bantuan');
    expect((await buyer.waitFor('Hubungi penjual')).text).toContain(CONTACT);
  });

  it('asks once before paying from the balance', async () => {
    const buyer = newBuyer();
    await credit(h.deps.db, {
      userId: buyer.id,
      amount: 100_000,
      reason: 'adjustment',
      ref: `t${buyer.id}`,
    });
    await withCart(buyer);
    buyer.press('💰 Bayar pakai Saldo');
    const question = await buyer.waitFor('Bayar pakai saldo?');
    expect(question.kind).toBe('edit');
    expect(question.text).toContain('Total: Rp 50.000');
    expect(question.text).toContain('Saldo kamu: Rp 100.000 → sisa Rp 50.000');
    expect(question.buttons).toEqual([['✅ Ya, bayar', '❌ Tidak']]);
    const checkouts = async () =>
      (await getJournal(h.deps.db, 'checkout', String(buyer.id))).filter((e) => e.event.type === 'CHECKOUT');
    expect(await checkouts()).toEqual([]);

    buyer.press('❌ Tidak');
    await buyer.waitFor('Keranjang Belanja');
    expect(await checkouts()).toEqual([]);

    buyer.press('💰 Bayar pakai Saldo');
    await buyer.waitFor('Bayar pakai saldo?');
    buyer.press('✅ Ya, bayar');
    await buyer.waitFor('Pesanan sedang diproses');
    const placed = await checkouts();
    expect(placed).toHaveLength(1);
    expect(placed[0]?.event).toMatchObject({ method: 'balance' });
    expect((await cartOf(buyer.id))?.items).toEqual([]);
  });
});
