import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../infra/metrics.ts';

export const METRICS_PATH = '/metrics';

/**
 * Counts every answered request by route pattern (never the raw URL: ids in paths would
 * make a series per order) and serves GET /metrics in Prometheus text format. With a
 * token configured, /metrics needs `Authorization: Bearer <token>`. Register it before
 * the other routes so their requests are counted.
 */
export function registerMetrics(app: FastifyInstance, deps: { metrics: Metrics; token?: string }): void {
  const { metrics } = deps;
  // onSend, not onResponse: counted before the answer leaves, so whoever got an answer
  // finds it counted in the next scrape.
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    return payload;
  });
  app.get(METRICS_PATH, async (request, reply) => {
    if (deps.token && !bearerMatches(request.headers.authorization, deps.token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer')
        .send({ ok: false, error: 'unauthorized' });
    }
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}

/** Compared as digests, so neither the token's length nor its content leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return given !== '' && timingSafeEqual(digest(given), digest(token));
}
