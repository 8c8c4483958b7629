import { EventEmitter } from 'node:events';
import type { JobInsert, PgBoss } from 'pg-boss';
import type { AnyEventObject, AnyMachineSnapshot, AnyStateMachine, SnapshotFrom } from 'xstate';
import type { Db } from '../infra/db.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import { type ActionPlan, effectQueueOf, planActions, TIMERS_QUEUE } from './actions.ts';
import type { EventsOf } from './effect.ts';
import { CommitOutcomeUnknown, GroupCommit, type GroupCommitStats } from './group-commit.ts';
import { pureInitialTransition, pureTransition } from './pure-transition.ts';
import { getActor, getJournal, listActors } from './queries.ts';
import { ensureEffectQueue } from './queues.ts';
import type { ActorRegistry } from './registry.ts';
import { persist, restore, stateString } from './snapshot.ts';
import { type CachedActor, SnapshotCache, type SnapshotCacheLimits } from './snapshot-cache.ts';
import {
  bossAdapter,
  cancelTimers,
  claimTimer,
  insertTimers,
  type LockedActor,
  lockCreation,
  readActor,
  type SavedActor,
  saveActor,
  saveActors,
  type Tx,
} from './store.ts';
import type { ActorKind, PersistedSnapshot, Projection } from './types.ts';

type ActorRow = NonNullable<Awaited<ReturnType<typeof getActor>>>;

export interface SendOptions {
  /** An event with a key this actor has seen before is ignored (exactly-once intake). */
  dedupeKey?: string;
  /** Input for the machine when this send creates the actor. */
  input?: Record<string, unknown>;
  /** Set by the timer worker: the send happens only if the timer was not cancelled. */
  timerToken?: string;
}

export type SendResult<S = AnyMachineSnapshot> =
  | { status: 'applied'; state: string; revision: number; snapshot: S }
  | { status: 'duplicate' | 'stale' | 'exists'; state: string | null; revision: number };

export interface ActorChange {
  kind: string;
  id: string;
  state: string;
  revision: number;
}

/** Machines by kind name: what types the runtime's sends and reads. */
export type KindMachines = Record<string, AnyStateMachine>;

/** An actor as read: its snapshot migrated to the current machine version and restored. */
export interface ActorView<S = AnyMachineSnapshot> {
  kind: string;
  id: string;
  state: string;
  status: string;
  revision: number;
  snapshot: S;
  createdAt: Date;
  updatedAt: Date;
}

/** One journal entry: the event as the actor received it and the states around it. */
export interface JournalEntry<E = AnyEventObject> {
  revision: number;
  event: E | { type: 'xstate.init'; input: Record<string, unknown> };
  dedupeKey: string | null;
  stateBefore: string | null;
  stateAfter: string;
  createdAt: Date;
}

export interface ListFilter {
  /** "awaiting" matches "awaiting" and its substates "awaiting.x". */
  state?: string;
  status?: string;
  limit?: number;
  offset?: number;
}

type Name<K> = keyof K & string;
type SnapshotOf<K, N extends keyof K> = SnapshotFrom<K[N]>;

interface SendRequest {
  kind: ActorKind;
  actorId: string;
  event: AnyEventObject | null;
  options: SendOptions;
}

interface Step {
  snapshot: AnyMachineSnapshot;
  plan: ActionPlan;
  /** What the kind's projection writes for this event; undefined: nothing. */
  change: unknown;
  state: string;
  stateBefore: string | null;
  revision: number;
}

