import type { PgBoss } from 'pg-boss';
import { ALERTING_FIELD } from '../alerts/alerts.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { createBackup } from './create.ts';
import { fileLocations } from './locations.ts';
import { pruneBackups } from './store.ts';
import { openBackup } from './verify.ts';

export const BACKUP_QUEUE = 'backup-daily';

export interface BackupAlert {
  message: 'backup failed';
  reason: string;
  /** The file that failed its check, when one was written. */
  file?: string;
}

export interface BackupScheduleDeps {
  boss: PgBoss;
  db: Db;
  config: Config;
  logger: Logger;
  /** Called on every failed or corrupt automatic backup (the owner alert bot subscribes here). */
  onAlert?: (alert: BackupAlert) => void;
  /** How often an idle worker looks for the day's job (default 30 s: it is sent once a day). */
  pollingIntervalSeconds?: number;
}

/** `BACKUP_TIME` (HH:MM) as a daily cron expression. */
export function dailyCron(time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `${minute} ${hour} * * *`;
}

/**
 * A daily pg-boss cron job in BOT_TIMEZONE: with several instances on one database the
 * schedule is sent once and one worker takes it. Returns how to stop the worker; without
 * ENABLE_AUTO_BACKUP it removes an earlier schedule and does nothing else.
 */
export async function startBackupSchedule(deps: BackupScheduleDeps): Promise<() => Promise<void>> {
  const { boss, config, logger } = deps;
  await boss.createQueue(BACKUP_QUEUE, { retryLimit: 0, expireInSeconds: 3_600 });
  if (!config.ENABLE_AUTO_BACKUP) {
    await boss.unschedule(BACKUP_QUEUE);
    return async () => {};
  }
  await boss.schedule(BACKUP_QUEUE, dailyCron(config.BACKUP_TIME), null, { tz: config.BOT_TIMEZONE });
  await boss.work(BACKUP_QUEUE, { pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 30 }, async () => {
    await runAutomaticBackup(deps);
  });
  logger.info({ time: config.BACKUP_TIME, timeZone: config.BOT_TIMEZONE }, 'daily backup scheduled');
  return () => boss.offWork(BACKUP_QUEUE, { wait: true });
}

/** One automatic backup: create, read it back and check it, prune; a failure alerts, never throws. */
export async function runAutomaticBackup(
  deps: Omit<BackupScheduleDeps, 'boss' | 'pollingIntervalSeconds'>,
): Promise<{ ok: true; file: string } | { ok: false; reason: string }> {
  const { config, logger } = deps;
  const log = logger.child({ component: 'backup' });
  const alert = (reason: string, file?: string) => {
    // With a hook the owner alert says it; the log line must not raise a second one.
    log.error({ reason, file, ...(deps.onAlert ? ALERTING_FIELD : {}) }, 'backup failed');
    deps.onAlert?.({ message: 'backup failed', reason, file });
    return { ok: false as const, reason };
  };
  const password = config.BACKUP_ENCRYPTION_PASSWORD;
  if (!password) {
    return alert('BACKUP_ENCRYPTION_PASSWORD is not set');
  }
  let written: string[] = [];
  try {
    const created = await createBackup({
      db: deps.db,
      password,
      files: fileLocations(config),
      localDir: config.BACKUP_LOCAL_DIR,
      offsiteDir: config.BACKUP_AUTOMATIC_OFFSITE ? config.BACKUP_OFFSITE_DIR : undefined,
      automatic: true,
    });
    written = [created.local, ...(created.offsite ? [created.offsite] : [])];
    for (const file of written) await openBackup(file, password);
    pruneBackups(config.BACKUP_LOCAL_DIR, config.BACKUP_KEEP);
    if (config.BACKUP_AUTOMATIC_OFFSITE) pruneBackups(config.BACKUP_OFFSITE_DIR, config.BACKUP_KEEP);
    log.info({ file: created.local, offsite: created.offsite, bytes: created.bytes }, 'backup done');
    return { ok: true, file: created.local };
  } catch (error) {
    return alert(error instanceof Error ? error.message : String(error), written[0]);
  }
}
