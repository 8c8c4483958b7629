import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActorRuntime } from '../actors/runtime.ts';
import { type AuditLog, clipForLog, FloodTally } from '../infra/audit.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import { GATEWAY_FAILURE_FIELD, isPakasirError, type PakasirClient } from '../infra/pakasir/index.ts';
import { type PakasirWebhook, parsePakasirWebhook, verifyWebhookSecret } from '../infra/pakasir/webhook.ts';
import { deliverVerifiedPayment } from '../payments/confirm.ts';
import { findPaymentTarget, type PaymentTarget } from '../payments/targets.ts';
import { verifyWithGateway } from '../payments/verify.ts';
import { AddressRateLimit } from './rate-limit.ts';

export interface PakasirWebhookDeps {
  db: Db;
  runtime: ActorRuntime;
  pakasir: PakasirClient;
  config: Config;
  audit: AuditLog;
  /** Told of every webhook the gateway confirmed (owner alerts watch for silence). */
  onVerifiedWebhook?: () => void;
  /** Told of every refusal, including those whose log line is sampled away (metrics). */
  onRejected?: (reason: string) => void;
}

export const PAKASIR_WEBHOOK_PATH = '/webhooks/pakasir';
/** A real webhook is a few hundred bytes. */
export const PAKASIR_WEBHOOK_BODY_LIMIT = 16 * 1024;

/** Unknown orders and wrong amounts answer alike, so the answer does not tell which order ids exist. */
const NO_MATCH = { status: 400, error: 'no_matching_invoice' } as const;

interface Route {
  deps: PakasirWebhookDeps;
  /** Deliveries under way by transaction: a burst of webhooks for one payment sends one event. */
  delivering: Map<string, ReturnType<typeof deliverVerifiedPayment>>;
  /** Requests that passed the secret check: they came from the gateway. */
  authenticated: WeakSet<FastifyRequest>;
  tally: FloodTally;
}

/**
 * POST /webhooks/pakasir. Rate-limited per client address; the secret (when there is
 * one) is checked before the body is read; the body is capped. Then the gateway is
 * always re-queried before an order is confirmed. Forgeries and mismatches get a 4xx;
 * a gateway outage gets a 503 so the gateway retries (reconciliation also will).
 */
export function registerPakasirWebhook(app: FastifyInstance, deps: PakasirWebhookDeps): void {
  const { config } = deps;
  // v2 with a webhook secret; v1 webhooks are never signed.
  const signed = config.PAKASIR_API_VERSION === 'v2' && Boolean(config.PAKASIR_WEBHOOK_SECRET);
  if (config.PAKASIR_API_VERSION === 'v2' && !config.PAKASIR_WEBHOOK_SECRET) {
    app.log.warn(
      'PAKASIR_WEBHOOK_SECRET is unset: anyone can post to /webhooks/pakasir (each claim is still checked with the gateway)',
    );
  }
  const tally = new FloodTally({
    onSummary: (summary) => {
      app.log.warn(summary, 'pakasir webhook: unauthenticated requests counted');
      deps.audit.record('payment.webhook_unauthenticated_counted', { ...summary });
    },
  });
  const route: Route = { deps, delivering: new Map(), authenticated: new WeakSet(), tally };
  const limit = new AddressRateLimit(config.WEBHOOK_RATE_LIMIT_PER_MINUTE);

  app.register(async (scope) => {
    scope.addHook('onClose', async () => tally.close());
    // The raw body: parsing and its problems are this route's to answer and to log.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
      if (error.statusCode && error.statusCode < 500) {
        const reason = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body_too_large' : 'bad_request';
        return reject(route, request, reply, error.statusCode, reason, {});
      }
      request.log.error({ err: error, url: request.url }, 'pakasir webhook failed');
      return reply.status(500).send({ ok: false, error: 'internal error' });
    });
    scope.post(
      PAKASIR_WEBHOOK_PATH,
      {
        bodyLimit: PAKASIR_WEBHOOK_BODY_LIMIT,
        onRequest: async (request, reply) => {
          const allowed = limit.take(request.ip);
          if (!allowed.ok) {
            reply.header('retry-after', String(allowed.retryAfterSeconds));
            return reject(route, request, reply, 429, 'rate_limited', {});
          }
          if (!signed) return;
          const secret = config.PAKASIR_WEBHOOK_SECRET ?? '';
          if (!verifyWebhookSecret(request.headers['x-secret'], secret))
            return reject(route, request, reply, 401, 'bad_secret', {});
          route.authenticated.add(request);
        },
      },
      (request, reply) => handle(route, request, reply),
    );
  });
}

