import type { Api, Bot } from 'grammy';
import type { PgBoss } from 'pg-boss';
import type { EffectJob } from '../actors/actions.ts';
import type { AuditLog } from '../infra/audit.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import type { Logger, LoggerHandle } from '../infra/logger.ts';
import type { PakasirClient } from '../infra/pakasir/index.ts';
import { createOwnerBot, type OwnerContext, ownerCommands, type RunBackup } from '../owner-bot/owner-bot.ts';
import { defaultStatus, type StatusProvider } from '../owner-bot/status.ts';
import { ALERTING_FIELD, Alerts } from './alerts.ts';
import { startDigest } from './digest.ts';
import { GatewayTrouble, watchGateway } from './gateway-watch.ts';
import { logAlerts } from './log-source.ts';
import { backupAlerts, deadLetterAlerts, healthAlerts, logFailureAlerts } from './sources.ts';
import { WebhookSilence } from './webhook-silence.ts';

export { type AlertInput, Alerts } from './alerts.ts';

/**
 * The owner's alerts with every source connected that exists before the database:
 * log records at or above OWNER_ALERT_THRESHOLD and log file failures. Create it right
 * after the logger; alerts raised before `start` are kept and sent once it runs.
 */
export function createOwnerAlerts(config: Config, logs: LoggerHandle) {
  const alerts = new Alerts(config, logs.logger);
  const raise = alerts.raise.bind(alerts);
  const untap = logs.onRecord(logAlerts(config.OWNER_ALERT_THRESHOLD, raise));
  const unsubscribe = logs.onLogFailure(logFailureAlerts(raise));
  const silence = new WebhookSilence(config.PAKASIR_WEBHOOK_SILENCE_MINUTES, raise);
  const gateway = new GatewayTrouble();
  return {
    alerts,
    /** The Pakasir client, counting consecutive gateway failures. */
    watchGateway: (client: PakasirClient) =>
      watchGateway(client, config.PAKASIR_FAILURE_ALERT_COUNT, raise, gateway),
    /** For the webhook route (`onVerifiedWebhook`) and reconciliation (`onSweep`). */
    onVerifiedWebhook: () => silence.webhookReceived(),
    onSweep: (result: { checked: number; confirmed: number }) => silence.sweepDone(result),
    /** Dead letters caused by a failing gateway are folded into its recovery message. */
    onDeadLetter: deadLetterAlerts(raise, gateway),
    /** For the workers: the cause of an effect's last failure. */
    onGaveUp: (job: EffectJob, error: unknown) => gateway.noteGaveUp(job.effectId, error),
    /** For the health module's `onChange(report, previous)`. */
    fromHealth: healthAlerts(raise),
    /** For the backup module's `onAlert`. */
    fromBackup: backupAlerts(raise),
    disconnectLogs: () => {
      untap();
      unsubscribe();
    },
  };
}

export type OwnerAlerts = ReturnType<typeof createOwnerAlerts>;

export interface OwnerServices {
  config: Config;
  db: Db;
  boss: PgBoss;
  audit: AuditLog;
  logger: Logger;
  /** The shop bot's API: alerts fall back to it, /status checks Telegram with it. */
  shopApi: () => Api;
  statusProvider?: StatusProvider;
  runBackup?: RunBackup;
}

/** /status and /backup for the shop bot (owners only), when there is no owner bot. */
export function shopBotOwnerTools(services: OwnerServices) {
  if (services.config.OWNER_BOT_TOKEN) return undefined;
  return ownerCommands(toolDeps(services)).middleware();
}

function toolDeps(services: OwnerServices) {
  const { config, db, boss, audit, logger, shopApi } = services;
  const statusProvider =
    services.statusProvider ??
    (() => defaultStatus({ db, boss, api: shopApi(), dataDir: config.DATA_DIR })());
  return {
    config,
    db,
    audit,
    logger: logger.child({ component: 'owner-bot' }),
    statusProvider,
    runBackup: services.runBackup,
  };
}

/**
 * Starts the owner bot (polling its own token, when OWNER_BOT_TOKEN is set), the alert
 * workers and the daily digest. Returns how to stop them, in order.
 */
export async function startOwnerServices(
  owner: OwnerAlerts,
  services: OwnerServices,
): Promise<() => Promise<void>> {
  const { config, boss, logger } = services;
  let ownerBot: Bot<OwnerContext> | undefined;
  if (config.OWNER_BOT_TOKEN)
    ownerBot = createOwnerBot(config.OWNER_BOT_TOKEN, config.TELEGRAM_API_ROOT, toolDeps(services));
  await owner.alerts.start({ db: services.db, boss, api: ownerBot?.api ?? services.shopApi() });
  const stopDigest = await startDigest(boss, {
    db: services.db,
    config,
    backupDir: config.BACKUP_LOCAL_DIR,
    time: config.OWNER_DIGEST_TIME,
    alerts: owner.alerts,
    logger,
  });
  // The owner bot's updates: its failures (token revoked, Telegram down) never stop the shop.
  const polling = ownerBot
    ?.start({ drop_pending_updates: false })
    .catch((error: unknown) => logger.warn({ err: error, ...ALERTING_FIELD }, 'owner bot stopped polling'));
  return async () => {
    if (ownerBot?.isRunning()) await ownerBot.stop();
    await polling;
    await stopDigest();
    await owner.alerts.stop();
    owner.disconnectLogs();
  };
}
