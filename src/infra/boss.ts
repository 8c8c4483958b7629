import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';

export type { PgBoss };

/**
 * pg-boss on the application database, waking workers by LISTEN/NOTIFY. Its pool serves
 * the workers' fetches and completions (eight loops per effect queue) and its upkeep.
 */
export async function startBoss(connectionString: string, logger: Logger, options: { max?: number } = {}) {
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    max: options.max ?? 10,
    useListenNotify: true,
    supervise: true,
    // How soon a job whose process died (no heartbeat) is failed and retried.
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    migrate: true,
  });
  let stopped = false;
  boss.on('stopped', () => {
    stopped = true;
  });
  boss.on('error', (error) => {
    const err = errorSummary(error);
    // The server shutting down (57P0x) is not a job failure; pg-boss reconnects when it returns.
    if (err.code?.startsWith('57P0')) logger.warn({ err, stopped }, 'pg-boss lost its database connection');
    else logger.error({ err }, 'pg-boss error');
  });
  boss.on('warning', (warning) => logger.warn({ warning }, 'pg-boss warning'));
  await boss.start();
  return boss;
}

/** Only what identifies the error: pg-boss's errors can carry a whole pg client. */
function errorSummary(error: unknown): { message: string; code?: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { message: error.message, code } : { message: error.message };
}
