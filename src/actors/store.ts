import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../infra/database.ts';
import type { PersistedSnapshot } from './types.ts';

export type Tx = Transaction<Database>;

export interface LockedActor {
  machine_version: number;
  snapshot: PersistedSnapshot;
  revision: number;
  state: string;
  seen: boolean;
}

/** Reads the actor and tells, in the same round trip, whether the dedupe key was seen. */
export async function readActor(
  db: Kysely<Database> | Tx,
  kind: string,
  id: string,
  dedupeKey: string | null,
  options: { lock: boolean },
): Promise<LockedActor | undefined> {
  const { rows } = await sql<LockedActor>`
    SELECT a.machine_version, a.snapshot, a.revision, a.state,
           ${dedupeKey}::text IS NOT NULL AND EXISTS (
             SELECT 1 FROM actor_journal j
             WHERE j.kind = a.kind AND j.actor_id = a.id AND j.dedupe_key = ${dedupeKey}
           ) AS seen
    FROM actors a
    WHERE a.kind = ${kind} AND a.id = ${id}
    ${options.lock ? sql`FOR UPDATE OF a` : sql``}`.execute(db);
  return rows[0];
}

/** Serialises creation of an actor that has no row to lock yet. */
export async function lockCreation(tx: Tx, kind: string, id: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${kind}/${id}`}, 0))`.execute(tx);
}

export interface SavedActor {
  kind: string;
  id: string;
  version: number;
  state: string;
  status: string;
  /** The persisted snapshot as JSON text, serialised once for the write and the cache. */
  snapshot: string;
  revision: number;
  stateBefore: string | null;
  event: Record<string, unknown>;
  dedupeKey: string | null;
}

/**
 * Writes the new snapshot and its journal entry in one statement, only if the actor is
 * still at `revision - 1` (or, for revision 1, does not exist yet). False on a conflict.
 */
