import { join } from 'node:path';
import type { Config } from './config.ts';
import { DailyFileStream } from './daily-file.ts';
import { scrubbing } from './logger.ts';
import { secretsOf } from './secrets.ts';

export interface AuditLog {
  /** Appends one JSON line to `logs/audit/<YYYY-MM-DD>.log`. */
  record(event: string, fields?: Record<string, unknown>): void;
  close(): void;
}

export function createAuditLog(options: {
  dir: string;
  timeZone: string;
  retentionDays: number;
  secrets: (string | undefined)[];
}): AuditLog {
  const files = new DailyFileStream({
    dir: join(options.dir, 'audit'),
    timeZone: options.timeZone,
    retentionDays: options.retentionDays,
    sync: true,
  });
  const out = scrubbing(
    files,
    options.secrets.filter((s): s is string => Boolean(s)),
  );
  return {
    record(event, fields = {}) {
      out.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
    },
    close: () => files.end(),
  };
}

const LOG_FIELD_LIMIT = 200;

/** Shortens a sender-chosen text for a log line, saying how much was cut. */
export function clipForLog(text: string, limit = LOG_FIELD_LIMIT): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}…[+${text.length - limit} chars]`;
}

export interface FloodSummary {
  /** ISO time the window opened. */
  since: string;
  counts: Record<string, number>;
  /** The first event of the window, as it was recorded. */
  sample: Record<string, unknown>;
}

/**
 * Counts events that anyone can cause in floods (unauthenticated rejects), so they
 * cannot fill the disk: `add` says when an event is the first of its kind in the
 * window (worth one log line), and each window that saw events ends in one summary.
 */
export class FloodTally {
  private readonly windowMs: number;
  private readonly onSummary: (summary: FloodSummary) => void;
  private readonly timer: NodeJS.Timeout;
  private window: { startedAt: number; counts: Map<string, number>; sample: Record<string, unknown> } | null =
    null;

  constructor(options: { windowMs?: number; onSummary: (summary: FloodSummary) => void }) {
    this.windowMs = options.windowMs ?? 60_000;
    this.onSummary = options.onSummary;
    this.timer = setInterval(() => this.flushIfDue(), Math.min(this.windowMs, 10_000));
    this.timer.unref();
  }

  /** Counts one event; true when it is the first of its kind in this window. */
  add(kind: string, sample: Record<string, unknown>, now = Date.now()): boolean {
    this.flushIfDue(now);
    if (!this.window) this.window = { startedAt: now, counts: new Map(), sample };
    const seen = this.window.counts.get(kind) ?? 0;
    this.window.counts.set(kind, seen + 1);
    return seen === 0;
  }

  /** Ends the current window now (at shutdown). */
  flush(): void {
    const window = this.window;
    this.window = null;
    if (!window) return;
    this.onSummary({
      since: new Date(window.startedAt).toISOString(),
      counts: Object.fromEntries(window.counts),
      sample: window.sample,
    });
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }

  private flushIfDue(now = Date.now()): void {
    if (this.window && now - this.window.startedAt >= this.windowMs) this.flush();
  }
}

/** The shop's audit log: kept at least 90 days whatever the log retention, secrets scrubbed. */
export function shopAuditLog(config: Config, extraSecrets: (string | undefined)[] = []): AuditLog {
  return createAuditLog({
    dir: config.LOG_DIR,
    timeZone: config.BOT_TIMEZONE,
    retentionDays: Math.max(config.LOG_RETENTION_DAYS, 90),
    secrets: [...secretsOf(config), ...extraSecrets],
  });
}
