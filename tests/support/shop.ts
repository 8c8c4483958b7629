import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { createCipher, parseKey } from '../../src/infra/crypto.ts';
import { startPakasirEmulator } from '../../src/sandbox/pakasir/index.ts';
import type { PakasirEmulator, PakasirEmulatorOptions } from '../../src/sandbox/pakasir/types.ts';
import {
  type SimUser,
  startTelegramEmulator,
  type TelegramEmulator,
} from '../../src/sandbox/telegram/index.ts';
import { importCatalog } from '../../src/shop/catalog-import.ts';
import { createTestDatabase } from './database.ts';

export const BOT_TOKEN = '7000000001:AAH-test-token-for-the-shop-bot-0001';
export const ADMIN_ID = 9001;
export const PAKASIR = {
  slug: 'tokodemo',
  apiKey: 'pk_test_0123456789abcdef',
  secret: 'whsec_0123456789abcdef',
};

export interface Shop {
  app: App;
  telegram: TelegramEmulator;
  pakasir: PakasirEmulator;
  buyer(id: number, firstName?: string, languageCode?: string): SimUser;
  admin: SimUser;
  logDir: string;
  /** Stops the app only (the database and emulators stay), as a crash or restart would. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const exampleCatalog = () => JSON.parse(readFileSync('examples/catalog.json', 'utf8')) as unknown;

/** The whole shop on a fresh database, talking to both emulators over HTTP. */
export async function startShop(
  options: {
    catalog?: unknown;
    env?: Record<string, string>;
    pakasir?: Partial<PakasirEmulatorOptions>;
    /** Wait until updates flow (default true); false when Telegram is meant to be unreachable. */
    waitForTelegram?: boolean;
  } = {},
): Promise<Shop> {
  const database = await createTestDatabase();
  const telegram = await startTelegramEmulator();
  const pakasir = await startPakasirEmulator({
    slug: PAKASIR.slug,
    apiKey: PAKASIR.apiKey,
    webhookSecret: PAKASIR.secret,
    isSandbox: false,
    statusPollWindowMs: 0,
    ...options.pakasir,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'bao-shop-data-'));
  const logDir = mkdtempSync(join(tmpdir(), 'bao-shop-logs-'));
  const key = randomBytes(32).toString('hex');
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_ADMIN_IDS: String(ADMIN_ID),
    BOT_MODE: 'polling',
    DATABASE_URL: database.url,
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_WEBHOOK_SECRET: PAKASIR.secret,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    DATA_ENCRYPTION_KEY: key,
    DATA_DIR: dataDir,
    LOG_DIR: logDir,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    RECONCILE_INTERVAL_SECONDS: '3600',
    // A scheduled check crossing a */5 minute would take faults a test injected (getMe).
    ENABLE_AUTO_HEALTHCHECK: 'false',
    // The app spaces status queries like the gateway it talks to.
    PAKASIR_STATUS_INTERVAL_MS: String(options.pakasir?.statusPollWindowMs ?? 0),
    ...options.env,
  });
  let app = await startApp(config, { stdoutLogs: false });
  if (options.waitForTelegram !== false) await app.updates.ready;
  pakasir.setWebhookUrl(`${app.url}/webhooks/pakasir`);
  const imported = await importCatalog(
    app.db,
    createCipher(parseKey(key)),
    options.catalog ?? exampleCatalog(),
  );
  if (!imported.ok) throw new Error(`catalog import failed:\n${imported.problems.join('\n')}`);
  const admin = telegram.user({ id: ADMIN_ID, firstName: 'Admin' }, BOT_TOKEN);

  const shop: Shop = {
    get app() {
      return app;
    },
    telegram,
    pakasir,
    admin,
    logDir,
    buyer: (id, firstName = `Buyer${id}`, languageCode = 'id') =>
      telegram.user({ id, firstName, languageCode }, BOT_TOKEN),
    restart: async () => {
      await app.stop();
      app = await startApp(config, { stdoutLogs: false });
      await app.updates.ready;
      pakasir.setWebhookUrl(`${app.url}/webhooks/pakasir`);
    },
    stop: async () => {
      await app.stop();
      await telegram.close();
      await pakasir.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(logDir, { recursive: true, force: true });
    },
  };
  return shop;
}
