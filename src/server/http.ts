import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { clipForLog, FloodTally } from '../infra/audit.ts';
import type { Logger } from '../infra/logger.ts';

export interface HttpServerOptions {
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); none by default. */
  trustProxy?: string[] | false;
  /** Overrides of the timeouts below (tests). */
  timeouts?: Partial<HttpTimeouts>;
}

export interface HttpTimeouts {
  /** Headers must arrive within this (slow-loris). */
  headersMs: number;
  /** The whole request must arrive within this. */
  requestMs: number;
  /** A socket with no traffic either way is closed; longer than the slowest handler (gateway retries). */
  idleMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** How often Node checks the headers and request deadlines. */
  checkEveryMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 15_000,
  idleMs: 60_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000,
};

/** The one HTTP server: webhooks, health, metrics and the inspector register on it. */
export function createHttpServer(logger: Logger, options: HttpServerOptions = {}): FastifyInstance {
  const timeouts = { ...HTTP_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1_048_576,
    // Off: request.ip is the peer's address, whatever X-Forwarded-For says.
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
    // fastify's defaults wait forever for a slow client.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
  });
  // Anyone can cause client errors (bad JSON, wrong content type, too large): count them
  // and log the first of each kind a minute, so they cannot fill the disk.
  const clientErrors = new FloodTally({
    onSummary: (summary) => app.log.warn(summary, 'client errors counted'),
  });
  app.addHook('onClose', async () => clientErrors.close());
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    const url = clipForLog(request.url);
    if (status >= 500) request.log.error({ err: error, url, status }, 'request failed');
    else if (clientErrors.add(`${status} ${error.code ?? ''}`, { url, status, code: error.code }))
      request.log.warn({ url, status, code: error.code, error: clipForLog(error.message) }, 'request failed');
    void reply.status(status).send({ ok: false, error: status < 500 ? error.message : 'internal error' });
  });
  return app;
}
