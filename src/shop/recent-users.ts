import type { Kysely } from 'kysely';
import type { Database } from '../infra/database.ts';
import type { TelegramFrom, User } from './users.ts';

/** How long an unchanged sender's row is trusted without writing it again. */
export const USER_REFRESH_MS = 30_000;
const MAX_USERS = 10_000;

interface Seen {
  user: User;
  /** The Telegram fields as last written. */
  fields: string;
  at: number;
}

/**
 * The users this process wrote recently, per database. A sender whose names and language
 * are unchanged, written within the window, is not written again on every update: that
 * was one commit per /start or button press. Anything that changes a user's flags calls
 * `forgetUser`, so a block takes effect on the user's next update.
 */
const byDb = new WeakMap<Kysely<Database>, Map<number, Seen>>();

function recentOf(db: Kysely<Database>): Map<number, Seen> {
  let recent = byDb.get(db);
  if (!recent) {
    recent = new Map();
    byDb.set(db, recent);
  }
  return recent;
}

export function fieldsOf(from: TelegramFrom): string {
  return JSON.stringify([from.first_name, from.last_name, from.username, from.language_code]);
}

/** The row written for this sender within the window, if its fields are unchanged. */
export function recentUser(db: Kysely<Database>, from: TelegramFrom, now = Date.now()): User | undefined {
  const seen = recentOf(db).get(from.id);
  if (!seen || now - seen.at >= USER_REFRESH_MS || seen.fields !== fieldsOf(from)) return undefined;
  return seen.user;
}

export function rememberUser(db: Kysely<Database>, from: TelegramFrom, user: User, now = Date.now()): void {
  const recent = recentOf(db);
  recent.delete(from.id);
  recent.set(from.id, { user, fields: fieldsOf(from), at: now });
  if (recent.size > MAX_USERS) {
    const oldest = recent.keys().next().value;
    if (oldest !== undefined) recent.delete(oldest);
  }
}

/** The user's row changed elsewhere (a flag): the next update reads and writes it again. */
export function forgetUser(db: Kysely<Database>, id: number): void {
  byDb.get(db)?.delete(id);
}
