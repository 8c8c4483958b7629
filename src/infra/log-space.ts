import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { localDate } from './daily-file.ts';

/**
 * Frees disk space from the log folder when the disk runs low: every daily file
 * (`YYYY-MM-DD.log`, in any sub-folder: app, audit, health-check…) older than the newest
 * `keepDays` days is removed, oldest first in effect, whatever LOG_RETENTION_DAYS says.
 * Whole files only: the file being written today is never touched, so no line is cut.
 */
export function pruneLogsForSpace(
  logDir: string,
  options: { keepDays: number; timeZone: string; now?: Date },
): { removed: number; freedBytes: number } {
  const now = options.now ?? new Date();
  // Today counts as one of the kept days.
  const oldestKept = localDate(
    new Date(now.getTime() - (options.keepDays - 1) * 86_400_000),
    options.timeZone,
  );
  let removed = 0;
  let freedBytes = 0;
  const visit = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        const stats = statSync(path);
        if (stats.isDirectory()) visit(path);
        else {
          const date = /^(\d{4}-\d{2}-\d{2})\.log$/.exec(name)?.[1];
          if (date && date < oldestKept) {
            rmSync(path, { force: true });
            removed++;
            freedBytes += stats.size;
          }
        }
      } catch {}
    }
  };
  visit(logDir);
  return { removed, freedBytes };
}
