import type { ActorRuntime } from '../../src/actors/runtime.ts';
import { broadcastKind } from '../../src/effects/broadcast.ts';
import type { EffectDeps } from '../../src/effects/deps.ts';
import { loadConfig } from '../../src/infra/config.ts';
import type { Db } from '../../src/infra/db.ts';
import type { ShopMachines } from '../../src/machines/kinds.ts';
import { startBroadcast } from '../../src/shop/broadcasts/start.ts';
import { silentLogger, startTestRuntime } from './runtime.ts';

// Shared with the chaos drill (bench/), which imports nothing from tests/.
export { seedUsers } from '../../src/sandbox/seed-users.ts';

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
