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
export type EffectResult = EventObject | EventObject[] | undefined;

export interface EffectDefinition<P = never> {
  run(params: P, ctx: EffectContext): Promise<EffectResult>;
  /** Attempts after the first; the last failure sends EFFECT_FAILED. Default 5. */
  retryLimit?: number;
  /** First retry delay in seconds, doubled with jitter each time. Default 2. */
  retryDelaySeconds?: number;
  retryDelayMaxSeconds?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: each effect declares its own params type
export type EffectMap = Record<string, EffectDefinition<any>>;

/** An effect handler with its params type, and how often it is retried. */
export function defineEffect<P>(
  run: (params: P, ctx: EffectContext) => Promise<EffectResult>,
  retryLimit = 5,
): EffectDefinition<P> {
  return { run, retryLimit };
}

export interface ActorKind<M extends AnyStateMachine = AnyStateMachine> {
  kind: string;
  machine: M;
  version: number;
  /** Keyed by the version a snapshot is upgraded FROM. */
  migrations?: Record<number, SnapshotMigration>;
  effects?: EffectMap;
}

/** The event an actor receives when an effect has failed its last attempt. */
export interface EffectFailedEvent {
  type: 'EFFECT_FAILED';
  effect: string;
  effectId: string;
  error: string;
}
