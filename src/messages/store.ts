import { type Kysely, sql } from 'kysely';
import type { Database } from '../infra/database.ts';
import type { TemplateKey } from './registry.ts';
import { type TemplateProblem, validateTemplate } from './validate.ts';

export type Locale = 'id' | 'en';

export interface TemplateVersion {
  version: number;
  body: string;
  author: number | null;
  createdAt: Date;
  active: boolean;
  /** Telegram file_id of the photo sent with it (media templates), else null. */
  photo: string | null;
}

/** Runs in the caller's transaction when there is one (an admin change and its audit row), else in a new one. */
function inTransaction<T>(db: Kysely<Database>, run: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export type SaveResult = { ok: true; version: number } | { ok: false; problems: TemplateProblem[] };

export type ActivateResult =
  | { ok: true }
  | { ok: false; reason: 'unknown_version' }
  | { ok: false; reason: 'invalid'; problems: TemplateProblem[] };

/** Validates a body and, when it passes, stores it as the next version and makes it live. */
export async function saveTemplate(
  db: Kysely<Database>,
  input: { key: TemplateKey; locale: Locale; body: string; author: number | null; photo?: string | null },
): Promise<SaveResult> {
  const photo = input.photo ?? null;
  const problems = validateTemplate(input.key, input.body, { photo: photo !== null });
  if (problems.length > 0) return { ok: false, problems };
  const version = await inTransaction(db, async (trx) => {
    // Serialises saves of one template, so version numbers never collide.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`template/${input.key}/${input.locale}`}, 0))`.execute(
      trx,
    );
    const last = await trx
      .selectFrom('message_template_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('key', '=', input.key)
      .where('locale', '=', input.locale)
      .executeTakeFirst();
    const next = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('message_template_versions')
      .values({
        key: input.key,
        locale: input.locale,
        version: next,
        body: input.body,
        author: input.author,
        photo_file_id: photo,
      })
      .execute();
    await setActive(trx, input.key, input.locale, next, input.author);
    return next;
  });
  return { ok: true, version };
}

/**
 * Makes an older version live again, or the locale file's default (`version: null`).
 * A version that no longer passes today's checks (its placeholders changed) is refused.
 */
export async function activateTemplate(
  db: Kysely<Database>,
  input: { key: TemplateKey; locale: Locale; version: number | null; author: number | null },
): Promise<ActivateResult> {
  if (input.version !== null) {
    const row = await db
      .selectFrom('message_template_versions')
      .select(['body', 'photo_file_id'])
      .where('key', '=', input.key)
      .where('locale', '=', input.locale)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'unknown_version' };
    const problems = validateTemplate(input.key, row.body, { photo: row.photo_file_id !== null });
    if (problems.length > 0) return { ok: false, reason: 'invalid', problems };
  }
  await setActive(db, input.key, input.locale, input.version, input.author);
  return { ok: true };
}

async function setActive(
  db: Kysely<Database>,
  key: string,
  locale: string,
  version: number | null,
  author: number | null,
): Promise<void> {
  await db
    .insertInto('message_templates')
    .values({ key, locale, active_version: version, updated_by: author })
    .onConflict((oc) =>
      oc.columns(['key', 'locale']).doUpdateSet({
        active_version: version,
        updated_by: author,
        updated_at: sql`now()`,
        revision: sql`nextval('message_template_revisions')`,
      }),
    )
    .execute();
}

/** A template's versions joined with its live pointer, as `TemplateVersion` rows are read. */
function versionsOf(db: Kysely<Database>, key: TemplateKey, locale: Locale) {
  return db
    .selectFrom('message_template_versions as v')
    .leftJoin('message_templates as t', (join) =>
      join.onRef('t.key', '=', 'v.key').onRef('t.locale', '=', 'v.locale'),
    )
    .select(['v.version', 'v.body', 'v.author', 'v.created_at', 'v.photo_file_id', 't.active_version'])
    .where('v.key', '=', key)
    .where('v.locale', '=', locale);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsOf>['execute']>>[number];

const toVersion = (r: VersionRow): TemplateVersion => ({
  version: r.version,
  body: r.body,
  author: r.author,
  createdAt: r.created_at,
  active: r.active_version === r.version,
  photo: r.photo_file_id,
});

/** A template's saved versions, newest first, with the live one marked (a page of them with `page`). */
export async function listTemplateVersions(
  db: Kysely<Database>,
  key: TemplateKey,
  locale: Locale,
  page?: { limit: number; offset: number },
): Promise<TemplateVersion[]> {
  let query = versionsOf(db, key, locale).orderBy('v.version', 'desc');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return (await query.execute()).map(toVersion);
}

/** How many versions a template has (for paging its history). */
export async function countTemplateVersions(
  db: Kysely<Database>,
  key: TemplateKey,
  locale: Locale,
): Promise<number> {
  const row = await db
    .selectFrom('message_template_versions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('key', '=', key)
    .where('locale', '=', locale)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One saved version, or undefined. */
export async function getTemplateVersion(
  db: Kysely<Database>,
  key: TemplateKey,
  locale: Locale,
  version: number,
): Promise<TemplateVersion | undefined> {
  const [found] = await versionsOf(db, key, locale).where('v.version', '=', version).execute();
  return found && toVersion(found);
}

/** The live version's number (null: the locale file's default). */
export async function activeVersionOf(
  db: Kysely<Database>,
  key: TemplateKey,
  locale: Locale,
): Promise<number | null> {
  const row = await db
    .selectFrom('message_templates')
    .select('active_version')
    .where('key', '=', key)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return row?.active_version ?? null;
}

export interface ActiveOverride {
  key: string;
  locale: string;
  version: number;
  body: string;
  photo: string | null;
}

/** Changes whenever any template's live version changes (see the migration). */
export async function templatesFingerprint(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ f: string | null }>`
    SELECT sum(revision)::text AS f FROM message_templates`.execute(db);
  return rows[0]?.f ?? '0';
}

/** Every live override with the fingerprint they belong to, read in one snapshot. */
export async function loadActiveOverrides(
  db: Kysely<Database>,
): Promise<{ fingerprint: string; overrides: ActiveOverride[] }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const fingerprint = await templatesFingerprint(trx);
      const overrides = await trx
        .selectFrom('message_templates as t')
        .innerJoin('message_template_versions as v', (join) =>
          join
            .onRef('v.key', '=', 't.key')
            .onRef('v.locale', '=', 't.locale')
            .onRef('v.version', '=', 't.active_version'),
        )
        .select(['t.key', 't.locale', 'v.version', 'v.body', 'v.photo_file_id as photo'])
        .execute();
      return { fingerprint, overrides };
    });
}
