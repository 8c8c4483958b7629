import type { ActorKind } from '../actors/types.ts';
import type { Db } from '../infra/db.ts';
import { mask } from './mask.ts';
import {
  actorJobs,
  type EffectRow,
  getActorRow,
  JOURNAL_PAGE_SIZE,
  journalPage,
  journalUpTo,
  pendingTimers,
  timerJobsCreated,
} from './queries.ts';
import { type PastState, stateAt } from './replay.ts';

/** Everything the actor page shows, masked: the JSON API returns exactly this. */

export interface EffectView {
  id: string;
  type: string;
  status: 'queued' | 'running' | 'done' | 'dead-lettered' | 'cancelled';
  attempts: number;
  retryLimit: number;
  lastError: string | null;
  params: unknown;
  createdAt: string;
  completedAt: string | null;
  /** The journal revision whose transition queued it. */
  revision: number | null;
}

export interface JournalView {
  revision: number;
  event: unknown;
  type: string;
  stateBefore: string | null;
  stateAfter: string;
  at: string;
  effects: string[];
  timers: string[];
}

export interface ActorView {
  kind: string;
  id: string;
  state: string;
  status: string;
  revision: number;
  machineVersion: number;
  createdAt: string;
  updatedAt: string;
  context: unknown;
  timers: { sendId: string; event: unknown; dueAt: string }[];
  effects: EffectView[];
  journal: JournalView[];
  /** Revision to ask for the next journal page, or null. */
  journalNext: number | null;
  /** Set when looking at the past. */
  past: PastState | null;
}

const STATUS: Record<string, EffectView['status']> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  completed: 'done',
  failed: 'dead-lettered',
  cancelled: 'cancelled',
};

function lastError(output: unknown): string | null {
  if (!output || typeof output !== 'object') return null;
  const message = (output as { message?: unknown }).message;
  return typeof message === 'string' ? message.slice(0, 500) : null;
}

function effectView(job: EffectRow, sensitive: string[], revisionAt: Map<number, number>): EffectView {
  return {
    id: job.id,
    type: job.type,
    status: STATUS[job.state] ?? 'queued',
    attempts: job.retry_count + (job.state === 'created' ? 0 : 1),
    retryLimit: job.retry_limit,
    lastError: lastError(job.output),
    params: mask(job.params, sensitive),
    createdAt: job.created_on.toISOString(),
    completedAt: job.completed_on?.toISOString() ?? null,
    revision: revisionAt.get(job.created_on.getTime()) ?? null,
  };
}

export async function actorView(
  db: Db,
  kind: ActorKind,
  id: string,
  options: { at?: number; journalAfter?: number } = {},
): Promise<ActorView | undefined> {
  const row = await getActorRow(db, kind.kind, id);
  if (!row) return undefined;
  const sensitive = kind.sensitive ?? [];
  const [entries, timers, jobs] = await Promise.all([
    journalPage(db, kind.kind, id, options.journalAfter ?? 0),
    pendingTimers(db, kind.kind, id),
    actorJobs(db, kind.kind, id),
  ]);
  const timerCreated = await timerJobsCreated(
    db,
    timers.map((t) => t.token),
  );
  // A transition's journal entry, jobs and timers are written in one transaction: same now().
  const revisionAt = new Map(entries.map((e) => [e.created_at.getTime(), e.revision]));
  const effects = jobs.map((j) => effectView(j, sensitive, revisionAt));
  const journal = entries.map((e) => ({
    revision: e.revision,
    event: mask(e.event, sensitive),
    type: String(e.event.type ?? ''),
    stateBefore: e.state_before,
    stateAfter: e.state_after,
    at: e.created_at.toISOString(),
    effects: effects.filter((x) => x.revision === e.revision).map((x) => x.type),
    timers: timers
      .filter((t) => timerCreated.get(t.token)?.getTime() === e.created_at.getTime())
      .map((t) => t.send_id),
  }));
  const past = options.at === undefined ? null : ((await pastView(db, kind, id, options.at)) ?? null);
  return {
    kind: row.kind,
    id: row.id,
    state: row.state,
    status: row.status,
    revision: row.revision,
    machineVersion: row.machine_version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    context: mask(row.snapshot.context, sensitive),
    timers: timers.map((t) => ({
      sendId: t.send_id,
      event: mask(t.event, sensitive),
      dueAt: t.due_at.toISOString(),
    })),
    effects,
    journal,
    journalNext: entries.length === JOURNAL_PAGE_SIZE ? (entries.at(-1)?.revision ?? null) : null,
    past,
  };
}

/** The actor after journal entry `revision` (the stored snapshot for the latest one). */
export async function pastView(db: Db, kind: ActorKind, id: string, revision: number) {
  const row = await getActorRow(db, kind.kind, id);
  if (!row) return undefined;
  const events = await journalUpTo(db, kind.kind, id, revision);
  if (events.length === 0 || events.at(-1)?.revision !== revision) return undefined;
  const past = stateAt(kind, id, events, {
    revision: row.revision,
    snapshot: row.snapshot as never,
    machineVersion: row.machine_version,
  });
  return { ...past, context: mask(past.context, kind.sensitive ?? []) };
}
