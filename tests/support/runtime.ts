import type { PgBoss } from 'pg-boss';
import pino from 'pino';
import { ActorRegistry } from '../../src/actors/registry.ts';
import { ActorRuntime, type GroupCommitOptions } from '../../src/actors/runtime.ts';
import type { ActorKind } from '../../src/actors/types.ts';
import { createQueues, startWorkers, type WorkerOptions } from '../../src/actors/workers.ts';
import { startBoss } from '../../src/infra/boss.ts';
import { createDb } from '../../src/infra/db.ts';

export const silentLogger = pino({ level: 'silent' });

export interface TestRuntime {
  runtime: ActorRuntime;
  boss: PgBoss;
  db: ReturnType<typeof createDb>['db'];
  /** Stops workers, pg-boss and the pool, as a graceful shutdown does. */
  stop(): Promise<void>;
}

/** One runtime instance (a "process") on the given database. */
export async function startTestRuntime(
  url: string,
  kinds: ActorKind[],
  options: WorkerOptions & { workers?: boolean; groupCommit?: GroupCommitOptions } = {},
): Promise<TestRuntime> {
  const handle = createDb(url, { max: 20 });
  const boss = await startBoss(url, silentLogger, { max: 4 });
  await createQueues(boss);
  const registry = new ActorRegistry();
  for (const kind of kinds) registry.register(kind);
  const runtime = new ActorRuntime({
    db: handle.db,
    boss,
    registry,
    logger: silentLogger,
    ...(options.groupCommit && { groupCommit: options.groupCommit }),
  });
  const stopWorkers =
    options.workers === false
      ? async () => {}
      : await startWorkers({ runtime, boss, db: handle.db, logger: silentLogger }, options);
  return {
    runtime,
    boss,
    db: handle.db,
    stop: async () => {
      await stopWorkers();
      await runtime.drain();
      await boss.stop({ graceful: true, close: true, timeout: 5000 });
      await handle.close();
    },
  };
}

/** Polls until the check passes or the timeout elapses. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw lastError;
}
