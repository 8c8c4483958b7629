import type { Selectable } from 'kysely';
import { type Kysely, sql } from 'kysely';
import type { Database, UsersTable } from '../infra/database.ts';
import { forgetUser, recentUser, rememberUser } from './recent-users.ts';

export type User = Selectable<UsersTable>;

/** The fields of a Telegram `User` the shop keeps. */
export interface TelegramFrom {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** Records a user on every visit: names may change, and last_seen_at drives reports. */
export async function upsertUser(
  db: Kysely<Database>,
  from: TelegramFrom,
): Promise<User & { inserted: boolean }> {
  const values = {
    first_name: from.first_name,
    last_name: from.last_name ?? null,
    username: from.username ?? null,
    language_code: from.language_code ?? null,
  };
  return (
    db
      .insertInto('users')
      .values({ id: from.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, last_seen_at: sql`now()` }))
      .returningAll()
      // xmax is 0 on a row version the statement inserted, not on one it updated.
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .$castTo<User & { inserted: boolean }>()
      .executeTakeFirstOrThrow()
  );
}

/**
 * `upsertUser`, skipped for a sender written within the last half minute with the same
 * names and language (last_seen_at is then at most that much behind). `firstVisit`: the
 * row was created now.
 */
export async function touchUser(
  db: Kysely<Database>,
  from: TelegramFrom,
): Promise<{ user: User; firstVisit: boolean }> {
  const recent = recentUser(db, from);
  if (recent) return { user: recent, firstVisit: false };
  const { inserted, ...user } = await upsertUser(db, from);
  rememberUser(db, from, user);
  return { user, firstVisit: inserted };
}

export async function getUser(db: Kysely<Database>, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).$castTo<User>().executeTakeFirst();
}

/** The user blocked the bot (Telegram answered 403): skip them in broadcasts. */
export async function setBotBlocked(db: Kysely<Database>, id: number, blocked: boolean): Promise<void> {
  await db.updateTable('users').set({ bot_blocked: blocked }).where('id', '=', id).execute();
  forgetUser(db, id);
}

/** An admin blocked (or unblocked) the user from the shop. */
export async function setUserBlocked(db: Kysely<Database>, id: number, blocked: boolean): Promise<void> {
  await db.updateTable('users').set({ is_blocked: blocked }).where('id', '=', id).execute();
  forgetUser(db, id);
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
