import { join } from 'node:path';
import { DailyFileStream } from './daily-file.ts';
import { scrubbing } from './logger.ts';

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
