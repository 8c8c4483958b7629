import type { ResponseParameters } from 'grammy/types';
import { ApiError } from './api-error.ts';
import { type BotRef, botIdOf } from './bot-ref.ts';
import { RateLimiter, type RateLimits, TELEGRAM_RATE_LIMITS } from './rate-limiter.ts';

/** How the next calls of a method fail. */
export interface FailureSpec {
  /** How many calls fail (default 1). */
  times?: number;
  /** HTTP status and error_code (default 500). */
  status?: number;
  /** Defaults to Telegram's wording for the status. */
  description?: string;
  parameters?: ResponseParameters;
  /** Close the connection without any answer instead, like a network failure. */
  dropConnection?: boolean;
  /** Only calls by this bot fail (default: any bot). */
  bot?: BotRef;
}

interface FailureRule {
  method: string;
  botId: number | undefined;
  remaining: number;
  error: ApiError | 'drop';
}

/**
 * Telegram unreachable: `drop` closes every connection without an answer, `hang` holds each
 * call unanswered until the client gives up. Either way no call is processed.
 */
export type OutageMode = 'drop' | 'hang';

/** The outcome of the fault checks for one call. */
export type InjectedFailure = ApiError | 'drop' | undefined;

const STATUS_DESCRIPTIONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const ANY_BOT = '*';

/**
 * Fault injection and call accounting. Method names are matched case-insensitively, as Telegram
 * does; `*` as a method means every method.
 */
export class FaultInjector {
  private readonly blocked = new Set<string>();
  private readonly latency = new Map<string, number>();
  private readonly answerDelay = new Map<string, number>();
  private failures: FailureRule[] = [];
  private limiter: RateLimiter | undefined;
  private refusedByRate = 0;
  private readonly counts = new Map<number, Map<string, number>>();
  private outage: OutageMode | undefined;

  // --- blocked users -------------------------------------------------------------------------

  /** Marks a user as having blocked one bot (botId) or every bot (no botId). */
  setBlocked(userId: number, blocked: boolean, botId?: number): void {
    const key = `${botId ?? ANY_BOT}:${userId}`;
    if (blocked) this.blocked.add(key);
    else if (botId === undefined) {
      for (const entry of [...this.blocked]) if (entry.endsWith(`:${userId}`)) this.blocked.delete(entry);
    } else this.blocked.delete(key);
  }

  isBlocked(botId: number, userId: number): boolean {
    return this.blocked.has(`${botId}:${userId}`) || this.blocked.has(`${ANY_BOT}:${userId}`);
  }

  // --- rate limits ---------------------------------------------------------------------------

  /** Enforces Telegram's limits (or custom ones) on sends; off by default so tests run fast. */
  enableRateLimits(limits: Partial<RateLimits> = {}): void {
    this.limiter = new RateLimiter({ ...TELEGRAM_RATE_LIMITS, ...limits });
  }

  /** Sends refused with a 429 by the rate limits so far. */
  get rateLimitedCount(): number {
    return this.refusedByRate;
  }

  disableRateLimits(): void {
    this.limiter = undefined;
  }

