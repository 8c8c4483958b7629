import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKUP_QUEUE,
  type BackupAlert,
  runAutomaticBackup,
  startBackupSchedule,
} from '../../src/backup/schedule.ts';
import { openBackup } from '../../src/backup/verify.ts';
import { type PgBoss, startBoss } from '../../src/infra/boss.ts';
import { loadConfig } from '../../src/infra/config.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, silentLogger } from '../support/runtime.ts';

const PASSWORD = 'schedule-password-42';
let database: TestDatabase;
let handle: DbHandle;
let boss: PgBoss;
let dir: string;

const configFor = (env: Record<string, string>) =>
  loadConfig({
    DATABASE_URL: database.url,
    BACKUP_ENCRYPTION_PASSWORD: PASSWORD,
    BACKUP_LOCAL_DIR: join(dir, 'local'),
    BACKUP_OFFSITE_DIR: join(dir, 'offsite'),
    DATA_DIR: join(dir, 'data'),
    LOG_DIR: join(dir, 'logs'),
    ...env,
  });

/** A logger whose lines the test reads. */
function capturingLogger() {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 4 });
  boss = await startBoss(database.url, silentLogger, { max: 3 });
  dir = mkdtempSync(join(tmpdir(), 'bao-backup-schedule-'));
});

afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await handle?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('daily automatic backups', () => {
  it('schedules a pg-boss cron job at BACKUP_TIME in BOT_TIMEZONE; each run writes, verifies and prunes', async () => {
    const config = configFor({
      ENABLE_AUTO_BACKUP: 'true',
      BACKUP_TIME: '03:30',
      BOT_TIMEZONE: 'Asia/Makassar',
      BACKUP_AUTOMATIC_OFFSITE: 'true',
      BACKUP_KEEP: '2',
    });
    const alerts: BackupAlert[] = [];
    const { logger, lines } = capturingLogger();
    const stop = await startBackupSchedule({
      boss,
      db: handle.db,
      config,
      logger,
      onAlert: (a) => alerts.push(a),
      pollingIntervalSeconds: 1,
    });
    try {
      const schedules = await boss.getSchedules(BACKUP_QUEUE);
      expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([['30 3 * * *', 'Asia/Makassar']]);
      // The cron sends exactly this job at 03:30; sending it here runs the same worker now.
      for (let run = 1; run <= 3; run++) {
        await boss.send(BACKUP_QUEUE, {});
        await eventually(
          () => expect(lines.filter((l) => l.msg === 'backup done')).toHaveLength(run),
          30_000,
        );
      }
    } finally {
      await stop();
    }
    expect(alerts).toEqual([]);
    for (const where of ['local', 'offsite']) {
      const files = readdirSync(join(dir, where));
      expect(files).toHaveLength(2);
      for (const file of files) {
        const opened = await openBackup(join(dir, where, file), PASSWORD);
        expect(opened.header.automatic).toBe(true);
        expect(opened.manifest.tables.length).toBeGreaterThan(10);
      }
    }
  });

  it('a failed backup logs "backup failed" at error level and calls the alert hook', async () => {
    const blocked = join(dir, 'not-a-directory');
    writeFileSync(blocked, 'a file where the backup directory should be');
    const alerts: BackupAlert[] = [];
    const { logger, lines } = capturingLogger();
    const result = await runAutomaticBackup({
      db: handle.db,
      config: configFor({ ENABLE_AUTO_BACKUP: 'true', BACKUP_LOCAL_DIR: blocked }),
      logger,
      onAlert: (a) => alerts.push(a),
    });
    expect(result.ok).toBe(false);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toBe('backup failed');
    expect(alerts[0]?.reason).toMatch(/EEXIST|ENOTDIR/);
    const failed = lines.filter((l) => l.msg === 'backup failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.level).toBe(50);
    expect(JSON.stringify(lines)).not.toContain(PASSWORD);
  });

  it('without ENABLE_AUTO_BACKUP an earlier schedule is removed', async () => {
    const stop = await startBackupSchedule({
      boss,
      db: handle.db,
      config: configFor({ ENABLE_AUTO_BACKUP: 'false' }),
      logger: silentLogger,
    });
    await stop();
    expect(await boss.getSchedules(BACKUP_QUEUE)).toEqual([]);
  });
});
