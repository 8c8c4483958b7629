import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type App, startApp } from '../app.ts';
import { type Config, loadConfig } from '../infra/config.ts';
import { createCipher, loadOrCreateKey } from '../infra/crypto.ts';
import type { Db } from '../infra/db.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../infra/embedded-postgres.ts';
import { createLogger, type LoggerHandle } from '../infra/logger.ts';
import { type ImportSummary, importCatalog } from '../shop/catalog-import.ts';
import { type PakasirEmulator, startPakasirEmulator } from './pakasir/index.ts';
import { type SimUser, startTelegramEmulator, type TelegramEmulator } from './telegram/index.ts';
import { ADMIN, BUYER, OWNER, PERSONAS } from './web/personas.ts';
import { startWebChat, type WebChat } from './web/server.ts';

/** A token shaped like a real one; the emulator accepts any such token. */
export const SANDBOX_BOT_TOKEN = '7000000001:SANDBOX-token-for-the-local-emulator';
export const SANDBOX_STORE_NAME = 'Toko Demo';
/** The buyer of the terminal chat (and the web chat's first persona); also an admin so the admin menu can be tried. */
export const SANDBOX_BUYER = BUYER;

const BOT_PROFILE = { firstName: SANDBOX_STORE_NAME, username: 'toko_demo_bot' };

const PAKASIR = {
  slug: 'sandbox-shop',
  apiKey: 'sandbox-api-key-0000000001',
  webhookSecret: 'sandbox-webhook-secret-0001',
};

const DEMO_CATALOG = fileURLToPath(new URL('../../examples/catalog.json', import.meta.url));

/** Settings a user may still choose for the sandbox; everything else is fixed. */
const PASSED_THROUGH = ['LOG_LEVEL', 'BOT_TIMEZONE', 'LOG_RETENTION_DAYS'] as const;

export interface SandboxOptions {
  /** Embedded database, encryption key and other state (kept across runs). */
  dataDir: string;
  /** An existing PostgreSQL instead of the embedded one. */
  databaseUrl?: string;
  /** Drop the embedded PostgreSQL's own messages instead of writing them to the sandbox log. */
  quietDb?: boolean;
  /** Default `logs`. */
  logDir?: string;
  /** Where LOG_LEVEL, BOT_TIMEZONE and LOG_RETENTION_DAYS are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Told about each slow step, e.g. to print progress. */
  onStep?: (step: SandboxStep) => void;
  /** The web chat's port (tried first, any free one if busy; default any); false: no web chat. */
  web?: { port?: number } | false;
}

export type SandboxStep = 'emulators' | 'database' | 'bot' | 'catalog';

