import { sql } from 'kysely';
import { EFFECTS_QUEUE, TIMERS_QUEUE } from '../actors/actions.ts';
import type { Db } from '../infra/db.ts';

/**
 * The inspector's reads, all paged and bounded. Kept in one file behind plain functions
 * so they can move onto the runtime's read API when it exists.
 */

export const PAGE_SIZE = 50;
export const JOURNAL_PAGE_SIZE = 200;

export interface ActorRow {
  kind: string;
  id: string;
  state: string;
  status: string;
  revision: number;
  machine_version: number;
  updated_at: Date;
  created_at: Date;
}

export interface ActorFilter {
  kind?: string;
  state?: string;
  /** Actor id, or a user id found in the context. */
  search?: string;
  /** Active actors with no event for this many minutes. */
  stuckMinutes?: number;
  /** Errored snapshots or a leaf state named "failed". */
  failed?: boolean;
  withDeadLetters?: boolean;
  /** Keyset cursor: the last row of the previous page. */
  after?: { kind: string; id: string };
  limit?: number;
}

/** One page ordered by (kind, id), the primary key: no OFFSET, no full sort. */
export async function listActors(db: Db, f: ActorFilter): Promise<{ rows: ActorRow[]; next: string | null }> {
  const limit = Math.min(Math.max(f.limit ?? PAGE_SIZE, 1), 200);
  let q = db
    .selectFrom('actors as a')
    .select([
      'a.kind',
      'a.id',
      'a.state',
      'a.status',
      'a.revision',
      'a.machine_version',
      'a.updated_at',
      'a.created_at',
    ]);
  if (f.kind) q = q.where('a.kind', '=', f.kind);
  if (f.state) {
    const state = f.state;
    q = q.where((eb) => eb.or([eb('a.state', '=', state), eb('a.state', 'like', `${state}.%`)]));
  }
  if (f.search) {
    const s = f.search;
    q = q.where((eb) =>
      eb.or([eb('a.id', '=', s), eb(sql<string>`a.snapshot -> 'context' ->> 'userId'`, '=', s)]),
    );
  }
  if (f.stuckMinutes !== undefined) {
    q = q
      .where('a.status', '=', 'active')
      .where('a.updated_at', '<', sql<Date>`now() - make_interval(mins => ${f.stuckMinutes})`);
  }
  if (f.failed)
    q = q.where((eb) =>
      eb.or([eb('a.status', '=', 'error'), eb('a.state', '=', 'failed'), eb('a.state', 'like', '%.failed')]),
    );
  if (f.withDeadLetters) {
    q = q.where(
      sql<boolean>`(a.kind, a.id) IN (SELECT j.data ->> 'kind', j.data ->> 'actorId' FROM pgboss.job j
        WHERE j.name = ${EFFECTS_QUEUE} AND j.state = 'failed')`,
    );
  }
  if (f.after) {
    const { kind, id } = f.after;
    q = q.where(sql<boolean>`(a.kind, a.id) > (${kind}, ${id})`);
  }
  const rows = await q
    .orderBy('a.kind')
    .orderBy('a.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit) as ActorRow[];
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? encodeCursor(last) : null };
}

export function encodeCursor(row: { kind: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.kind, row.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { kind: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [kind, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    return typeof kind === 'string' && typeof id === 'string' ? { kind, id } : undefined;
  } catch {
    return undefined;
  }
}

/** Actors per kind and state (served by the (kind, state) index). */
export async function countByState(db: Db): Promise<{ kind: string; state: string; count: number }[]> {
  return db
    .selectFrom('actors')
    .select(['kind', 'state', sql<number>`count(*)::int`.as('count')])
    .groupBy(['kind', 'state'])
    .orderBy('kind')
    .orderBy('state')
    .execute();
}

export function getActorRow(db: Db, kind: string, id: string) {
  return db.selectFrom('actors').selectAll().where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
}

export interface JournalRow {
  revision: number;
  event: Record<string, unknown>;
  state_before: string | null;
  state_after: string;
  created_at: Date;
}

/** Journal entries after `afterRevision`, oldest first. */
export async function journalPage(
  db: Db,
  kind: string,
  id: string,
  afterRevision = 0,
  limit = JOURNAL_PAGE_SIZE,
): Promise<JournalRow[]> {
  return db
    .selectFrom('actor_journal')
    .select(['revision', 'event', 'state_before', 'state_after', 'created_at'])
    .where('kind', '=', kind)
    .where('actor_id', '=', id)
    .where('revision', '>', afterRevision)
    .orderBy('revision')
    .limit(limit)
    .execute() as Promise<JournalRow[]>;
}

/** Events up to and including `revision`, oldest first, for replay. */
export async function journalUpTo(db: Db, kind: string, id: string, revision: number) {
  return db
    .selectFrom('actor_journal')
    .select(['revision', 'event', 'state_after'])
    .where('kind', '=', kind)
    .where('actor_id', '=', id)
    .where('revision', '<=', revision)
    .orderBy('revision')
    .execute();
}

export function pendingTimers(db: Db, kind: string, id: string) {
  return db
    .selectFrom('actor_timers')
    .select(['token', 'send_id', 'event', 'due_at'])
    .where('kind', '=', kind)
    .where('actor_id', '=', id)
    .orderBy('due_at')
    .limit(100)
    .execute();
}

export interface EffectRow {
  id: string;
  name: string;
  type: string;
  params: unknown;
  state: string;
  retry_count: number;
  retry_limit: number;
  output: unknown;
  created_on: Date;
  completed_on: Date | null;
  start_after: Date;
}

/**
 * The actor's effect jobs still held by pg-boss (kept for its retention period). A failed
 * job is the dead letter: its copy in the dead-letter queue only tells the actor.
 */
export async function actorJobs(db: Db, kind: string, id: string, limit = 200): Promise<EffectRow[]> {
  const { rows } = await sql<EffectRow>`
    SELECT id::text, name, data ->> 'type' AS type, data -> 'params' AS params, state::text AS state,
           retry_count, retry_limit, output, created_on, completed_on, start_after
    FROM pgboss.job
    WHERE name = ${EFFECTS_QUEUE}
      AND data ->> 'kind' = ${kind} AND data ->> 'actorId' = ${id}
    ORDER BY created_on DESC
    LIMIT ${limit}`.execute(db);
  return rows;
}

/** When each timer job of these tokens was created (the transaction that started it). */
export async function timerJobsCreated(db: Db, tokens: string[]): Promise<Map<string, Date>> {
  if (tokens.length === 0) return new Map();
  const { rows } = await sql<{ id: string; created_on: Date }>`
    SELECT id::text, created_on FROM pgboss.job
    WHERE name = ${TIMERS_QUEUE} AND id = ANY(${tokens}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, r.created_on]));
}

/** A dead-lettered effect job of this actor, or undefined. */
export async function failedEffect(db: Db, kind: string, id: string, jobId: string) {
  const { rows } = await sql<{ id: string }>`
    SELECT id::text FROM pgboss.job
    WHERE name = ${EFFECTS_QUEUE} AND id = ${jobId}::uuid AND state = 'failed'
      AND data ->> 'kind' = ${kind} AND data ->> 'actorId' = ${id}`.execute(db);
  return rows[0];
}
