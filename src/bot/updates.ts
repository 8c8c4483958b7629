import { Api, type Bot, GrammyError } from 'grammy';
import type { AuditLog } from '../infra/audit.ts';
import { type Config, webhookUrlUsable } from '../infra/config.ts';
import type { Logger } from '../infra/logger.ts';
import { setCommands } from './bot.ts';
import type { BotContext } from './context.ts';
import { type Polling, startPolling } from './polling.ts';
import { attemptSignal, backoffMs, describeError, sleep, timeoutSignal } from './retry.ts';
import { UpdateIntake } from './update-intake.ts';
import { describeFailure, errorSince, judgeWebhook } from './webhook-health.ts';

export type ReceiveMode = 'polling' | 'webhook';

/** How updates will arrive: polling, or a webhook that may fall back to polling (auto). */
export type ReceptionPlan =
  | { mode: 'polling'; why: string }
  | { mode: 'webhook'; url: string; failover: boolean; why: string };

export interface TelegramStatus {
  status: 'connecting' | 'ok' | 'degraded' | 'stopped';
  /** How updates arrive right now; null until connected. */
  mode: ReceiveMode | null;
  configured: Config['BOT_MODE'];
  /** When status or mode last changed. */
  since: string;
  detail?: string;
}

export interface UpdateReceptionDeps {
  bot: Bot<BotContext>;
  config: Config;
  logger: Logger;
  audit: AuditLog;
  plan: ReceptionPlan;
  /** The secret token registered with setWebhook; set whenever the plan uses a webhook. */
  secret: string | undefined;
}

/** One Bot API call's time limit. */
const CALL_TIMEOUT_MS = 10_000;
/** A failed probe doubles the wait before the next one, up to this many times the base. */
const MAX_PROBE_BACKOFF = 8;
/** Longest a probe watches the webhook before deciding. */
const MAX_PROBE_WINDOW_MS = 20_000;
const PROBE_POLL_MS = 250;

/** polling | webhook | auto → what this process does. */
export function receptionPlan(config: Config): ReceptionPlan {
  if (config.BOT_MODE === 'polling') return { mode: 'polling', why: 'BOT_MODE=polling' };
  const url = config.TELEGRAM_WEBHOOK_URL;
  if (config.BOT_MODE === 'webhook' && url) {
    return { mode: 'webhook', url, failover: false, why: 'BOT_MODE=webhook' };
  }
  if (webhookUrlUsable(config)) {
    return {
      mode: 'webhook',
      url: config.TELEGRAM_WEBHOOK_URL,
      failover: true,
      why: 'auto: webhook URL set',
    };
  }
  const why = url
    ? 'auto: TELEGRAM_WEBHOOK_URL is not https, Telegram would not post to it'
    : 'auto: TELEGRAM_WEBHOOK_URL is not set';
  return { mode: 'polling', why };
}

/**
 * Receives Telegram updates in the background, never blocking the start: connects
 * (getMe, retried with backoff, each attempt bounded), then polls or sets the webhook.
 * With a failover plan (auto) it watches getWebhookInfo and polls while Telegram cannot
 * deliver to the webhook, probing now and then whether the webhook works again.
 */
export class UpdateReception {
  readonly intake: UpdateIntake;
  /** Resolves once updates flow for the first time (or the reception stopped). */
  readonly ready: Promise<void>;
  private readonly deps: UpdateReceptionDeps;
  private readonly log: Logger;
  private readonly aborter = new AbortController();
  private current: TelegramStatus;
  private polling: Polling | undefined;
  private loop: Promise<void> | undefined;
  private markReady: () => void = () => {};
  /** When the webhook was last set (ms), the baseline for its delivery errors. */
  private webhookSetAt = 0;

  constructor(deps: UpdateReceptionDeps) {
    this.deps = deps;
    this.log = deps.logger.child({ component: 'telegram' });
    this.intake = new UpdateIntake(deps.bot, this.log);
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.current = { status: 'connecting', mode: null, configured: deps.config.BOT_MODE, since: now() };
  }

  status(): TelegramStatus {
    return { ...this.current };
  }

  start(): void {
    const { mode, why } = this.deps.plan;
    const apiRoot = this.deps.config.TELEGRAM_API_ROOT;
    this.log.info({ mode, why, apiRoot }, 'connecting to the Telegram Bot API');
    this.loop = this.run().catch((error: unknown) => {
      if (!this.aborter.signal.aborted) this.log.error({ err: error }, 'telegram update reception stopped');
    });
  }

  async stop(): Promise<void> {
    this.aborter.abort();
    await this.loop;
    await this.polling?.stop();
    this.polling = undefined;
    this.setStatus('stopped', this.current.mode);
    this.markReady();
  }

