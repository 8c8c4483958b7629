import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor, getJournal } from '../../src/actors/queries.ts';
import type { SnkContext } from '../../src/machines/snk.ts';
import { samplePng } from '../../src/sandbox/telegram/sample-png.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { pace } from '../support/buyer.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

// Short durable timers: the reminder after 3 s, the deadline after 8 s, the purge 2 s later.
let shop: Shop;

beforeAll(async () => {
  shop = await startShop({
    env: {
      SNK_REMINDER_MS: '3000',
      SNK_DEADLINE_MS: '8000',
      SNK_RETENTION_MS: '2000',
      DELIVERY_RETRY_SECONDS: '2',
    },
  });
});

afterAll(async () => {
  await shop?.stop();
});

async function actorFor(buyerId: number, code: string) {
  const orderId = await checkout(shop, buyerId, [{ code, quantity: 1 }]);
  await waitForInvoice(shop.buyer(buyerId), orderId);
  const product = await getProduct(shop.app.db, code);
  return { orderId, actorId: `${orderId}:${product?.id}` };
}

describe('SNK timers', () => {
  it('reminds once, expires at the deadline, then purges the proof and keeps a tombstone', async () => {
    const buyer = shop.buyer(7201);
    const { orderId, actorId } = await actorFor(7201, 'NETFLIX-1B');
    await shop.pakasir.simulatePayment(orderId);
    await buyer.waitFor(/Syarat & Ketentuan Netflix/, { timeout: 15_000 });
    await pace();
    buyer.press('✅ Penuhi SNK');
    await buyer.waitFor(/Kirim bukti untuk/);
    await pace();
    // Sent but never submitted: the proof is purged with the rest.
    buyer.sendPhoto(samplePng(3, 3));
    await buyer.waitFor(/Diterima: 1 gambar/);

    // The timers are durable: a restart in the middle changes nothing.
    await shop.restart();
    await buyer.waitFor(/Pengingat: kamu belum mengirim bukti SNK/, { timeout: 15_000 });
    await buyer.waitFor(/Batas waktu bukti SNK/, { timeout: 20_000 });
    await waitForState(shop, 'snk', actorId, 'closed', 20_000);

    const context = (await getActor(shop.app.db, 'snk', actorId))?.snapshot.context as SnkContext;
    expect(context.status).toBe('expired');
    expect(context.purged).toMatchObject({ by: 'retention', files: 1 });
    expect(
      await shop.app.db.selectFrom('snk_proofs').where('actor_id', '=', actorId).selectAll().execute(),
    ).toEqual([]);
    expect(countMessages(buyer, /Pengingat: kamu belum mengirim bukti SNK/)).toBe(1);
    const journal = await getJournal(shop.app.db, 'snk', actorId);
    expect(journal.map((entry) => entry.event.type)).toContain('PURGED');
  });

  it('holds the terms while the buyer has blocked the bot and sends them once unblocked', async () => {
    const buyer = shop.buyer(7202);
    buyer.sendCommand('/start');
    await buyer.waitFor(/Halo|Selamat/);
    buyer.block();
    // The actor a delivery starts (src/effects/snk.ts startSnk), here for a buyer who blocked the bot.
    const product = await getProduct(shop.app.db, 'NETFLIX-1B');
    const actorId = `INVTESTBLOCKED:${product?.id}`;
    await shop.app.runtime.send('snk', actorId, null, {
      input: {
        actorId,
        orderId: 'INVTESTBLOCKED',
        productId: product?.id,
        productName: product?.name,
        userId: 7202,
        lang: 'id',
        terms: product?.snk,
        maxSubmissions: 3,
      },
    });
    await eventually(async () => {
      const journal = await getJournal(shop.app.db, 'snk', actorId);
      expect(journal.map((entry) => entry.event.type)).toContain('TERMS_BLOCKED');
    }, 30_000);
    expect(countMessages(buyer, /Syarat & Ketentuan Netflix/)).toBe(0);
    buyer.unblock();
    await buyer.waitFor(/Syarat & Ketentuan Netflix/, { timeout: 30_000 });
    expect(countMessages(buyer, /Syarat & Ketentuan Netflix/)).toBe(1);
  });
});
