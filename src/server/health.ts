import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { TelegramStatus } from '../bot/updates.ts';
import type { Db } from '../infra/db.ts';

/**
 * GET /health: 200 when the database answers, 503 otherwise (for load balancers and uptime
 * checks). `telegram` tells whether updates arrive ("connecting" until Telegram answers,
 * then "ok", or "degraded" while its calls fail) and how (polling or webhook); it does not
 * change the status code, since payments keep working without Telegram.
 */
export function registerHealth(
  app: FastifyInstance,
  deps: { db: Db; startedAt: Date; telegram: () => TelegramStatus },
): void {
  app.get('/health', async (_request, reply) => {
    const started = Date.now();
    const telegram = deps.telegram();
    try {
      await sql`SELECT 1`.execute(deps.db);
      return {
        status: 'ok',
        database: { ok: true, ms: Date.now() - started },
        telegram,
        uptime_s: uptime(deps.startedAt),
      };
    } catch {
      return reply
        .status(503)
        .send({ status: 'degraded', database: { ok: false }, telegram, uptime_s: uptime(deps.startedAt) });
    }
  });
}

function uptime(startedAt: Date): number {
  return Math.round((Date.now() - startedAt.getTime()) / 1000);
}