  private get signal(): AbortSignal {
    return this.aborter.signal;
  }

  private async run(): Promise<void> {
    await this.connect();
    const plan = this.deps.plan;
    if (plan.mode === 'polling') {
      await this.retrying('deleteWebhook', (signal) => this.deps.bot.api.deleteWebhook({}, signal));
      this.beginPolling();
      this.setStatus('ok', 'polling');
      this.markReady();
      return;
    }
    await this.startWebhook(plan);
    this.markReady();
    const checkMs = this.deps.config.TELEGRAM_WEBHOOK_CHECK_SECONDS * 1000;
    const probeBaseMs = this.deps.config.TELEGRAM_WEBHOOK_PROBE_SECONDS * 1000;
    let probeMs = probeBaseMs;
    for (;;) {
      if (this.current.mode === 'webhook') {
        await sleep(checkMs, this.signal);
        if (await this.checkWebhook(plan)) probeMs = probeBaseMs;
      } else {
        await sleep(probeMs, this.signal);
        const recovered = await this.probe(plan.url, Math.min(checkMs, MAX_PROBE_WINDOW_MS));
        probeMs = recovered ? probeBaseMs : Math.min(probeMs * 2, probeBaseMs * MAX_PROBE_BACKOFF);
        if (!recovered) this.log.info({ nextProbeInMs: probeMs }, 'webhook still not delivered: polling');
      }
    }
  }

  /** getMe until Telegram answers, saying what it waits for; then the command menu. */
  private async connect(): Promise<void> {
    // Neither bot.init() nor bot.api: both retry on their own, silently. A bare client
    // fails at once, so each attempt here says why (refused, DNS, timeout).
    const bare = new Api(this.deps.bot.token, { apiRoot: this.deps.config.TELEGRAM_API_ROOT });
    const me = await this.retrying('getMe', (signal) => bare.getMe(signal));
    this.deps.bot.botInfo = me;
    this.log.info({ bot: me.username, apiRoot: this.deps.config.TELEGRAM_API_ROOT }, 'connected to telegram');
    await setCommands(this.deps.bot.api).catch((error: unknown) =>
      this.log.warn({ error: describeError(error) }, 'could not set bot commands'),
    );
  }

  /**
   * Sets the webhook, retrying while Telegram is unreachable. Telegram may refuse it (it
   * checks that the host resolves: "bad webhook: Failed to resolve host"): webhook mode
   * retries that like an outage; with failover the bot polls and probes the webhook later.
   */
  private async startWebhook(plan: Extract<ReceptionPlan, { mode: 'webhook' }>): Promise<void> {
    try {
      const refused = plan.failover ? (error: unknown) => error instanceof GrammyError : undefined;
      await this.retrying('setWebhook', (signal) => this.setWebhook(plan.url, signal), refused);
      this.setStatus('ok', 'webhook');
    } catch (error) {
      if (this.signal.aborted) throw error;
      await this.switchToPolling(`setWebhook refused: ${describeError(error)}`);
    }
  }

