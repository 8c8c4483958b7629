import { sql } from 'kysely';
import type { Tx } from '../actors/store.ts';
import type { Db } from '../infra/db.ts';

/** A row's new status, as an actor's projection computed it. */
export interface StatusChange {
  id: string;
  status: string;
}

/** The tables whose `status` column follows an actor (orders, deposits, broadcasts). */
export type ProjectedTable = 'orders' | 'deposits' | 'broadcasts';

/**
 * Sets each row's status in one statement; a row whose status is already the new one is
 * neither written nor locked. The actor's projection is the only writer of these columns.
 */
export async function setStatuses(
  db: Db | Tx,
  table: ProjectedTable,
  changes: StatusChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await sql`
    UPDATE ${sql.table(table)} AS t SET status = c.status
    FROM unnest(${changes.map((c) => c.id)}::text[], ${changes.map((c) => c.status)}::text[]) AS c (id, status)
    WHERE t.id = c.id AND t.status <> c.status`.execute(db);
}
