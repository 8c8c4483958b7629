import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { ActorRegistry } from './actors/registry.ts';
import { ActorRuntime } from './actors/runtime.ts';
import { createQueues, startWorkers } from './actors/workers.ts';
import { type AuditLog, createAuditLog } from './infra/audit.ts';
import { startBoss } from './infra/boss.ts';
import type { Config } from './infra/config.ts';
import { resolveDatabase } from './infra/database-url.ts';
import { createDb, type Db } from './infra/db.ts';
import { createLogger, type Logger } from './infra/logger.ts';
import { migrateToLatest } from './infra/migrate.ts';
import { runShutdown, type ShutdownStep } from './infra/shutdown.ts';
import { registerHealth } from './server/health.ts';
import { createHttpServer } from './server/http.ts';

export interface App {
  config: Config;
  logger: Logger;
  audit: AuditLog;
  db: Db;
  boss: PgBoss;
  runtime: ActorRuntime;
  http: FastifyInstance;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8080. */
  url: string;
  stop(): Promise<void>;
}

export function secretsOf(config: Config): (string | undefined)[] {
  return [
    config.TELEGRAM_BOT_TOKEN,
    config.OWNER_BOT_TOKEN,
    config.PAKASIR_API_KEY,
    config.PAKASIR_WEBHOOK_SECRET,
    config.DATA_ENCRYPTION_KEY,
    config.TELEGRAM_WEBHOOK_SECRET,
  ];
}

/**
 * Wires the process: logs, database (embedded when DATABASE_URL is unset), migrations,
 * pg-boss, the actor runtime and its workers, and the HTTP server.
 */
export async function startApp(config: Config, options: { stdoutLogs?: boolean } = {}): Promise<App> {
  const logs = createLogger({
    service: 'bot',
    level: config.LOG_LEVEL,
    dir: config.LOG_DIR,
    timeZone: config.BOT_TIMEZONE,
    retentionDays: config.LOG_RETENTION_DAYS,
    secrets: secretsOf(config),
    stdout: options.stdoutLogs ?? true,
  });
  const logger = logs.logger;
  const audit = createAuditLog({
    dir: config.LOG_DIR,
    timeZone: config.BOT_TIMEZONE,
    retentionDays: Math.max(config.LOG_RETENTION_DAYS, 90),
    secrets: secretsOf(config),
  });
  const steps: ShutdownStep[] = [];
  const stop = () => runShutdown(steps.reverse(), logger);
  try {
    const database = await resolveDatabase(config, logger);
    steps.push({ name: 'embedded postgres', run: database.stop });
    const { db, close } = createDb(database.url, { max: 20 });
    steps.push({ name: 'database pool', run: close });
    const applied = await migrateToLatest(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const boss = await startBoss(database.url, logger);
    steps.push({ name: 'pg-boss', run: () => boss.stop({ graceful: true, close: true, timeout: 10_000 }) });
    await createQueues(boss);
    const registry = new ActorRegistry();
    const runtime = new ActorRuntime({ db, boss, registry, logger });
    steps.push({ name: 'in-flight events', run: () => runtime.drain() });
    const stopWorkers = await startWorkers({ runtime, boss, db, logger });
    steps.push({ name: 'effect and timer workers', run: stopWorkers });
    const http = createHttpServer(logger);
    registerHealth(http, { db, startedAt: new Date() });
    const url = await http.listen({ host: config.HOST, port: config.PORT });
    steps.push({ name: 'http server', run: () => http.close() });
    logger.info({ url }, 'listening');
    return {
      config,
      logger,
      audit,
      db,
      boss,
      runtime,
      http,
      url,
      stop: () =>
        stop().finally(() => {
          logger.info('stopped');
          flush(logs, audit);
        }),
    };
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    await stop();
    flush(logs, audit);
    throw error;
  }
}

function flush(logs: { close(): void }, audit: AuditLog): void {
  audit.close();
  logs.close();
}
