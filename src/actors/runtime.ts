import { EventEmitter } from 'node:events';
import type { PgBoss } from 'pg-boss';
import { type AnyEventObject, type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { type ActionPlan, EFFECTS_QUEUE, planActions, TIMERS_QUEUE } from './actions.ts';
import type { ActorRegistry } from './registry.ts';
import { persist, restore, stateString } from './snapshot.ts';
import { type CachedActor, SnapshotCache } from './snapshot-cache.ts';
import {
  bossAdapter,
  cancelTimer,
  claimTimer,
  insertTimer,
  type LockedActor,
  lockCreation,
  readActor,
  type SavedActor,
  saveActor,
  type Tx,
} from './store.ts';
import type { ActorKind } from './types.ts';

export interface SendOptions {
  /** An event with a key this actor has seen before is ignored (exactly-once intake). */
  dedupeKey?: string;
  /** Input for the machine when this send creates the actor. */
  input?: Record<string, unknown>;
  /** Set by the timer worker: the send happens only if the timer was not cancelled. */
  timerToken?: string;
}

export type SendResult =
  | { status: 'applied'; state: string; revision: number; snapshot: AnyMachineSnapshot }
  | { status: 'duplicate' | 'stale' | 'exists'; state: string | null; revision: number };

export interface ActorChange {
  kind: string;
  id: string;
  state: string;
  revision: number;
}

interface SendRequest {
  kind: ActorKind;
  actorId: string;
  event: AnyEventObject | null;
  options: SendOptions;
}

interface Step {
  snapshot: AnyMachineSnapshot;
  plan: ActionPlan;
  state: string;
  stateBefore: string | null;
  revision: number;
}

/** The answers that need no transition: a seen dedupe key, or a create of an existing actor. */
function earlyResult(request: SendRequest, row: LockedActor | undefined): SendResult | null {
  if (!row) return null;
  if (row.seen) return { status: 'duplicate', state: row.state, revision: row.revision };
  if (!request.event) return { status: 'exists', state: row.state, revision: row.revision };
  return null;
}

/** The actor as the next transition starts from it. */
type Current = CachedActor;

function restoreRow(kind: ActorKind, row: LockedActor): Current {
  return {
    revision: row.revision,
    state: row.state,
    snapshot: restore(kind, row.snapshot, row.machine_version),
  };
}

/** A plan with no timers, cancels or effects touches nothing but the actor's row. */
function isLocal(plan: ActionPlan): boolean {
  return plan.effects.length + plan.timers.length + plan.cancels.length === 0;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

export class ActorRuntime {
  readonly registry: ActorRegistry;
  private readonly db: Db;
  private readonly boss: PgBoss;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly cache = new SnapshotCache();
  /** Emits `change` with { kind, id, state, revision } after each committed transition of this process. */
  readonly changes = new EventEmitter<{ change: [ActorChange] }>();

  constructor(deps: { db: Db; boss: PgBoss; registry: ActorRegistry; logger: Logger }) {
    this.db = deps.db;
    this.boss = deps.boss;
    this.registry = deps.registry;
    this.logger = deps.logger;
  }

  /**
   * Delivers one event to one actor atomically: dedupe, migrate, transition, persist,
   * journal, and enqueue its timers and effects. `event` null only creates the actor
   * (with `input`) if it does not exist.
   *
   * It first tries an optimistic write: from the snapshot this process last committed
   * (or one read without a lock), written only if the revision is unchanged, with the
   * journal's unique index rejecting a seen dedupe key. That is one round trip and one
   * commit for most events. When another sender got there first, or the key may have
   * been seen, it falls back to a locked transaction, so contention costs at most one
   * wasted attempt.
   */
  send(
    kind: string,
    actorId: string,
    event: AnyEventObject | null,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const definition = this.registry.get(kind);
    const request: SendRequest = { kind: definition, actorId, event, options };
    const work = (options.timerToken ? Promise.resolve(null) : this.sendOptimistic(request)).then(
      (result) => result ?? this.sendLocked(request),
    );
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  /** Resolves when every send started before the call has finished. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async sendOptimistic(request: SendRequest): Promise<SendResult | null> {
    const { kind, actorId, event, options } = request;
    const cached = event ? this.cache.get(kind.kind, actorId) : undefined;
    let current: Current | undefined = cached;
    if (!current) {
      const row = await readActor(this.db, kind.kind, actorId, options.dedupeKey ?? null, { lock: false });
      const early = earlyResult(request, row);
      if (early) return early;
      current = row && restoreRow(kind, row);
    }
    const step = this.step(request, current);
    try {
      const saved = isLocal(step.plan)
        ? await saveActor(this.db, this.record(request, step))
        : await this.db.transaction().execute(async (tx) => {
            // The outbox needs the jobs and the snapshot in one transaction.
            const ok = await saveActor(tx, this.record(request, step));
            if (ok) await this.enqueue(tx, kind.kind, actorId, step.plan);
            return ok;
          });
      return saved ? this.applied(request, step) : null;
    } catch (error) {
      if (isUniqueViolation(error)) return null; // a seen dedupe key: the locked path says so
      throw error;
    }
  }

  private async sendLocked(request: SendRequest): Promise<SendResult> {
    const outcome = await this.db.transaction().execute((tx) => this.transitionLocked(tx, request));
    return 'plan' in outcome ? this.applied(request, outcome) : outcome;
  }

  private async transitionLocked(tx: Tx, request: SendRequest): Promise<SendResult | Step> {
    const { kind, actorId, options } = request;
    const dedupeKey = options.dedupeKey ?? null;
    let row = await readActor(tx, kind.kind, actorId, dedupeKey, { lock: true });
    if (!row) {
      await lockCreation(tx, kind.kind, actorId);
      row = await readActor(tx, kind.kind, actorId, dedupeKey, { lock: true });
    }
    this.cache.delete(kind.kind, actorId);
    const early = earlyResult(request, row);
    if (early) return early;
    if (options.timerToken && !(await claimTimer(tx, options.timerToken))) {
      return { status: 'stale', state: row?.state ?? null, revision: row?.revision ?? 0 };
    }
    const step = this.step(request, row && restoreRow(kind, row));
    await this.enqueue(tx, kind.kind, actorId, step.plan);
    if (!(await saveActor(tx, this.record(request, step))))
      throw new Error('actor changed under its row lock');
    return step;
  }

  /** Called once the step is committed. */
  private applied(request: SendRequest, step: Step): SendResult {
    this.cache.set(request.kind.kind, request.actorId, step);
    const change = {
      kind: request.kind.kind,
      id: request.actorId,
      state: step.state,
      revision: step.revision,
    };
    this.changes.emit('change', change);
    return { status: 'applied', state: step.state, revision: step.revision, snapshot: step.snapshot };
  }

  private record(request: SendRequest, step: Step): SavedActor {
    const { kind, actorId, event, options } = request;
    return {
      kind: kind.kind,
      id: actorId,
      version: kind.version,
      state: step.state,
      status: step.snapshot.status,
      snapshot: persist(kind, step.snapshot),
      revision: step.revision,
      stateBefore: step.stateBefore,
      event: (event ?? { type: 'xstate.init', input: options.input ?? {} }) as Record<string, unknown>,
      dedupeKey: options.dedupeKey ?? null,
    };
  }

  private step(request: SendRequest, current: Current | undefined): Step {
    const { kind, actorId, event, options } = request;
    const actions: { type: string; params?: unknown }[] = [];
    let snapshot: AnyMachineSnapshot;
    if (current) {
      snapshot = current.snapshot;
    } else {
      const [initial, initialActions] = initialTransition(kind.machine, { actorId, ...options.input });
      snapshot = initial;
      actions.push(...initialActions);
    }
    if (event) {
      const [next, eventActions] = transition(kind.machine, snapshot, event);
      snapshot = next;
      actions.push(...eventActions);
    }
    const revision = (current?.revision ?? 0) + 1;
    return {
      snapshot,
      plan: planActions(kind, actorId, revision, actions),
      state: stateString(snapshot.value),
      stateBefore: current?.state ?? null,
      revision,
    };
  }

  private async enqueue(tx: Tx, kind: string, actorId: string, plan: ActionPlan): Promise<void> {
    for (const sendId of plan.cancels) await cancelTimer(tx, kind, actorId, sendId);
    for (const timer of plan.timers) await insertTimer(tx, { ...timer, kind, actorId });
    const db = bossAdapter(tx);
    if (plan.timers.length > 0) {
      const jobs = plan.timers.map((t) => ({ id: t.token, data: { token: t.token }, startAfter: t.dueAt }));
      await this.boss.insert(TIMERS_QUEUE, jobs, { db });
    }
    if (plan.effects.length > 0) await this.boss.insert(EFFECTS_QUEUE, plan.effects, { db });
    if (plan.effects.length + plan.timers.length > 0) {
      this.logger.debug(
        { kind, actorId, effects: plan.effects.length, timers: plan.timers.length },
        'actor work queued',
      );
    }
  }
}