  /** Throws the 429 Telegram would answer when a send to this chat exceeds the limits. */
  checkRate(botId: number, chatId: number): void {
    const retryAfter = this.limiter?.acquire(botId, chatId) ?? 0;
    if (retryAfter > 0) {
      this.refusedByRate++;
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
  }

  // --- latency -------------------------------------------------------------------------------

  /** Delays every call (or only calls of one method) by `ms` before it is handled. */
  setLatency(ms: number, method = '*'): void {
    if (ms > 0) this.latency.set(method.toLowerCase(), ms);
    else this.latency.delete(method.toLowerCase());
  }

  clearLatency(): void {
    this.latency.clear();
    this.answerDelay.clear();
  }

  /**
   * Holds the answer of every call (or of one method) for `ms` after the call was carried out:
   * the message exists, the client does not know yet (the window a crash can fall into).
   */
  setAnswerDelay(ms: number, method = '*'): void {
    if (ms > 0) this.answerDelay.set(method.toLowerCase(), ms);
    else this.answerDelay.delete(method.toLowerCase());
  }

  answerDelayFor(method: string): number {
    return this.answerDelay.get(method.toLowerCase()) ?? this.answerDelay.get('*') ?? 0;
  }

  latencyFor(method: string): number {
    return this.latency.get(method.toLowerCase()) ?? this.latency.get('*') ?? 0;
  }

  // --- outages -------------------------------------------------------------------------------

  /** Makes Telegram unreachable for every bot and method until `endOutage()`. */
  startOutage(mode: OutageMode = 'drop'): void {
    this.outage = mode;
  }

  endOutage(): void {
    this.outage = undefined;
  }

  get outageMode(): OutageMode | undefined {
    return this.outage;
  }

  /**
   * 'drop' when a call arrives during an outage. A hung call stays hung until its client gives
   * up, even if the outage ends meanwhile: a dead connection does not come back to life.
   */
  async unreachable(signal: AbortSignal): Promise<'drop' | undefined> {
    if (this.outage === undefined) return undefined;
    if (this.outage === 'hang' && !signal.aborted) {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    }
    return 'drop';
  }

  // --- injected failures ---------------------------------------------------------------------

  /** Makes the next calls of a method fail, by default once with 500 Internal Server Error. */
  failNext(method: string, spec: FailureSpec = {}): void {
    const status = spec.status ?? 500;
    const description = spec.description ?? STATUS_DESCRIPTIONS[status] ?? `Error ${status}`;
    this.failures.push({
      method: method.toLowerCase(),
      botId: spec.bot === undefined ? undefined : botIdOf(spec.bot),
      remaining: spec.times ?? 1,
      error: spec.dropConnection ? 'drop' : new ApiError(status, description, spec.parameters),
    });
  }

  /** Consumes one pending failure for this call, if any. */
  takeFailure(botId: number, method: string): InjectedFailure {
    const name = method.toLowerCase();
    const rule = this.failures.find(
      (candidate) =>
        (candidate.method === name || candidate.method === '*') &&
        (candidate.botId === undefined || candidate.botId === botId),
    );
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.failures = this.failures.filter((candidate) => candidate !== rule);
    return rule.error;
  }

  // --- call counters -------------------------------------------------------------------------

  countCall(botId: number, method: string): void {
    const perBot = this.counts.get(botId) ?? new Map<string, number>();
    perBot.set(method, (perBot.get(method) ?? 0) + 1);
    this.counts.set(botId, perBot);
  }

  /** Calls of one method (or of all methods), by one bot or by all bots. */
  callCount(method?: string, bot?: BotRef): number {
    const name = method?.toLowerCase();
    const botId = bot === undefined ? undefined : botIdOf(bot);
    let total = 0;
    for (const [bot, perBot] of this.counts) {
      if (botId !== undefined && bot !== botId) continue;
      for (const [calledMethod, count] of perBot) {
        if (name === undefined || calledMethod.toLowerCase() === name) total += count;
      }
    }
    return total;
  }

  /** Calls per method name, summed over the selected bots. */
  callCounts(bot?: BotRef): Record<string, number> {
    const botId = bot === undefined ? undefined : botIdOf(bot);
    const result: Record<string, number> = {};
    for (const [bot, perBot] of this.counts) {
      if (botId !== undefined && bot !== botId) continue;
      for (const [method, count] of perBot) result[method] = (result[method] ?? 0) + count;
    }
    return result;
  }

  resetCounters(): void {
    this.counts.clear();
  }

  /** Clears every fault (blocked users, rate limits, latency, pending failures, outage), not the counters. */
  reset(): void {
    this.outage = undefined;
    this.blocked.clear();
    this.latency.clear();
    this.answerDelay.clear();
    this.failures = [];
    this.limiter = undefined;
  }
}
