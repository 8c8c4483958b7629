import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per alert key and dedupe window: shared by every process, kept for the digest.
  await sql`
    CREATE TABLE owner_alerts (
      key          text        NOT NULL,
      window_start timestamptz NOT NULL,
      severity     text        NOT NULL,
      title        text        NOT NULL,
      detail       text,
      count        integer     NOT NULL DEFAULT 1,
      last_at      timestamptz NOT NULL,
      sent         boolean     NOT NULL,
      sent_at      timestamptz,
      summarized   boolean     NOT NULL DEFAULT false,
      job_id       uuid,
      PRIMARY KEY (key, window_start)
    )`.execute(db);
  await sql`CREATE INDEX owner_alerts_sent_at ON owner_alerts (sent_at) WHERE sent_at IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX owner_alerts_last_at ON owner_alerts (last_at)`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN erased_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN erased_at`.execute(db);
  await sql`DROP TABLE owner_alerts`.execute(db);
}
