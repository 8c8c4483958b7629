import { sql } from 'kysely';
import type { Db } from '../../infra/db.ts';
import type { ConfigDocument } from './schema.ts';

/** A preview nobody confirmed within a day is dropped when the next one is made. */
const DRAFT_TTL_HOURS = 24;

export interface RestoreDraft {
  id: number;
  adminId: number;
  document: unknown;
  diffHash: string;
  appliedAt: Date | null;
}

export async function createDraft(db: Db, adminId: number, document: ConfigDocument, diffHash: string) {
  await db
    .deleteFrom('config_restore_drafts')
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${DRAFT_TTL_HOURS})`)
    .execute();
  const row = await db
    .insertInto('config_restore_drafts')
    .values({ admin_id: adminId, document: JSON.stringify(document), diff_hash: diffHash, applied_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findDraft(db: Db, id: number): Promise<RestoreDraft | undefined> {
  const row = await db
    .selectFrom('config_restore_drafts')
    .selectAll()
    .where('id', '=', id)
    .where('created_at', '>=', sql<Date>`now() - make_interval(hours => ${DRAFT_TTL_HOURS})`)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    adminId: row.admin_id,
    document: row.document,
    diffHash: row.diff_hash,
    appliedAt: row.applied_at,
  };
}

/** The differences as they are now, after the owner was shown them again. */
export async function setDraftHash(db: Db, id: number, diffHash: string): Promise<void> {
  await db.updateTable('config_restore_drafts').set({ diff_hash: diffHash }).where('id', '=', id).execute();
}

export async function markDraftApplied(db: Db, id: number): Promise<void> {
  await db
    .updateTable('config_restore_drafts')
    .set({ applied_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function dropDraft(db: Db, id: number): Promise<void> {
  await db.deleteFrom('config_restore_drafts').where('id', '=', id).where('applied_at', 'is', null).execute();
}
