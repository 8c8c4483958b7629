import { sql } from 'kysely';
import type { ActorRuntime } from '../../src/actors/runtime.ts';
import { broadcastKind } from '../../src/effects/broadcast.ts';
import type { EffectDeps } from '../../src/effects/deps.ts';
import { loadConfig } from '../../src/infra/config.ts';
import type { Db } from '../../src/infra/db.ts';
import type { ShopMachines } from '../../src/machines/kinds.ts';
import type { TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { startBroadcast } from '../../src/shop/broadcasts/start.ts';
import { silentLogger, startTestRuntime } from './runtime.ts';

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

export async function broadcastStatus(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('broadcasts').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status;
}

/**
 * Starts a broadcast on a database whose app runs in other processes: a runtime of the
 * broadcast kind only, without workers (the apps run its effects), used for the one send.
 */
export async function startBroadcastOn(
  url: string,
  env: NodeJS.ProcessEnv,
  spec: Parameters<typeof startBroadcast>[1],
): Promise<string> {
  const config = loadConfig(env);
  const deps = { config, logger: silentLogger } as unknown as EffectDeps;
  const started = await startTestRuntime(url, [broadcastKind(deps)], { workers: false });
  try {
    const runtime = started.runtime as unknown as ActorRuntime<ShopMachines>;
    return await startBroadcast({ db: started.db, runtime }, spec);
  } finally {
    await started.stop();
  }
}
