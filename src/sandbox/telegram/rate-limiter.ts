/** A sustained rate with a burst allowance. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** Telegram's published limits for bots: about 30 messages/s overall and 1/s in one chat. */
export interface RateLimits {
  global: RateLimit;
  perChat: RateLimit;
}

export const TELEGRAM_RATE_LIMITS: RateLimits = {
  global: { perSecond: 30, burst: 30 },
  perChat: { perSecond: 1, burst: 3 },
};

class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly limit: RateLimit;

  constructor(limit: RateLimit, now: number) {
    this.limit = limit;
    this.tokens = limit.burst;
    this.updatedAt = now;
  }

  /** Milliseconds until one token is available (0 when one is available now). */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.limit.perSecond) * 1000;
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  private refill(now: number): void {
    const elapsed = (now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    this.updatedAt = now;
  }
}

/**
 * Token buckets per bot and per (bot, chat). A send that would exceed either limit is refused with
 * the seconds to wait, which becomes the 429's retry_after; refused sends consume nothing.
 */
export class RateLimiter {
  private readonly limits: RateLimits;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(limits: RateLimits) {
    this.limits = limits;
  }

  /** Returns 0 when the send may go, otherwise the retry_after in whole seconds (at least 1). */
  acquire(botId: number, chatId: number, now = Date.now()): number {
    const global = this.bucket(`${botId}`, this.limits.global, now);
    const chat = this.bucket(`${botId}:${chatId}`, this.limits.perChat, now);
    const wait = Math.max(global.waitMs(now), chat.waitMs(now));
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    global.take(now);
    chat.take(now);
    return 0;
  }

  private bucket(key: string, limit: RateLimit, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
