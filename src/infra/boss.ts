import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';

export type { PgBoss };

/** pg-boss on the application database, waking workers by LISTEN/NOTIFY. */
export async function startBoss(connectionString: string, logger: Logger, options: { max?: number } = {}) {
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    max: options.max ?? 6,
    useListenNotify: true,
    supervise: true,
    // How soon a job whose process died (no heartbeat) is failed and retried.
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    migrate: true,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  boss.on('warning', (warning) => logger.warn({ warning }, 'pg-boss warning'));
  await boss.start();
  return boss;
}
