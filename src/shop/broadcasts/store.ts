import { sql } from 'kysely';
import type { Db } from '../../infra/db.ts';
import type { Audience, BroadcastContent, BroadcastReport, RecipientCounts } from './types.ts';
import { EMPTY_COUNTS } from './types.ts';

export interface BroadcastRow {
  id: string;
  adminId: number;
  status: string;
  content: BroadcastContent;
  audience: Audience;
  scheduledAt: Date | null;
  total: number | null;
  progressChatId: number | null;
  progressMessageId: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  report: BroadcastReport | null;
  createdAt: Date;
}

export interface NewBroadcast {
  id: string;
  adminId: number;
  content: BroadcastContent;
  audience: Audience;
  scheduledAt?: Date | null;
}

export async function insertBroadcast(db: Db, draft: NewBroadcast): Promise<void> {
  await db
    .insertInto('broadcasts')
    .values({
      id: draft.id,
      admin_id: draft.adminId,
      content: JSON.stringify(draft.content),
      audience: JSON.stringify(draft.audience),
      scheduled_at: draft.scheduledAt ?? null,
    })
    .execute();
}

export async function getBroadcast(db: Db, id: string): Promise<BroadcastRow | undefined> {
  const row = await db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toBroadcast(row);
}

/** Started or scheduled broadcasts, newest first, for the admin's history (drafts left out). */
export async function listBroadcasts(db: Db, limit: number, offset = 0): Promise<BroadcastRow[]> {
  const rows = await db
    .selectFrom('broadcasts')
    .selectAll()
    .where('status', '!=', 'draft')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toBroadcast);
}

export async function countBroadcasts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('broadcasts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

type Row = Awaited<ReturnType<typeof selectRow>>;
const selectRow = (db: Db) => db.selectFrom('broadcasts').selectAll().executeTakeFirstOrThrow();

function toBroadcast(row: Row): BroadcastRow {
  return {
    id: row.id,
    adminId: row.admin_id,
    status: row.status,
    content: row.content as unknown as BroadcastContent,
    audience: row.audience as unknown as Audience,
    scheduledAt: row.scheduled_at,
    total: row.total,
    progressChatId: row.progress_chat_id,
    progressMessageId: row.progress_message_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    report: row.report as unknown as BroadcastReport | null,
    createdAt: row.created_at,
  };
}

export async function markStarted(db: Db, id: string, total: number): Promise<void> {
  await db
    .updateTable('broadcasts')
    .set({ total, started_at: sql`coalesce(started_at, now())` as never })
    .where('id', '=', id)
    .execute();
}

export async function setProgressMessage(db: Db, id: string, chatId: number, messageId: number) {
  await db
    .updateTable('broadcasts')
    .set({ progress_chat_id: chatId, progress_message_id: messageId, progress_edited_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * True for the one caller (of any process) allowed to edit the progress message now:
 * at most one edit every `everySeconds`.
 */
export async function claimProgressEdit(db: Db, id: string, everySeconds: number): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE broadcasts SET progress_edited_at = clock_timestamp()
    WHERE id = ${id} AND progress_message_id IS NOT NULL
      AND (progress_edited_at IS NULL
           OR progress_edited_at < clock_timestamp() - make_interval(secs => ${everySeconds}))
    RETURNING id`.execute(db);
  return rows.length > 0;
}

export async function saveReport(db: Db, id: string, report: BroadcastReport): Promise<void> {
  await db
    .updateTable('broadcasts')
    .set({ report: JSON.stringify(report), finished_at: sql`coalesce(finished_at, now())` as never })
    .where('id', '=', id)
    .execute();
}

/** Recipients by status, and when the first and last message went out. */
export async function recipientCounts(
  db: Db,
  id: string,
): Promise<RecipientCounts & { firstSentAt: Date | null; lastSentAt: Date | null }> {
  const { rows } = await sql<{
    status: keyof RecipientCounts;
    n: number;
    first: Date | null;
    last: Date | null;
  }>`
    SELECT status, count(*)::int AS n, min(sent_at) AS first, max(sent_at) AS last
    FROM broadcast_recipients WHERE broadcast_id = ${id} GROUP BY status`.execute(db);
  const counts = { ...EMPTY_COUNTS };
  let firstSentAt: Date | null = null;
  let lastSentAt: Date | null = null;
  for (const row of rows) {
    counts[row.status] = row.n;
    if (row.status === 'sent') {
      firstSentAt = row.first;
      lastSentAt = row.last;
    }
  }
  return { ...counts, firstSentAt, lastSentAt };
}

/** Changes a draft's content or audience; false once it is no longer a draft. */
export async function updateDraft(
  db: Db,
  id: string,
  change: { content?: BroadcastContent; audience?: Audience },
): Promise<boolean> {
  const result = await db
    .updateTable('broadcasts')
    .set({
      ...(change.content ? { content: JSON.stringify(change.content) } : {}),
      ...(change.audience ? { audience: JSON.stringify(change.audience) } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Discards a draft (never a started broadcast); false when there was none. */
export async function deleteDraft(db: Db, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('broadcasts')
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