  /**
   * Retries a Bot API call with backoff (each attempt bounded by a timeout) until it answers;
   * an error for which `giveUp` says so is thrown instead.
   */
  private async retrying<T>(
    method: string,
    call: (signal: ReturnType<typeof attemptSignal>) => Promise<T>,
    giveUp?: (error: unknown) => boolean,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(attemptSignal(this.signal, CALL_TIMEOUT_MS));
      } catch (error) {
        if (this.signal.aborted || giveUp?.(error)) throw error;
        const retryInMs = backoffMs(attempt);
        const detail = `${method} failed: ${describeError(error)}`;
        this.log.warn(
          {
            apiRoot: this.deps.config.TELEGRAM_API_ROOT,
            method,
            attempt,
            retryInMs,
            error: describeError(error),
          },
          `waiting for the Telegram Bot API: ${method} failed, retrying`,
        );
        this.setStatus(this.current.mode ? 'degraded' : 'connecting', this.current.mode, detail);
        await sleep(retryInMs, this.signal);
      }
    }
  }

  private async setWebhook(url: string, signal?: ReturnType<typeof attemptSignal>): Promise<void> {
    const secret_token = this.deps.secret;
    await this.deps.bot.api.setWebhook(url, { drop_pending_updates: false, secret_token }, signal);
    this.webhookSetAt = Date.now();
    this.log.info({ webhookUrl: url }, 'telegram webhook set');
  }

  /** One getWebhookInfo look; false when the webhook was found failing. */
  private async checkWebhook(plan: Extract<ReceptionPlan, { mode: 'webhook' }>): Promise<boolean> {
    let info: Awaited<ReturnType<Bot['api']['getWebhookInfo']>>;
    try {
      info = await this.deps.bot.api.getWebhookInfo(timeoutSignal(CALL_TIMEOUT_MS));
    } catch (error) {
      this.log.warn({ error: describeError(error) }, 'could not read the webhook status from telegram');
      return true;
    }
    const since = Math.max(this.webhookSetAt, this.intake.lastWebhookAt);
    const verdict = judgeWebhook(info, plan.url, since);
    if (verdict.ok) {
      if (this.current.status !== 'ok') this.log.info('telegram delivers to the webhook again');
      this.setStatus('ok', 'webhook');
      return true;
    }
    if (verdict.reason !== 'failing') {
      this.log.warn(
        { found: info.url, reason: verdict.reason },
        'the webhook was changed elsewhere: setting it again',
      );
      await this.setWebhook(plan.url, timeoutSignal(CALL_TIMEOUT_MS)).catch((error: unknown) =>
        this.log.warn({ error: describeError(error) }, 'could not set the webhook again'),
      );
      return true;
    }
    if (!plan.failover) {
      if (this.current.detail !== verdict.detail)
        this.log.warn(
          { detail: verdict.detail },
          'telegram cannot deliver to the webhook (check DNS, proxy, TLS)',
        );
      this.setStatus('degraded', 'webhook', verdict.detail);
      return false;
    }
    await this.switchToPolling(verdict.detail);
    return false;
  }

  private async switchToPolling(reason: string): Promise<void> {
    await this.retrying('deleteWebhook', (signal) => this.deps.bot.api.deleteWebhook({}, signal));
    this.beginPolling();
    this.recordSwitch('webhook', 'polling', reason);
    this.setStatus('ok', 'polling', `webhook not delivered (${reason}): polling until it recovers`);
  }

  /**
   * Sets the webhook again and watches it for a short window. Recovered when an update
   * arrives through it, or when the window passes with no new delivery error and nothing
   * waiting (a quiet shop gives no other evidence; a later failure is caught by the next
   * check). Otherwise back to polling, which picks up whatever waited meanwhile.
   */
  private async probe(url: string, windowMs: number): Promise<boolean> {
    await this.polling?.stop();
    this.polling = undefined;
    const started = Date.now();
    const verdict = await this.watchProbe(url, started, windowMs).catch((error: unknown) => ({
      ok: false as const,
      detail: `probe failed: ${describeError(error)}`,
    }));
    if (verdict.ok) {
      this.recordSwitch('polling', 'webhook', verdict.detail);
      this.setStatus('ok', 'webhook');
      return true;
    }
    await this.retrying('deleteWebhook', (signal) => this.deps.bot.api.deleteWebhook({}, signal));
    this.beginPolling();
    this.setStatus('ok', 'polling', `webhook not delivered (${verdict.detail}): polling until it recovers`);
    return false;
  }

  private async watchProbe(
    url: string,
    started: number,
    windowMs: number,
  ): Promise<{ ok: boolean; detail: string }> {
    await this.setWebhook(url, attemptSignal(this.signal, CALL_TIMEOUT_MS));
    for (;;) {
      await sleep(Math.min(PROBE_POLL_MS, windowMs), this.signal);
      if (this.intake.lastWebhookAt >= started)
        return { ok: true, detail: 'an update arrived through the webhook' };
      const info = await this.deps.bot.api.getWebhookInfo(attemptSignal(this.signal, CALL_TIMEOUT_MS));
      if (errorSince(info, started)) return { ok: false, detail: describeFailure(info) };
      if (Date.now() - started < windowMs) continue;
      if (info.pending_update_count > 0) return { ok: false, detail: describeFailure(info) };
      return { ok: true, detail: 'no delivery error while probing' };
    }
  }

  private beginPolling(): void {
    this.polling = startPolling(this.deps.bot, this.intake, this.log, {
      onHealth: (healthy, detail) => {
        if (healthy)
          this.setStatus('ok', 'polling', this.current.status === 'ok' ? this.current.detail : undefined);
        else this.setStatus('degraded', 'polling', `getUpdates failed: ${detail ?? 'unknown error'}`);
      },
    });
  }

  private recordSwitch(from: ReceiveMode, to: ReceiveMode, reason: string): void {
    this.log.warn({ from, to, reason }, `telegram updates: switched from ${from} to ${to}`);
    this.deps.audit.record('telegram.mode_switched', { from, to, reason });
  }

  private setStatus(status: TelegramStatus['status'], mode: ReceiveMode | null, detail?: string): void {
    const changed = status !== this.current.status || mode !== this.current.mode;
    this.current = {
      status,
      mode,
      configured: this.deps.config.BOT_MODE,
      since: changed ? now() : this.current.since,
      ...(detail ? { detail } : {}),
    };
  }
}

function now(): string {
  return new Date().toISOString();
}
