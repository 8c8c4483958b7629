import type { PgBoss } from 'pg-boss';
import { type AnyEventObject, type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import { type ActionPlan, EFFECTS_QUEUE, planActions, TIMERS_QUEUE } from './actions.ts';
import type { ActorRegistry } from './registry.ts';
import { persist, restore, stateString } from './snapshot.ts';
import {
  bossAdapter,
  cancelTimer,
  claimTimer,
  insertTimer,
  type LockedActor,
  lockActor,
  lockCreation,
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

interface Step {
  snapshot: AnyMachineSnapshot;
  actions: { type: string; params?: unknown }[];
  stateBefore: string | null;
  revision: number;
}

export class ActorRuntime {
  readonly registry: ActorRegistry;
  private readonly db: Db;
  private readonly boss: PgBoss;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(deps: { db: Db; boss: PgBoss; registry: ActorRegistry; logger: Logger }) {
    this.db = deps.db;
    this.boss = deps.boss;
    this.registry = deps.registry;
    this.logger = deps.logger;
  }

  /**
   * Delivers one event to one actor in one transaction: lock, dedupe, migrate,
   * transition, persist, journal, and enqueue its timers and effects.
   * `event` null only creates the actor (with `input`) if it does not exist.
   */
  send(
    kind: string,
    actorId: string,
    event: AnyEventObject | null,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const definition = this.registry.get(kind);
    const work = this.db
      .transaction()
      .execute((tx) => this.sendInTx(tx, definition, actorId, event, options));
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  /** Resolves when every send started before the call has finished. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async sendInTx(
    tx: Tx,
    kind: ActorKind,
    actorId: string,
    event: AnyEventObject | null,
    options: SendOptions,
  ): Promise<SendResult> {
    const dedupeKey = options.dedupeKey ?? null;
    let row = await lockActor(tx, kind.kind, actorId, dedupeKey);
    if (!row) {
      await lockCreation(tx, kind.kind, actorId);
      row = await lockActor(tx, kind.kind, actorId, dedupeKey);
    }
    const current = { state: row?.state ?? null, revision: row?.revision ?? 0 };
    if (row?.seen) return { status: 'duplicate', ...current };
    if (row && !event) return { status: 'exists', ...current };
    if (options.timerToken && !(await claimTimer(tx, options.timerToken)))
      return { status: 'stale', ...current };

    const step = this.step(kind, actorId, row, event, options.input);
    const plan = planActions(kind, actorId, step.revision, step.actions);
    await this.enqueue(tx, kind.kind, actorId, plan);
    const state = stateString(step.snapshot.value);
    await saveActor(tx, {
      kind: kind.kind,
      id: actorId,
      version: kind.version,
      state,
      status: step.snapshot.status,
      snapshot: persist(kind, step.snapshot),
      revision: step.revision,
      stateBefore: step.stateBefore,
      event: (event ?? { type: 'xstate.init', input: options.input ?? {} }) as Record<string, unknown>,
      dedupeKey,
    });
    return { status: 'applied', state, revision: step.revision, snapshot: step.snapshot };
  }

  private step(
    kind: ActorKind,
    actorId: string,
    row: LockedActor | undefined,
    event: AnyEventObject | null,
    input: Record<string, unknown> | undefined,
  ): Step {
    const actions: Step['actions'] = [];
    let snapshot: AnyMachineSnapshot;
    if (row) {
      snapshot = restore(kind, row.snapshot, row.machine_version);
    } else {
      const [initial, initialActions] = initialTransition(kind.machine, { actorId, ...input });
      snapshot = initial;
      actions.push(...initialActions);
    }
    if (event) {
      const [next, eventActions] = transition(kind.machine, snapshot, event);
      snapshot = next;
      actions.push(...eventActions);
    }
    return { snapshot, actions, stateBefore: row?.state ?? null, revision: (row?.revision ?? 0) + 1 };
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
