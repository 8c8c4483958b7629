/**
 * Token buckets per client address, in memory: a burst of `capacity` requests passes,
 * then `capacity` per minute. Per process, which is enough to keep one client from
 * flooding a route; nothing here needs to survive a restart.
 */
export class AddressRateLimit {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private lastPrune = 0;

  constructor(perMinute: number) {
    this.capacity = perMinute;
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token; when none is left, says how many seconds until one is. */
  take(address: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.prune(now);
    const bucket = this.buckets.get(address) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(address, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)),
    };
  }

  /** Addresses being tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /** A bucket idle for a minute is full again anyway: forget it. */
  private prune(now: number): void {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [address, bucket] of this.buckets) {
      if (now - bucket.updatedAt > 60_000) this.buckets.delete(address);
    }
  }
}
