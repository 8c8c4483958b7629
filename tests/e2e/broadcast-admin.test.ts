import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDelivery } from '../../src/sandbox/telegram/index.ts';
import { samplePng } from '../../src/sandbox/telegram/sample-png.ts';
import { startBroadcast } from '../../src/shop/broadcasts/start.ts';
import { getBroadcast } from '../../src/shop/broadcasts/store.ts';
import { broadcastStatus, seedUsers } from '../support/broadcast.ts';
import { checkout, waitForInvoice } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  // Slow on purpose: the admin pauses, resumes and cancels while it sends.
  shop = await startShop({ env: { BROADCAST_RATE: '10' } });
});

afterAll(async () => {
  await shop?.stop();
});

const sentWith = (marker: string) => shop.telegram.sent(BOT_TOKEN).filter((r) => r.text.includes(marker));

async function latestBroadcastId(): Promise<string> {
  const row = await shop.app.db
    .selectFrom('broadcasts')
    .select('id')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function sentRows(id: string): Promise<{ sent: number; sending: number }> {
  const rows = await shop.app.db
    .selectFrom('broadcast_recipients')
    .select(['status'])
    .where('broadcast_id', '=', id)
    .execute();
  return {
    sent: rows.filter((r) => r.status === 'sent').length,
    sending: rows.filter((r) => r.status === 'sending').length,
  };
}

describe('broadcast from the admin menu', () => {
  it('composes with validation, test-sends, then pauses, resumes and cancels from the progress message', async () => {
    const ids = await seedUsers(shop.app.db, shop.telegram, BOT_TOKEN, 200_000, 200);
    const admin = shop.admin;
    admin.sendCommand('admin');
    await admin.waitFor((e) => e.buttons.flat().includes('📣 Broadcast'));
    admin.press('📣 Broadcast');
    await admin.waitFor(/Kirim pengumuman/);
    admin.press('✍️ Broadcast baru');
    await admin.waitFor(/Kirim isi broadcast/);
    admin.sendText('<b>Promo');
    await admin.waitFor(/HTML tidak valid/);
    admin.sendText('<b>Promo!</b> Diskon 50% [ui1]');
    await admin.waitFor(/Tambahkan tombol link/);
    admin.sendText('Beli sekarang | bukan-link');
    await admin.waitFor(/Label \| https/);
    admin.sendText('Beli | https://t.me/tokodemo');
    await admin.waitFor(/Siapa penerimanya/);
    admin.press('👥 Semua pengguna');
    // Everyone who pressed /start: the 200 users and the admin.
    const confirm = await admin.waitFor(/Siap dikirim/);
    expect(confirm.text).toContain('Penerima: 201');
    expect(sentWith('[ui1]')).toHaveLength(0);

    admin.press('🧪 Kirim ke saya');
    const sample = await admin.waitFor((e) => e.text.includes('[ui1]'));
    expect(sample.text).toBe('Promo! Diskon 50% [ui1]');
    expect(sample.buttons).toEqual([['Beli']]);
    expect(sentWith('[ui1]').map((r) => r.chatId)).toEqual([ADMIN_ID]);

    admin.press('🚀 Kirim sekarang');
    await admin.waitFor(/Broadcast berjalan/);
    const id = await latestBroadcastId();
    await eventually(() => expect(sentWith('[ui1]').length).toBeGreaterThan(20), 30_000);

    admin.press('⏸ Jeda');
    await admin.waitFor(
      (e) => e.text.includes('Broadcast dijeda') && e.buttons.flat().includes('▶️ Lanjutkan'),
    );
    expect(await broadcastStatus(shop.app.db, id)).toBe('paused');
    // Once the batch in flight is recorded, what Telegram has is what the table says.
    const paused = await eventually(async () => {
      const rows = await sentRows(id);
      expect(rows.sending).toBe(0);
      return rows;
    });
    expect(sentWith('[ui1]').length).toBe(paused.sent + 1); // + the test send
    expect(paused.sent).toBeLessThan(201);

    admin.press('▶️ Lanjutkan');
    await eventually(() => expect(sentWith('[ui1]').length).toBeGreaterThan(paused.sent + 5), 30_000);

    admin.press('⛔ Batalkan');
    await admin.waitFor(/Broadcast dibatalkan/, { timeout: 30_000 });
    await eventually(async () => expect(await broadcastStatus(shop.app.db, id)).toBe('cancelled'));
    const report = (await getBroadcast(shop.app.db, id))?.report;
    expect(report?.outcome).toBe('cancelled');
    expect(report?.pending).toBeGreaterThan(0);
    // The admin's chat also holds the test send; the admin's own copy went first (lowest id).
    const toUsers = shop.telegram.sent(BOT_TOKEN).filter((r) => r.chatId !== ADMIN_ID);
    const record = checkDelivery(toUsers, '[ui1]', ids);
    expect(record.duplicates).toBe(0);
    expect(record.unexpected).toBe(0);
    expect(record.delivered + 1).toBe(report?.sent);
  });

  it('a checkout during a broadcast gets its invoice while the broadcast is still sending', async () => {
    // Telegram's limits on: the broadcast's 10/s leaves the shop the rest of the bot's 30/s.
    shop.telegram.faults.enableRateLimits();
    try {
      const id = await startBroadcast(shop.app, {
        adminId: ADMIN_ID,
        content: { kind: 'text', html: 'Restock [ck1]' },
        audience: { type: 'all' },
      });
      await eventually(() => expect(sentWith('[ck1]').length).toBeGreaterThan(5), 30_000);
      const buyer = shop.buyer(4201);
      const orderId = await checkout(shop, 4201, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
      await waitForInvoice(buyer, orderId);
      expect(await broadcastStatus(shop.app.db, id)).toBe('sending');
      await shop.app.runtime.send('broadcast', id, { type: 'CANCEL' });
      await eventually(async () => expect(await broadcastStatus(shop.app.db, id)).toBe('cancelled'), 30_000);
    } finally {
      shop.telegram.faults.disableRateLimits();
    }
  });

  it("a photo broadcast: BATAL mid-way, then scheduled in the shop's time, listed in the history", async () => {
    const admin = shop.admin;
    const openMenu = async () => {
      admin.skipPending();
      admin.sendCommand('admin');
      await admin.waitFor((e) => e.kind === 'message' && e.buttons.flat().includes('📣 Broadcast'));
      admin.press('📣 Broadcast');
    };
    await openMenu();
    await admin.waitFor(/Kirim pengumuman/);
    admin.press('✍️ Broadcast baru');
    await admin.waitFor(/Kirim isi broadcast/);
    admin.sendPhoto(samplePng(), '<i>Stok baru</i> [ph1]');
    await admin.waitFor(/Tambahkan tombol link/);
    admin.sendText('BATAL');
    await admin.waitFor(/dibatalkan/i);

    await openMenu();
    await admin.waitFor(/Kirim pengumuman/);
    admin.press('✍️ Broadcast baru');
    await admin.waitFor(/Kirim isi broadcast/);
    admin.sendPhoto(samplePng(), '<i>Stok baru</i> [ph1]');
    await admin.waitFor(/Tambahkan tombol link/);
    admin.sendText('-');
    await admin.waitFor(/Siapa penerimanya/);
    admin.press('💤 Tidak aktif N hari…');
    await admin.waitFor(/Tidak aktif berapa hari/);
    admin.sendText('nol');
    await admin.waitFor(/angka 1–3650/);
    admin.sendText('30');
    // Everyone was seen today: nobody is inactive, so the audience is asked again.
    await admin.waitFor(/Tidak ada penerima/);
    admin.press('👥 Semua pengguna');
    await admin.waitFor(/Siap dikirim/);
    admin.press('🧪 Kirim ke saya');
    const sample = await admin.waitFor((e) => !!e.photo && e.text.includes('[ph1]'));
    expect(sample.text).toBe('Stok baru [ph1]');
    admin.press('⏰ Jadwalkan');
    await admin.waitFor(/Kapan dikirim/);
    admin.sendText('2020-01-01 10:00');
    await admin.waitFor(/belum lewat/);
    const at = new Date(Date.now() + 3_600_000);
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Jakarta',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(at);
    admin.sendText(local);
    await admin.waitFor(/Broadcast dijadwalkan/);
    const id = await latestBroadcastId();
    expect(await broadcastStatus(shop.app.db, id)).toBe('scheduled');
    // Only the test send and the abandoned draft's nothing: no user has it yet.
    expect(sentWith('[ph1]').map((r) => r.chatId)).toEqual([ADMIN_ID]);
    const drafts = await shop.app.db
      .selectFrom('broadcasts')
      .select('id')
      .where('status', '=', 'draft')
      .execute();
    expect(drafts.length).toBeLessThanOrEqual(1); // the BATAL draft stays a draft, never sent

    await openMenu();
    await admin.waitFor(/Kirim pengumuman/);
    admin.press('🗂 Riwayat');
    const history = await admin.waitFor(/Riwayat broadcast/);
    expect(history.text).toContain('⏰ Terjadwal');
    expect(history.text).toContain('⛔ Dibatalkan');
    expect(history.text).not.toContain('📝 Draf');
    await shop.app.runtime.send('broadcast', id, { type: 'CANCEL' });
    await eventually(async () => expect(await broadcastStatus(shop.app.db, id)).toBe('cancelled'));
  });
});
