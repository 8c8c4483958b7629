import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { migrateToLatest } from '../../src/infra/migrate.ts';
import { startTelegramEmulator, type TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { spawnAppProcess } from '../support/app-child.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, PAKASIR } from '../support/shop.ts';

const OWNER_TOKEN = '7000000003:AAH-test-token-for-the-owner-bot-0003';
const OWNER_ID = 9200;
const KEY = 'log:bot:bot is running';

let database: TestDatabase;
let handle: DbHandle;
let telegram: TelegramEmulator;
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
  dir = mkdtempSync(join(tmpdir(), 'bao-alert-crash-'));
  handle = createDb(database.url, { max: 2 });
  await migrateToLatest(handle.db);
  env = {
    PATH: process.env.PATH,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_OWNER_IDS: String(OWNER_ID),
    OWNER_BOT_TOKEN: OWNER_TOKEN,
    BOT_STORE_NAME: 'Toko Crash',
    // Every start says "bot is running" at info: that line is the alert here.
    OWNER_ALERT_THRESHOLD: 'info',
    BOT_MODE: 'polling',
    DATABASE_URL: database.url,
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_BASE_URL: 'http://127.0.0.1:9',
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
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
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('an alert raised just before a crash', () => {
  it('is sent after the restart, once', async () => {
    const owner = telegram.user({ id: OWNER_ID, firstName: 'Owner' }, OWNER_TOKEN);
    // The owner bot cannot send, so the alert is still waiting when the process dies.
    telegram.faults.failNext('sendMessage', { bot: OWNER_TOKEN, times: 1000, status: 502 });
    await startProcess();
    await eventually(async () => {
      const row = await handle.db
        .selectFrom('owner_alerts')
        .select('sent')
        .where('key', '=', KEY)
        .executeTakeFirst();
      expect(row?.sent).toBe(true);
    });
    child?.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    expect(owner.messages().filter((m) => m.from === 'bot')).toHaveLength(0);
    telegram.faults.reset();

    await startProcess();
    const alert = await owner.waitFor(/bot is running/, { timeout: 60_000 });
    expect(alert.text.startsWith('[Toko Crash] ℹ️ bot is running')).toBe(true);
    // The second start's line fell in the same window: counted, not sent again.
    await eventually(async () => {
      const row = await handle.db
        .selectFrom('owner_alerts')
        .select('count')
        .where('key', '=', KEY)
        .executeTakeFirst();
      expect(row?.count).toBe(2);
    });
    expect(owner.messages().filter((m) => /bot is running/.test(m.text ?? ''))).toHaveLength(1);
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