/** One optimistic write: what group commit batches. */
interface Write {
  key: string;
  request: SendRequest;
  step: Step;
  record: SavedActor;
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

function timerJob(timer: ActionPlan['timers'][number]) {
  return { id: timer.token, data: { token: timer.token }, startAfter: timer.dueAt };
}

/** A step with no timers, cancels, effects or projected change touches nothing but the actor's row. */
function isLocal({ plan, change }: Step): boolean {
  return plan.effects.length + plan.timers.length + plan.cancels.length === 0 && change === undefined;
}

/** An event's step with what it was sent to: what the outbox and the projections write. */
type Planned = { request: SendRequest; step: Step };

/** The projected changes of many steps, by kind: each kind's written in one statement. */
function projectAll(tx: Tx, steps: Planned[]): Promise<unknown> {
  const byProjection = new Map<Projection, unknown[]>();
  for (const { request, step } of steps) {
    const projection = request.kind.projection;
    if (step.change === undefined || !projection) continue;
    const changes = byProjection.get(projection);
    if (changes) changes.push(step.change);
    else byProjection.set(projection, [step.change]);
  }
  return together(...[...byProjection].map(([projection, changes]) => projection.write(tx, changes)));
}

/**
 * Waits for every statement sent together, then fails with the first failure in the
 * order they were sent (the one that broke the transaction; the later ones only saw it
 * aborted). Nothing may still be under way when the transaction commits or rolls back.
 */
async function together<T extends unknown[]>(...statements: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(statements);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}

/** A write found its actor changed (or created) since it read it: the transaction rolls back. */
class RevisionConflict extends Error {
  constructor() {
    super('actor changed since it was read');
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/**
 * The server answered that it refused the statement: nothing of it was written. A lost
 * connection (a socket error, or SQLSTATE class 08 or 57) leaves the outcome unknown.
 */
function isStatementError(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  if (typeof severity !== 'string' || typeof code !== 'string') return false;
  return /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57');
}

/** How concurrent sends share commits. */
export interface GroupCommitOptions {
  /** Commits under way at once; sends arriving meanwhile wait and go out together. Default 4. */
  maxInFlight?: number;
  /** Events in one commit at most. Default 64. */
  maxBatch?: number;
}

export class ActorRuntime<K extends KindMachines = KindMachines> {
  readonly registry: ActorRegistry;
  private readonly db: Db;
  private readonly boss: PgBoss;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly cache: SnapshotCache;
  /** Emits `change` with { kind, id, state, revision } after each committed transition of this process. */
  readonly changes = new EventEmitter<{ change: [ActorChange] }>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly readyQueues = new Set<string>();

  private readonly metrics: Pick<Metrics, 'actorEvents'> | undefined;
  private readonly commits: GroupCommit<Write>;

  constructor(deps: {
    db: Db;
    boss: PgBoss;
    registry: ActorRegistry;
    logger: Logger;
    metrics?: Pick<Metrics, 'actorEvents'>;
    groupCommit?: GroupCommitOptions;
    snapshotCache?: SnapshotCacheLimits;
  }) {
    this.metrics = deps.metrics;
    this.cache = new SnapshotCache(deps.snapshotCache);
    this.commits = new GroupCommit<Write>({
      ...deps.groupCommit,
      alone: (write) => this.writeAlone(write),
      together: (writes) => this.writeTogether(writes),
    });
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
  send<N extends Name<K>>(
    kind: N,
    actorId: string,
    event: EventsOf<K[N]> | null,
    options: SendOptions = {},
  ): Promise<SendResult<SnapshotOf<K, N>>> {
    const definition = this.registry.get(kind);
    const request: SendRequest = { kind: definition, actorId, event, options };
    const ready = this.queueReady(definition);
    const first = () => (options.timerToken ? Promise.resolve(null) : this.sendOptimistic(request));
    const work = (ready ? ready.then(first) : first()).then((result) => result ?? this.sendLocked(request));
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work)) as Promise<SendResult<SnapshotOf<K, N>>>;
  }

  /** The actor with its snapshot migrated to the kind's current version; undefined if none. */
  async read<N extends Name<K>>(kind: N, id: string): Promise<ActorView<SnapshotOf<K, N>> | undefined> {
    const row = await getActor(this.db, kind, id);
    return row && this.view<N>(row);
  }

  /** Actors of one kind, newest change first, optionally in one state (or its substates). */
  async list<N extends Name<K>>(kind: N, filter: ListFilter = {}): Promise<ActorView<SnapshotOf<K, N>>[]> {
    const rows = await listActors(this.db, { kind, ...filter });
    return rows.map((row) => this.view<N>(row));
  }

  /** Every event the actor received, in order. */
  async journal<N extends Name<K>>(kind: N, id: string): Promise<JournalEntry<EventsOf<K[N]>>[]> {
    const rows = await getJournal(this.db, kind, id);
    return rows.map((row) => ({
      revision: row.revision,
      event: row.event as JournalEntry<EventsOf<K[N]>>['event'],
      dedupeKey: row.dedupe_key,
      stateBefore: row.state_before,
      stateAfter: row.state_after,
      createdAt: row.created_at,
    }));
  }

  private view<N extends Name<K>>(row: ActorRow): ActorView<SnapshotOf<K, N>> {
    const snapshot = restore(
      this.registry.get(row.kind),
      row.snapshot as PersistedSnapshot,
      row.machine_version,
    );
    return {
      kind: row.kind,
      id: row.id,
      state: row.state,
      status: row.status,
      revision: row.revision,
      // The kind's machine restored it: the kinds map says which machine that is.
      snapshot: snapshot as SnapshotOf<K, N>,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /**
   * The kind's effect queue exists before its first job is inserted (created once per
   * process); undefined when there is nothing to wait for.
   */
  private queueReady(kind: ActorKind): Promise<void> | undefined {
    if (!kind.effects) return undefined;
    const name = effectQueueOf(kind);
    if (this.readyQueues.has(name)) return undefined;
    let ready = this.queues.get(name);
    if (!ready) {
      ready = ensureEffectQueue(this.boss, name).then(
        () => void this.readyQueues.add(name),
        (error) => {
          this.queues.delete(name);
          throw error;
        },
      );
      this.queues.set(name, ready);
    }
    return ready;
  }

  /** What the snapshot cache holds now. */
  get snapshotCacheSize(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.bytes };
  }

  /** How many sends shared a commit so far (in this process). */
  get groupCommitStats(): Readonly<GroupCommitStats> {
    return this.commits.stats;
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
    const write = {
      key: `${kind.kind}/${actorId}`,
      request,
      step,
      record: this.record(request, step),
    };
    try {
      return (await this.commits.write(write)) ? this.applied(request, step, write.record) : null;
    } catch (error) {
      if (isUniqueViolation(error)) return null; // a seen dedupe key: the locked path says so
      throw error;
    }
  }

  /** One event, one commit: a statement of its own when it touches nothing but its row. */
  private async writeAlone(write: Write): Promise<boolean> {
    if (isLocal(write.step)) return saveActor(this.db, write.record);
    try {
      return await this.db.transaction().execute(async (tx) => {
        // The outbox and the projection commit with the snapshot or not at all. Sent
        // together (one round trip on a pipelining connection); a conflict rolls back.
        const [saved] = await together(saveActor(tx, write.record), this.outbox(tx, [write]));
        if (!saved) throw new RevisionConflict();
        return true;
      });
    } catch (error) {
      if (error instanceof RevisionConflict) return false;
      throw error;
    }
  }

  /**
   * Many events, one commit: their snapshots and journal entries in one statement, then
   * the outbox rows and projections of those saved, in the same transaction.
   */
  private async writeTogether(writes: Write[]): Promise<boolean[]> {
    const records = writes.map((w) => w.record);
    const plain = writes.every((w) => isLocal(w.step));
    if (plain) {
      try {
        return await saveActors(this.db, records);
      } catch (error) {
        throw isStatementError(error) ? error : new CommitOutcomeUnknown(error);
      }
    }
    let written = false;
    try {
      return await this.db.transaction().execute(async (tx) => {
        // Snapshots, outbox rows and projections sent together; a write in conflict (rare:
        // another process got there first) rolls the batch back and each goes alone.
        const [saved] = await together(saveActors(tx, records), this.outbox(tx, writes));
        if (saved.includes(false)) throw new RevisionConflict();
        written = true;
        return saved;
      });
    } catch (error) {
      // Up to the COMMIT the transaction rolled back: each write may safely go again alone.
      throw written ? new CommitOutcomeUnknown(error) : error;
    }
  }

  private async sendLocked(request: SendRequest): Promise<SendResult> {
    const outcome = await this.db.transaction().execute((tx) => this.transitionLocked(tx, request));
    return 'step' in outcome ? this.applied(request, outcome.step, outcome.record) : outcome;
  }

  private async transitionLocked(
    tx: Tx,
    request: SendRequest,
  ): Promise<SendResult | { step: Step; record: SavedActor }> {
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
    const current = row && restoreRow(kind, row);
    const step = this.step(request, current);
    const record = this.record(request, step);
    const [saved] = await together(saveActor(tx, record), this.outbox(tx, [{ request, step }]));
    if (!saved) throw new Error('actor changed under its row lock');
    return { step, record };
  }

  /** Called once the step is committed. */
  private applied(request: SendRequest, step: Step, record: SavedActor): SendResult {
    this.cache.set(request.kind.kind, request.actorId, step, record.snapshot.length);
    const change = {
      kind: request.kind.kind,
      id: request.actorId,
      state: step.state,
      revision: step.revision,
    };
    this.changes.emit('change', change);
    this.metrics?.actorEvents.inc({ kind: request.kind.kind, event: request.event?.type ?? 'create' });
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
      snapshot: JSON.stringify(persist(kind, step.snapshot)),
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
      const [initial, initialActions] = pureInitialTransition(kind.machine, { actorId, ...options.input });
      snapshot = initial;
      actions.push(...initialActions);
    }
    if (event) {
      const [next, eventActions] = pureTransition(kind.machine, snapshot, event);
      snapshot = next;
      actions.push(...eventActions);
    }
    const revision = (current?.revision ?? 0) + 1;
    return {
      snapshot,
      plan: planActions(kind, actorId, revision, actions),
      change: kind.projection?.change(snapshot, current?.snapshot),
      state: stateString(snapshot.value),
      stateBefore: current?.state ?? null,
      revision,
    };
  }

  /**
   * The outbox rows and projected changes of many events, every statement sent at once
   * (on a pipelining connection, one round trip): one statement for their timer cancels,
   * one for their new timers, one insert per queue, one update per projected kind. A
   * batch holds one write per actor, and the cancels go out before the inserts, so each
   * actor's own order holds.
   */
  private outbox(tx: Tx, writes: Planned[]): Promise<unknown> {
    const jobs = new Map<string, JobInsert<object>[]>();
    const add = (queue: string, more: JobInsert<object>[]) => {
      if (more.length > 0) jobs.set(queue, [...(jobs.get(queue) ?? []), ...more]);
    };
    const cancels: { kind: string; actorId: string; sendId: string }[] = [];
    const timers: Parameters<typeof insertTimers>[1] = [];
    for (const { request, step } of writes) {
      const kind = request.kind.kind;
      const { actorId } = request;
      for (const sendId of step.plan.cancels) cancels.push({ kind, actorId, sendId });
      for (const timer of step.plan.timers) timers.push({ ...timer, kind, actorId });
      add(TIMERS_QUEUE, step.plan.timers.map(timerJob));
      add(effectQueueOf(request.kind), step.plan.effects);
    }
    if (jobs.size > 0)
      this.logger.debug({ writes: writes.length, queues: [...jobs.keys()] }, 'actor work queued');
    const db = bossAdapter(tx);
    return together(
      cancelTimers(tx, cancels),
      insertTimers(tx, timers),
      ...[...jobs].map(([queue, batch]) => this.boss.insert(queue, batch, { db })),
      projectAll(tx, writes),
    );
  }
}
