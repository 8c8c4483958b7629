import type { WebhookInfo } from 'grammy/types';
import type { QueuedUpdate, UpdateQueue } from './update-queue.ts';

export interface WebhookConfig {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
  allowedUpdates: string[];
}

/** How hard the emulator insists on an unresponsive webhook; far shorter than Telegram's, for tests. */
export interface WebhookTimings {
  retryBaseMs: number;
  retryMaxMs: number;
  requestTimeoutMs: number;
}

const DELIVERY_LOG_SIZE = 1_000;

export const DEFAULT_WEBHOOK_TIMINGS: WebhookTimings = {
  retryBaseMs: 100,
  retryMaxMs: 5_000,
  requestTimeoutMs: 15_000,
};

/** One attempt to deliver an update, as seen by the emulator (for tests and the inspector). */
export interface WebhookDelivery {
  updateId: number;
  url: string;
  status: number | undefined;
  error: string | undefined;
  at: number;
}

/**
 * A broken path from Telegram to the bot, as when its DNS name or the reverse proxy fails:
 * every delivery fails with this HTTP status (a proxy's 502) or this connection error. The
 * bot is not reached, unless `reachesBot`: then the update is posted and handled, but its
 * answer is lost on the way back (a proxy timing out a slow answer), so Telegram retries.
 */
export type DeliveryFault = ({ status: number } | { error: string }) & { reachesBot?: boolean };

/**
 * Pushes a bot's queued updates to its webhook by POST: at most one update in flight per chat (so
 * a chat's updates arrive in order), up to max_connections chats at once, and a failed delivery
 * (non-2xx, refused connection, timeout) retried with exponential backoff until it succeeds or the
 * webhook is removed.
 */
export class WebhookPusher {
  private readonly queue: UpdateQueue;
  private readonly timings: WebhookTimings;
  private current: WebhookConfig | undefined;
  private readonly inFlight = new Set<QueuedUpdate>();
  private readonly aborter = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private lastError: { date: number; message: string } | undefined;
  private fault: DeliveryFault | undefined;
  readonly deliveries: WebhookDelivery[] = [];

  constructor(queue: UpdateQueue, timings: WebhookTimings) {
    this.queue = queue;
    this.timings = timings;
    queue.onPush(() => this.pump());
  }

  get config(): WebhookConfig | undefined {
    return this.current;
  }

  set(config: WebhookConfig): void {
    this.current = config;
    this.lastError = undefined;
    this.pump();
  }

  clear(): void {
    this.current = undefined;
    clearTimeout(this.timer);
  }

  /** Breaks delivery (see DeliveryFault) until called again without a fault. */
  setFault(fault: DeliveryFault | undefined): void {
    this.fault = fault;
    if (fault) return;
    // The path is back: retry what waits now, as Telegram would on its next attempt.
    for (const item of this.queue.pending()) item.nextAttemptAt = 0;
    this.pump();
  }

  stop(): void {
    this.clear();
    this.aborter.abort();
  }

  info(): WebhookInfo {
    const pending = this.queue.size;
    if (!this.current) return { url: '', has_custom_certificate: false, pending_update_count: pending };
    const info: WebhookInfo = {
      url: this.current.url,
      has_custom_certificate: false,
      pending_update_count: pending,
      max_connections: this.current.maxConnections,
      ip_address: '127.0.0.1',
    };
    if (this.current.allowedUpdates.length > 0)
      info.allowed_updates = this.current.allowedUpdates as WebhookInfo['allowed_updates'];
    if (this.lastError) {
      info.last_error_date = this.lastError.date;
      info.last_error_message = this.lastError.message;
    }
    return info;
  }

  private pump(): void {
    const config = this.current;
    if (!config || this.aborter.signal.aborted) return;
    clearTimeout(this.timer);
    const busyChats = new Set([...this.inFlight].map((item) => item.chatKey));
    let nextRetryAt = Number.POSITIVE_INFINITY;
    for (const item of this.queue.pending()) {
      if (this.inFlight.size >= config.maxConnections) break;
      if (busyChats.has(item.chatKey)) continue;
      // Later updates of this chat wait behind this one, whether it is sent now or retried later.
      busyChats.add(item.chatKey);
      if (item.nextAttemptAt > Date.now()) nextRetryAt = Math.min(nextRetryAt, item.nextAttemptAt);
      else void this.deliver(item, config);
    }
    if (Number.isFinite(nextRetryAt)) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, nextRetryAt - Date.now()));
    }
  }

  private async deliver(item: QueuedUpdate, config: WebhookConfig): Promise<void> {
    this.inFlight.add(item);
    const outcome = await this.post(item, config);
    this.inFlight.delete(item);
    this.deliveries.push({ updateId: item.update.update_id, url: config.url, ...outcome, at: Date.now() });
    if (this.deliveries.length > DELIVERY_LOG_SIZE) this.deliveries.shift();
    if (outcome.error === undefined) this.queue.remove(item);
    else this.scheduleRetry(item, outcome.error);
    this.pump();
  }

  private async post(
    item: QueuedUpdate,
    config: WebhookConfig,
  ): Promise<{ status: number | undefined; error: string | undefined }> {
    const fault = this.fault;
    if (fault && !fault.reachesBot) return faultOutcome(fault, config.url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (config.secretToken) headers['x-telegram-bot-api-secret-token'] = config.secretToken;
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(item.update),
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.timings.requestTimeoutMs)]),
      });
      await response.arrayBuffer();
      if (fault) return faultOutcome(fault, config.url);
      const ok = response.status >= 200 && response.status < 300;
      const error = ok
        ? undefined
        : `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      return { status: response.status, error };
    } catch (error) {
      return { status: undefined, error: describeFailure(error) };
    }
  }

  private scheduleRetry(item: QueuedUpdate, message: string): void {
    item.attempts++;
    const delay = Math.min(this.timings.retryMaxMs, this.timings.retryBaseMs * 2 ** (item.attempts - 1));
    item.nextAttemptAt = Date.now() + delay;
    this.lastError = { date: Math.floor(Date.now() / 1000), message };
  }
}

function faultOutcome(
  fault: DeliveryFault,
  url: string,
): { status: number | undefined; error: string | undefined } {
  if ('status' in fault)
    return { status: fault.status, error: `Wrong response from the webhook: ${fault.status}` };
  return { status: undefined, error: fault.error.replace('{host}', new URL(url).hostname) };
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'Read timeout expired';
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'Connection refused';
  return `Connection failed: ${error instanceof Error ? error.message : String(error)}`;
}
