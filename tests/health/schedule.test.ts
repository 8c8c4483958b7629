import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../src/health/checks.ts';
import { HEALTH_QUEUE, runScheduledHealthCheck, startHealthSchedule } from '../../src/health/schedule.ts';
import type { PreviousStates } from '../../src/health/state.ts';
import { startBoss } from '../../src/infra/boss.ts';
import { type Config, loadConfig } from '../../src/infra/config.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { startPakasirEmulator } from '../../src/sandbox/pakasir/index.ts';
import type { PakasirEmulator } from '../../src/sandbox/pakasir/types.ts';
import { startTelegramEmulator, type TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, PAKASIR } from '../support/shop.ts';

let database: TestDatabase;
let handle: DbHandle;
let telegram: TelegramEmulator;
let pakasir: PakasirEmulator;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 5 });
  telegram = await startTelegramEmulator();
  pakasir = await startPakasirEmulator({ slug: PAKASIR.slug, apiKey: PAKASIR.apiKey, isSandbox: false });
});

afterAll(async () => {
  await handle?.close();
  await telegram?.close();
  await pakasir?.close();
  await database?.drop();
});

function config(env: Record<string, string> = {}): Config {
  return loadConfig({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DATABASE_URL: database.url,
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    HEALTH_CPU_THRESHOLD: '10000',
    ...env,
  });
}

/** A real pino logger whose lines the test reads. */
function capturingLogger() {
  const lines: { level: number; msg: string; failing?: string[]; recovered?: string[] }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

type Call = { report: HealthReport; previous: PreviousStates };

function listener() {
  const calls: Call[] = [];
  return {
    calls,
    onChange: (report: HealthReport, previous: PreviousStates) => void calls.push({ report, previous }),
  };
}

describe('scheduled health checks', () => {
  it('registers a pg-boss cron schedule, runs a job sent to its queue, and removes the schedule when disabled', async () => {
    const { logger } = capturingLogger();
    const boss = await startBoss(database.url, logger, { max: 2 });
    try {
      const stop = await startHealthSchedule({
        boss,
        db: handle.db,
        config: config({ HEALTHCHECK_INTERVAL_MINUTES: '7' }),
        logger,
      });
      const schedules = await boss.getSchedules();
      expect(schedules.filter((s) => s.name === HEALTH_QUEUE).map((s) => s.cron)).toEqual(['*/7 * * * *']);

      await boss.send(HEALTH_QUEUE, {});
      await eventually(async () => {
        const rows = await handle.db.selectFrom('health_check_states').select('name').execute();
        expect(rows.map((r) => r.name).sort()).toEqual([
          'cpu',
          'database',
          'disk',
          'logs',
          'memory',
          'pakasir',
          'queues',
          'telegram',
        ]);
      }, 20_000);
      await stop();

      await startHealthSchedule({
        boss,
        db: handle.db,
        config: config({ ENABLE_AUTO_HEALTHCHECK: 'false' }),
        logger,
      });
      expect((await boss.getSchedules()).filter((s) => s.name === HEALTH_QUEUE)).toEqual([]);
    } finally {
      await boss.stop({ graceful: true, close: true, timeout: 5000 });
    }
  });

  it('alerts once per change of state, remembers the state across a restart, and says when it recovered', async () => {
    const { logger, lines } = capturingLogger();
    const { calls, onChange } = listener();
    const healthy = config();
    const fullDisk = config({ HEALTH_DISK_THRESHOLD: '1' });
    const deps = (cfg: Config) => ({ db: handle.db, config: cfg, logger, onChange });

    const baseline = await runScheduledHealthCheck(deps(healthy));
    expect(baseline.report.failed).toEqual([]);
    expect(calls).toHaveLength(0);

    const failing = await runScheduledHealthCheck(deps(fullDisk));
    expect(failing.changes.failing).toEqual(['disk']);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.report.failed).toEqual(['disk']);
    expect(calls[0]?.previous.disk?.ok).toBe(true);
    const failingLine = lines.find((l) => l.msg === 'health check failing');
    expect(failingLine?.level).toBe(50);
    expect(failingLine?.failing).toEqual(['disk']);

    await runScheduledHealthCheck(deps(fullDisk));
    expect(calls).toHaveLength(1);

    // A restarted process reads the stored state: still failing is no news.
    const restarted = listener();
    await runScheduledHealthCheck({ ...deps(fullDisk), onChange: restarted.onChange });
    expect(restarted.calls).toHaveLength(0);

    const recovered = await runScheduledHealthCheck({ ...deps(healthy), onChange: restarted.onChange });
    expect(recovered.changes.recovered).toEqual(['disk']);
    expect(restarted.calls).toHaveLength(1);
    expect(restarted.calls[0]?.previous.disk?.ok).toBe(false);
    const recoveredLine = lines.find((l) => l.msg === 'health check recovered');
    expect(recoveredLine?.level).toBe(40);
    expect(recoveredLine?.recovered).toEqual(['disk']);
  });

  it('reports a change once when two instances check at the same moment', async () => {
    const { logger } = capturingLogger();
    const { calls, onChange } = listener();
    const memoryLow = config({ HEALTH_MEMORY_THRESHOLD: '1' });
    await runScheduledHealthCheck({ db: handle.db, config: config(), logger });
    const runs = await Promise.all([
      runScheduledHealthCheck({ db: handle.db, config: memoryLow, logger, onChange }),
      runScheduledHealthCheck({ db: handle.db, config: memoryLow, logger, onChange }),
    ]);
    expect(runs.flatMap((r) => r.changes.failing)).toEqual(['memory']);
    expect(calls).toHaveLength(1);
  });

  it('logs a listener that throws and still records the state', async () => {
    const { logger, lines } = capturingLogger();
    await runScheduledHealthCheck({ db: handle.db, config: config(), logger });
    const onChange = () => {
      throw new Error('alert bot down');
    };
    const logDir = mkdtempSync(join(tmpdir(), 'bao-health-logs-'));
    writeFileSync(join(logDir, 'big.log'), Buffer.alloc(1_200_000));
    const run = await runScheduledHealthCheck({
      db: handle.db,
      config: config({ LOG_USAGE_THRESHOLD_MB: '1', LOG_DIR: logDir }),
      logger,
      onChange,
    });
    expect(run.changes.failing).toEqual(['logs']);
    expect(lines.find((l) => l.msg === 'health change listener failed')?.level).toBe(50);
    const stored = await handle.db
      .selectFrom('health_check_states')
      .select(['ok'])
      .where('name', '=', 'logs')
      .executeTakeFirst();
    expect(stored?.ok).toBe(false);
    rmSync(logDir, { recursive: true, force: true });
  });
});
