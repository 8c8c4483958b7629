import type { FastifyInstance } from 'fastify';
import type { Bot } from 'grammy';
import type { PgBoss } from 'pg-boss';
import { ActorRegistry } from './actors/registry.ts';
import { ActorRuntime } from './actors/runtime.ts';
import { createQueues, startWorkers } from './actors/workers.ts';
import {
  createOwnerAlerts,
  type OwnerAlerts,
  shopBotOwnerTools,
  startOwnerServices,
} from './alerts/index.ts';
import { runAutomaticBackup, startBackupSchedule } from './backup/schedule.ts';
import { createBot } from './bot/bot.ts';
import type { BotContext } from './bot/context.ts';
import { type ReceptionPlan, receptionPlan, UpdateReception } from './bot/updates.ts';
import type { EffectDeps } from './effects/deps.ts';
import { shopKinds } from './effects/kinds.ts';
import { startSnkSweep } from './effects/snk.ts';
import { type AuditLog, createAuditLog } from './infra/audit.ts';
import { startBoss } from './infra/boss.ts';
import type { Config } from './infra/config.ts';
import { type Cipher, createCipher, loadOrCreateKey } from './infra/crypto.ts';
import { resolveDatabase } from './infra/database-url.ts';
import { createDb, type Db } from './infra/db.ts';
import { createLogger, type Logger } from './infra/logger.ts';
import { migrateToLatest } from './infra/migrate.ts';
import { createPakasirClient } from './infra/pakasir/index.ts';
import { secretsOf } from './infra/secrets.ts';
import { runShutdown, type ShutdownStep } from './infra/shutdown.ts';
import { startupWarnings } from './infra/startup-warnings.ts';
import { Messages } from './messages/messages.ts';
import { startReconciler } from './payments/reconcile.ts';
import { registerHealth } from './server/health.ts';
import { createHttpServer } from './server/http.ts';
import { registerInspector } from './server/inspector.ts';
import { registerPakasirWebhook } from './server/pakasir-webhook.ts';
import { registerTelegramWebhook } from './server/telegram-webhook.ts';
import { loadOrCreateWebhookSecret, type WebhookSecret } from './server/telegram-webhook-secret.ts';
import { upgradeStockKeys } from './shop/stock.ts';

