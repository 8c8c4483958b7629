import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

type Destination = ReturnType<typeof pino.destination>;

export interface DailyFileOptions {
  dir: string;
  timeZone: string;
  retentionDays: number;
  /** Write synchronously (tests, audit); async is buffered and faster. */
  sync?: boolean;
}

/** The calendar date in the shop's time zone, as YYYY-MM-DD. */
export function localDate(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/**
 * A pino destination writing to `<dir>/<YYYY-MM-DD>.log`, switching files at local
 * midnight and deleting files older than the retention period.
 */
export class DailyFileStream {
  private readonly options: DailyFileOptions;
  private current: { date: string; dest: Destination; checkedAt: number } | undefined;

  constructor(options: DailyFileOptions) {
    this.options = options;
    mkdirSync(options.dir, { recursive: true });
  }

  write(line: string): boolean {
    return this.destinationFor(new Date()).write(line);
  }

  flushSync(): void {
    this.current?.dest.flushSync();
  }

  end(): void {
    this.current?.dest.end();
    this.current = undefined;
  }

  private destinationFor(now: Date): Destination {
    // The date is looked up at most once a second: a busy log writes many lines a second.
    if (this.current && now.getTime() - this.current.checkedAt < 1000) return this.current.dest;
    const date = localDate(now, this.options.timeZone);
    if (this.current?.date === date) {
      this.current.checkedAt = now.getTime();
      return this.current.dest;
    }
    this.current?.dest.end();
    const dest = pino.destination({
      dest: join(this.options.dir, `${date}.log`),
      sync: this.options.sync ?? false,
    });
    this.current = { date, dest, checkedAt: now.getTime() };
    this.prune(now);
    return dest;
  }

  private prune(now: Date): void {
    const oldest = localDate(
      new Date(now.getTime() - this.options.retentionDays * 86_400_000),
      this.options.timeZone,
    );
    for (const name of readdirSync(this.options.dir)) {
      const match = /^(\d{4}-\d{2}-\d{2})\.log$/.exec(name);
      if (match?.[1] && match[1] < oldest) rmSync(join(this.options.dir, name), { force: true });
    }
  }
}
