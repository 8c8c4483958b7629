import type { AnyStateMachine, EventObject, SnapshotFrom } from 'xstate';
import type { Logger } from '../infra/logger.ts';
import type { EffectHandlers, IsAnyMachine } from './effect.ts';
import type { Tx } from './store.ts';

/** A snapshot as stored in `actors.snapshot` (XState's persisted form). */
export type PersistedSnapshot = Record<string, unknown> & {
  value: unknown;
  context?: unknown;
  status?: string;
};

/** Upgrades a snapshot stored by machine version N to version N + 1. */
export type SnapshotMigration = (snapshot: PersistedSnapshot) => PersistedSnapshot;

/**
 * What an effect handler gets besides its params: who it runs for, which attempt this is,
 * a logger bound to both, and the job's abort signal (aborted on shutdown or when the job
 * is no longer this worker's): pass it to every outbound call.
 */
export interface EffectContext {
  kind: string;
  actorId: string;
  /** Deterministic per (actor, revision, action index): use it as an idempotency key. */
  effectId: string;
  /** 0 on the first attempt. */
  attempt: number;
  logger: Logger;
  signal: AbortSignal;
}

/** Events an effect reports back to its actor. */
export type EffectResult<E extends EventObject = EventObject> = E | E[] | undefined;

/** Runs one named action: its params as the machine built them, and this attempt's context. */
export type EffectHandler<P, E extends EventObject = EventObject> = (
  params: P,
  ctx: EffectContext,
) => Promise<EffectResult<E>>;

/** How an effect is retried; the effect owns its retries (clients do not retry on their own). */
export interface RetryPolicy {
  /** Attempts after the first; the last failure sends EFFECT_FAILED. Default 5. */
  retryLimit?: number;
  /** First retry delay in seconds, doubled with jitter each time. Default 2. */
  retryDelaySeconds?: number;
  /** Longest delay between two attempts. Default 300. */
  retryDelayMaxSeconds?: number;
}

/** How an effect is retried, and how urgent it is. */
export interface EffectPolicy extends RetryPolicy {
  /**
   * When the queue is backed up, effects with a higher priority start first (default 0).
   * Work that finishes what a buyer already paid for goes ahead of work that starts new
   * orders, so a burst of checkouts does not delay the deliveries behind it.
   */
  priority?: number;
}

export interface EffectDefinition<P = never, E extends EventObject = EventObject> extends EffectPolicy {
  run: EffectHandler<P, E>;
}

// biome-ignore lint/suspicious/noExplicitAny: each effect declares its own params type
export type EffectMap = Record<string, EffectDefinition<any>>;

/** An effect handler with its params type, and how it is retried (a number: the retry limit) and ranked. */
// E defaults to never: a handler that reports nothing fits any machine.
export function defineEffect<P, E extends EventObject = never>(
  run: EffectHandler<P, NoInfer<E>>,
  policy: number | EffectPolicy = {},
): EffectDefinition<P, E> {
  return { run, ...(typeof policy === 'number' ? { retryLimit: policy } : policy) };
}

/** The pg-boss queue a kind's effects run on, and how many run at once per process. */
export interface QueueConfig {
  name: string;
  /** Effects of this queue run at once by one process. Default 64. */
  concurrency?: number;
  /** At most this many effects of this queue start per second, per process. */
  rateLimit?: { perSecond: number };
}

/**
 * Keeps a table in step with the actor, in the transaction that commits each of its
 * events. `change` tells what one event changes (`previous` is undefined when the event
 * created the actor; undefined: nothing to write, so an event without outbox rows stays a
 * single statement); `write` applies the changes of many events, one per actor, at once:
 * a group commit's batch writes its projections in one statement, not one per event.
 */
export interface Projection<M extends AnyStateMachine = AnyStateMachine, C = unknown> {
  change(snapshot: SnapshotFrom<M>, previous: SnapshotFrom<M> | undefined): C | undefined;
  write(tx: Tx, changes: C[]): Promise<void>;
}

/** A specific machine's effects are typed by its actions; the runtime's untyped view is a map. */
export type KindEffects<M extends AnyStateMachine> =
  IsAnyMachine<M> extends true ? EffectMap : EffectHandlers<M>;

export interface ActorKind<M extends AnyStateMachine = AnyStateMachine> {
  kind: string;
  machine: M;
  version: number;
  /** Keyed by the version a snapshot is upgraded FROM. */
  migrations?: Record<number, SnapshotMigration>;
  /** Required when the machine names effects: one handler per effect, nothing more. */
  effects?: KindEffects<M>;
  projection?: Projection<M>;
  /** Default: a queue of its own, `actor-effects/<kind>`. */
  queue?: QueueConfig;
  /** Context paths the inspector never shows (e.g. 'items'), besides its default deny-list. */
  sensitive?: string[];
}

/** The event an actor receives when an effect has failed its last attempt. */
export interface EffectFailedEvent {
  type: 'EFFECT_FAILED';
  effect: string;
  effectId: string;
  error: string;
}

/**
 * A kind whose effects, projection and machine are checked against each other; returned as
 * the runtime sees every kind.
 */
export function defineKind<M extends AnyStateMachine>(definition: ActorKind<M>): ActorKind {
  return definition as unknown as ActorKind;
}
