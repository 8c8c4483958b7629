import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../infra/db.ts';

/** GET /health: 200 when the database answers, 503 otherwise (for load balancers and uptime checks). */
export function registerHealth(app: FastifyInstance, deps: { db: Db; startedAt: Date }): void {
  app.get('/health', async (_request, reply) => {
    const started = Date.now();
    try {
      await sql`SELECT 1`.execute(deps.db);
      return {
        status: 'ok',
        database: { ok: true, ms: Date.now() - started },
        uptime_s: uptime(deps.startedAt),
      };
    } catch {
      return reply
        .status(503)
        .send({ status: 'degraded', database: { ok: false }, uptime_s: uptime(deps.startedAt) });
    }
  });
}

function uptime(startedAt: Date): number {
  return Math.round((Date.now() - startedAt.getTime()) / 1000);
}
