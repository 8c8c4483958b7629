// Users for drills and benchmarks: known to the emulated Telegram and to the shop.
import { sql } from 'kysely';
import type { Db } from '../infra/db.ts';
import type { TelegramEmulator } from './telegram/index.ts';

/**
 * `count` users with ids from `firstId`, known to the bot in the emulator and in the shop's
 * users table (as if each had pressed /start); returns their ids.
 */
export async function seedUsers(
  db: Db,
  telegram: TelegramEmulator,
  token: string,
  firstId: number,
  count: number,
): Promise<number[]> {
  const ids = Array.from({ length: count }, (_, i) => firstId + i);
  for (const id of ids) telegram.user({ id, firstName: `User${id}` }, token);
  await sql`
    INSERT INTO users (id, first_name, created_at, last_seen_at)
    SELECT g, 'User' || g, now(), now() FROM generate_series(${firstId}::bigint, ${firstId + count - 1}::bigint) g
    ON CONFLICT (id) DO NOTHING`.execute(db);
  return ids;
}