export interface Sandbox {
  app: App;
  telegram: TelegramEmulator;
  pakasir: PakasirEmulator;
  /** The simulated buyer chatting with the shop bot. */
  buyer: SimUser;
  /** What the demo catalog import added; undefined when the shop already had products. */
  catalog: ImportSummary | undefined;
  /** The browser chat on the emulators; undefined when turned off. */
  web: WebChat | undefined;
  /** Stops the bot, the emulators and the embedded database; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The whole shop on loopback: the Telegram and Pakasir emulators, PostgreSQL (embedded
 * unless a URL is given), the real app in polling mode, and the demo catalog on first run.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  const stop = once(async () => {
    // Newest first: the app stops before the database and the emulators it talks to.
    for (const step of cleanup.reverse()) {
      try {
        await step();
      } catch {
        // Keep stopping the rest: one stuck piece must not leave the database running.
      }
    }
  });
  try {
    options.onStep?.('emulators');
    const telegram = await startTelegramEmulator({ bots: [{ token: SANDBOX_BOT_TOKEN, ...BOT_PROFILE }] });
    cleanup.push(() => telegram.close());
    const pakasir = await startPakasirEmulator({
      ...PAKASIR,
      isSandbox: false,
      statusPollWindowMs: 0,
      // The bot's open invoices survive a restart, so the gateway's must too.
      stateFile: path.join(options.dataDir, 'pakasir-emulator.json'),
    });
    cleanup.push(() => pakasir.close());

    const config = sandboxConfig(options, telegram, pakasir);
    options.onStep?.('database');
    const database = await openDatabase(options, config);
    cleanup.push(() => database.stop());

    options.onStep?.('bot');
    const app = await startApp({ ...config, DATABASE_URL: database.url }, { stdoutLogs: false });
    cleanup.push(() => app.stop());
    await app.updates.ready;
    pakasir.setWebhookUrl(`${app.url}/webhooks/pakasir`);

    options.onStep?.('catalog');
    const catalog = await importDemoCatalog(app.db, config.DATA_DIR);
    const buyer = telegram.user(SANDBOX_BUYER, SANDBOX_BOT_TOKEN);
    const web =
      options.web === false ? undefined : await startSandboxWebChat(app, telegram, pakasir, options.web);
    if (web) cleanup.push(() => web.close());
    return { app, telegram, pakasir, buyer, catalog, web, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function sandboxConfig(
  options: SandboxOptions,
  telegram: TelegramEmulator,
  pakasir: PakasirEmulator,
): Config {
  const env = options.env ?? process.env;
  const chosen = Object.fromEntries(PASSED_THROUGH.map((name) => [name, env[name]]));
  return loadConfig({
    ...chosen,
    TELEGRAM_BOT_TOKEN: SANDBOX_BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_ADMIN_IDS: `${SANDBOX_BUYER.id},${ADMIN.id}`,
    TELEGRAM_OWNER_IDS: String(OWNER.id),
    BOT_MODE: 'polling',
    BOT_STORE_NAME: SANDBOX_STORE_NAME,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_WEBHOOK_SECRET: PAKASIR.webhookSecret,
    PAKASIR_API_VERSION: 'v2',
    PAKASIR_SANDBOX: 'false',
    DATA_DIR: options.dataDir,
    LOG_DIR: options.logDir ?? 'logs',
    HOST: '127.0.0.1',
    PORT: '0',
    RECONCILE_INTERVAL_SECONDS: '30',
  });
}

function startSandboxWebChat(
  app: App,
  telegram: TelegramEmulator,
  pakasir: PakasirEmulator,
  options: { port?: number } | undefined,
): Promise<WebChat> {
  return startWebChat({
    telegram,
    pakasir,
    shopBot: SANDBOX_BOT_TOKEN,
    personas: PERSONAS,
    storeName: SANDBOX_STORE_NAME,
    botUrl: app.url,
    ...(options?.port === undefined ? {} : { port: options.port }),
  });
}

/** The given database, or an embedded one whose data stays in DATA_DIR/postgres. */
async function openDatabase(options: SandboxOptions, config: Config): Promise<EmbeddedDatabase> {
  if (options.databaseUrl) return { url: options.databaseUrl, stop: async () => {} };
  const logs = options.quietDb ? undefined : sandboxLogger(config);
  try {
    const database = await startEmbeddedPostgres({
      dataDir: path.join(config.DATA_DIR, 'postgres'),
      ...(logs ? { logger: logs.logger } : {}),
    });
    return {
      url: database.url,
      stop: async () => {
        await database.stop();
        await logs?.close();
      },
    };
  } catch (error) {
    await logs?.close();
    throw error;
  }
}

function sandboxLogger(config: Config): LoggerHandle {
  return createLogger({
    service: 'sandbox',
    level: config.LOG_LEVEL,
    dir: config.LOG_DIR,
    timeZone: config.BOT_TIMEZONE,
    retentionDays: config.LOG_RETENTION_DAYS,
    secrets: [],
    stdout: false,
  });
}

/** Loads examples/catalog.json into an empty shop, so a later run keeps what was sold and changed. */
async function importDemoCatalog(db: Db, dataDir: string): Promise<ImportSummary | undefined> {
  const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM products) AS any`.execute(db);
  if (rows[0]?.any) return undefined;
  // The app created or read this key file at start: stock must be encrypted with the same key.
  const cipher = createCipher(loadOrCreateKey(dataDir, undefined).key);
  const json: unknown = JSON.parse(await readFile(DEMO_CATALOG, 'utf8'));
  const result = await importCatalog(db, cipher, json);
  if (!result.ok) throw new Error(`The demo catalog was rejected:\n  ${result.problems.join('\n  ')}`);
  return result.summary;
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= run();
    return running;
  };
}
