import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/infra/audit.ts';
import { DailyFileStream, type LogFailure, localDate, RETRY_MS } from '../../src/infra/daily-file.ts';
import { createLogger, scrubbing } from '../../src/infra/logger.ts';

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
  it('never writes a token or API key to a log file, wherever it appears', async () => {
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
    await close();

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

  it('keeps daily files only for the retention period', async () => {
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
    await createLogger({ ...options, stdout: false, sync: true }).close();
    writeFileSync(join(old, '2020-01-01.log'), '{}\n');
    const again = createLogger({ ...options, stdout: false, sync: true });
    again.logger.info('new day');
    await again.close();
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

describe('secret scrubbing', () => {
  // A base64 key and a key with characters that JSON and URLs escape.
  const secrets = ['q3T+xr/9Zk1w8pL0mNbV2cYd4eFgHiJkLmNoPqRsTuV=', 'sk_"quoted"\\back slash!(x)~'];

  it('replaces every secret as is, JSON-escaped and URL-encoded', () => {
    const lines: string[] = [];
    const out = scrubbing({ write: (line: string) => lines.push(line) }, secrets);
    for (const secret of secrets) {
      const query = new URLSearchParams({ api_key: secret }).toString();
      const url = new URL(`https://app.pakasir.com/api/transactiondetail?${query}`);
      const forms = [
        secret,
        JSON.stringify(secret),
        JSON.stringify({ body: secret }),
        encodeURIComponent(secret),
        encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
        url.toString(),
        encodeURI(secret),
      ];
      for (const form of forms) out.write(JSON.stringify({ msg: `request failed: ${form} end` }));
    }
    expect(lines).toHaveLength(14);
    for (const line of lines) {
      expect(line).toContain('[redacted]');
      expect(line).not.toMatch(/xr\/9Zk1w8pL0|xr%2F9Zk1w8pL0|xr%2f9Zk1w8pL0|quoted/);
    }
  });
});

describe('log files that cannot be written', () => {
  function stream(dir: string, clock: { now: number }) {
    const fallback: string[] = [];
    const failures: LogFailure[] = [];
    const files = new DailyFileStream({
      dir,
      timeZone: 'Asia/Jakarta',
      retentionDays: 7,
      sync: true,
      fallback: { write: (line: string) => fallback.push(line) },
      onFailure: (failure) => failures.push(failure),
      now: () => new Date(clock.now),
    });
    return { files, fallback, failures };
  }

  it('fall back to the fallback stream, report once, and resume when the directory is back', async () => {
    const root = tempDir();
    const dir = join(root, 'bot');
    const clock = { now: Date.now() };
    const { files, fallback, failures } = stream(dir, clock);
    const file = join(dir, `${localDate(new Date(clock.now), 'Asia/Jakarta')}.log`);
    files.write('one\n');

    // The directory disappears and a plain file takes its place: nothing can be opened there.
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'blocked');
    clock.now += 2_000;
    files.write('two\n');
    files.write('three\n');
    expect(fallback).toEqual(['two\n', 'three\n']);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.path).toBe(file);

    rmSync(dir);
    clock.now += RETRY_MS;
    files.write('four\n');
    await files.close();
    expect(readFileSync(file, 'utf8')).toBe('four\n');
    expect(failures).toHaveLength(1);
  });

  it('reopen the file when the log directory was removed under them', async () => {
    const dir = join(tempDir(), 'bot');
    const clock = { now: Date.now() };
    const { files, fallback, failures } = stream(dir, clock);
    files.write('before\n');
    rmSync(dir, { recursive: true });
    clock.now += 2_000;
    files.write('after\n');
    await files.close();
    expect(readAll(dir)).toBe('after\n');
    expect(fallback).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('survive a write error (full disk) without crashing the process', async () => {
    const dir = tempDir();
    const clock = { now: Date.now() };
    mkdirSync(join(dir, 'bot'));
    symlinkSync('/dev/full', join(dir, 'bot', `${localDate(new Date(clock.now), 'Asia/Jakarta')}.log`));
    const failures: LogFailure[] = [];
    const fallback: string[] = [];
    const files = new DailyFileStream({
      dir: join(dir, 'bot'),
      timeZone: 'Asia/Jakarta',
      retentionDays: 7,
      fallback: { write: (line: string) => fallback.push(line) },
      onFailure: (failure) => failures.push(failure),
      now: () => new Date(clock.now),
    });
    files.write('lost in the buffer\n');
    await files.close();
    expect(failures.map((f) => (f.error as NodeJS.ErrnoException).code)).toEqual(['ENOSPC']);
    files.write('kept\n');
    expect(fallback).toEqual(['kept\n']);
  });

  it('are reported to onLogFailure listeners, also those that subscribe later', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'bot'), 'a file, not a directory');
    const logs = createLogger({
      service: 'bot',
      level: 'info',
      dir: root,
      timeZone: 'Asia/Jakarta',
      retentionDays: 7,
      secrets: [],
      stdout: false,
      fallbackFd: 2,
    });
    const seen: LogFailure[] = [];
    const unsubscribe = logs.onLogFailure((failure) => seen.push(failure));
    logs.logger.info('still logging');
    expect(seen).toHaveLength(1);
    expect(seen.map((f) => (f.error as NodeJS.ErrnoException).code)).toEqual([
      expect.stringMatching(/ENOTDIR|EEXIST/),
    ]);
    unsubscribe();
    await logs.close();
  });
});
