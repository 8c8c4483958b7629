import { isIPv6 } from 'node:net';

/** Addresses tracked at most; past that the least recently seen are forgotten. */
const MAX_ADDRESSES = 50_000;

/**
 * Token buckets per client address, in memory: a burst of `capacity` requests passes,
 * then `capacity` per minute. Per process, which is enough to keep one client from
 * flooding a route; nothing here needs to survive a restart. An IPv6 client is counted
 * by its /64, the block one host usually gets: rotating addresses inside it does not help.
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
    const key = clientKey(address);
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    // Re-inserted, so the map's order is least recently seen first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    for (const oldest of this.buckets.keys()) {
      if (this.buckets.size <= MAX_ADDRESSES) break;
      this.buckets.delete(oldest);
    }
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

/** The address itself, or for IPv6 its /64 (an IPv4-mapped address counts as IPv4). */
export function clientKey(address: string): string {
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
