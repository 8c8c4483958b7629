import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One broadcast's content, audience and report; the `broadcast` actor (same id) drives it.
  await sql`
    CREATE TABLE broadcasts (
      id                 text        PRIMARY KEY,
      admin_id           bigint      NOT NULL,
      status             text        NOT NULL DEFAULT 'draft',
      content            jsonb       NOT NULL,
      audience           jsonb       NOT NULL,
      scheduled_at       timestamptz,
      total              integer,
      progress_chat_id   bigint,
      progress_message_id integer,
      progress_edited_at timestamptz,
      started_at         timestamptz,
      finished_at        timestamptz,
      report             jsonb,
      created_at         timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX broadcasts_created ON broadcasts (created_at DESC)`.execute(db);
  // The recipients, frozen when sending starts: one row each, claimed in batches.
  // 'sending' = claimed and handed to Telegram; left so by a crash it becomes 'unknown'
  // (Telegram may have accepted it): never sent again, counted in the report.
  await sql`
    CREATE TABLE broadcast_recipients (
      id           bigserial   PRIMARY KEY,
      broadcast_id text        NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
      user_id      bigint      NOT NULL,
      status       text        NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'unknown')),
      attempts     integer     NOT NULL DEFAULT 0,
      retry_at     timestamptz,
      claimed_at   timestamptz,
      claimed_by   text,
      sent_at      timestamptz,
      error        text,
      UNIQUE (broadcast_id, user_id)
    )`.execute(db);
  await sql`
    CREATE INDEX broadcast_recipients_open ON broadcast_recipients (broadcast_id, id)
    WHERE status IN ('pending', 'sending')`.execute(db);
  // Telegram's limit is per bot token, whatever the number of processes: one token bucket
  // row per bot, locked and refilled by every claim.
  await sql`
    CREATE TABLE broadcast_pacing (
      bot_id       bigint           PRIMARY KEY,
      tokens       double precision NOT NULL,
      refreshed_at timestamptz      NOT NULL,
      paused_until timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE broadcast_pacing`.execute(db);
  await sql`DROP TABLE broadcast_recipients`.execute(db);
  await sql`DROP TABLE broadcasts`.execute(db);
}
