import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every admin action: who, what, and the record before and after (append-only by use).
  await sql`
    CREATE TABLE admin_audit (
      id         bigserial   PRIMARY KEY,
      admin_id   bigint      NOT NULL,
      action     text        NOT NULL,
      target     text,
      before     jsonb,
      after      jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX admin_audit_created ON admin_audit (created_at DESC)`.execute(db);
  await sql`CREATE INDEX admin_audit_target ON admin_audit (target, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE admin_audit`.execute(db);
}
