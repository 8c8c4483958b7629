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
import { type HealthChangeListener, startHealthSchedule } from './health/schedule.ts';
import { type AuditLog, shopAuditLog } from './infra/audit.ts';
import { startBoss } from './infra/boss.ts';
import type { Config } from './infra/config.ts';
import { type Cipher, createCipher, loadOrCreateKey } from './infra/crypto.ts';
import { resolveDatabase } from './infra/database-url.ts';
import { createDb, type Db } from './infra/db.ts';
import { createLogger, type Logger } from './infra/logger.ts';
import {
  countingAudit,
  createMetrics,
  instrumentPakasir,
  type Metrics,
  telegramMetrics,
  timedEffects,
  watchDatabase,
} from './infra/metrics.ts';
import { migrateToLatest } from './infra/migrate.ts';
import { createPakasirClient } from './infra/pakasir/index.ts';
import { secretsOf } from './infra/secrets.ts';
import { runShutdown, type ShutdownStep } from './infra/shutdown.ts';
import { startupWarnings } from './infra/startup-warnings.ts';
import type { ShopMachines } from './machines/kinds.ts';
import { Messages } from './messages/messages.ts';
import { startReconciler } from './payments/reconcile.ts';
import { registerHealth } from './server/health.ts';
import { createHttpServer } from './server/http.ts';
import { registerInspector } from './server/inspector.ts';
import { registerMetrics } from './server/metrics.ts';
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
  runtime: ActorRuntime<ShopMachines>;
  bot: Bot<BotContext>;
  messages: Messages;
  owner: OwnerAlerts;
  /** Telegram updates: connection, polling or webhook, failover; `ready` once they flow. */
  updates: UpdateReception;
  http: FastifyInstance;
  metrics: Metrics;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8080. */
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  stdoutLogs?: boolean;
  /** Told when a scheduled health check starts failing or recovers. */
  onHealthChange?: HealthChangeListener;
}

/**
 * Wires the process: logs, database (embedded when DATABASE_URL is unset), migrations,
 * pg-boss, the actor runtime with the shop's machines and effects, the bot, the HTTP
 * server (webhooks, health) and payment reconciliation. Needs TELEGRAM_BOT_TOKEN.
 */
export async function startApp(config: Config, options: StartOptions = {}): Promise<App> {
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
  const metrics = createMetrics();
  const owner = createOwnerAlerts(config, logs);
  const audit = countingAudit(shopAuditLog(config, [webhookSecret?.secret]), metrics);
  const steps: ShutdownStep[] = [];
  const stop = async () => {
    await runShutdown([...steps].reverse(), logger);
    logger.info('stopped');
    audit.close();
    await logs.close();
  };
  try {
    const wiring = { logger, audit, owner, metrics, options, steps, stop, plan, webhookSecret };
    return await wire(config, token, wiring);
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
    metrics: Metrics;
    options: StartOptions;
    steps: ShutdownStep[];
    stop: () => Promise<void>;
    plan: ReceptionPlan;
    webhookSecret: WebhookSecret | undefined;
  },
): Promise<App> {
  const { logger, audit, owner, metrics, steps, plan, webhookSecret } = ctx;
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
  const pakasir = instrumentPakasir(
    owner.watchGateway(
      createPakasirClient({
        baseUrl: config.PAKASIR_BASE_URL,
        slug: config.PAKASIR_PROJECT_SLUG ?? '',
        apiKey: config.PAKASIR_API_KEY ?? '',
        version: config.PAKASIR_API_VERSION,
        logger: logger.child({ component: 'pakasir' }),
      }),
    ),
    metrics,
  );

  const boss = await startBoss(database.url, logger);
  steps.push({ name: 'pg-boss', run: () => boss.stop({ graceful: true, close: true, timeout: 10_000 }) });
  await createQueues(boss);
  const registry = new ActorRegistry();
  const runtime = new ActorRuntime<ShopMachines>({ db, boss, registry, logger, metrics });
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
    {
      token,
      apiRoot: config.TELEGRAM_API_ROOT,
      ownerTools: shopBotOwnerTools(ownerServices),
      apiTransformers: [telegramMetrics(metrics)],
    },
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
    metrics,
  };
  for (const kind of shopKinds(effectDeps)) registry.register(timedEffects(kind, metrics));
  steps.push({ name: 'in-flight events', run: () => runtime.drain() });
  const stopWorkers = await startWorkers({
    runtime,
    boss,
    db,
    logger,
    onDeadLetter: owner.onDeadLetter,
    onGaveUp: owner.onGaveUp,
  });
  steps.push({ name: 'effect and timer workers', run: stopWorkers });
  const stopReconciler = startReconciler({ db, runtime, pakasir, config, logger, onSweep: owner.onSweep });
  steps.push({ name: 'payment reconciliation', run: stopReconciler });
  steps.push({
    name: 'daily backup',
    run: await startBackupSchedule({ boss, db, config, logger, onAlert: owner.fromBackup }),
  });
  const healthLogger = logger.child({ component: 'health' });
  const onChange = ctx.options.onHealthChange ?? healthAlertsFor(owner);
  const stopHealth = await startHealthSchedule({ boss, db, config, logger: healthLogger, onChange });
  steps.push({ name: 'health checks', run: stopHealth });
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
  registerMetrics(http, { metrics, token: config.METRICS_TOKEN });
  watchDatabase(metrics, db);
  registerHealth(http, { db, startedAt: new Date(), telegram: () => updates.status() });
  const onRejected = (reason: string) => metrics.paymentsRejected.inc({ reason });
  registerPakasirWebhook(http, {
    db,
    runtime,
    pakasir,
    config,
    audit,
    onVerifiedWebhook: owner.onVerifiedWebhook,
    onRejected,
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
    metrics,
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

/** Health changes as owner alerts: each failing check an error, each recovery an info. */
function healthAlertsFor(owner: OwnerAlerts): HealthChangeListener {
  return (report, previous) => {
    const checks = Object.fromEntries(report.checks.map((c) => [c.name, { ok: c.ok, detail: c.summary }]));
    owner.fromHealth({ ok: report.ok, checks }, { checks: previous });
  };
}
