import { sql } from 'kysely';
import type { Db } from '../infra/db.ts';

export interface EraseResult {
  found: boolean;
  /** Orders kept (anonymised) for the books. */
  ordersKept: number;
  ledgerKept: number;
  /** Conversation state (actors, their journal and timers) removed. */
  conversationsRemoved: number;
}

/** Actor kinds whose id is the buyer's id: the bot's conversation state with them. */
const PER_USER_KINDS = ['checkout', 'snk', 'conversation'];

/**
 * Erases a buyer's personal data: name, username, language and the bot's conversation
 * state. Orders, ledger entries and deposits stay for the books, tied to a user row that
 * holds nothing but the id. One transaction: all or nothing.
 */
export async function eraseUser(db: Db, userId: number): Promise<EraseResult> {
  return db.transaction().execute(async (tx) => {
    const erased = await tx
      .updateTable('users')
      .set({ first_name: '', last_name: null, username: null, language_code: null, erased_at: sql`now()` })
      .where('id', '=', userId)
      .executeTakeFirst();
    if (Number(erased.numUpdatedRows) === 0)
      return { found: false, ordersKept: 0, ledgerKept: 0, conversationsRemoved: 0 };
    const id = String(userId);
    await tx
      .deleteFrom('actor_timers')
      .where('kind', 'in', PER_USER_KINDS)
      .where('actor_id', '=', id)
      .execute();
    await tx
      .deleteFrom('actor_journal')
      .where('kind', 'in', PER_USER_KINDS)
      .where('actor_id', '=', id)
      .execute();
    const actors = await tx
      .deleteFrom('actors')
      .where('kind', 'in', PER_USER_KINDS)
      .where('id', '=', id)
      .executeTakeFirst();
    const count = async (table: 'orders' | 'balance_ledger') =>
      Number(
        (
          await tx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('user_id', '=', userId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      found: true,
      ordersKept: await count('orders'),
      ledgerKept: await count('balance_ledger'),
      conversationsRemoved: Number(actors.numDeletedRows),
    };
  });
}
