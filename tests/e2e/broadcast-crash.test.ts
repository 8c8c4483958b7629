import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { migrateToLatest } from '../../src/infra/migrate.ts';
import { startPakasirEmulator } from '../../src/sandbox/pakasir/index.ts';
import type { PakasirEmulator } from '../../src/sandbox/pakasir/types.ts';
import {
  checkDelivery,
  startTelegramEmulator,
  type TelegramEmulator,
} from '../../src/sandbox/telegram/index.ts';
import { paceFor } from '../../src/shop/broadcasts/pacing.ts';
import { getBroadcast } from '../../src/shop/broadcasts/store.ts';
import { spawnAppProcess } from '../support/app-child.ts';
import { broadcastStatus, seedUsers, startBroadcastOn } from '../support/broadcast.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/runtime.ts';
import { ADMIN_ID, BOT_TOKEN, PAKASIR } from '../support/shop.ts';

const RATE = 20;
let database: TestDatabase;
let handle: DbHandle;
let telegram: TelegramEmulator;
let pakasir: PakasirEmulator;
let dir: string;
let env: NodeJS.ProcessEnv;
let users: number[];
const children = new Set<ChildProcess>();

async function startProcess(): Promise<ChildProcess> {
  const app = spawnAppProcess(env);
  children.add(app.child);
  app.child.once('exit', () => children.delete(app.child));
  await app.ready;
  return app.child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const copies = (marker: string) => telegram.sent(BOT_TOKEN).filter((r) => r.text.includes(marker)).length;

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
  dir = mkdtempSync(join(tmpdir(), 'bao-broadcast-crash-'));
  handle = createDb(database.url, { max: 4 });
  await migrateToLatest(handle.db);
  telegram.user({ id: ADMIN_ID, firstName: 'Admin' }, BOT_TOKEN);
  users = await seedUsers(handle.db, telegram, BOT_TOKEN, 300_000, 300);
  env = {
    PATH: process.env.PATH,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_ADMIN_IDS: String(ADMIN_ID),
    BOT_MODE: 'polling',
    DATABASE_URL: database.url,
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_WEBHOOK_SECRET: PAKASIR.secret,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    DATA_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
    HOST: '127.0.0.1',
    PORT: '0',
    RECONCILE_INTERVAL_SECONDS: '3600',
    ENABLE_AUTO_HEALTHCHECK: 'false',
    BROADCAST_RATE: String(RATE),
    // A claim of a killed process is settled this long after it was made (timeout + 15 s).
    TELEGRAM_TIMEOUT_SECONDS: '2',
  };
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await handle?.close();
  await telegram?.close();
  await pakasir?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const text = (marker: string) => ({ kind: 'text' as const, html: `<b>Restock</b> ${marker}` });

describe('broadcast across crashes and processes', () => {
  it('SIGKILL mid-broadcast, then a restart: nobody twice, nobody missed', async () => {
    // Telegram takes each message at once but answers late: the kill lands while batches are
    // accepted and not yet recorded, the one window a crash can hit.
    telegram.faults.setAnswerDelay(300, 'sendMessage');
    const first = await startProcess();
    const id = await startBroadcastOn(database.url, env, {
      adminId: ADMIN_ID,
      content: text('[k1]'),
      audience: { type: 'all' },
    });
    await eventually(() => expect(copies('[k1]')).toBeGreaterThanOrEqual(60), 30_000, 20);
    await kill(first);
    telegram.faults.setAnswerDelay(0, 'sendMessage');
    expect(await broadcastStatus(handle.db, id)).toBe('sending');

    await startProcess();
    await eventually(async () => expect(await broadcastStatus(handle.db, id)).toBe('done'), 120_000, 250);
    const record = checkDelivery(telegram.sent(BOT_TOKEN), '[k1]', users);
    expect(record).toMatchObject({ duplicates: 0, missed: 0, unexpected: 0 });
    const report = (await getBroadcast(handle.db, id))?.report;
    // Those in flight at the kill are counted as uncertain, bounded by the batches in flight.
    expect((report?.sent ?? 0) + (report?.unknown ?? 0)).toBe(record.delivered);
    expect(report?.unknown).toBeLessThanOrEqual(2 * paceFor(0, RATE).batch);
    for (const child of children) await kill(child);
  });

  it('a scheduled broadcast fires at its time after a restart in between', async () => {
    const first = await startProcess();
    const at = new Date(Date.now() + 4000);
    const id = await startBroadcastOn(database.url, env, {
      adminId: ADMIN_ID,
      content: text('[s1]'),
      audience: { type: 'all' },
      at,
    });
    expect(await broadcastStatus(handle.db, id)).toBe('scheduled');
    await kill(first);
    expect(copies('[s1]')).toBe(0);

    await startProcess();
    await eventually(async () => expect(await broadcastStatus(handle.db, id)).toBe('done'), 120_000, 250);
    const record = checkDelivery(telegram.sent(BOT_TOKEN), '[s1]', users);
    expect(record).toMatchObject({ duplicates: 0, missed: 0, unexpected: 0 });
    expect(record.firstAt).toBeGreaterThanOrEqual(at.getTime());
    for (const child of children) await kill(child);
  });

  it('two instances on one database share the work and keep to the rate together', async () => {
    await Promise.all([startProcess(), startProcess()]);
    const id = await startBroadcastOn(database.url, env, {
      adminId: ADMIN_ID,
      content: text('[t1]'),
      audience: { type: 'all' },
    });
    await eventually(async () => expect(await broadcastStatus(handle.db, id)).toBe('done'), 120_000, 250);
    const record = checkDelivery(telegram.sent(BOT_TOKEN), '[t1]', users);
    expect(record).toMatchObject({ duplicates: 0, missed: 0, unexpected: 0 });
    // The shared bucket: no one-second window above the rate plus the bucket's capacity.
    expect(record.maxPerSecond).toBeLessThanOrEqual(RATE + paceFor(0, RATE).burst);
  });
});
