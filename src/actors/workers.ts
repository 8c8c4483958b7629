import { sql } from 'kysely';
import type { Job, JobResult, PgBoss } from 'pg-boss';
import type { EventObject } from 'xstate';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import {
  DEAD_EFFECTS_QUEUE,
  EFFECT_HEARTBEAT_SECONDS,
  EFFECTS_QUEUE,
  type EffectJob,
  TIMERS_QUEUE,
  type TimerJob,
} from './actions.ts';
import type { ActorRuntime } from './runtime.ts';
import type { EffectFailedEvent } from './types.ts';

export interface WorkerOptions {
  /** Effects run at once by this process. */
  effectConcurrency?: number;
  /** How often idle workers look for due timers and effects (notify wakes effects sooner). */
  pollingIntervalSeconds?: number;
}

/**
 * Effects carry a heartbeat: an effect whose process died mid-run is failed by the
 * supervisor within seconds and retried elsewhere, instead of waiting for its expiry.
 */
const EFFECTS_QUEUE_OPTIONS = {
  notify: true,
  deadLetter: DEAD_EFFECTS_QUEUE,
  heartbeatSeconds: EFFECT_HEARTBEAT_SECONDS,
};

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(DEAD_EFFECTS_QUEUE, { retentionSeconds: 30 * 86_400 });
  await boss.createQueue(EFFECTS_QUEUE, EFFECTS_QUEUE_OPTIONS);
  // An existing queue keeps its old options unless told otherwise.
  await boss.updateQueue(EFFECTS_QUEUE, EFFECTS_QUEUE_OPTIONS);
  await boss.createQueue(TIMERS_QUEUE, {});
}

/** Runs outbox effects and due timers for every registered kind; returns a stop function. */
export async function startWorkers(
  deps: {
    runtime: ActorRuntime;
    boss: PgBoss;
    db: Db;
    logger: Logger;
    onDeadLetter?: (job: EffectJob) => void;
  },
  options: WorkerOptions = {},
): Promise<() => Promise<void>> {
  const { boss } = deps;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 0.5;
  // Batches run concurrently and settle job by job; a full batch fetches the next at once.
  await boss.work<EffectJob>(
    EFFECTS_QUEUE,
    {
      localConcurrency: 4,
      batchSize: Math.ceil((options.effectConcurrency ?? 32) / 4),
      perJobResults: true,
      burstWhenBatchFull: true,
      pollingIntervalSeconds,
      // NOTIFY wakes workers for new effects at once; polling picks up retries that come due.
      notifyPollingIntervalSeconds: 1,
    },
    (jobs) => Promise.all(jobs.map((job) => settle(job.id, runEffect(deps, job)))),
  );
  await boss.work<TimerJob>(TIMERS_QUEUE, { batchSize: 20, pollingIntervalSeconds }, async (jobs) => {
    for (const job of jobs) await fireTimer(deps, job.data.token);
  });
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
  return async () => {
    for (const queue of [EFFECTS_QUEUE, TIMERS_QUEUE, DEAD_EFFECTS_QUEUE])
      await boss.offWork(queue, { wait: true });
  };
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
  deps: { runtime: ActorRuntime; logger: Logger },
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
    if (last) await tellFailed(deps.runtime, job.data, message);
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
