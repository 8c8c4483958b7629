import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The last known outcome per health check, so a restarted process compares with it
  // and alerts only on a change.
  await sql`
    CREATE TABLE health_check_states (
      name       text        PRIMARY KEY,
      ok         boolean     NOT NULL,
      summary    text        NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      checked_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE health_check_states`.execute(db);
}
