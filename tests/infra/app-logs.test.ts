import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPakasirEmulator } from '../../src/sandbox/pakasir/index.ts';
import type { PakasirEmulator } from '../../src/sandbox/pakasir/types.ts';
import { startTelegramEmulator, type TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { BOT_TOKEN, PAKASIR } from '../support/shop.ts';

let database: TestDatabase;
let telegram: TelegramEmulator;
let pakasir: PakasirEmulator;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startTelegramEmulator();
  pakasir = await startPakasirEmulator({
    slug: PAKASIR.slug,
    apiKey: PAKASIR.apiKey,
    webhookSecret: PAKASIR.secret,
    isSandbox: false,
  });
  dir = mkdtempSync(join(tmpdir(), 'bao-app-logs-'));
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await telegram?.close();
  await pakasir?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bot process', () => {
  it('starts and stops cleanly when its log directory cannot be created', async () => {
    const blocked = join(dir, 'logs');
    writeFileSync(blocked, 'a file where the log directory should be');
    const proc = spawn(process.execPath, ['tests/support/app-process.ts'], {
      env: {
        PATH: process.env.PATH,
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        BOT_MODE: 'polling',
        DATABASE_URL: database.url,
        PAKASIR_PROJECT_SLUG: PAKASIR.slug,
        PAKASIR_API_KEY: PAKASIR.apiKey,
        PAKASIR_WEBHOOK_SECRET: PAKASIR.secret,
        PAKASIR_BASE_URL: pakasir.baseUrl,
        DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        DATA_DIR: join(dir, 'data'),
        LOG_DIR: blocked,
        HOST: '127.0.0.1',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      proc.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (/READY \S+/.test(stdout)) resolve();
      });
      void exited.then((code) => reject(new Error(`app exited with ${code}: ${stderr}`)));
    });
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /);
    const logged = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(logged[0]).toMatchObject({ msg: 'cannot write the log file; logging here instead' });
    expect(logged.map((line) => line.msg)).toContain('bot is running');
    expect(stdout).not.toContain(PAKASIR.apiKey);
  });
});
