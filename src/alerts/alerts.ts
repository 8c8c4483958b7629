import type { Api } from 'grammy';
import { GrammyError } from 'grammy';
import type { Job, JobInsert, PgBoss } from 'pg-boss';
import { uuidFromName } from '../actors/ids.ts';
import { bossAdapter } from '../actors/store.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { formatAlert, formatSummary } from './format.ts';
import type { Severity } from './severity.ts';
import { type AlertRecord, claimEndedWindows, countAlert, type WindowSettings } from './windows.ts';

/** Raised alerts, counted against their window by a worker (durable: a crash loses none). */
export const ALERTS_QUEUE = 'owner-alerts';
/** One message to one owner, retried with backoff. */
export const ALERT_SENDS_QUEUE = 'owner-alerts-send';

/** Set on every log line of the alerting code, so the log source never alerts about alerting. */
export const ALERTING_FIELD = { alerting: true } as const;

export interface AlertInput {
  severity: Severity;
  /** Identifies "the same alert": one message per key and dedupe window. */
  key: string;
  title: string;
  detail?: string;
}

interface SendJob {
  chatId: number;
  text: string;
}

type AlertsConfig = Pick<
  Config,
  | 'BOT_STORE_NAME'
  | 'TELEGRAM_OWNER_IDS'
  | 'ENABLE_OWNER_ALERTS'
  | 'OWNER_ALERT_DEDUPE_MINUTES'
  | 'OWNER_ALERT_MAX_PER_HOUR'
>;

export interface AlertsWiring {
  db: Db;
  boss: PgBoss;
  /** The owner bot's API (or the shop bot's when no owner bot is configured). */
  api: Api;
}

/** Raised before the queue exists (start-up) are kept, up to this many. */
const EARLY_LIMIT = 100;

/**
 * The owner's alerts: `raise` never throws and never waits for Telegram. Each alert is a
 * pg-boss job first; a worker counts it in its window (Postgres, shared by processes) and
 * queues one message per owner; the window's repeats go out as one "(×N more)" line.
 */
export class Alerts {
  private readonly config: AlertsConfig;
  private readonly logger: Logger;
  private wiring: AlertsWiring | undefined;
  private early: AlertInput[] = [];
  private readonly pending = new Set<Promise<void>>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();

  constructor(config: AlertsConfig, logger: Logger) {
    this.config = config;
    this.logger = logger.child({ component: 'alerts', ...ALERTING_FIELD });
  }

  get enabled(): boolean {
    return this.config.ENABLE_OWNER_ALERTS && this.config.TELEGRAM_OWNER_IDS.length > 0;
  }

  private get settings(): WindowSettings {
    return {
      windowSeconds: this.config.OWNER_ALERT_DEDUPE_MINUTES * 60,
      maxPerHour: this.config.OWNER_ALERT_MAX_PER_HOUR,
    };
  }

