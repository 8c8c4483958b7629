import type { PgBoss } from 'pg-boss';
import { DEAD_EFFECTS_QUEUE, EFFECT_HEARTBEAT_SECONDS, EFFECTS_QUEUE, effectQueueOf } from './actions.ts';
import type { ActorKind, QueueConfig } from './types.ts';

/**
 * Effects carry a heartbeat: an effect whose process died mid-run is failed by the
 * supervisor within seconds and retried elsewhere, instead of waiting for its expiry.
 */
export const EFFECTS_QUEUE_OPTIONS = {
  notify: true,
  deadLetter: DEAD_EFFECTS_QUEUE,
  heartbeatSeconds: EFFECT_HEARTBEAT_SECONDS,
};

/**
 * Effects one process runs at once on a queue that does not say. Effects mostly wait (on
 * Telegram, the gateway, the database): in a burst of payments, 64 at once delivered a
 * third sooner than 32 on two cores.
 */
export const DEFAULT_EFFECT_CONCURRENCY = 64;

/** Creates an effect queue, or brings an existing one's options up to date. */
export async function ensureEffectQueue(boss: PgBoss, name: string): Promise<void> {
  await boss.createQueue(name, EFFECTS_QUEUE_OPTIONS);
  await boss.updateQueue(name, EFFECTS_QUEUE_OPTIONS);
}

/**
 * The effect queues of the registered kinds, one entry per name (kinds may share one: the
 * first kind's limits apply), plus the legacy shared queue, drained for jobs queued before
 * the upgrade.
 */
export type EffectQueue = QueueConfig & { concurrency: number };

export function effectQueues(kinds: ActorKind[], defaultConcurrency: number): EffectQueue[] {
  const queues = new Map<string, QueueConfig>();
  for (const kind of kinds) {
    if (!kind.effects) continue;
    const name = effectQueueOf(kind);
    if (!queues.has(name)) queues.set(name, { ...kind.queue, name });
  }
  if (!queues.has(EFFECTS_QUEUE)) queues.set(EFFECTS_QUEUE, { name: EFFECTS_QUEUE, concurrency: 4 });
  return [...queues.values()].map((q) => ({ ...q, concurrency: q.concurrency ?? defaultConcurrency }));
}

/** Spaces the starts of effects to at most `perSecond` (in this process). */
export function startLimiter(perSecond: number): () => Promise<void> {
  const gapMs = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}
