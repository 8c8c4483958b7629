import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { TelegramStatus } from '../bot/updates.ts';
import { errorText, withTimeout } from '../health/checks.ts';
import type { Db } from '../infra/db.ts';

/** A probe that takes longer than this counts as down (a load balancer should not hang). */
const PROBE_TIMEOUT_MS = 3_000;

interface Probe {
  ok: boolean;
  ms: number;
  error?: string;
}

/**
 * GET /healthz: 200 while the process serves (liveness).
 * GET /readyz and /health: 200 when the database and pg-boss's tables answer, else 503
 * naming what failed (readiness; /health keeps its older fields for existing checks).
 * `telegram` tells whether updates arrive ("connecting" until Telegram answers, then "ok",
 * or "degraded" while its calls fail) and how; it does not change the status code, since
 * payments keep working without Telegram.
 */
export function registerHealth(
  app: FastifyInstance,
  deps: { db: Db; startedAt: Date; telegram: () => TelegramStatus },
): void {
  app.get('/healthz', async () => ({ status: 'alive', uptime_s: uptime(deps.startedAt) }));
  const ready = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    const [database, queue] = await Promise.all([
      probe(() => sql`SELECT 1`.execute(deps.db)),
      probe(() => sql`SELECT 1 FROM pgboss.queue LIMIT 1`.execute(deps.db)),
    ]);
    const failed = [...(database.ok ? [] : ['database']), ...(queue.ok ? [] : ['queue'])];
    const body = {
      status: failed.length === 0 ? 'ok' : 'degraded',
      database,
      queue,
      telegram: deps.telegram(),
      failed,
      uptime_s: uptime(deps.startedAt),
    };
    return reply.status(failed.length === 0 ? 200 : 503).send(body);
  };
  app.get('/readyz', ready);
  app.get('/health', ready);
}

async function probe(run: () => Promise<unknown>): Promise<Probe> {
  const started = performance.now();
  try {
    await withTimeout(run(), PROBE_TIMEOUT_MS, `no answer within ${PROBE_TIMEOUT_MS} ms`);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: errorText(error) };
  }
}

function uptime(startedAt: Date): number {
  return Math.round((Date.now() - startedAt.getTime()) / 1000);
}
