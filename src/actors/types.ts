import type { AnyStateMachine, EventObject } from 'xstate';
import type { Logger } from '../infra/logger.ts';

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

export interface EffectDefinition<P = never> extends RetryPolicy {
  run: EffectHandler<P>;
}

// biome-ignore lint/suspicious/noExplicitAny: each effect declares its own params type
export type EffectMap = Record<string, EffectDefinition<any>>;

/** An effect handler with its params type, and how it is retried (a number: the retry limit). */
export function defineEffect<P>(
  run: EffectHandler<P>,
  policy: number | RetryPolicy = {},
): EffectDefinition<P> {
  return { run, ...(typeof policy === 'number' ? { retryLimit: policy } : policy) };
}

export interface ActorKind<M extends AnyStateMachine = AnyStateMachine> {
  kind: string;
  machine: M;
  version: number;
  /** Keyed by the version a snapshot is upgraded FROM. */
  migrations?: Record<number, SnapshotMigration>;
  effects?: EffectMap;
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
