import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJournal } from '../../src/actors/queries.ts';
import { rupiah } from '../../src/bot/format.ts';
import type { ChatEvent, SimUser } from '../../src/sandbox/telegram/index.ts';
import { getBalance } from '../../src/shop/ledger.ts';
import { pace } from '../support/buyer.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;
let admin: SimUser;

beforeAll(async () => {
  shop = await startShop();
  admin = shop.admin;
}, 60_000);

afterAll(async () => {
  await shop?.stop();
});

const delivered = (orderId: string) => new RegExp(`Pesanan berhasil![\\s\\S]*${orderId}`);
const resent = (orderId: string) => new RegExp(`Kirim ulang pesanan[\\s\\S]*${orderId}`);

/** The admin sends text and waits for the bot's next message matching `expected`. */
type Expected = string | RegExp | ((e: ChatEvent) => boolean);

async function say(text: string, expected: Expected) {
  await pace();
  admin.sendText(text);
  return admin.waitFor(expected, { timeout: 15_000 });
}

async function press(label: string | RegExp, expected: Expected) {
  await pace();
  admin.press(label);
  return admin.waitFor(expected, { timeout: 15_000 });
}

/** Midnight today in Jakarta, as an instant. */
function jakartaMidnight(daysBack: number): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', dateStyle: 'short' }).format(
    new Date(),
  );
  const midnight = new Date(`${day}T00:00:00+07:00`);
  midnight.setUTCDate(midnight.getUTCDate() - daysBack);
  return midnight;
}

