import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every change takes a fresh number, so sum(revision) over message_templates grows
  // with each committed change whatever order transactions commit in: processes
  // compare that sum to know when their cached overrides are stale.
  await sql`CREATE SEQUENCE message_template_revisions`.execute(db);
  await sql`
    CREATE TABLE message_template_versions (
      key        text        NOT NULL,
      locale     text        NOT NULL,
      version    integer     NOT NULL CHECK (version > 0),
      body       text        NOT NULL,
      author     bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (key, locale, version)
    )`.execute(db);
  await sql`
    CREATE TABLE message_templates (
      key            text        NOT NULL,
      locale         text        NOT NULL,
      active_version integer,
      revision       bigint      NOT NULL DEFAULT nextval('message_template_revisions'),
      updated_by     bigint,
      updated_at     timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (key, locale),
      FOREIGN KEY (key, locale, active_version) REFERENCES message_template_versions (key, locale, version)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE message_templates`.execute(db);
  await sql`DROP TABLE message_template_versions`.execute(db);
  await sql`DROP SEQUENCE message_template_revisions`.execute(db);
}
