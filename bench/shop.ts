import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, startApp } from '../src/app.ts';
import { loadConfig } from '../src/infra/config.ts';
import { startPakasirEmulator } from '../src/sandbox/pakasir/index.ts';
import { type SimUser, startTelegramEmulator } from '../src/sandbox/telegram/index.ts';
import { newOrderId } from '../src/shop/ids.ts';
import { benchDatabase } from './support.ts';

/** The whole app on a throwaway database, against both emulators, for a benchmark. */
export async function startBenchShop(prefix: string, token: string, env: Record<string, string> = {}) {
  const telegram = await startTelegramEmulator();
  const pakasir = await startPakasirEmulator({
    slug: 'bench',
    apiKey: 'pk_bench_0123456789',
    isSandbox: false,
    statusPollWindowMs: 0,
  });
  const bench = await startBenchApp(
    prefix,
    token,
    { apiRoot: telegram.apiRoot, pakasirUrl: pakasir.baseUrl },
    env,
  );
  pakasir.setWebhookUrl(`${bench.app.url}/webhooks/pakasir`);
  return {
    ...bench,
    telegram,
    pakasir,
    stop: async () => {
      await bench.stop();
      await telegram.close();
      await pakasir.close();
    },
  };
}

/**
 * The app alone on a throwaway database, against emulators that run elsewhere (another
 * process: bench/remote-emulators.ts), with the bench's Pakasir project.
 */
export async function startBenchApp(
  prefix: string,
  token: string,
  emulators: { apiRoot: string; pakasirUrl: string },
  env: Record<string, string> = {},
) {
  const database = await benchDatabase(prefix);
  const dir = mkdtempSync(join(tmpdir(), 'bao-bench-'));
  const key = randomBytes(32).toString('hex');
  const app = await startApp(
    loadConfig({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: emulators.apiRoot,
      BOT_MODE: 'polling',
      DATABASE_URL: database.url,
      PAKASIR_PROJECT_SLUG: 'bench',
      PAKASIR_API_KEY: 'pk_bench_0123456789',
      PAKASIR_BASE_URL: emulators.pakasirUrl,
      DATA_ENCRYPTION_KEY: key,
      DATA_DIR: join(dir, 'data'),
      LOG_DIR: join(dir, 'logs'),
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
      RECONCILE_INTERVAL_SECONDS: '3600',
      ...env,
    }),
    { stdoutLogs: false },
  );
  await app.updates.ready;
  return {
    app,
    key,
    stop: async () => {
      await app.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One buyer puts one item in the cart and checks out by QRIS; resolves once the invoice is shown. */
export async function checkoutOne(
  app: App,
  buyer: SimUser,
  productId: number,
  timeout: number,
): Promise<string> {
  const orderId = newOrderId();
  const actorId = String(buyer.id);
  await app.runtime.send('checkout', actorId, { type: 'ADD', productId, quantity: 1 });
  await app.runtime.send('checkout', actorId, { type: 'CHECKOUT', orderId, method: 'qris', lang: 'id' });
  await buyer.waitFor((e) => !!e.photo && e.text.includes(orderId), { timeout });
  return orderId;
}
