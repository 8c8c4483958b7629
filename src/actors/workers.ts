import { sql } from 'kysely';
import type { Job, JobResult, PgBoss } from 'pg-boss';
import type { EventObject } from 'xstate';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import {
  DEAD_EFFECTS_QUEUE,
  DEAD_TIMERS_QUEUE,
  EFFECTS_QUEUE,
  type EffectJob,
  TIMERS_QUEUE,
  type TimerJob,
} from './actions.ts';
import {
  DEFAULT_EFFECT_CONCURRENCY,
  EFFECTS_QUEUE_OPTIONS,
  type EffectQueue,
  effectQueues,
  ensureEffectQueue,
  startLimiter,
} from './queues.ts';
import type { ActorRuntime } from './runtime.ts';
import type { EffectFailedEvent } from './types.ts';

export interface WorkerOptions {
  /** Effects run at once by this process, per queue whose kind does not set its own. Default 64. */
  effectConcurrency?: number;
  /** How often idle workers look for due timers and effects (notify wakes effects sooner). */
  pollingIntervalSeconds?: number;
  /** How often overdue timers whose job was lost are looked for. Default 60. */
  timerSweepIntervalSeconds?: number;
  /** How long past due a timer must be before the sweep fires it instead of its job. Default 60. */
  timerSweepGraceSeconds?: number;
}

type WorkerDeps = {
  runtime: ActorRuntime;
  boss: PgBoss;
  db: Db;
  logger: Logger;
  /** Told of every dead-lettered effect (the owner's alerts). */
  onDeadLetter?: (job: EffectJob) => void;
  /** Told of the error of an effect's last attempt, before it is dead-lettered (its cause). */
  onGaveUp?: (job: EffectJob, error: unknown) => void;
};

/**
 * A timer job that fails is retried with backoff, then kept in a dead-letter queue; the
 * sweep fires its timer from `actor_timers` either way, so an expiry is never lost.
 */
const TIMERS_QUEUE_OPTIONS = {
  retryLimit: 8,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 300,
  deadLetter: DEAD_TIMERS_QUEUE,
};

const DEAD_LETTER_OPTIONS = { retentionSeconds: 30 * 86_400 };

/**
 * Due timers are fired concurrently (each on its own actor's row lock) and job by job, and
 * a full batch fetches the next at once: at one batch per poll, a minute in which many
 * invoices expire together (10,000 pending) would fall further behind with every poll.
 */
export const TIMER_WORK_OPTIONS = {
  batchSize: 20,
  localConcurrency: 2,
  perJobResults: true,
  burstWhenBatchFull: true,
} as const;

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(DEAD_EFFECTS_QUEUE, DEAD_LETTER_OPTIONS);
  await boss.createQueue(DEAD_TIMERS_QUEUE, DEAD_LETTER_OPTIONS);
  // An existing queue keeps its old options unless told otherwise.
  for (const [name, options] of [
    [EFFECTS_QUEUE, EFFECTS_QUEUE_OPTIONS],
    [TIMERS_QUEUE, TIMERS_QUEUE_OPTIONS],
  ] as const) {
    await boss.createQueue(name, options);
    await boss.updateQueue(name, options);
  }
}

/** Runs outbox effects and due timers for every registered kind; returns a stop function. */
export async function startWorkers(
  deps: WorkerDeps,
  options: WorkerOptions = {},
): Promise<() => Promise<void>> {
  const { boss } = deps;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 0.5;
  const queues = effectQueues(
    deps.runtime.registry.all(),
    options.effectConcurrency ?? DEFAULT_EFFECT_CONCURRENCY,
  );
  for (const queue of queues) await workEffects(deps, queue, pollingIntervalSeconds);
  await boss.work<TimerJob>(TIMERS_QUEUE, { ...TIMER_WORK_OPTIONS, pollingIntervalSeconds }, (jobs) =>
    Promise.all(jobs.map((job) => settle(job.id, fireTimer(deps, job.data.token)))),
  );
  await boss.work<EffectJob>(
    DEAD_EFFECTS_QUEUE,
    { batchSize: 20, pollingIntervalSeconds: 5 },
    async (jobs) => {
      for (const job of jobs) {
        deps.onDeadLetter?.(job.data);
        await tellFailed(deps.runtime, job.data, 'no attempt succeeded');
      }
    },
  );
  const stopSweep = startTimerSweep(deps, options);
  return async () => {
    await stopSweep();
    for (const queue of [...queues.map((q) => q.name), TIMERS_QUEUE, DEAD_EFFECTS_QUEUE])
      await boss.offWork(queue, { wait: true });
  };
}

