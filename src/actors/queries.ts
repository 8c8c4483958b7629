import { sql } from 'kysely';
import type { Db } from '../infra/db.ts';

/** Read-only views of actors for the inspector, admin tools and audits. */
export function getActor(db: Db, kind: string, id: string) {
  return db.selectFrom('actors').selectAll().where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
}

export function listActors(
  db: Db,
  filter: { kind: string; state?: string; status?: string; limit?: number; offset?: number },
) {
  let query = db.selectFrom('actors').selectAll().where('kind', '=', filter.kind);
  // "awaiting" matches "awaiting" and its substates "awaiting.x".
  if (filter.state) {
    const state = filter.state;
    query = query.where((eb) => eb.or([eb('state', '=', state), eb('state', 'like', `${state}.%`)]));
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  return query
    .orderBy('updated_at', 'desc')
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .execute();
}

export function getJournal(db: Db, kind: string, id: string) {
  return db
    .selectFrom('actor_journal')
    .selectAll()
    .where('kind', '=', kind)
    .where('actor_id', '=', id)
    .orderBy('revision')
    .execute();
}

export async function countActorsByState(db: Db, kind: string) {
  const { rows } = await sql<{ state: string; count: number }>`
    SELECT state, count(*)::int AS count FROM actors WHERE kind = ${kind} GROUP BY state ORDER BY state`.execute(
    db,
  );
  return rows;
}
