import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { DailyFileStream, type LogFailure } from './daily-file.ts';

export type { Logger };

export interface LoggerOptions {
  service: string;
  level: string;
  dir: string;
  timeZone: string;
  retentionDays: number;
  /** Literal secret values (tokens, keys) scrubbed from every line wherever they appear. */
  secrets: (string | undefined)[];
  /** Also write to stdout (default true). */
  stdout?: boolean;
  sync?: boolean;
  /** Where lines go when stdout is off and the log file cannot be written (default 1, stdout). */
  fallbackFd?: 1 | 2;
}

/** Field names whose values never reach a log line. */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'apiKey',
  'api_key',
  'secret',
  'password',
  'encryptionKey',
  'authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-secret"]',
  'headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-api-key"]',
  'req.headers["x-secret"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.password',
  '*.content',
  '*.proof',
  // grammY errors carry the request payload: a delivery's text holds the buyer's items.
  'err.payload',
  '*.err.payload',
];

/**
 * The ways a secret shows up in a log line: as is, JSON-escaped (once inside a message,
 * twice when a logged string holds JSON), and URL-encoded (the v1 API key travels in a
 * query string; encoders differ on which characters they escape and on hex case).
 */
export function secretForms(secret: string): string[] {
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  const urls = [
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    encodeURI(secret),
  ].flatMap((form) => [form, form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())]);
  return [...new Set([secret, json(secret), json(json(secret)), ...urls])];
}

/** Wraps a destination so literal secrets are replaced even inside messages and URLs. */
export function scrubbing(dest: { write(line: string): unknown }, secrets: string[]) {
  const forms = secrets.filter((s) => s.length >= 6).flatMap(secretForms);
  if (forms.length === 0) return dest;
  // Longest first, so a form is never half-replaced by a shorter one it contains.
  const pattern = new RegExp(
    [...new Set(forms)]
      .sort((a, b) => b.length - a.length)
      .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return {
    write(line: string) {
      return dest.write(line.replace(pattern, '[redacted]'));
    },
  };
}

export type { LogFailure };

export interface LoggerHandle {
  logger: Logger;
  files: DailyFileStream;
  /**
   * Calls `listener` for every failure to write the log files (those already recorded
   * first), e.g. to alert the owner; returns how to unsubscribe.
   */
  onLogFailure(listener: (failure: LogFailure) => void): () => void;
  /**
   * Calls `listener` with every line at info level or above (scrubbed, JSON), e.g. to
   * alert the owner; returns how to unsubscribe.
   */
  onRecord(listener: (line: string) => void): () => void;
  /** Resolves once every line is written and the file closed: await it before exiting. */
  close(): Promise<void>;
}

/** Failures kept for listeners that subscribe later. */
const KEPT_FAILURES = 20;

export function createLogger(options: LoggerOptions): LoggerHandle {
  const secrets = options.secrets.filter((s): s is string => Boolean(s));
  const terminalDest = pino.destination({ dest: options.fallbackFd ?? 1, sync: true });
  // A closed stdout (a pipe whose reader went away) has nowhere to report to: never crash for it.
  terminalDest.on('error', () => {});
  const terminal = scrubbing(terminalDest, secrets);
  const failures: LogFailure[] = [];
  const listeners = new Set<(failure: LogFailure) => void>();
  const onFailure = (failure: LogFailure) => {
    failures.push(failure);
    if (failures.length > KEPT_FAILURES) failures.shift();
    // Written straight to the terminal: the logger may be in the middle of a line.
    terminal.write(`${JSON.stringify(failureLine(options.service, failure))}\n`);
    for (const listener of listeners) listener(failure);
  };
  const toTerminal = options.stdout !== false;
  const files = new DailyFileStream({
    dir: join(options.dir, options.service),
    timeZone: options.timeZone,
    retentionDays: options.retentionDays,
    sync: options.sync ?? false,
    // When every line already goes to the terminal, a failed file needs no second copy.
    fallback: toTerminal ? { write: () => true } : terminal,
    onFailure,
  });
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: scrubbing(files, secrets) }];
  if (toTerminal) streams.push({ level: 'trace', stream: terminal });
  // --- Record tap (owner alerts, src/alerts/log-source.ts): idle until someone listens.
  const taps = new Set<(line: string) => void>();
  const tell = (line: string) => {
    for (const tap of taps) {
      try {
        tap(line);
      } catch {
        // A listener's failure must never stop logging.
      }
    }
  };
  const tapped = scrubbing({ write: tell }, secrets);
  streams.push({ level: 'info', stream: { write: (line: string) => taps.size > 0 && tapped.write(line) } });
  // --- end of the record tap.
  const logger = pino(
    {
      level: options.level,
      base: { service: options.service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
  return {
    logger,
    files,
    onLogFailure(listener) {
      for (const failure of failures) listener(failure);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onRecord(listener) {
      taps.add(listener);
      return () => taps.delete(listener);
    },
    close: () => files.close(),
  };
}

function failureLine(service: string, failure: LogFailure) {
  const code = (failure.error as NodeJS.ErrnoException).code;
  return {
    level: 50,
    time: failure.at.toISOString(),
    service,
    path: failure.path,
    err: { message: failure.error.message, ...(code ? { code } : {}) },
    msg: 'cannot write the log file; logging here instead',
  };
}
