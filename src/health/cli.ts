import path from 'node:path';
import { runCli, UsageError } from '../infra/cli.ts';
import type { Config } from '../infra/config.ts';
import { createDb, type DbHandle } from '../infra/db.ts';
import { runningPort } from '../infra/embedded-postgres.ts';
import type { Logger } from '../infra/logger.ts';
import { type HealthReport, runHealthChecks, withTimeout } from './checks.ts';
import { formatReport } from './summary.ts';

/** Usage: npm run healthcheck. Exit 0 when every check passes, 1 when one fails. */
await runCli({ name: 'health-check' }, async ({ config, logger, args }) => {
  if (args.length > 0) throw new UsageError('Usage: npm run healthcheck (it takes no arguments)');
  const database = databaseUrl(config);
  const handle = database.url ? createDb(database.url, { max: 3 }) : null;
  let report: HealthReport;
  try {
    report = await runHealthChecks({ config, db: handle?.db ?? null, databaseProblem: database.problem });
  } finally {
    await closeQuietly(handle);
  }
  logReport(logger, report);
  process.stdout.write(formatReport(report));
  return report.ok ? 0 : 1;
});

/**
 * DATABASE_URL, or the embedded server the bot runs. The command never starts an
 * embedded server itself: that one not running is what it reports.
 */
function databaseUrl(config: Config): { url?: string; problem?: string } {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const port = runningPort(path.join(config.DATA_DIR, 'postgres'));
  if (port) return { url: `postgres://postgres:postgres@127.0.0.1:${port}/bot_auto_order` };
  return { problem: 'DATABASE_URL is unset and the embedded PostgreSQL is not running' };
}

function logReport(logger: Logger, report: HealthReport): void {
  for (const check of report.checks) {
    const line = { check: check.name, ok: check.ok, summary: check.summary, ms: check.ms, ...check.figures };
    if (check.ok) logger.info(line, 'health check passed');
    else logger.error(line, 'health check failed');
  }
}

/** A pool stuck connecting to an unreachable host must not keep the command alive. */
async function closeQuietly(handle: DbHandle | null): Promise<void> {
  if (!handle) return;
  await withTimeout(handle.close(), 2_000, 'pool close timed out').catch(() => {});
}
