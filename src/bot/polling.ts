import { createConcurrentSink, createRunner, createSource } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../infra/logger.ts';
import { until } from '../infra/shutdown.ts';
import type { BotContext } from './context.ts';
import { attemptSignal, backoffMs, describeError, sleep, timeoutSignal } from './retry.ts';
import type { UpdateIntake } from './update-intake.ts';

const LONG_POLL_SECONDS = 30;
/** One getUpdates call: the long poll plus time for the answer. */
const ATTEMPT_TIMEOUT_MS = (LONG_POLL_SECONDS + 10) * 1_000;
const CONFIRM_TIMEOUT_MS = 5_000;

export interface PollingHooks {
  /** Told when getUpdates starts failing (with why) and when it answers again. */
  onHealth(healthy: boolean, detail?: string): void;
}

export interface Polling {
  /** Stops fetching and confirms every update already fetched, so nothing is fetched twice. */
  stop(): Promise<void>;
}

/**
 * Long polling through grammY's runner: updates of different chats are handled
 * concurrently (the bot sequentialises each chat). A failed getUpdates is retried
 * with backoff, each attempt bounded by a timeout, and reported through `hooks`.
 */
export function startPolling(
  bot: Bot<BotContext>,
  intake: UpdateIntake,
  logger: Logger,
  hooks: PollingHooks,
): Polling {
  let offset = 0;
  const supply = async (batchSize: number, signal: AbortSignal): Promise<Update[]> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const params = { offset, limit: Math.max(1, Math.min(batchSize, 100)), timeout: LONG_POLL_SECONDS };
        const updates = await bot.api.getUpdates(params, attemptSignal(signal, ATTEMPT_TIMEOUT_MS));
        if (attempt > 1) hooks.onHealth(true);
        const last = updates.at(-1);
        if (last) offset = last.update_id + 1;
        return updates;
      } catch (error) {
        if (signal.aborted) throw error;
        const retryInMs = backoffMs(attempt);
        logger.warn(
          { attempt, retryInMs, error: describeError(error) },
          'telegram getUpdates failed: retrying (409 means another process polls with this token)',
        );
        hooks.onHealth(false, describeError(error));
        await sleep(retryInMs, signal);
      }
    }
  };
  const sink = createConcurrentSink<Update>(
    { consume: (update) => intake.handle(update, 'polling').then(() => {}) },
    async (error) => logger.error({ err: error }, 'telegram update failed'),
  );
  const source = createSource<Update>({ supply: (size, signal) => supply(size, nativeSignal(signal)) });
  const runner = createRunner(source, sink);
  runner.start();
  return {
    stop: async () => {
      await runner.stop();
      // stop() ends fetching only: let the updates being handled finish first.
      await until(() => runner.size() === 0);
      if (offset === 0) return;
      // getUpdates confirms everything below its offset; the one update it may return stays queued.
      await bot.api
        .getUpdates({ offset, limit: 1, timeout: 0 }, timeoutSignal(CONFIRM_TIMEOUT_MS))
        .catch((error: unknown) =>
          logger.warn({ error: describeError(error) }, 'could not confirm polled updates'),
        );
    },
  };
}

interface ShimSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
}

/** The runner hands out a polyfilled AbortSignal, which AbortSignal.any refuses: mirror it. */
function nativeSignal(shim: ShimSignal): AbortSignal {
  const controller = new AbortController();
  if (shim.aborted) controller.abort();
  else shim.addEventListener('abort', () => controller.abort());
  return controller.signal;
}
