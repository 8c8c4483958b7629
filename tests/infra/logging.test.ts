import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/infra/audit.ts';
import { localDate } from '../../src/infra/daily-file.ts';
import { createLogger } from '../../src/infra/logger.ts';

const TOKEN = '7000000001:AAH-super-secret-bot-token-value';
const API_KEY = 'pk_live_secret_api_key_123456';
const dirs: string[] = [];

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'bao-logs-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function readAll(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

describe('logging', () => {
  it('never writes a token or API key to a log file, wherever it appears', () => {
    const dir = tempDir();
    const { logger, close } = createLogger({
      service: 'bot',
      level: 'debug',
      dir,
      timeZone: 'Asia/Jakarta',
      retentionDays: 7,
      secrets: [TOKEN, API_KEY],
      stdout: false,
      sync: true,
    });
    logger.info({ token: TOKEN, config: { apiKey: API_KEY } }, 'starting');
    logger.error(
      { err: new Error(`request to https://api.telegram.org/bot${TOKEN}/getMe failed`) },
      'call failed',
    );
    logger.warn(`using key ${API_KEY}`);
    logger.info({ headers: { 'x-api-key': API_KEY, 'x-secret': 'whsec' } }, 'gateway call');
    const telegramError = new GrammyError(
      'Call to sendMessage failed!',
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      'sendMessage',
      { chat_id: 42, text: 'akun: buyer@contoh.id|RahasiaPembeli123' },
    );
    logger.warn({ err: telegramError }, 'delivery failed');
    close();

    const files = readdirSync(join(dir, 'bot'));
    expect(files).toEqual([`${localDate(new Date(), 'Asia/Jakarta')}.log`]);
    const text = readAll(join(dir, 'bot'));
    expect(text).toContain('call failed');
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    expect(text).toContain('bot was blocked');
    expect(text).not.toContain('RahasiaPembeli123');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain('AAH-super-secret');
    expect(text).toContain('[redacted]');
  });

  it('keeps daily files only for the retention period', () => {
    const dir = tempDir();
    const old = join(dir, 'bot');
    const options = {
      service: 'bot',
      level: 'info',
      dir,
      timeZone: 'Asia/Jakarta',
      retentionDays: 3,
      secrets: [],
    };
    createLogger({ ...options, stdout: false, sync: true }).close();
    writeFileSync(join(old, '2020-01-01.log'), '{}\n');
    const again = createLogger({ ...options, stdout: false, sync: true });
    again.logger.info('new day');
    again.close();
    expect(readdirSync(old)).toEqual([`${localDate(new Date(), 'Asia/Jakarta')}.log`]);
  });

  it('writes audit events as JSON lines under logs/audit', () => {
    const dir = tempDir();
    const audit = createAuditLog({ dir, timeZone: 'Asia/Jakarta', retentionDays: 90, secrets: [API_KEY] });
    audit.record('order.paid', { orderId: 'INV1', note: `key ${API_KEY}` });
    audit.close();
    const lines = readAll(join(dir, 'audit')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ event: 'order.paid', orderId: 'INV1' });
    expect(lines[0]).not.toContain(API_KEY);
  });
});
