import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActor } from '../../src/actors/queries.ts';
import { createCipher, parseKey } from '../../src/infra/crypto.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { migrateToLatest } from '../../src/infra/migrate.ts';
import { startPakasirEmulator } from '../../src/sandbox/pakasir/index.ts';
import type { PakasirEmulator } from '../../src/sandbox/pakasir/types.ts';
import { startTelegramEmulator, type TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { getProduct } from '../../src/shop/catalog.ts';
import { importCatalog } from '../../src/shop/catalog-import.ts';
import { newOrderId } from '../../src/shop/ids.ts';
import { stockCounts } from '../../src/shop/stock.ts';
import { spawnAppProcess } from '../support/app-child.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, exampleCatalog, PAKASIR } from '../support/shop.ts';

let database: TestDatabase;
let handle: DbHandle;
let telegram: TelegramEmulator;
let pakasir: PakasirEmulator;
let dir: string;
let env: NodeJS.ProcessEnv;
let child: ChildProcess | undefined;

/** Starts the app as a separate process and waits until it listens. */
function startProcess(): Promise<string> {
  const app = spawnAppProcess(env);
  child = app.child;
  return app.ready;
}

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startTelegramEmulator();
  pakasir = await startPakasirEmulator({
    slug: PAKASIR.slug,
    apiKey: PAKASIR.apiKey,
    webhookSecret: PAKASIR.secret,
    isSandbox: false,
    statusPollWindowMs: 0,
  });
  dir = mkdtempSync(join(tmpdir(), 'bao-crash-'));
  const key = randomBytes(32).toString('hex');
  handle = createDb(database.url, { max: 4 });
  await migrateToLatest(handle.db);
  const imported = await importCatalog(handle.db, createCipher(parseKey(key)), exampleCatalog());
  expect(imported.ok).toBe(true);
  env = {
    PATH: process.env.PATH,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    BOT_MODE: 'polling',
    DATABASE_URL: database.url,
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_WEBHOOK_SECRET: PAKASIR.secret,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    DATA_ENCRYPTION_KEY: key,
    DATA_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
    HOST: '127.0.0.1',
    PORT: '0',
    RECONCILE_INTERVAL_SECONDS: '3600',
  };
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await handle?.close();
  await telegram?.close();
  await pakasir?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a crash between payment and delivery', () => {
  it('delivers exactly once after a SIGKILL and a restart', async () => {
    const buyer = telegram.user({ id: 5001, firstName: 'Sari', languageCode: 'id' }, BOT_TOKEN);
    pakasir.setWebhookUrl(`${await startProcess()}/webhooks/pakasir`);

    const product = await getProduct(handle.db, 'SPOTIFY-1B');
    // The cart is filled through the bot's own actor (the process owns the runtime).
    buyer.sendCommand('/start');
    await buyer.nextMessage({ timeout: 15_000 });
    const orderId = newOrderId();
    await sendToActor('checkout', '5001', { type: 'ADD', productId: product!.id, quantity: 1 });
    await sendToActor('checkout', '5001', { type: 'CHECKOUT', orderId, method: 'qris', lang: 'id' });
    await buyer.waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout: 15_000 });

    // Telegram refuses every send, so the paid order waits in `delivering`; then the process dies.
    telegram.faults.failNext('sendMessage', { times: 1000, status: 500 });
    telegram.faults.failNext('sendDocument', { times: 1000, status: 500 });
    await pakasir.simulatePayment(orderId);
    await eventually(async () =>
      expect((await getActor(handle.db, 'order', orderId))?.state).toBe('delivering'),
    );
    child?.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    telegram.faults.reset();

    pakasir.setWebhookUrl(`${await startProcess()}/webhooks/pakasir`);
    // The effects the dead process held stop beating; the supervisor hands them back.
    await buyer.waitFor(/Pesanan berhasil/, { timeout: 45_000 });
    await eventually(async () =>
      expect((await getActor(handle.db, 'order', orderId))?.state).toBe('completed'),
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(buyer.messages().filter((m) => /Pesanan berhasil/.test(m.text)).length).toBe(1);
    expect((await stockCounts(handle.db, product!.id)).sold).toBe(1);
    // A graceful stop: SIGTERM finishes in-flight work and exits cleanly.
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

/**
 * Events go through the process's runtime via the database-backed actor runtime of a
 * second instance: a send from here is as good as one from the app.
 */
async function sendToActor(kind: string, id: string, event: { type: string; [key: string]: unknown }) {
  const { startTestRuntime } = await import('../support/runtime.ts');
  const { checkoutMachine } = await import('../../src/machines/checkout.ts');
  const rt = await startTestRuntime(
    database.url,
    [
      {
        kind: 'checkout',
        machine: checkoutMachine,
        version: 1,
        effects: { placeOrder: { run: async () => undefined } },
      },
    ],
    { workers: false },
  );
  try {
    await rt.runtime.send(kind, id, event);
  } finally {
    await rt.stop();
  }
}
