import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { texts } from '../bot/i18n.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { diskUsage } from '../owner-bot/status.ts';
import type { Alerts } from './alerts.ts';
import { alertCounts } from './windows.ts';

export const DIGEST_QUEUE = 'owner-digest';

export interface DigestDeps {
  db: Db;
  config: Pick<Config, 'BOT_STORE_NAME' | 'BOT_TIMEZONE' | 'DATA_DIR'>;
  /** Where backups are written (BACKUP_LOCAL_DIR), when backups are configured. */
  backupDir?: string | undefined;
}

interface DayTotals {
  orders: number;
  revenue: number;
}

/** Paid orders and their revenue for today and yesterday in the shop's time zone. */
async function orderTotals(db: Db, timeZone: string): Promise<{ today: DayTotals; yesterday: DayTotals }> {
  const { rows } = await sql<{ today: boolean; orders: string; revenue: string | null }>`
    SELECT (paid_at AT TIME ZONE ${timeZone})::date = (now() AT TIME ZONE ${timeZone})::date AS today,
           count(*) AS orders, sum(total) AS revenue
    FROM orders
    WHERE paid_at >= ((date_trunc('day', now() AT TIME ZONE ${timeZone}) - interval '1 day') AT TIME ZONE ${timeZone})
      AND status IN ('paid', 'delivered', 'undelivered')
    GROUP BY 1`.execute(db);
  const pick = (today: boolean): DayTotals => {
    const row = rows.find((r) => r.today === today);
    return { orders: Number(row?.orders ?? 0), revenue: Number(row?.revenue ?? 0) };
  };
  return { today: pick(true), yesterday: pick(false) };
}

/** The newest file in the backup directory, as "name (date)", or null. */
async function latestBackup(dir: string | undefined, timeZone: string): Promise<string | null> {
  if (!dir) return null;
  try {
    const files = await Promise.all(
      (await readdir(dir)).map(async (name) => ({ name, info: await stat(join(dir, name)) })),
    );
    const newest = files.filter((f) => f.info.isFile()).sort((a, b) => b.info.mtimeMs - a.info.mtimeMs)[0];
    if (!newest) return null;
    const when = newest.info.mtime.toLocaleString('en-GB', {
      timeZone,
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    return `${newest.name} (${when})`;
  } catch {
    return null;
  }
}

/** The digest's text (Indonesian, the shop's default language). */
export async function buildDigest(deps: DigestDeps): Promise<string> {
  const { config } = deps;
  const [totals, alerts, backup, disk] = await Promise.all([
    orderTotals(deps.db, config.BOT_TIMEZONE),
    alertCounts(deps.db, 24),
    latestBackup(deps.backupDir, config.BOT_TIMEZONE),
    diskUsage(config.DATA_DIR).then(
      (d) => d.text,
      () => null,
    ),
  ]);
  const date = new Date().toLocaleDateString('id-ID', { timeZone: config.BOT_TIMEZONE, dateStyle: 'medium' });
  return texts('id').owner.digest({ store: config.BOT_STORE_NAME, date, ...totals, alerts, backup, disk });
}

/**
 * Schedules the daily digest at OWNER_DIGEST_TIME in BOT_TIMEZONE (one pg-boss cron for all
 * processes); the worker sends it to the owners through the alert outbox.
 */
export async function startDigest(
  boss: PgBoss,
  deps: DigestDeps & { time: string; alerts: Alerts; logger: Logger },
): Promise<() => Promise<void>> {
  const [hour, minute] = deps.time.split(':').map(Number);
  await boss.createQueue(DIGEST_QUEUE, { retryLimit: 3, retryDelay: 60, expireInSeconds: 120 });
  await boss.schedule(DIGEST_QUEUE, `${minute} ${hour} * * *`, null, { tz: deps.config.BOT_TIMEZONE });
  await boss.work(DIGEST_QUEUE, { pollingIntervalSeconds: 5 }, async ([job]) => {
    if (job) await deps.alerts.sendDigest(await buildDigest(deps), job.id);
  });
  return () => boss.offWork(DIGEST_QUEUE, { wait: true });
}
