import type { Logger } from './logger.ts';

/** Steps run in order on shutdown; each is bounded so a stuck one cannot hang the exit. */
export interface ShutdownStep {
  name: string;
  run(): Promise<unknown>;
}

export async function runShutdown(
  steps: ShutdownStep[],
  logger: Logger,
  stepTimeoutMs = 10_000,
): Promise<void> {
  for (const step of steps) {
    const started = Date.now();
    try {
      await withTimeout(step.run(), stepTimeoutMs, step.name);
      logger.debug({ step: step.name, ms: Date.now() - started }, 'shutdown step done');
    } catch (error) {
      logger.error({ err: error, step: step.name }, 'shutdown step failed');
    }
  }
}

/**
 * Calls `stop` once on the first SIGTERM or SIGINT, then exits 0. A Ctrl+C reaches every
 * process of the terminal's group and npm forwards it once more, so a repeat within a
 * second is the same press; a later one exits at once.
 */
export function onSignals(stop: (signal: string) => Promise<void>): void {
  let first: number | undefined;
  const handle = (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      if (Date.now() - first > 1000) process.exit(130);
      return;
    }
    first = Date.now();
    void stop(signal).finally(() => process.exit(0));
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once `idle()` holds or `withinMs` has passed, checking every 50 ms. */
export async function until(idle: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!idle() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