export async function saveActor(db: Kysely<Database> | Tx, a: SavedActor): Promise<boolean> {
  const snapshot = a.snapshot;
  const write =
    a.revision === 1
      ? sql`
        INSERT INTO actors (kind, id, machine_version, state, status, snapshot, revision)
        VALUES (${a.kind}, ${a.id}, ${a.version}, ${a.state}, ${a.status}, ${snapshot}::json, 1)
        ON CONFLICT (kind, id) DO NOTHING
        RETURNING 1`
      : sql`
        UPDATE actors SET machine_version = ${a.version}, state = ${a.state}, status = ${a.status},
                          snapshot = ${snapshot}::json, revision = ${a.revision}, updated_at = now()
        WHERE kind = ${a.kind} AND id = ${a.id} AND revision = ${a.revision - 1}
        RETURNING 1`;
  const result = await sql`
    WITH saved AS (${write})
    INSERT INTO actor_journal (kind, actor_id, revision, dedupe_key, event, state_before, state_after)
    SELECT ${a.kind}, ${a.id}, ${a.revision}, ${a.dedupeKey}, ${JSON.stringify(a.event)}::jsonb,
           ${a.stateBefore}, ${a.state}
    FROM saved`.execute(db);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * `saveActor` for many actors in one statement (one round trip, and one commit when run
 * on its own): each actor is written only if still at `revision - 1` (or, at revision
 * 1, absent), with its journal entry. Per record, in order: true if saved, false on a
 * conflict. The caller passes at most one record per actor.
 */
export async function saveActors(db: Kysely<Database> | Tx, records: SavedActor[]): Promise<boolean[]> {
  // The snapshots are JSON already: spliced in rather than parsed and serialised again.
  const rows = records.map((a, i) => {
    const fields = JSON.stringify({
      i,
      kind: a.kind,
      id: a.id,
      version: a.version,
      state: a.state,
      status: a.status,
      revision: a.revision,
      event: a.event,
      dedupe_key: a.dedupeKey,
      state_before: a.stateBefore,
    });
    return `${fields.slice(0, -1)},"snapshot":${a.snapshot}}`;
  });
  const input = `[${rows.join(',')}]`;
  const result = await sql<{ i: number }>`
    WITH input AS (
      SELECT * FROM json_to_recordset(${input}::json) AS x (
        i int, kind text, id text, version int, state text, status text, snapshot json,
        revision int, event jsonb, dedupe_key text, state_before text)
    ),
    updated AS (
      UPDATE actors a SET machine_version = x.version, state = x.state, status = x.status,
                          snapshot = x.snapshot, revision = x.revision, updated_at = now()
      FROM input x
      WHERE x.revision > 1 AND a.kind = x.kind AND a.id = x.id AND a.revision = x.revision - 1
      RETURNING x.i
    ),
    created AS (
      INSERT INTO actors (kind, id, machine_version, state, status, snapshot, revision)
      SELECT kind, id, version, state, status, snapshot, 1 FROM input WHERE revision = 1
      ON CONFLICT (kind, id) DO NOTHING
      RETURNING kind, id
    ),
    saved AS (
      SELECT i FROM updated
      UNION ALL
      SELECT x.i FROM created c JOIN input x ON x.kind = c.kind AND x.id = c.id AND x.revision = 1
    ),
    journal AS (
      INSERT INTO actor_journal (kind, actor_id, revision, dedupe_key, event, state_before, state_after)
      SELECT x.kind, x.id, x.revision, x.dedupe_key, x.event, x.state_before, x.state
      FROM input x JOIN saved s ON s.i = x.i
    )
    SELECT i FROM saved`.execute(db);
  const saved = new Set(result.rows.map((row) => row.i));
  return records.map((_, i) => saved.has(i));
}

/** Consumes a timer token; false when it was cancelled (or already fired). */
export async function claimTimer(tx: Tx, token: string): Promise<boolean> {
  const result = await sql`DELETE FROM actor_timers WHERE token = ${token}::uuid`.execute(tx);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function insertTimer(
  tx: Tx,
  t: { token: string; kind: string; actorId: string; sendId: string; event: unknown; dueAt: Date },
): Promise<void> {
  await sql`
    INSERT INTO actor_timers (token, kind, actor_id, send_id, event, due_at)
    VALUES (${t.token}::uuid, ${t.kind}, ${t.actorId}, ${t.sendId}, ${JSON.stringify(t.event)}::jsonb, ${t.dueAt})`.execute(
    tx,
  );
}

export async function cancelTimer(tx: Tx, kind: string, actorId: string, sendId: string): Promise<void> {
  await sql`DELETE FROM actor_timers WHERE kind = ${kind} AND actor_id = ${actorId} AND send_id = ${sendId}`.execute(
    tx,
  );
}

/** Many timers in one statement (a group commit's): one round trip instead of one each. */
export async function insertTimers(
  tx: Tx,
  timers: { token: string; kind: string; actorId: string; sendId: string; event: unknown; dueAt: Date }[],
): Promise<void> {
  if (timers.length === 0) return;
  if (timers.length === 1) return insertTimer(tx, timers[0]!);
  await sql`
    INSERT INTO actor_timers (token, kind, actor_id, send_id, event, due_at)
    SELECT * FROM unnest(
      ${timers.map((t) => t.token)}::uuid[], ${timers.map((t) => t.kind)}::text[],
      ${timers.map((t) => t.actorId)}::text[], ${timers.map((t) => t.sendId)}::text[],
      ${timers.map((t) => JSON.stringify(t.event))}::jsonb[], ${timers.map((t) => t.dueAt)}::timestamptz[])`.execute(
    tx,
  );
}

/** Cancels many timers (kind, actor, send id) in one statement. */
export async function cancelTimers(
  tx: Tx,
  cancels: { kind: string; actorId: string; sendId: string }[],
): Promise<void> {
  if (cancels.length === 0) return;
  if (cancels.length === 1) return cancelTimer(tx, cancels[0]!.kind, cancels[0]!.actorId, cancels[0]!.sendId);
  await sql`
    DELETE FROM actor_timers t
    USING unnest(${cancels.map((c) => c.kind)}::text[], ${cancels.map((c) => c.actorId)}::text[],
                 ${cancels.map((c) => c.sendId)}::text[]) AS c(kind, actor_id, send_id)
    WHERE t.kind = c.kind AND t.actor_id = c.actor_id AND t.send_id = c.send_id`.execute(tx);
}

/** Lets pg-boss write its jobs inside our transaction (the outbox). */
export function bossAdapter(tx: Tx) {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values ?? []));
      // biome-ignore lint/suspicious/noExplicitAny: pg-boss reads untyped rows
      return { rows: result.rows as any[] };
    },
  };
}
