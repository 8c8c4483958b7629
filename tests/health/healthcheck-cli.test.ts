import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestKnownMigration } from '../../src/health/database.ts';
import { createDb } from '../../src/infra/db.ts';
import { BOT_TOKEN, PAKASIR, type Shop, startShop } from '../support/shop.ts';

// `npm run healthcheck` runs as a child process against the shop's database and both
// emulators; its exit code, what it prints and its log lines are the contract. The child
// runs asynchronously: the emulators answer from this process.

const STACK_TRACE = /\n\s+at /;
const CHECKS = ['telegram', 'database', 'queues', 'pakasir', 'disk', 'memory', 'cpu', 'logs'];

let shop: Shop;
let work: string;

beforeAll(async () => {
  shop = await startShop({ env: { ENABLE_AUTO_HEALTHCHECK: 'false' } });
  work = mkdtempSync(join(tmpdir(), 'bao-health-'));
});

afterAll(async () => {
  await shop?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function healthcheck(
  env: Record<string, string> = {},
  logDir = join(work, 'logs'),
  args: string[] = [],
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'healthcheck', ...args],
      {
        env: {
          ...process.env,
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_API_ROOT: shop.telegram.apiRoot,
          DATABASE_URL: shop.app.config.DATABASE_URL ?? '',
          PAKASIR_PROJECT_SLUG: PAKASIR.slug,
          PAKASIR_API_KEY: PAKASIR.apiKey,
          PAKASIR_BASE_URL: shop.pakasir.baseUrl,
          LOG_DIR: logDir,
          DATA_DIR: join(work, 'data'),
          // Load per core on a shared test machine says nothing about this code.
          HEALTH_CPU_THRESHOLD: '10000',
          ...env,
        },
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** The ✓/✗ mark printed for each check. */
function marks(stdout: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([✓✗]) (\w+)\s/.exec(line);
    if (match?.[1] && match[2]) found[match[2]] = match[1];
  }
  return found;
}

const allPass = Object.fromEntries(CHECKS.map((name) => [name, '✓']));

describe('npm run healthcheck', () => {
  it('passes every check with the emulators and a migrated database, exit 0, a log line per check', async () => {
    const logDir = join(work, 'logs-ok');
    const run = await healthcheck({}, logDir);
    expect(run.stderr).toBe('');
    expect(marks(run.stdout)).toEqual(allPass);
    expect(run.stdout).toMatch(/✓ telegram\s+@\w+/);
    expect(run.stdout).toMatch(
      new RegExp(`✓ database\\s+answers in \\d+ ms, migration ${latestKnownMigration()}`),
    );
    expect(run.stdout).toMatch(/✓ queues\s+.*actor-effects \d+/);
    expect(run.stdout).toContain('Healthy.');
    expect(run.status).toBe(0);

    const files = readdirSync(join(logDir, 'health-check'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}\.log$/);
    const lines = readFileSync(join(logDir, 'health-check', files[0] ?? ''), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { check: string; ok: boolean; msg: string });
    expect(lines.map((l) => l.check)).toEqual(CHECKS);
    expect(lines.every((l) => l.ok && l.msg === 'health check passed')).toBe(true);
    expect(readFileSync(join(logDir, 'health-check', files[0] ?? ''), 'utf8')).not.toContain(PAKASIR.apiKey);
  });

  it('fails the database and queue checks when the database is unreachable, exit 1, naming them', async () => {
    const run = await healthcheck({ DATABASE_URL: 'postgres://postgres:pw-hidden@127.0.0.1:1/none' });
    expect(run.status).toBe(1);
    expect(marks(run.stdout)).toEqual({ ...allPass, database: '✗', queues: '✗' });
    expect(run.stdout).toMatch(/✗ database\s+.*ECONNREFUSED/);
    expect(run.stdout).toContain('Unhealthy: database, queues failed.');
    expect(run.stdout + run.stderr).not.toContain('pw-hidden');
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it('fails the disk and memory checks under threshold overrides', async () => {
    const disk = await healthcheck({ HEALTH_DISK_THRESHOLD: '1' });
    expect(disk.status).toBe(1);
    expect(marks(disk.stdout)).toEqual({ ...allPass, disk: '✗' });
    expect(disk.stdout).toMatch(/✗ disk\s+.*\d+% used.*\(limit 1%\)/);
    expect(disk.stdout).toContain('Unhealthy: disk failed.');

    const memory = await healthcheck({ HEALTH_MEMORY_THRESHOLD: '1' });
    expect(memory.status).toBe(1);
    expect(marks(memory.stdout)).toEqual({ ...allPass, memory: '✗' });
    expect(memory.stdout).toMatch(/✗ memory\s+system \d+% used .* process \d+ MB \(limit 1%\)/);
  });

  it('shows the CPU figure against its limit', async () => {
    const cpu = await healthcheck({ HEALTH_CPU_THRESHOLD: '1' });
    // A load of exactly 0 is below any limit; any real load is at or above 1%.
    expect(cpu.stdout).toMatch(/[✓✗] cpu\s+load \d+\.\d\d on \d+ cores = \d+% \(limit 1%\)/);
  });

  it('fails the log check when LOG_DIR holds more than LOG_USAGE_THRESHOLD_MB', async () => {
    const logDir = join(work, 'logs-big');
    const run0 = await healthcheck({}, logDir);
    expect(run0.status).toBe(0);
    writeFileSync(join(logDir, 'health-check', 'old.log'), Buffer.alloc(1_200_000));
    const run = await healthcheck({ LOG_USAGE_THRESHOLD_MB: '1' }, logDir);
    expect(run.status).toBe(1);
    expect(marks(run.stdout)).toEqual({ ...allPass, logs: '✗' });
    expect(run.stdout).toMatch(/✗ logs\s+.* holds 1\.\d MB \(limit 1 MB\)/);
  });

  it('fails the Pakasir check on a refused key or an unknown project', async () => {
    const pakasir = await healthcheck({ PAKASIR_API_KEY: 'pk_wrong_key_000000' });
    expect(pakasir.status).toBe(1);
    expect(marks(pakasir.stdout)).toEqual({ ...allPass, pakasir: '✗' });
    expect(pakasir.stdout).toMatch(/✗ pakasir\s+API key refused \(401\)/);
    expect(pakasir.stdout).not.toContain('pk_wrong_key_000000');

    const slug = await healthcheck({ PAKASIR_PROJECT_SLUG: 'someone-else' });
    expect(slug.stdout).toMatch(/✗ pakasir\s+project slug not found \(404\)/);
  });

  it('fails the Telegram check when getMe is refused', async () => {
    shop.telegram.faults.failNext('getMe', { status: 401, description: 'Unauthorized' });
    const telegram = await healthcheck();
    expect(telegram.status).toBe(1);
    expect(marks(telegram.stdout)).toEqual({ ...allPass, telegram: '✗' });
    expect(telegram.stdout).toMatch(/✗ telegram\s+getMe answered 401: Unauthorized/);
  });

  it('fails the database check when the latest migration is not applied', async () => {
    const handle = createDb(shop.app.config.DATABASE_URL ?? '', { max: 1 });
    const latest = await sql<{ name: string }>`
      DELETE FROM kysely_migration
      WHERE name = (SELECT max(name) FROM kysely_migration) RETURNING name`.execute(handle.db);
    try {
      const run = await healthcheck();
      expect(run.status).toBe(1);
      expect(marks(run.stdout)).toEqual({ ...allPass, database: '✗' });
      const expected = new RegExp(
        `✗ database\\s+migration 0\\d+_\\w+ applied, ${latestKnownMigration()} expected`,
      );
      expect(run.stdout).toMatch(expected);
    } finally {
      const name = latest.rows[0]?.name ?? '';
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${name}, now()::text)`.execute(
        handle.db,
      );
      await handle.close();
    }
  });

  it('answers an argument with its usage, exit 2', async () => {
    const run = await healthcheck({}, join(work, 'logs'), ['--', 'now']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: npm run healthcheck');
  });
});
