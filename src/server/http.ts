import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../infra/logger.ts';

/** The one HTTP server: webhooks, health, metrics and the inspector register on it. */
export function createHttpServer(logger: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1_048_576,
    trustProxy: true,
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    request.log.warn({ err: error, url: request.url, status }, 'request failed');
    void reply.status(status).send({ ok: false, error: status < 500 ? error.message : 'internal error' });
  });
  return app;
}