async function handle(route: Route, request: FastifyRequest, reply: FastifyReply) {
  const { deps } = route;
  const arrivedAt = Date.now();
  const parsed = parsePakasirWebhook(request.body);
  if (!parsed.ok) return reject(route, request, reply, 400, 'malformed', { problems: parsed.problems });
  const hook = parsed.webhook;
  const bodyProblem = checkBody(deps.config, hook);
  if (bodyProblem) return reject(route, request, reply, 400, bodyProblem, summary(hook));
  if (hook.status !== 'completed') return reply.send({ ok: true, ignored: hook.status });

  const target = await findPaymentTarget(deps.db, hook.orderId);
  if (!target)
    return reject(route, request, reply, NO_MATCH.status, 'unknown_order', summary(hook), NO_MATCH);
  if (hook.amount !== target.expected.amount) {
    const details = { ...summary(hook), expected: target.expected.amount };
    return reject(route, request, reply, NO_MATCH.status, 'amount_mismatch', details, NO_MATCH);
  }
  if (target.alreadyCompleted) {
    const message = 'pakasir webhook: duplicate, already completed';
    logLine(route, request, 'info', 'duplicate', { ip: request.ip, ...summary(hook) }, message);
    return reply.send({ ok: true, duplicate: true });
  }
  try {
    const verdict = await verifyWithGateway(deps, target.expected, arrivedAt);
    if (!verdict.ok) {
      return reject(route, request, reply, 409, `gateway_${verdict.reason}`, {
        ...summary(hook),
        detail: clipForLog(verdict.detail),
      });
    }
    const result = await deliverOnce(route, target, verdict.payment);
    deps.audit.record('payment.verified', { ...summary(hook), via: 'webhook', status: result.status });
    deps.onVerifiedWebhook?.();
    return reply.send({ ok: true });
  } catch (error) {
    if (!isPakasirError(error)) throw error;
    const fields = {
      ...GATEWAY_FAILURE_FIELD,
      error: clipForLog(error.message),
      ip: request.ip,
      ...summary(hook),
    };
    // Not confirmed either way: the gateway retries, reconciliation also will.
    if (error.kind === 'invalid_response')
      logLine(
        route,
        request,
        'warn',
        'gateway_unreadable',
        fields,
        'pakasir webhook: gateway answer refused, payment not confirmed',
      );
    else
      logLine(route, request, 'warn', 'gateway_unreachable', fields, 'pakasir webhook: gateway unreachable');
    return reply.status(503).send({ ok: false, error: 'verification unavailable, retry later' });
  }
}

/**
 * The actor's dedupe key already makes a repeat a no-op; sharing the send in flight also
 * keeps 50 webhooks for one payment from queueing on the actor's row lock.
 */
function deliverOnce(
  route: Route,
  target: PaymentTarget,
  payment: Parameters<typeof deliverVerifiedPayment>[2],
): ReturnType<typeof deliverVerifiedPayment> {
  const running = route.delivering.get(payment.txnId);
  if (running) return running;
  const sending = deliverVerifiedPayment(route.deps.runtime, target, payment).finally(() =>
    route.delivering.delete(payment.txnId),
  );
  route.delivering.set(payment.txnId, sending);
  return sending;
}

function checkBody(config: Config, hook: PakasirWebhook): string | null {
  if (hook.project !== null && hook.project !== config.PAKASIR_PROJECT_SLUG) return 'wrong_project';
  if (hook.isSandbox && !config.PAKASIR_SANDBOX) return 'sandbox_in_production';
  return null;
}

/** What the body claimed, clipped: every field here is the sender's to choose. */
function summary(hook: PakasirWebhook) {
  return {
    orderId: clipForLog(hook.orderId),
    txnId: hook.txnId === null ? null : clipForLog(hook.txnId),
    amount: hook.amount,
    status: hook.status,
    project: hook.project === null ? null : clipForLog(hook.project),
  };
}

/**
 * Answers a refusal. Refusals of requests that passed the secret check are logged and
 * audited one by one; anyone else's are counted, the first of each reason in a minute
 * logged as a sample, and one summary line a minute written to the log and the audit.
 */
function reject(
  route: Route,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  reason: string,
  details: Record<string, unknown>,
  answer: { error: string } = { error: reason },
) {
  const fields = { reason, ip: request.ip, ...details };
  route.deps.onRejected?.(reason);
  if (logLine(route, request, 'warn', reason, fields, `pakasir webhook rejected: ${reason}`))
    route.deps.audit.record('payment.webhook_rejected', fields);
  return reply.status(status).send({ ok: false, error: answer.error });
}

/**
 * Logs a line for a request that passed the secret check (and says so: true); for anyone
 * else's, counts it and logs only the first of its kind in the minute, as a sample.
 */
function logLine(
  route: Route,
  request: FastifyRequest,
  level: 'info' | 'warn',
  kind: string,
  fields: Record<string, unknown>,
  message: string,
): boolean {
  if (route.authenticated.has(request)) {
    request.log[level](fields, message);
    return true;
  }
  if (route.tally.add(kind, fields)) request.log[level]({ ...fields, sampled: true }, message);
  return false;
}
