import { type Config, ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { configErrorText } from './fatal.ts';
import { createLogger, type Logger, type LoggerHandle, scrubbing } from './logger.ts';
import { secretsOf } from './secrets.ts';

/** Bad input from the person at the terminal: printed as is, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliContext {
  config: Config;
  logger: Logger;
  logs: LoggerHandle;
  /** The command's arguments (after `npm run <script> --`). */
  args: string[];
}

export interface CliOptions {
  /** Names the log directory (LOG_DIR/<name>) and prefixes the one-line error. */
  name: string;
}

/**
 * Runs a short-lived command: loads the configuration, opens its logs (file only: the
 * terminal shows the command's own output; stderr when the file cannot be written), runs
 * `main`, waits until the logs are written and exits. Exit code: what `main` returns
 * (default 0); 2 for a bad environment or a UsageError; 1 for any other error, printed
 * as one line (the full error goes to the log file, never a stack trace on the terminal).
 */
export async function runCli(
  options: CliOptions,
  main: (context: CliContext) => Promise<number | undefined>,
): Promise<never> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    process.stderr.write(error instanceof ConfigError ? configErrorText(error) : `${oneLine(error)}\n`);
    process.exit(2);
  }
  const secrets = secretsOf(config);
  // The one-line error reaches the terminal: scrubbed like the logs.
  const stderr = scrubbing(
    process.stderr,
    secrets.filter((s): s is string => Boolean(s)),
  );
  const logs = createLogger({
    service: options.name,
    level: config.LOG_LEVEL,
    dir: config.LOG_DIR,
    timeZone: config.BOT_TIMEZONE,
    retentionDays: config.LOG_RETENTION_DAYS,
    secrets,
    stdout: false,
    fallbackFd: 2,
  });
  let code: number;
  try {
    code = (await main({ config, logger: logs.logger, logs, args: process.argv.slice(2) })) ?? 0;
  } catch (error) {
    code = report(options.name, logs.logger, stderr, error);
  }
  await logs.close();
  // Pipes are written asynchronously on some systems: let the output reach them first.
  await Promise.all(
    [process.stdout, process.stderr].map((out) => new Promise((done) => out.write('', done))),
  );
  process.exit(code);
}

function report(name: string, logger: Logger, stderr: { write(text: string): unknown }, error: unknown) {
  if (error instanceof UsageError) {
    stderr.write(`${error.message}\n`);
    return 2;
  }
  logger.error({ err: error }, `${name} failed`);
  stderr.write(`${name} failed: ${oneLine(error)}\n`);
  return 1;
}

/** The message alone, on one line; an AggregateError (several addresses refused) names each. */
function oneLine(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0 && !error.message)
    return error.errors.map(oneLine).join('; ');
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
