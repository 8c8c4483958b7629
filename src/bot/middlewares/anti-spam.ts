import type { MiddlewareFn } from 'grammy';
import type { User } from 'grammy/types';
import type { BotContext } from '../context.ts';
import { escapeHtml } from '../format.ts';
import { texts } from '../i18n.ts';

export interface SpamGuardOptions {
  /** Actions a user may fire back to back (default 4). */
  capacity?: number;
  /** Actions per second the bucket regains (default 1). */
  refillPerSecond?: number;
  /** The buyer is told off at most once per this many ms (default 10 s). */
  warnEveryMs?: number;
  /** Admins hear about one user at most once per this many ms (default 10 min). */
  reportEveryMs?: number;
  /** How far back a report counts actions (default 10 s). */
  windowMs?: number;
}

export interface SpamVerdict {
  allowed: boolean;
  /** Tell the user to slow down (once per warn window). */
  warn: boolean;
  /** Tell the admins (once per report window): actions counted over `seconds`. */
  report: { actions: number; seconds: number } | null;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  recent: number[];
  warnedAt: number;
  reportedAt: number;
}

const MAX_RECENT = 1000;

/**
 * A token bucket per user, in memory: a burst of `capacity` actions passes, after that
 * about `refillPerSecond` per second. Per process, which is enough to stop one client
 * from hammering the bot; nothing here needs to survive a restart.
 */
export class SpamGuard {
  private readonly buckets = new Map<number, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly warnEveryMs: number;
  private readonly reportEveryMs: number;
  private readonly windowMs: number;
  private lastPrune = 0;

  constructor(options: SpamGuardOptions = {}) {
    this.capacity = options.capacity ?? 4;
    this.refillPerMs = (options.refillPerSecond ?? 1) / 1000;
    this.warnEveryMs = options.warnEveryMs ?? 10_000;
    this.reportEveryMs = options.reportEveryMs ?? 10 * 60_000;
    this.windowMs = options.windowMs ?? 10_000;
  }

  hit(userId: number, now = Date.now()): SpamVerdict {
    this.prune(now);
    const bucket = this.bucketOf(userId, now);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    bucket.recent = bucket.recent.filter((at) => now - at < this.windowMs).slice(-MAX_RECENT + 1);
    bucket.recent.push(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, warn: false, report: null };
    }
    const warn = now - bucket.warnedAt >= this.warnEveryMs;
    if (warn) bucket.warnedAt = now;
    let report: SpamVerdict['report'] = null;
    if (now - bucket.reportedAt >= this.reportEveryMs) {
      bucket.reportedAt = now;
      const first = bucket.recent[0] ?? now;
      report = { actions: bucket.recent.length, seconds: Math.max(1, Math.ceil((now - first) / 1000)) };
    }
    return { allowed: false, warn, report };
  }

  /** Users being tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private bucketOf(userId: number, now: number): Bucket {
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      bucket = {
        tokens: this.capacity,
        updatedAt: now,
        recent: [],
        warnedAt: -Infinity,
        reportedAt: -Infinity,
      };
      this.buckets.set(userId, bucket);
    }
    return bucket;
  }

  /** A user idle for a whole report window is back to a full bucket anyway: forget them. */
  private prune(now: number): void {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [userId, bucket] of this.buckets) {
      if (now - bucket.updatedAt > this.reportEveryMs) this.buckets.delete(userId);
    }
  }
}

/**
 * Drops a user's messages and button presses beyond the bucket. Callback queries are
 * still answered so the button stops spinning. Admins are never throttled.
 */
export function antiSpam(options: SpamGuardOptions = {}): MiddlewareFn<BotContext> {
  const guard = new SpamGuard(options);
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from || ctx.isAdmin || !(ctx.message || ctx.callbackQuery)) return next();
    const verdict = guard.hit(from.id);
    if (verdict.allowed) return next();
    if (verdict.report) reportToAdmins(ctx, from, verdict.report);
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery(verdict.warn ? { text: ctx.t.menu.spam, show_alert: true } : undefined);
    } else if (verdict.warn && ctx.chat?.type === 'private') {
      await ctx.reply(ctx.t.menu.spam);
    }
  };
}

function describeUser(from: User): string {
  const name = escapeHtml([from.first_name, from.last_name].filter(Boolean).join(' '));
  return from.username ? `${name} (@${escapeHtml(from.username)})` : name;
}

/** Fire and forget: a slow or blocked admin chat must not hold up the update. */
function reportToAdmins(ctx: BotContext, from: User, report: { actions: number; seconds: number }): void {
  const text = texts('id').menu.spamReport({ user: describeUser(from), userId: from.id, ...report });
  for (const adminId of ctx.deps.config.TELEGRAM_ADMIN_IDS) {
    ctx.api
      .sendMessage(adminId, text)
      .catch((error) => ctx.deps.logger.warn({ err: error, adminId }, 'could not send a spam report'));
  }
  ctx.deps.logger.warn({ userId: from.id, ...report }, 'spam throttled');
  ctx.deps.audit.record('spam_throttled', { userId: from.id, ...report });
}