/** One queue's effects, with its own concurrency (and start rate, when limited). */
async function workEffects(deps: WorkerDeps, queue: EffectQueue, pollingIntervalSeconds: number) {
  await ensureEffectQueue(deps.boss, queue.name);
  const limit = queue.rateLimit ? startLimiter(queue.rateLimit.perSecond) : undefined;
  // Eight fetch loops of up to eight jobs: a slow job holds back only its own batch's next fetch.
  const localConcurrency = Math.min(8, queue.concurrency);
  const run = async (job: Job<EffectJob>) => {
    await limit?.();
    await runEffect(deps, job);
  };
  // Batches run concurrently and settle job by job; a full batch fetches the next at once.
  await deps.boss.work<EffectJob>(
    queue.name,
    {
      localConcurrency,
      batchSize: Math.ceil(queue.concurrency / localConcurrency),
      perJobResults: true,
      burstWhenBatchFull: true,
      pollingIntervalSeconds,
      // NOTIFY wakes workers for new effects at once; polling picks up retries that come due.
      notifyPollingIntervalSeconds: 1,
    },
    (jobs) => Promise.all(jobs.map((job) => settle(job.id, run(job)))),
  );
}

const SWEEP_BATCH = 100;

/** Periodically fires overdue timers whose job was lost or failed for good; returns a stop function. */
function startTimerSweep(deps: WorkerDeps, options: WorkerOptions): () => Promise<void> {
  const graceSeconds = options.timerSweepGraceSeconds ?? 60;
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= sweepTimers(deps, graceSeconds)
      .then((fired) => {
        if (fired > 0) deps.logger.warn({ fired }, 'fired overdue timers whose job was lost');
      })
      .catch((error) => deps.logger.error({ err: error }, 'timer sweep failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const interval = setInterval(tick, (options.timerSweepIntervalSeconds ?? 60) * 1000);
  interval.unref();
  return async () => {
    clearInterval(interval);
    await running;
  };
}

/**
 * Fires timers past due by more than the grace period. The job may still fire too: the
 * first to consume the token sends the event, the other finds it gone. A timer that
 * fails here is skipped for the rest of this sweep, so it cannot hold up the others.
 */
async function sweepTimers(deps: WorkerDeps, graceSeconds: number): Promise<number> {
  const failed: string[] = [];
  let fired = 0;
  for (;;) {
    const { rows } = await sql<{ token: string }>`
      SELECT token FROM actor_timers
      WHERE due_at < now() - make_interval(secs => ${graceSeconds})
        AND NOT (token = ANY(${failed}::uuid[]))
      ORDER BY due_at LIMIT ${SWEEP_BATCH}`.execute(deps.db);
    for (const { token } of rows) {
      try {
        await fireTimer(deps, token);
        fired++;
      } catch (error) {
        failed.push(token);
        deps.logger.error({ err: error, token }, 'overdue timer could not fire');
      }
    }
    if (rows.length < SWEEP_BATCH) return fired;
  }
}

/**
 * The actor learns once that an effect is dead: from its last attempt (with the error),
 * or from the dead-letter queue when that attempt's process died before it could say.
 */
function tellFailed(runtime: ActorRuntime, job: EffectJob, error: string) {
  const failed: EffectFailedEvent = {
    type: 'EFFECT_FAILED',
    effect: job.type,
    effectId: job.effectId,
    error,
  };
  return runtime.send(job.kind, job.actorId, failed, { dedupeKey: `effect-failed:${job.effectId}` });
}

async function settle(id: string, work: Promise<void>): Promise<JobResult> {
  try {
    await work;
    return { id, status: 'completed' };
  } catch (error) {
    return {
      id,
      status: 'failed',
      output: { message: error instanceof Error ? error.message : String(error) },
    };
  }
}

async function runEffect(
  deps: { runtime: ActorRuntime; logger: Logger; onGaveUp?: WorkerDeps['onGaveUp'] },
  job: Job<EffectJob>,
): Promise<void> {
  const { kind, actorId, type, params, effectId } = job.data;
  const definition = deps.runtime.registry.get(kind).effects?.[type];
  const logger = deps.logger.child({ kind, actorId, effect: type, effectId, attempt: job.retryCount });
  try {
    if (!definition) throw new Error(`no effect handler for "${type}"`);
    const result = await definition.run(params, {
      kind,
      actorId,
      effectId,
      attempt: job.retryCount,
      logger,
      signal: job.signal,
    });
    const events: EventObject[] = result === undefined ? [] : Array.isArray(result) ? result : [result];
    for (const [i, event] of events.entries()) {
      await deps.runtime.send(kind, actorId, event, { dedupeKey: `effect:${effectId}:${i}` });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const last = job.retryCount >= (definition?.retryLimit ?? 5);
    logger.warn({ err: error, last }, 'effect failed');
    if (last) {
      deps.onGaveUp?.(job.data, error);
      await tellFailed(deps.runtime, job.data, message);
    }
    throw error;
  }
}

async function fireTimer(deps: { runtime: ActorRuntime; db: Db }, token: string): Promise<void> {
  const { rows } = await sql<{ kind: string; actor_id: string; event: EventObject }>`
    SELECT kind, actor_id, event FROM actor_timers WHERE token = ${token}::uuid`.execute(deps.db);
  const timer = rows[0];
  // A cancelled timer has no row: its job fires and does nothing.
  if (!timer) return;
  await deps.runtime.send(timer.kind, timer.actor_id, timer.event, {
    dedupeKey: `timer:${token}`,
    timerToken: token,
  });
}
