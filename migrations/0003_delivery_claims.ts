import { type Kysely, sql } from 'kysely';

/** A delivery is sent by the one attempt holding its claim until the lease runs out. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE deliveries
      ADD COLUMN claimed_by  text,
      ADD COLUMN lease_until timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE deliveries DROP COLUMN claimed_by, DROP COLUMN lease_until`.execute(db);
}
