import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectDeps } from '../../src/effects/deps.ts';
import { shopKinds } from '../../src/effects/kinds.ts';
import { startSnk } from '../../src/effects/snk.ts';
import { createCipher, parseKey } from '../../src/infra/crypto.ts';
import { createPakasirClient } from '../../src/infra/pakasir/index.ts';
import { Messages } from '../../src/messages/messages.ts';
import { samplePng } from '../../src/sandbox/telegram/sample-png.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { pace } from '../support/buyer.ts';
import { checkout, countMessages, waitForInvoice, waitForState } from '../support/orders.ts';
import { silentLogger, startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { BOT_TOKEN, type Shop, startShop } from '../support/shop.ts';

// Two instances on one database: the app, and a second process's runtime with the same
// actor kinds and effects, its workers taking jobs from the same queues.
let shop: Shop;
let second: TestRuntime;
let secondDeps: EffectDeps;

beforeAll(async () => {
  shop = await startShop();
  const config = shop.app.config;
  const holder: { rt?: TestRuntime } = {};
  secondDeps = {
    db: shop.app.db,
    cipher: createCipher(parseKey(config.DATA_ENCRYPTION_KEY ?? '')),
    pakasir: createPakasirClient({
      baseUrl: config.PAKASIR_BASE_URL,
      slug: config.PAKASIR_PROJECT_SLUG ?? '',
      apiKey: config.PAKASIR_API_KEY ?? '',
      version: config.PAKASIR_API_VERSION,
      logger: silentLogger,
    }),
    api: new Api(BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }),
    config,
    logger: silentLogger,
    audit: shop.app.audit,
    messages: new Messages({ db: shop.app.db, logger: silentLogger }),
    runtime: () => {
      if (!holder.rt) throw new Error('second runtime not started');
      return holder.rt.runtime;
    },
  };
  second = await startTestRuntime(config.DATABASE_URL ?? '', shopKinds(secondDeps));
  holder.rt = second;
});

afterAll(async () => {
  await second?.stop();
  await shop?.stop();
});

describe('SNK on two instances', () => {
  it('sends the terms once and forwards the proof once, whichever instance runs the effects', async () => {
    const buyer = shop.buyer(7301);
    const orderId = await checkout(shop, 7301, [{ code: 'NETFLIX-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    await shop.pakasir.simulatePayment(orderId);
    await waitForState(shop, 'order', orderId, 'completed');
    const product = await getProduct(shop.app.db, 'NETFLIX-1B');
    const actorId = `${orderId}:${product?.id}`;

    // The second instance starts the same actor too, several times at once: created once.
    const order = { orderId, userId: 7301, lang: 'id' as const };
    await Promise.all([
      startSnk(secondDeps, order),
      startSnk(secondDeps, order),
      startSnk(secondDeps, order),
    ]);
    await buyer.waitFor(/Syarat & Ketentuan Netflix/, { timeout: 15_000 });
    await waitForState(shop, 'snk', actorId, 'waiting.pending');
    const created = await shop.app.db
      .selectFrom('actor_journal')
      .select('revision')
      .where('kind', '=', 'snk')
      .where('actor_id', '=', actorId)
      .where('revision', '=', 1)
      .execute();
    expect(created).toHaveLength(1);

    await pace();
    buyer.press('✅ Penuhi SNK');
    await buyer.waitFor(/Kirim bukti untuk/);
    await pace();
    buyer.sendPhoto(samplePng(4, 4), 'catatan');
    await buyer.waitFor(/Diterima: 1 gambar, 1 catatan/);
    await pace();
    buyer.press('✅ Selesai');
    await buyer.waitFor(/Bukti terkirim ke admin/);
    // A second SUBMIT from the other instance (no dedupe key) finds it already submitted.
    await second.runtime.send('snk', actorId, { type: 'SUBMIT', files: 1, notes: 1 });
    await shop.admin.waitFor((e) => e.text.includes('Bukti SNK') && e.text.includes(orderId), {
      timeout: 15_000,
    });
    await pace();
    shop.admin.press('👍 Terima');
    await buyer.waitFor(/diterima admin/, { timeout: 15_000 });
    await waitForState(shop, 'snk', actorId, 'accepted');

    expect(countMessages(buyer, /Syarat & Ketentuan Netflix/)).toBe(1);
    expect(countMessages(buyer, /diterima admin/)).toBe(1);
    expect(shop.admin.messages().filter((m) => m.text.includes('Bukti SNK'))).toHaveLength(1);
    expect(shop.admin.messages().filter((m) => !!m.photo)).toHaveLength(1);
  });
});
