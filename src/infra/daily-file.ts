import { fstatSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

type Destination = ReturnType<typeof pino.destination>;

/** Writing to the log files failed; lines go to the fallback until a file can be opened again. */
export interface LogFailure {
  path: string;
  error: Error;
  at: Date;
}

export interface DailyFileOptions {
  dir: string;
  timeZone: string;
  retentionDays: number;
  /** Write synchronously (tests, audit); async is buffered and faster. */
  sync?: boolean;
  /** Receives the lines while no file can be written (default: stdout). */
  fallback?: { write(line: string): unknown };
  /** Called once when writing starts failing (not again until a file was written again). */
  onFailure?: (failure: LogFailure) => void;
  /** The clock (tests move it to cross midnight or the retry delay). */
  now?: () => Date;
}

/** How long after a failure the file is tried again. */
export const RETRY_MS = 10_000;

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
 * midnight and deleting files older than the retention period. It never throws: a file
 * that cannot be opened or written sends the lines to the fallback and is retried later.
 */
export class DailyFileStream {
  private readonly options: DailyFileOptions;
  private readonly fallback: { write(line: string): unknown };
  private readonly now: () => Date;
  private current:
    | { date: string; path: string; fd: number; dest: Destination; checkedAt: number }
    | undefined;
  private failedAt: number | undefined;

  constructor(options: DailyFileOptions) {
    this.options = options;
    this.fallback = options.fallback ?? process.stdout;
    this.now = options.now ?? (() => new Date());
    // Opened now, so a directory that cannot be written is reported at start.
    this.destinationFor(this.now());
  }

  write(line: string): boolean {
    const dest = this.destinationFor(this.now());
    if (!dest) {
      this.fallback.write(line);
      return true;
    }
    return dest.write(line);
  }

  /** Closes the file without waiting (lines written later open it again). */
  end(): void {
    void this.close();
  }

  /**
   * Resolves once every buffered line is written and the file is closed. Deliberately not
   * SonicBoom's flushSync: it throws before the file is open and spins forever on a
   * persistent write error such as a full disk.
   */
  close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    return current ? closeDestination(current.dest) : Promise.resolve();
  }

  private destinationFor(now: Date): Destination | undefined {
    const time = now.getTime();
    if (this.failedAt !== undefined && time - this.failedAt < RETRY_MS) return undefined;
    // The date is looked up at most once a second: a busy log writes many lines a second.
    if (this.current && time - this.current.checkedAt < 1000) return this.current.dest;
    const date = localDate(now, this.options.timeZone);
    if (this.current?.date === date && !this.removed(this.current)) {
      this.current.checkedAt = time;
      return this.current.dest;
    }
    if (this.current) void closeDestination(this.current.dest);
    this.current = undefined;
    return this.open(date, now);
  }

  /** True when the file was deleted under us (the directory removed, a rotation tool). */
  private removed(current: { fd: number }): boolean {
    try {
      return fstatSync(current.fd).nlink === 0;
    } catch {
      return true;
    }
  }

  private open(date: string, now: Date): Destination | undefined {
    const path = join(this.options.dir, `${date}.log`);
    let fd: number;
    try {
      mkdirSync(this.options.dir, { recursive: true });
      // Opened here, synchronously, so a failure is known before any line is buffered.
      fd = openSync(path, 'a', 0o640);
    } catch (error) {
      this.fail(path, error);
      return undefined;
    }
    const dest = pino.destination({ dest: fd, sync: this.options.sync ?? false });
    dest.on('error', (error: Error) => {
      if (this.current?.dest === dest) this.current = undefined;
      this.fail(path, error);
      // Drops what is still buffered and closes the file: it is retried as a new one.
      try {
        dest.destroy();
      } catch {}
    });
    this.current = { date, path, fd, dest, checkedAt: now.getTime() };
    this.failedAt = undefined;
    this.prune(now);
    return dest;
  }

  private fail(path: string, error: unknown): void {
    const first = this.failedAt === undefined;
    this.failedAt = this.now().getTime();
    if (first)
      this.options.onFailure?.({
        path,
        error: error instanceof Error ? error : new Error(String(error)),
        at: this.now(),
      });
  }

  private prune(now: Date): void {
    const oldest = localDate(
      new Date(now.getTime() - this.options.retentionDays * 86_400_000),
      this.options.timeZone,
    );
    // Pruning is housekeeping: a directory that cannot be listed must not stop the logging.
    try {
      for (const name of readdirSync(this.options.dir)) {
        const match = /^(\d{4}-\d{2}-\d{2})\.log$/.exec(name);
        if (match?.[1] && match[1] < oldest) rmSync(join(this.options.dir, name), { force: true });
      }
    } catch {}
  }
}

/** Ends a destination; resolves when its file is closed or writing it failed. */
function closeDestination(dest: Destination): Promise<void> {
  return new Promise((resolve) => {
    dest.once('close', () => resolve());
    dest.once('error', () => resolve());
    try {
      dest.end();
    } catch {
      resolve();
    }
  });
}
