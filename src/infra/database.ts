import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** The one description of the schema; migrations/ must keep to it. */
export interface Database {
  actors: ActorsTable;
  actor_journal: ActorJournalTable;
  actor_timers: ActorTimersTable;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ActorsTable {
  kind: string;
  id: string;
  machine_version: number;
  /** Dotted path of the active leaf states, e.g. "awaitingPayment" or "cart.editing". */
  state: string;
  status: string;
  snapshot: JSONColumnType<Record<string, unknown>>;
  revision: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface ActorJournalTable {
  kind: string;
  actor_id: string;
  revision: number;
  dedupe_key: string | null;
  event: JSONColumnType<Record<string, unknown>>;
  state_before: string | null;
  state_after: string;
  created_at: Generated<Timestamp>;
}

export interface ActorTimersTable {
  token: string;
  kind: string;
  actor_id: string;
  send_id: string;
  event: JSONColumnType<Record<string, unknown>>;
  due_at: Timestamp;
}