describe('admin operations', () => {
  let unpaid = '';
  let paid = '';
  const buyerA = () => shop.buyer(7101, 'Ani');
  const buyerB = () => shop.buyer(7102, 'Budi');

  it('lists, filters and opens orders, and resends a delivery', async () => {
    const a = buyerA();
    const b = buyerB();
    a.sendCommand('/start');
    b.sendCommand('/start');
    await a.waitFor('Selamat datang');
    await b.waitFor('Selamat datang');
    unpaid = await checkout(shop, 7101, [{ code: 'NETFLIX-1B', quantity: 1 }]);
    await waitForInvoice(a, unpaid);
    paid = await checkout(shop, 7102, [{ code: 'SPOTIFY-1B', quantity: 2 }]);
    await waitForInvoice(b, paid);
    await shop.pakasir.simulatePayment(paid);
    await waitForState(shop, 'order', paid, 'completed');
    await b.waitFor(delivered(paid), { timeout: 15_000 });

    const list = await say('/orders', '📋 Pesanan');
    expect(list.text).toContain('2 pesanan');
    // The status filter cycles: "Menunggu bayar" shows only the unpaid order.
    const waiting = await press(
      '🕒 Menunggu bayar',
      (e) => e.text.includes('Menunggu bayar') && e.text.includes('1 pesanan'),
    );
    expect(waiting.buttons.flat().some((label) => label.startsWith(unpaid))).toBe(true);
    await press('♻️ Reset', (e) => e.text.includes('2 pesanan'));
    const today = await press('Hari ini', (e) => e.text.includes('🔎 Semua status · Hari ini'));
    expect(today.text).toContain('2 pesanan');

    await press('👤 Pembeli', 'Ketik ID atau @username pembeli');
    const byBuyer = await say('7101', (e) => e.text.includes('pembeli 7101'));
    expect(byBuyer.text).toContain('1 pesanan');
    expect(byBuyer.buttons.flat().some((label) => label.startsWith(unpaid))).toBe(true);
    await press('📦 Produk', 'Ketik kode produk');
    const byProduct = await say('SPOTIFY-1B', (e) => e.text.includes('produk Spotify'));
    expect(byProduct.text).toContain('1 pesanan');
    expect(byProduct.buttons.flat().some((label) => label.startsWith(paid))).toBe(true);

    const screen = await press(new RegExp(`^${paid}`), `Pesanan ${paid}`);
    expect(screen.text).toContain('Budi');
    expect(screen.text).toContain('Spotify');
    expect(screen.text).toContain('PAYMENT_VERIFIED');
    expect(screen.text).toMatch(/TRX/);
    expect(screen.text).toMatch(/Biaya layanan/);
    await pace();
    admin.press('🔁 Kirim ulang');
    await b.waitFor(resent(paid), { timeout: 15_000 });
    expect(countMessages(b, resent(paid))).toBe(1);
  });

  it('marks an unpaid order paid by line once, through the order machine, and refuses what it cannot do', async () => {
    const a = buyerA();
    const reply = await say(`${unpaid}|paid|TRX123`, /diproses|sudah pernah|tidak bisa/);
    expect(reply.text).toContain('diproses');
    await waitForState(shop, 'order', unpaid, 'completed');
    await a.waitFor(delivered(unpaid), { timeout: 15_000 });
    const journal = await getJournal(shop.app.db, 'order', unpaid);
    const marks = journal.filter((j) => (j.event as { type?: string }).type === 'ADMIN_MARK_PAID');
    expect(marks).toHaveLength(1);
    expect(marks[0]?.event).toMatchObject({ note: 'TRX123' });
    expect(marks[0]?.state_after).not.toBe('awaitingPayment');

    const again = await say(`${unpaid}|paid|TRX123`, /diproses|sudah pernah|tidak bisa/);
    expect(again.text).toContain('sudah pernah');
    expect((await getJournal(shop.app.db, 'order', unpaid)).length).toBe(journal.length);
    await pace();
    expect(countMessages(a, delivered(unpaid))).toBe(1);

    const refused = await say(`${unpaid}|cancelled`, /diproses|sudah pernah|tidak bisa/);
    expect(refused.text).toContain('tidak bisa dari status sekarang (completed)');
    const noNote = await say(`${unpaid}|refunded`, /Catatan wajib/);
    expect(noNote.text).toContain('Catatan wajib');
  });

  it('refunds to balance and adjusts a balance; the ledger sums to the balance shown', async () => {
    const b = buyerB();
    const reply = await say(`${paid}|refunded|salah kirim`, /diproses|sudah pernah|tidak bisa/);
    expect(reply.text).toContain('diproses');
    await waitForState(shop, 'order', paid, 'refunded');
    await b.waitFor(/di-refund/, { timeout: 15_000 });

    await say('/users', 'Pengguna');
    await press('🔎 Cari pengguna', 'Ketik ID');
    await say('7102', /Budi/);
    await press('👛 Ubah saldo', 'Ketik jumlah');
    const adjusted = await say('+10000 bonus promo', /Saldo diubah/);
    await b.waitFor(/Saldo kamu diubah admin/, { timeout: 15_000 });
    const balance = await getBalance(shop.app.db, 7102);
    expect(adjusted.text).toContain(`Saldo sekarang: ${rupiah(balance)}`);
    const { rows } = await sql<{ sum: string; n: number }>`
      SELECT coalesce(sum(amount), 0)::text AS sum, count(*)::int AS n FROM balance_ledger WHERE user_id = 7102`.execute(
      shop.app.db,
    );
    expect(rows[0]?.n).toBe(2);
    const refund = await sql<{ amount: number }>`
      SELECT amount FROM balance_ledger WHERE reason = 'refund' AND ref = ${paid}`.execute(shop.app.db);
    expect(refund.rows[0]?.amount).toBe(30_000);
    expect(Number(rows[0]?.sum)).toBe(balance);
    expect(balance).toBe(40_000);

    await say('/users', 'Pengguna');
    await press('🔎 Cari pengguna', 'Ketik ID');
    const screen = await say('7102', /Budi/);
    expect(screen.text).toContain(`Saldo: ${rupiah(balance)}`);
  });

  it('blocks and unblocks a buyer', async () => {
    const b = buyerB();
    await press('⛔ Blokir', /Blokir Budi\?/);
    await press('✅ Ya', /Diblokir admin/);
    await pace();
    b.sendCommand('/katalog');
    await b.waitFor('akun kamu diblokir');
    await press('✅ Buka blokir', /Buka blokir Budi\?/);
    await press('✅ Ya', /✅ Aktif/);
    await pace();
    b.sendCommand('/katalog');
    await b.waitFor('Pilih kategori');
    const audit = await sql<{ action: string }>`
      SELECT action FROM admin_audit ORDER BY id`.execute(shop.app.db);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'order.resend',
      'order.paid',
      'order.refunded',
      'balance.adjust',
      'user.block',
      'user.unblock',
    ]);
  });

  it('shows statistics that match an independent count across midnight in Jakarta, a chart and a CSV', async () => {
    // Seeded paid orders either side of the last two Jakarta midnights.
    const seeds = [
      { id: 'INVSEEDA', at: new Date(jakartaMidnight(0).getTime() + 5 * 60_000), total: 11_000 },
      { id: 'INVSEEDB', at: new Date(jakartaMidnight(0).getTime() - 5 * 60_000), total: 13_000 },
      { id: 'INVSEEDC', at: new Date(jakartaMidnight(6).getTime() + 60_000), total: 17_000 },
      { id: 'INVSEEDD', at: new Date(jakartaMidnight(6).getTime() - 60_000), total: 19_000 },
    ];
    for (const s of seeds) {
      await shop.app.db
        .insertInto('orders')
        .values({
          id: s.id,
          user_id: 7101,
          status: 'delivered',
          payment_method: 'balance',
          subtotal: s.total,
          total: s.total,
          created_at: s.at,
          paid_at: s.at,
          delivered_at: s.at,
        })
        .execute();
    }
    const all = await shop.app.db
      .selectFrom('orders')
      .select(['total', 'status', 'paid_at', 'created_at'])
      .execute();
    const revenueSince = (since: Date) =>
      all
        .filter(
          (o) => o.paid_at && new Date(o.paid_at as unknown as string) >= since && o.status !== 'refunded',
        )
        .reduce((sum, o) => sum + o.total, 0);
    const paidSince = (since: Date) =>
      all.filter(
        (o) => o.paid_at && new Date(o.paid_at as unknown as string) >= since && o.status !== 'refunded',
      ).length;

    const today = await say('/stats', 'Statistik');
    expect(today.text).toContain(`Omzet: ${rupiah(revenueSince(jakartaMidnight(0)))}`);
    expect(today.text).toContain(`Pesanan dibayar: ${paidSince(jakartaMidnight(0))}`);
    const week = await press('7 hari', (e) => e.text.includes('Statistik · 7 hari'));
    expect(week.text).toContain(`Omzet: ${rupiah(revenueSince(jakartaMidnight(6)))}`);
    expect(week.text).toContain(`Pesanan dibayar: ${paidSince(jakartaMidnight(6))}`);

    await pace();
    admin.press('📈 Grafik 30 hari');
    const chart = await admin.waitFor((e) => !!e.photo, { timeout: 30_000 });
    const photo = shop.telegram.file(chart.photo?.at(-1)?.file_id ?? '');
    expect(photo?.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');

    await pace();
    admin.press('📄 CSV 30 hari');
    const doc = await admin.waitFor((e) => !!e.document, { timeout: 15_000 });
    const csv = shop.telegram.file(doc.document?.file_id ?? '')?.bytes.toString('utf8') ?? '';
    const lines = csv.trimEnd().split('\r\n');
    const since30 = jakartaMidnight(29);
    const expected = all.filter((o) => new Date(o.created_at as unknown as string) >= since30).length;
    expect(lines[0]).toMatch(/^order_id,/);
    expect(lines.length - 1).toBe(expected);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(expected);
  });

  it('gives a non-admin none of it', async () => {
    const b = buyerB();
    await pace();
    b.sendCommand('/stats');
    const answer = await b.waitFor((e) => e.from === 'bot' && e.seq > 0 && !e.text.includes('Statistik'));
    expect(answer.text).not.toContain('Statistik');
    await pace();
    b.sendText(`${unpaid}|refunded|curang`);
    await b.waitFor((e) => e.from === 'bot' && !e.text.includes('diproses'));
    expect(countMessages(b, /diproses/)).toBe(0);
  });
});