export interface App {
  config: Config;
  logger: Logger;
  audit: AuditLog;
  db: Db;
  boss: PgBoss;
  runtime: ActorRuntime;
  bot: Bot<BotContext>;
  messages: Messages;
  owner: OwnerAlerts;
  /** Telegram updates: connection, polling or webhook, failover; `ready` once they flow. */
  updates: UpdateReception;
  http: FastifyInstance;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8080. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Wires the process: logs, database (embedded when DATABASE_URL is unset), migrations,
 * pg-boss, the actor runtime with the shop's machines and effects, the bot, the HTTP
 * server (webhooks, health) and payment reconciliation. Needs TELEGRAM_BOT_TOKEN.
 */
export async function startApp(config: Config, options: { stdoutLogs?: boolean } = {}): Promise<App> {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is required to start the bot');
  const plan = receptionPlan(config);
  // Read before the logs open, so a generated secret is scrubbed from them too.
  const webhookSecret =
    plan.mode === 'webhook'
      ? loadOrCreateWebhookSecret(config.DATA_DIR, config.TELEGRAM_WEBHOOK_SECRET)
      : undefined;
  const secrets = [...secretsOf(config), webhookSecret?.secret];
  const logs = createLogger({
    service: 'bot',
    level: config.LOG_LEVEL,
    dir: config.LOG_DIR,
    timeZone: config.BOT_TIMEZONE,
    retentionDays: config.LOG_RETENTION_DAYS,
    secrets,
    stdout: options.stdoutLogs ?? true,
  });
  const logger = logs.logger;
  const owner = createOwnerAlerts(config, logs);
  const audit = createAuditLog({
    dir: config.LOG_DIR,
    timeZone: config.BOT_TIMEZONE,
    retentionDays: Math.max(config.LOG_RETENTION_DAYS, 90),
    secrets,
  });
  const steps: ShutdownStep[] = [];
  const stop = async () => {
    await runShutdown([...steps].reverse(), logger);
    logger.info('stopped');
    audit.close();
    await logs.close();
  };
  try {
    return await wire(config, token, { logger, audit, owner, steps, stop, plan, webhookSecret });
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    // The start error is the one to report, not a failure while undoing the start.
    await stop().catch(() => undefined);
    throw error;
  }
}

async function wire(
  config: Config,
  token: string,
  ctx: {
    logger: Logger;
    audit: AuditLog;
    owner: OwnerAlerts;
    steps: ShutdownStep[];
    stop: () => Promise<void>;
    plan: ReceptionPlan;
    webhookSecret: WebhookSecret | undefined;
  },
): Promise<App> {
  const { logger, audit, owner, steps, plan, webhookSecret } = ctx;
  for (const warning of startupWarnings(config)) logger.warn(warning);
  if (webhookSecret?.created)
    logger.info({ path: webhookSecret.path }, 'TELEGRAM_WEBHOOK_SECRET is unset: generated one');
  const database = await resolveDatabase(config, logger);
  steps.push({ name: 'embedded postgres', run: database.stop });
  const { db, close } = createDb(database.url, { max: 20 });
  steps.push({ name: 'database pool', run: close });
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const key = loadOrCreateKey(config.DATA_DIR, config.DATA_ENCRYPTION_KEY);
  if (key.created)
    logger.warn({ path: key.path }, 'DATA_ENCRYPTION_KEY is unset: created a key file; back it up');
  const cipher = createCipher(key.key);
  await upgradeStock(db, cipher, logger);
  const pakasir = owner.watchGateway(
    createPakasirClient({
      baseUrl: config.PAKASIR_BASE_URL,
      slug: config.PAKASIR_PROJECT_SLUG ?? '',
      apiKey: config.PAKASIR_API_KEY ?? '',
      version: config.PAKASIR_API_VERSION,
      logger: logger.child({ component: 'pakasir' }),
    }),
  );

  const boss = await startBoss(database.url, logger);
  steps.push({ name: 'pg-boss', run: () => boss.stop({ graceful: true, close: true, timeout: 10_000 }) });
  await createQueues(boss);
  const registry = new ActorRegistry();
  const runtime = new ActorRuntime({ db, boss, registry, logger });
  const messages = new Messages({ db, logger: logger.child({ component: 'messages' }) });
  // Owner alerts and tools (src/alerts): the owner bot, alert workers, digest, /backup.
  const backupNow = () => runAutomaticBackup({ db, config, logger, onAlert: owner.fromBackup });
  const ownerServices = {
    config,
    db,
    boss,
    audit,
    logger,
    shopApi: () => bot.api,
    runBackup: config.BACKUP_ENCRYPTION_PASSWORD ? ownerBackup(backupNow) : undefined,
  };
  const bot = createBot(
    { db, runtime, config, cipher, logger, audit, messages },
    { token, apiRoot: config.TELEGRAM_API_ROOT, ownerTools: shopBotOwnerTools(ownerServices) },
  );
  const stopOwner = await startOwnerServices(owner, ownerServices);
  steps.push({ name: 'owner alerts', run: stopOwner });
  const effectDeps: EffectDeps = {
    db,
    cipher,
    pakasir,
    api: bot.api,
    config,
    logger,
    audit,
    messages,
    runtime: () => runtime,
  };
  for (const kind of shopKinds(effectDeps)) registry.register(kind);
  steps.push({ name: 'in-flight events', run: () => runtime.drain() });
  const stopWorkers = await startWorkers({ runtime, boss, db, logger, onDeadLetter: owner.onDeadLetter });
  steps.push({ name: 'effect and timer workers', run: stopWorkers });
  const stopReconciler = startReconciler({ db, runtime, pakasir, config, logger, onSweep: owner.onSweep });
  steps.push({ name: 'payment reconciliation', run: stopReconciler });
  steps.push({
    name: 'daily backup',
    run: await startBackupSchedule({ boss, db, config, logger, onAlert: owner.fromBackup }),
  });
  steps.push({ name: 'daily snk purge', run: await startSnkSweep(boss, effectDeps) });

  const updates = new UpdateReception({
    bot,
    config,
    logger,
    audit,
    plan,
    secret: webhookSecret?.secret,
  });
  const http = createHttpServer(logger, { trustProxy: config.TRUST_PROXY });
  registerHealth(http, { db, startedAt: new Date(), telegram: () => updates.status() });
  registerPakasirWebhook(http, {
    db,
    runtime,
    pakasir,
    config,
    audit,
    onVerifiedWebhook: owner.onVerifiedWebhook,
  });
  if (webhookSecret) registerTelegramWebhook(http, { intake: updates.intake, secret: webhookSecret.secret });
  registerInspector(http, { db, boss, runtime, token: config.INSPECTOR_TOKEN });
  const url = await http.listen({ host: config.HOST, port: config.PORT });
  steps.push({ name: 'http server', run: () => http.close() });

  // In the background: an unreachable Telegram must not hold up the HTTP server.
  updates.start();
  steps.push({ name: 'telegram updates', run: () => updates.stop() });
  logger.info({ url, mode: config.BOT_MODE }, 'bot is running');
  return {
    config,
    logger,
    audit,
    db,
    boss,
    runtime,
    bot,
    messages,
    owner,
    updates,
    http,
    url,
    stop: ctx.stop,
  };
}

/**
 * Moves stock written before key separation to the derived keys, before any buyer can
 * reserve it (a batch being rewritten is locked, and reservations skip locked rows).
 * Once done it is one indexed query; about 4,000 rows a second the first time.
 */
async function upgradeStock(db: Db, cipher: Cipher, logger: Logger): Promise<void> {
  const stockKeys = await upgradeStockKeys(db, cipher);
  if (stockKeys.upgraded || stockKeys.skipped || stockKeys.unreadable)
    logger[stockKeys.unreadable ? 'warn' : 'info']({ stockKeys }, 'stock moved to the derived keys');
}

/** /backup in the owner bot: one backup now, its file, or the reason it failed. */
function ownerBackup(backupNow: () => ReturnType<typeof runAutomaticBackup>) {
  return async () => {
    const result = await backupNow();
    if (!result.ok) throw new Error(result.reason);
    return { file: result.file };
  };
}
