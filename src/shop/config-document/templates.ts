import { sql } from 'kysely';
import type { Db } from '../../infra/db.ts';

/**
 * Inside the restore's transaction: makes `columns` (the body, and whatever else a version
 * holds) the template's live text as its next version (history kept for rollback), or
 * with `columns: null` goes back to the default.
 * Takes the same per-template lock as an owner's save, so version numbers never collide.
 */
export async function writeTemplate(
  trx: Db,
  input: { key: string; locale: string; columns: Record<string, unknown> | null; author: number },
): Promise<void> {
  const { key, locale, author } = input;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`template/${key}/${locale}`}, 0))`.execute(trx);
  let version: number | null = null;
  if (input.columns !== null) {
    const last = await trx
      .selectFrom('message_template_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('key', '=', key)
      .where('locale', '=', locale)
      .executeTakeFirst();
    version = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('message_template_versions')
      .values({ ...input.columns, key, locale, version, author: author || null } as never)
      .execute();
  }
  await trx
    .insertInto('message_templates')
    .values({ key, locale, active_version: version, updated_by: author || null })
    .onConflict((oc) =>
      oc.columns(['key', 'locale']).doUpdateSet({
        active_version: version,
        updated_by: author || null,
        updated_at: sql`now()`,
        revision: sql`nextval('message_template_revisions')`,
      }),
    )
    .execute();
}
