import type { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor, getJournal, listActors } from '../../src/actors/queries.ts';
import { BOT_COMMANDS, setCommands } from '../../src/bot/bot.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { ChatEvent } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { credit } from '../../src/shop/ledger.ts';
import { setUserBlocked } from '../../src/shop/users.ts';
import { ADMIN_ID, type Harness, pressAndAnswer, pressData, startHarness } from './harness.ts';

const TOKEN = '7200002:account-bot-token-for-tests';
const STRICT_TOKEN = '7200003:strict-bot-token-for-tests';
const BUYER = 601;
const DELIVERED = 'INVTESTDELIV1';
const AWAITING = 'INVTESTWAIT01';

function labelsOf(event: ChatEvent): string[] {
  return (event.replyKeyboard?.keyboard ?? []).flat().map((b) => (typeof b === 'string' ? b : b.text));
}

describe('orders, balance, admin and guards', () => {
  let h: Harness;
  let bot: Bot<BotContext>;
  let netflixId: number;

  const invoice = (txnId: string) => ({
    type: 'INVOICE_CREATED' as const,
    txnId,
    amount: 25_000,
    fee: 200,
    totalPayment: 25_200,
    paymentNumber: null,
    paymentUrl: 'https://pay.example/x',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });

  /** An order row plus its actor, driven to the given point as the real flow would. */
  async function placeOrder(id: string, status: 'delivered' | 'awaiting_payment' | 'expired') {
    await h.deps.db
      .insertInto('orders')
      .values({
        id,
        user_id: BUYER,
        status,
        payment_method: 'qris',
        subtotal: 25_000,
        total: 25_000,
        // Expired ones are older, so the live orders lead the first page.
        created_at: new Date(Date.now() - (status === 'expired' ? 86_400_000 : 0)),
      })
      .execute();
    await h.deps.db
      .insertInto('order_items')
      .values({
        order_id: id,
        product_id: netflixId,
        product_code: 'NETFLIX-1B',
        product_name: 'Netflix Premium 1 Bulan',
        unit_price: 25_000,
        quantity: 1,
      })
      .execute();
    if (status === 'expired') return;
    const { runtime } = h.deps;
    const input = {
      userId: BUYER,
      lang: 'id',
      method: 'qris',
      lines: [{ productId: netflixId, quantity: 1 }],
      voucherCode: null,
    };
    await runtime.send('order', id, null, { input });
    await runtime.send('order', id, { type: 'RESERVED', total: 25_000 });
    await runtime.send('order', id, invoice(`TX-${id}`));
    if (status === 'awaiting_payment') return;
    await runtime.send('order', id, {
      type: 'PAYMENT_VERIFIED',
      txnId: `TX-${id}`,
      amount: 25_000,
      fee: 200,
      totalPayment: 25_200,
      method: 'qris',
      completedAt: null,
    });
    await runtime.send('order', id, { type: 'DELIVERED', messageIds: [] });
  }

  beforeAll(async () => {
    h = await startHarness();
    bot = await h.startBot(TOKEN, { capacity: 10_000, refillPerSecond: 10_000 });
    netflixId = (await getProduct(h.deps.db, 'NETFLIX-1B'))!.id;
    await placeOrder(DELIVERED, 'delivered');
    await placeOrder(AWAITING, 'awaiting_payment');
    for (const n of [1, 2, 3, 4]) await placeOrder(`INVTESTEXP0${n}`, 'expired');
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('registers the command menu in both languages', async () => {
    await setCommands(bot.api);
    expect(h.emulator.commands(TOKEN)).toEqual(BOT_COMMANDS.id);
    expect(h.emulator.commands(TOKEN, { languageCode: 'en' })).toEqual(BOT_COMMANDS.en);
    expect(BOT_COMMANDS.id.map((c) => c.command)).toEqual([
      'start',
      'katalog',
      'keranjang',
      'pesanan',
      'saldo',
      'topup',
      'help',
    ]);
    expect(BOT_COMMANDS.en.map((c) => c.command)).toEqual([
      'start',
      'catalog',
      'cart',
      'orders',
      'balance',
      'topup',
      'help',
    ]);
  });

  it('lists the order history with statuses and per-order actions, paginated', async () => {
    const buyer = h.user(TOKEN, BUYER, 'Budi');
    buyer.sendText('📦 Riwayat Pesanan');
    const history = await buyer.waitFor('Riwayat Pesanan · 6 pesanan · hal. 1/2');
    expect(history.html).toContain(`<code>${DELIVERED}</code>`);
    expect(history.text).toContain('✅ Terkirim');
    expect(history.text).toContain('🕒 Menunggu pembayaran');
    expect(history.text).toContain('• Netflix Premium 1 Bulan ×1');
    expect(history.text).toContain('💰 Rp 25.000');
    expect(history.text).toMatch(/WIB/);
    expect(history.buttons).toContainEqual([`🔁 Kirim ulang ${DELIVERED}`]);
    expect(history.buttons).toContainEqual([`❌ Batalkan ${AWAITING}`]);
    buyer.press('▶️');
    const second = await buyer.waitFor('hal. 2/2');
    expect(second.text).toContain('⌛ Kedaluwarsa');
    expect(second.buttons).toEqual([['◀️', '2/2']]);
  });

  it('lets only the owner cancel an unpaid order, through the order actor', async () => {
    const stranger = h.user(TOKEN, 602, 'Orang Lain');
    const foreign = await pressData(bot, stranger, `order:cancel:${AWAITING}`);
    expect(foreign.text).toBe('⚠️ Tombol ini sudah tidak berlaku. Buka menunya lagi ya 🙏');
    expect((await getActor(h.deps.db, 'order', AWAITING))?.state).toBe('awaitingPayment');

    const buyer = h.user(TOKEN, BUYER, 'Budi');
    buyer.skipPending();
    buyer.sendCommand('/pesanan');
    await buyer.waitFor('hal. 1/2');
    expect((await pressAndAnswer(buyer, `❌ Batalkan ${AWAITING}`)).text).toBeUndefined();
    const question = await buyer.waitFor(`Batalkan pesanan ${AWAITING}?`);
    expect(question.buttons).toEqual([['✅ Ya, batalkan', '❌ Tidak']]);
    // Asking changes nothing yet.
    expect((await getActor(h.deps.db, 'order', AWAITING))?.state).toBe('awaitingPayment');
    const cancelled = await pressAndAnswer(buyer, '✅ Ya, batalkan');
    expect(cancelled.text).toBe('❌ Pesanan dibatalkan');
    expect((await getActor(h.deps.db, 'order', AWAITING))?.state).toBe('cancelled');

    const resent = await pressAndAnswer(buyer, `🔁 Kirim ulang ${DELIVERED}`);
    expect(resent.text).toBe('🔁 Produk sedang dikirim ulang...');
    const journal = await getJournal(h.deps.db, 'order', DELIVERED);
    expect(journal.at(-1)?.event.type).toBe('RESEND');
    expect(journal.at(-1)?.dedupe_key).toMatch(/^cb:/);
    expect((await pressData(bot, stranger, `order:resend:${DELIVERED}`)).text).toContain('tidak berlaku');
  });

  it('shows the balance with its ledger and starts top-ups', async () => {
    await credit(h.deps.db, { userId: BUYER, amount: 50_000, reason: 'deposit', ref: 'DEPTEST0001' });
    const buyer = h.user(TOKEN, BUYER, 'Budi');
    buyer.skipPending();
    buyer.sendText('💰 Saldo');
    const balance = await buyer.waitFor('Saldo kamu: Rp 50.000');
    expect(balance.text).toContain('+Rp 50.000 · Isi saldo DEPTEST0001');

    buyer.press('➕ Isi Saldo');
    const menu = await buyer.waitFor('Isi Saldo via QRIS');
    expect(menu.buttons).toEqual([
      ['Rp 10.000', 'Rp 25.000'],
      ['Rp 50.000', 'Rp 100.000'],
    ]);

    buyer.sendCommand('/topup', 'abc');
    expect((await buyer.waitFor('belum bisa aku baca')).text).toContain('minimal Rp 10.000');
    buyer.sendCommand('/topup', '5000');
    await buyer.waitFor('Minimal isi saldo Rp 10.000 ya');
    buyer.sendCommand('/topup', '25k');
    await buyer.waitFor('Membuat tagihan isi saldo Rp 25.000');
    expect((await pressAndAnswer(buyer, 'Rp 50.000')).text).toBe('⏳ Membuat tagihan...');
    await buyer.waitFor('Membuat tagihan isi saldo Rp 50.000');

    const deposits = await listActors(h.deps.db, { kind: 'deposit' });
    const amounts = deposits.map(
      (row) => (row.snapshot.context as { amount: number; userId: number }).amount,
    );
    expect(amounts.sort()).toEqual([25_000, 50_000]);
    expect(deposits.every((row) => (row.snapshot.context as { userId: number }).userId === BUYER)).toBe(true);
    expect((await pressData(bot, buyer, 'topup:5000')).text).toContain('tidak berlaku');
  });

  it('gives admins a real panel and everyone else the generic hint', async () => {
    const admin = h.user(TOKEN, ADMIN_ID, 'Admin');
    admin.sendCommand('/start');
    const menu = await admin.waitFor('Menu utama');
    expect(labelsOf(menu)).toContain('⚙️ Admin');
    admin.pressReply('⚙️ Admin');
    const panel = await admin.waitFor('Panel Admin Toko Uji');
    // The four expired orders were placed yesterday.
    expect(panel.text).toContain('Pesanan dibuat: 2');
    expect(panel.text).toContain('Menunggu pembayaran: 1');
    expect(panel.text).toContain('✅ Netflix Premium 1 Bulan: stok 5');
    expect(panel.text).toContain('⚠️ Voucher Game 01: stok 2');
    expect(panel.text).toContain('❌ Canva Pro: stok 0');
    expect((await pressAndAnswer(admin, '🔄 Muat Ulang')).text).toBe('🔄 Diperbarui');

    const buyer = h.user(TOKEN, 603, 'Joko');
    buyer.sendCommand('/start');
    const buyerMenu = await buyer.waitFor('Menu utama');
    expect(labelsOf(buyerMenu)).not.toContain('⚙️ Admin');
    buyer.sendText('⚙️ Admin');
    await buyer.waitFor('Maaf, aku belum paham pesan itu');
    expect((await pressData(bot, buyer, 'admin:panel')).text).toContain('tidak berlaku');
    expect(buyer.messages().some((m) => m.text.includes('Panel Admin'))).toBe(false);
  });

  it('refuses users the shop has blocked', async () => {
    const user = h.user(TOKEN, 604, 'Nakal');
    user.sendCommand('/start');
    await user.waitFor('Selamat datang');
    await setUserBlocked(h.deps.db, 604, true);
    user.sendCommand('/katalog');
    await user.waitFor('🚫 Maaf, akun kamu diblokir');
  });

  it('speaks English to English clients and still knows the Indonesian buttons', async () => {
    const alice = h.user(TOKEN, 605, 'Alice', 'en-US');
    alice.sendCommand('/start');
    const welcome = await alice.waitFor('Welcome to Toko Uji');
    expect(welcome.text).toContain('Products available: 12');
    expect(welcome.buttons.at(-1)).toEqual(['🧭 All Products']);
    const menu = await alice.waitFor('main menu');
    expect(labelsOf(menu)).toEqual(['🛍️ Catalog', '🛒 Cart', '📦 Order History', '💰 Balance', '❓ Help']);
    alice.pressReply('🛒 Cart');
    await alice.waitFor('Your cart is still empty');
    alice.sendText('🛒 Keranjang');
    await alice.waitFor('Your cart is still empty');
    alice.sendCommand('/topup', 'lots');
    await alice.waitFor("I couldn't read that amount");
  });

  it('rides out a 429 and turns a failed call into an apology, then keeps serving', async () => {
    const user = h.user(TOKEN, 606, 'Rina');
    h.emulator.faults.failNext('sendMessage', { status: 429, parameters: { retry_after: 1 }, bot: TOKEN });
    user.sendCommand('/help');
    await user.waitFor('Bantuan Toko Uji', { timeout: 5_000 });
    h.emulator.faults.failNext('sendMessage', {
      status: 400,
      description: 'Bad Request: chat not found',
      bot: TOKEN,
    });
    user.sendCommand('/help');
    await user.waitFor('⚠️ Maaf, ada gangguan sebentar');
    user.sendCommand('/saldo');
    await user.waitFor('Saldo kamu: Rp 0');
  });

  it('throttles a burst, warns once and reports the spammer to the admins', async () => {
    await h.startBot(STRICT_TOKEN);
    const admin = h.user(STRICT_TOKEN, ADMIN_ID, 'Admin');
    const spammer = h.user(STRICT_TOKEN, 700, 'Spammy');
    for (let i = 0; i < 8; i++) spammer.sendText(`halo ${i}`);
    await spammer.waitFor('🚫 Jangan spam ya');
    const report = await admin.waitFor('Spam terdeteksi');
    expect(report.text).toContain('Spammy');
    expect(report.text).toContain('700');
    expect(report.text).toMatch(/\d+ aksi dalam \d+ detik/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const botTexts = spammer
      .messages()
      .filter((m) => m.from === 'bot')
      .map((m) => m.text);
    expect(botTexts.filter((text) => text.includes('Jangan spam'))).toHaveLength(1);
    expect(botTexts.filter((text) => text.includes('belum paham'))).toHaveLength(4);
    expect(admin.messages().filter((m) => m.text.includes('Spam terdeteksi'))).toHaveLength(1);
  });
});
