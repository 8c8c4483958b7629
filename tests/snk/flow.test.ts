import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import { runSnkSweep } from '../../src/effects/snk.ts';
import type { SnkContext } from '../../src/machines/snk.ts';
import { samplePng } from '../../src/sandbox/telegram/sample-png.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { pace } from '../support/buyer.ts';
import { checkout, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop?.stop();
});

const PNG_MAGIC = Buffer.from('89504e470d0a1a0a', 'hex');

async function buyAndPay(buyerId: number, code: string): Promise<string> {
  const orderId = await checkout(shop, buyerId, [{ code, quantity: 1 }]);
  await waitForInvoice(shop.buyer(buyerId), orderId);
  await shop.pakasir.simulatePayment(orderId);
  await waitForState(shop, 'order', orderId, 'completed');
  return orderId;
}

async function snkOf(actorId: string) {
  const row = await getActor(shop.app.db, 'snk', actorId);
  return row && { state: row.state, context: row.snapshot.context as SnkContext };
}

describe('SNK proof', () => {
  it('terms once, two photos and a note to the admins, a rejection with a reason, a second proof accepted', async () => {
    const buyer = shop.buyer(7101, 'Sari');
    const admin = shop.admin;
    const orderId = await buyAndPay(7101, 'NETFLIX-1B');
    const product = await getProduct(shop.app.db, 'NETFLIX-1B');
    const actorId = `${orderId}:${product?.id}`;

    const terms = await buyer.waitFor(/Syarat & Ketentuan Netflix/, { timeout: 15_000 });
    expect(terms.buttons).toEqual([['✅ Penuhi SNK']]);
    expect(terms.text).toContain(orderId);
    expect(terms.text).toContain('Garansi hangus');
    await waitForState(shop, 'snk', actorId, 'waiting.pending');

    // A restart between steps changes nothing.
    await shop.restart();
    await pace();
    buyer.press('✅ Penuhi SNK');
    await buyer.waitFor(/Kirim bukti untuk/);
    await waitForState(shop, 'snk', actorId, 'waiting.awaitingProof');
    await shop.restart();

    // Refusals first: an oversized document and a document that is not an image.
    await pace();
    const big = Buffer.concat([PNG_MAGIC, Buffer.alloc(10 * 1024 * 1024 + 10)]);
    buyer.sendDocument(big, 'bukti.png', { mimeType: 'image/png' });
    await buyer.waitFor(/File terlalu besar\. Maksimal 10 MB/, { timeout: 15_000 });
    await pace();
    buyer.sendDocument(Buffer.from('%PDF-1.4 not an image'), 'bukti.png', { mimeType: 'image/png' });
    await buyer.waitFor(/bukan gambar/);

    await pace();
    buyer.sendPhoto(samplePng(4, 3, [10, 200, 30]), 'Sudah pakai profil sendiri');
    await buyer.waitFor(/Diterima: 1 gambar, 1 catatan/);
    await pace();
    buyer.sendPhoto(samplePng(5, 5, [200, 10, 30]));
    await buyer.waitFor(/Diterima: 2 gambar, 1 catatan/);
    await pace();
    buyer.press('✅ Selesai');
    await buyer.waitFor(/Bukti terkirim ke admin/);

    // Admins get the two photos as one media group, then the order with the buttons.
    const notice = await admin.waitFor((e) => e.text.includes('Bukti SNK') && e.text.includes(orderId), {
      timeout: 15_000,
    });
    expect(notice.text).toContain('(7101)');
    expect(notice.text).toContain('Netflix Premium 1 Bulan');
    expect(notice.text).toContain('Sudah pakai profil sendiri');
    expect(notice.text).toContain('Garansi hangus');
    expect(notice.buttons).toEqual([['👍 Terima', '👎 Tolak (alasan)']]);
    const photos = admin.messages().filter((m) => m.photo && m.raw.media_group_id);
    expect(photos).toHaveLength(2);
    expect(new Set(photos.map((m) => m.raw.media_group_id)).size).toBe(1);

    // Stored encrypted: no image header, no note in clear.
    const rows = await shop.app.db
      .selectFrom('snk_proofs')
      .selectAll()
      .where('actor_id', '=', actorId)
      .execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.content.includes(PNG_MAGIC)).toBe(false);
      expect(row.content.includes(Buffer.from('profil sendiri'))).toBe(false);
      expect(row.content.toString('utf8').startsWith('v2:')).toBe(true);
    }

    // Rejected with a reason (a durable prompt, across a restart).
    await pace();
    admin.press('👎 Tolak (alasan)');
    await admin.waitFor(/Ketik alasan penolakan/);
    await shop.restart();
    await pace();
    admin.sendText('Screenshot tidak menunjukkan profil');
    await admin.waitFor(/Ditolak\. Pembeli sudah dikabari/);
    const rejected = await buyer.waitFor(/ditolak/, { timeout: 15_000 });
    expect(rejected.text).toContain('Screenshot tidak menunjukkan profil');
    expect(rejected.buttons).toEqual([['✅ Penuhi SNK']]);
    await waitForState(shop, 'snk', actorId, 'waiting.pending');

    // Second submission, accepted.
    await pace();
    buyer.press('✅ Penuhi SNK');
    await buyer.waitFor(/Kirim bukti untuk/);
    await pace();
    buyer.sendPhoto(samplePng(6, 6, [0, 0, 255]), 'Ini profil saya');
    await buyer.waitFor(/Diterima: 1 gambar, 1 catatan/);
    await pace();
    buyer.press('✅ Selesai');
    await buyer.waitFor(/Bukti terkirim ke admin/);
    await admin.waitFor((e) => e.text.includes('pengiriman ke-2') && e.text.includes(orderId), {
      timeout: 15_000,
    });
    await pace();
    admin.press('👍 Terima');
    await buyer.waitFor(/diterima admin/, { timeout: 15_000 });
    await waitForState(shop, 'snk', actorId, 'accepted');

    const snk = await snkOf(actorId);
    expect(snk?.context.submissions).toBe(2);
    expect(snk?.context.decisions.map((d) => [d.outcome, d.by])).toEqual([
      ['rejected', 9001],
      ['accepted', 9001],
    ]);
    // Each step arrived exactly once, restarts or not.
    expect(buyer.messages().filter((m) => /Syarat & Ketentuan Netflix/.test(m.text))).toHaveLength(1);
    expect(admin.messages().filter((m) => m.text.includes('Bukti SNK'))).toHaveLength(2);
    expect(admin.messages().filter((m) => m.photo && m.raw.media_group_id)).toHaveLength(2);
    expect(admin.messages().filter((m) => m.photo && !m.raw.media_group_id)).toHaveLength(1);

    // The admins' review: counts, the accepted list, the proof opened on demand.
    await pace();
    admin.sendCommand('/snk');
    const overview = await admin.waitFor(/Diterima: 1/);
    expect(overview.text).toContain('Netflix Premium 1 Bulan: 1');
    await pace();
    admin.press(/^✅ Diterima \(1\)/);
    await admin.waitFor(/Diterima — hal\. 1\/1/);
    await pace();
    admin.press(new RegExp(`^${orderId}`));
    const opened = await admin.waitFor((e) => e.text.includes(`SNK Netflix`) && e.text.includes(orderId));
    expect(opened.text).toContain('Ini profil saya');
    const audit = await shop.app.db.selectFrom('admin_audit').select('action').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['snk.accept', 'snk.open_proof', 'snk.reject']);

    // The daily sweep, run as if retention had passed: no proof bytes left, a tombstone kept.
    const later = new Date(Date.now() + 31 * 86_400_000);
    const purged = await runSnkSweep(
      { db: shop.app.db, config: shop.app.config, audit: shop.app.audit, runtime: () => shop.app.runtime },
      later,
      'test-sweep',
    );
    expect(purged).toEqual([{ actorId, files: 5 }]);
    expect(await shop.app.db.selectFrom('snk_proofs').selectAll().execute()).toHaveLength(0);
    await eventually(async () =>
      expect((await snkOf(actorId))?.context.purged).toMatchObject({ by: 'sweep', files: 5 }),
    );
  });

  it('a product without terms starts no snk actor; one with terms shows 📜 SNK before buying', async () => {
    const orderId = await buyAndPay(7102, 'YOUTUBE-1B');
    await shop.buyer(7102).waitFor(/Pesanan berhasil/, { timeout: 15_000 });
    const actors = await shop.app.db
      .selectFrom('actors')
      .select('id')
      .where('kind', '=', 'snk')
      .where('id', 'like', `${orderId}:%`)
      .execute();
    expect(actors).toHaveLength(0);

    const buyer = shop.buyer(7103);
    buyer.sendCommand('/katalog');
    await buyer.waitFor('Pilih kategori');
    await pace();
    buyer.press(/Streaming/);
    await buyer.waitFor(/Netflix Premium/);
    await pace();
    buyer.press(/Netflix Premium/);
    const page = await buyer.waitFor(/Harga/);
    expect(page.buttons.flat()).toContain('📜 SNK');
    await pace();
    buyer.press('📜 SNK');
    const before = await buyer.waitFor(/Syarat & Ketentuan Netflix/);
    expect(before.text).toContain('Maksimal login di 1 perangkat');
    await pace();
    buyer.press('🛒 Tambah ke Keranjang');
    await buyer.waitFor('masuk keranjang');
    await pace();
    buyer.press('🛒 Lihat Keranjang');
    const cart = await buyer.waitFor(/Berlaku SNK untuk: Netflix Premium 1 Bulan/);
    expect(cart.text).toContain('Total');
  });
});