  /** Queues an alert for the owners. Never throws; a failed insert is logged at warn. */
  raise(input: AlertInput): void {
    if (!this.enabled) return;
    if (!this.wiring) {
      if (this.early.length < EARLY_LIMIT) this.early.push(input);
      return;
    }
    const { boss } = this.wiring;
    const inserting = boss
      .send(ALERTS_QUEUE, { ...input, at: new Date().toISOString() })
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, key: input.key }, 'could not queue an owner alert'),
      );
    this.pending.add(inserting);
    void inserting.finally(() => this.pending.delete(inserting));
  }

  /** Creates the queues, starts the workers and the summary sweep; sends what was raised early. */
  async start(wiring: AlertsWiring): Promise<void> {
    const { boss } = wiring;
    await boss.createQueue(ALERTS_QUEUE, {
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 60,
    });
    await boss.createQueue(ALERT_SENDS_QUEUE, {
      retryLimit: 8,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 300,
      expireInSeconds: 60,
    });
    const burst = { batchSize: 25, pollingIntervalSeconds: 1, burstWhenBatchFull: true };
    await boss.work<AlertRecord>(ALERTS_QUEUE, burst, async (jobs) => {
      for (const job of jobs) await this.count(wiring, job);
    });
    await boss.work<SendJob>(ALERT_SENDS_QUEUE, { batchSize: 5, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await this.deliver(wiring.api, job.data);
    });
    this.wiring = wiring;
    for (const input of this.early.splice(0)) this.raise(input);
    const every = Math.min(60, Math.max(1, this.settings.windowSeconds / 3)) * 1000;
    this.sweepTimer = setInterval(() => {
      this.sweeping = this.sweeping.then(() => this.sweep());
    }, every);
    this.sweepTimer.unref();
  }

  /** Waits for alerts being queued, stops the sweep and the workers. */
  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    await Promise.allSettled([...this.pending]);
    await this.sweeping;
    const boss = this.wiring?.boss;
    if (!boss) return;
    for (const queue of [ALERTS_QUEUE, ALERT_SENDS_QUEUE]) await boss.offWork(queue, { wait: true });
  }

  /** Sends the "(×N more)" lines of the windows that ended. Safe with several processes. */
  async sweep(): Promise<void> {
    const wiring = this.wiring;
    if (!wiring) return;
    try {
      await wiring.db.transaction().execute(async (tx) => {
        const ended = await claimEndedWindows(tx, this.settings);
        const texts = ended.map((w) =>
          formatSummary(this.config.BOT_STORE_NAME, w, w.more, this.config.OWNER_ALERT_DEDUPE_MINUTES),
        );
        await this.queueSends(
          wiring.boss,
          tx,
          texts,
          (owner, i) => `summary:${ended[i]?.key}:${owner}:${Date.now()}`,
        );
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'owner alert summaries failed');
    }
  }

  /** Sends a text to every owner as is (the daily digest), once per `id`. */
  async sendDigest(text: string, id: string): Promise<void> {
    const wiring = this.wiring;
    if (!wiring || !this.enabled) return;
    await wiring.db
      .transaction()
      .execute((tx) => this.queueSends(wiring.boss, tx, [text], (owner) => `digest:${id}:${owner}`));
  }

  private async count(wiring: AlertsWiring, job: Job<AlertRecord>): Promise<void> {
    const alert = job.data;
    await wiring.db.transaction().execute(async (tx) => {
      const decision = await countAlert(tx, alert, job.id, this.settings);
      if (!decision.send) {
        if (decision.reason === 'rate_limited')
          this.logger.info({ key: alert.key }, 'owner alert held back: hourly limit');
        return;
      }
      const text = formatAlert(this.config.BOT_STORE_NAME, alert, decision.previousMore);
      await this.queueSends(wiring.boss, tx, [text], (owner) => `alert:${job.id}:${owner}`);
    });
  }

  /** One send job per owner and text, written in the caller's transaction (with stable ids). */
  private async queueSends(
    boss: PgBoss,
    tx: Parameters<typeof bossAdapter>[0],
    texts: string[],
    name: (owner: number, index: number) => string,
  ): Promise<void> {
    const jobs: JobInsert<SendJob>[] = texts.flatMap((text, i) =>
      this.config.TELEGRAM_OWNER_IDS.map((chatId) => ({
        id: uuidFromName(name(chatId, i)),
        data: { chatId, text },
      })),
    );
    if (jobs.length > 0) await boss.insert(ALERT_SENDS_QUEUE, jobs, { db: bossAdapter(tx) });
  }

  private async deliver(api: Api, job: SendJob): Promise<void> {
    try {
      await api.sendMessage(job.chatId, job.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      // Blocked or refused: asking again changes nothing. Anything else is retried.
      if (error instanceof GrammyError && [400, 403].includes(error.error_code)) {
        this.logger.warn({ err: error, ownerId: job.chatId }, 'owner alert refused by Telegram');
        return;
      }
      this.logger.warn({ err: error, ownerId: job.chatId }, 'owner alert not sent yet; retrying');
      throw error;
    }
  }
}
