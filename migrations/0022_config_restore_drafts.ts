import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A configuration document an owner sent and was shown the differences of: kept until
  // confirmed or dropped, so the confirmation button applies exactly what was previewed.
  await sql`
    CREATE TABLE config_restore_drafts (
      id         bigserial   PRIMARY KEY,
      admin_id   bigint      NOT NULL,
      document   jsonb       NOT NULL,
      diff_hash  text        NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      applied_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE config_restore_drafts`.execute(db);
}
