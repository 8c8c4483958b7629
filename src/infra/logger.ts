import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { DailyFileStream } from './daily-file.ts';

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

/** Wraps a destination so literal secrets are replaced even inside messages and URLs. */
export function scrubbing(dest: { write(line: string): unknown }, secrets: string[]) {
  const needles = secrets.filter((s) => s.length >= 6);
  return {
    write(line: string) {
      let out = line;
      for (const secret of needles) out = out.split(secret).join('[redacted]');
      return dest.write(out);
    },
  };
}

export interface LoggerHandle {
  logger: Logger;
  files: DailyFileStream;
  close(): void;
}

export function createLogger(options: LoggerOptions): LoggerHandle {
  const secrets = options.secrets.filter((s): s is string => Boolean(s));
  const files = new DailyFileStream({
    dir: join(options.dir, options.service),
    timeZone: options.timeZone,
    retentionDays: options.retentionDays,
    sync: options.sync ?? false,
  });
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: scrubbing(files, secrets) }];
  if (options.stdout !== false)
    streams.push({ level: 'trace', stream: scrubbing(pino.destination({ dest: 1, sync: true }), secrets) });
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
    close: () => {
      files.flushSync();
      files.end();
    },
  };
}
