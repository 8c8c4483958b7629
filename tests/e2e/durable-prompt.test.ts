import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor, getJournal } from '../../src/actors/queries.ts';
import type { CheckoutContext } from '../../src/machines/checkout.ts';
import type { ConversationContext } from '../../src/machines/conversation.ts';
import { openProduct, pace } from '../support/buyer.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop();
});

afterAll(async () => {
  await shop?.stop();
});

describe('a prompt survives a restart', () => {
  it('asks for the voucher, restarts the whole app, and still takes the typed code', async () => {
    const buyer = shop.buyer(6101, 'Sari');
    await openProduct(buyer, /Musik/, /Spotify Premium/, 'Harga: Rp 15.000');
    buyer.press('x2');
    await buyer.waitFor('Jumlah: 2');
    await pace();
    buyer.press('🛒 Tambah ke Keranjang');
    await buyer.waitFor('masuk keranjang');
    await pace();
    buyer.press('🛒 Lihat Keranjang');
    await buyer.waitFor('Total: Rp 30.000');
    await pace();
    buyer.press('🎟️ Pakai Voucher');
    const prompt = await buyer.waitFor('Ketik kode vouchernya');
    expect(prompt.buttons).toEqual([['❌ Batal']]);

    // The prompt is a row in Postgres, not a map in the process that is about to go.
    await eventually(async () => {
      const open = await getActor(shop.app.db, 'conversation', '6101');
      expect(open?.state).toBe('active');
      expect((open?.snapshot.context as ConversationContext | undefined)?.step).toBe('voucher');
    });

    await shop.restart();

    await pace();
    buyer.sendText('hemat10');
    const applied = await buyer.waitFor('Total: Rp 27.000', { timeout: 15_000 });
    expect(applied.text).toContain('Voucher HEMAT10 dipakai');
    const cart = (await getActor(shop.app.db, 'checkout', '6101'))?.snapshot.context as CheckoutContext;
    expect(cart.voucher).toEqual({ code: 'HEMAT10' });
    expect(buyer.messages().some((m) => m.text.includes('belum paham'))).toBe(false);

    // Answered once: the prompt is closed, and its journal says how it went.
    await eventually(async () =>
      expect((await getActor(shop.app.db, 'conversation', '6101'))?.state).toBe('idle'),
    );
    const journal = await getJournal(shop.app.db, 'conversation', '6101');
    expect(journal.map((entry) => entry.event.type)).toEqual(['START', 'END']);
    expect(journal.at(-1)?.event).toMatchObject({ reason: 'done' });
  });
});
