import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A buyer's proof that they followed a product's terms: each screenshot or note is one row,
  // encrypted with the shop's cipher (content is the ciphertext, never the file itself).
  await sql`
    CREATE TABLE snk_proofs (
      id             bigserial   PRIMARY KEY,
      actor_id       text        NOT NULL,
      submission     integer     NOT NULL,
      kind           text        NOT NULL CHECK (kind IN ('image', 'note')),
      mime           text,
      size           integer     NOT NULL,
      source_id      text        NOT NULL,
      content        bytea       NOT NULL,
      created_at     timestamptz NOT NULL DEFAULT now(),
      UNIQUE (actor_id, submission, source_id)
    )`.execute(db);
  await sql`CREATE INDEX snk_proofs_created ON snk_proofs (created_at)`.execute(db);
  // Which admin already got which submission: a retried forward skips them.
  await sql`
    CREATE TABLE snk_forwards (
      actor_id   text        NOT NULL,
      submission integer     NOT NULL,
      admin_id   bigint      NOT NULL,
      sent_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (actor_id, submission, admin_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE snk_forwards`.execute(db);
  await sql`DROP TABLE snk_proofs`.execute(db);
}
