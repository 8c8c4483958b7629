import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Bumped by every admin change: an edit prompt remembers the version it showed, so a
  // save over someone else's newer change is noticed instead of silently overwriting it.
  await sql`ALTER TABLE products ADD COLUMN version integer NOT NULL DEFAULT 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE products DROP COLUMN version`.execute(db);
}
