import type { PgBoss } from 'pg-boss';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import { pruneLogsForSpace } from '../infra/log-space.ts';
import type { Logger } from '../infra/logger.ts';
import { type HealthReport, runHealthChecks } from './checks.ts';
import { type PreviousStates, recordHealthStates, type StateChanges } from './state.ts';

export const HEALTH_QUEUE = 'health-check';

/** Called when a check goes from ok to failing or back; `previous` is what was stored before. */
export type HealthChangeListener = (
  report: HealthReport,
  previous: PreviousStates,
  changes: StateChanges,
) => void | Promise<void>;

export interface HealthScheduleDeps {
  boss: PgBoss;
  db: Db;
  config: Config;
  logger: Logger;
  onChange?: HealthChangeListener;
}

/** Every N minutes (N from 1 to 60) as a cron expression. */
export function cronEvery(minutes: number): string {
  return minutes >= 60 ? '0 * * * *' : `*/${minutes} * * * *`;
}

/**
 * Runs the health checks on a pg-boss cron schedule: one job per interval across every
 * instance, run by whichever takes it. Disabled, the schedule is removed, so the shop
 * stops checking once every instance runs with ENABLE_AUTO_HEALTHCHECK=false.
 */
export async function startHealthSchedule(deps: HealthScheduleDeps): Promise<() => Promise<void>> {
  const { boss, config } = deps;
  await boss.createQueue(HEALTH_QUEUE, { retryLimit: 0, expireInSeconds: 120, retentionSeconds: 86_400 });
  if (!config.ENABLE_AUTO_HEALTHCHECK) {
    await boss.unschedule(HEALTH_QUEUE);
    return async () => {};
  }
  await boss.schedule(HEALTH_QUEUE, cronEvery(config.HEALTHCHECK_INTERVAL_MINUTES), null, { tz: 'UTC' });
  await boss.work(HEALTH_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    await runScheduledHealthCheck(deps);
  });
  return () => boss.offWork(HEALTH_QUEUE, { wait: true });
}

/**
 * One scheduled run: check, store each outcome, and on a change log it and tell the
 * listener. A listener that throws is logged; the run itself still counts.
 */
export async function runScheduledHealthCheck(
  deps: Omit<HealthScheduleDeps, 'boss'>,
): Promise<{ report: HealthReport; changes: StateChanges }> {
  const { db, config, logger } = deps;
  const report = await runHealthChecks({ config, db });
  if (report.failed.includes('disk')) freeLogSpace(config, logger);
  const changes = await recordHealthStates(db, report);
  for (const check of report.checks) {
    logger.debug({ check: check.name, ok: check.ok, summary: check.summary, ms: check.ms }, 'health check');
  }
  if (changes.failing.length > 0) {
    const failing = report.checks.filter((c) => changes.failing.includes(c.name));
    logger.error(
      { failing: changes.failing, checks: failing.map((c) => ({ name: c.name, summary: c.summary })) },
      'health check failing',
    );
  }
  if (changes.recovered.length > 0) logger.warn({ recovered: changes.recovered }, 'health check recovered');
  if (deps.onChange && (changes.failing.length > 0 || changes.recovered.length > 0)) {
    try {
      await deps.onChange(report, changes.previous, changes);
    } catch (error) {
      logger.error({ err: error }, 'health change listener failed');
    }
  }
  return { report, changes };
}

/**
 * A disk over HEALTH_DISK_THRESHOLD: the oldest logs go first, beyond the newest
 * LOG_PRUNE_KEEP_DAYS days, at each run while it lasts. What was freed is logged (a
 * warning, so the owner hears of it with the disk alert).
 */
function freeLogSpace(config: Config, logger: Logger): void {
  const pruned = pruneLogsForSpace(config.LOG_DIR, {
    keepDays: config.LOG_PRUNE_KEEP_DAYS,
    timeZone: config.BOT_TIMEZONE,
  });
  if (pruned.removed > 0)
    logger.warn(
      { ...pruned, keepDays: config.LOG_PRUNE_KEEP_DAYS },
      'disk low: old log files pruned to free space',
    );
}
