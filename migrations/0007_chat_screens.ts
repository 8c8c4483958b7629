import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Which bot message shows which order, so an order event can edit the screens it outdates.
  await sql`
    CREATE TABLE chat_screens (
      chat_id    bigint      NOT NULL,
      message_id integer     NOT NULL,
      order_id   text        NOT NULL,
      screen     text        NOT NULL CHECK (screen IN ('checkout', 'history')),
      page       integer     NOT NULL DEFAULT 1,
      lang       text        NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (chat_id, message_id, order_id)
    )`.execute(db);
  await sql`CREATE INDEX chat_screens_order ON chat_screens (order_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE chat_screens`.execute(db);
}
