// Pakasir allows about one status request per 4 s per transaction; faster polls
// get 429. The window is configurable so tests do not wait 4 s.

export type PollVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export class PollLimiter {
  readonly #windowMs: number;
  readonly #lastAccepted = new Map<string, number>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  check(key: string, now: number): PollVerdict {
    if (this.#windowMs <= 0) return { ok: true };
    const last = this.#lastAccepted.get(key);
    if (last !== undefined && now - last < this.#windowMs) {
      // Retry-After carries whole seconds, so round up and never say 0.
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((last + this.#windowMs - now) / 1000)) };
    }
    this.#lastAccepted.set(key, now);
    return { ok: true };
  }
}
