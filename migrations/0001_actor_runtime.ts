import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE actors (
      kind            text        NOT NULL,
      id              text        NOT NULL,
      machine_version integer     NOT NULL,
      state           text        NOT NULL,
      status          text        NOT NULL,
      snapshot        json        NOT NULL,
      revision        integer     NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, id)
    )`.execute(db);
  // (kind, state) only: an index on updated_at would make every send a non-HOT update.
  await sql`CREATE INDEX actors_kind_state ON actors (kind, state)`.execute(db);
  await sql`
    CREATE TABLE actor_journal (
      kind         text        NOT NULL,
      actor_id     text        NOT NULL,
      revision     integer     NOT NULL,
      dedupe_key   text,
      event        jsonb       NOT NULL,
      state_before text,
      state_after  text        NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, actor_id, revision)
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX actor_journal_dedupe ON actor_journal (kind, actor_id, dedupe_key)
    WHERE dedupe_key IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE actor_timers (
      token    uuid        PRIMARY KEY,
      kind     text        NOT NULL,
      actor_id text        NOT NULL,
      send_id  text        NOT NULL,
      event    jsonb       NOT NULL,
      due_at   timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX actor_timers_actor ON actor_timers (kind, actor_id, send_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE actor_timers, actor_journal, actors`.execute(db);
}
