import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActorRuntime } from '../actors/runtime.ts';
import type { AuditLog } from '../infra/audit.ts';
import type { Config } from '../infra/config.ts';
import type { Db } from '../infra/db.ts';
import {
  isPakasirError,
  type PakasirClient,
  type PakasirWebhook,
  parsePakasirWebhook,
  verifyWebhookSecret,
} from '../infra/pakasir/index.ts';
import { deliverVerifiedPayment } from '../payments/confirm.ts';
import { findPaymentTarget } from '../payments/targets.ts';
import { verifyWithGateway } from '../payments/verify.ts';

export interface PakasirWebhookDeps {
  db: Db;
  runtime: ActorRuntime;
  pakasir: PakasirClient;
  config: Config;
  audit: AuditLog;
}

export const PAKASIR_WEBHOOK_PATH = '/webhooks/pakasir';

/**
 * POST /webhooks/pakasir. Checks what it can from the body, then always re-queries the
 * gateway before an order is confirmed. Forgeries and mismatches get a 4xx and a log
 * line; a gateway outage gets a 503 so the gateway retries (reconciliation also will).
 */
export function registerPakasirWebhook(app: FastifyInstance, deps: PakasirWebhookDeps): void {
  app.post(PAKASIR_WEBHOOK_PATH, async (request, reply) => {
    const parsed = parsePakasirWebhook(request.body);
    if (!parsed.ok) return reject(request, reply, deps, 400, 'malformed', { problems: parsed.problems });
    const hook = parsed.webhook;
    const bodyProblem = checkBody(deps.config, hook, request.headers['x-secret']);
    if (bodyProblem)
      return reject(request, reply, deps, bodyProblem.status, bodyProblem.reason, summary(hook));
    if (hook.status !== 'completed') return reply.send({ ok: true, ignored: hook.status });

    const target = await findPaymentTarget(deps.db, hook.orderId);
    if (!target) return reject(request, reply, deps, 404, 'unknown_order', summary(hook));
    if (hook.amount !== target.expected.amount) {
      return reject(request, reply, deps, 400, 'amount_mismatch', {
        ...summary(hook),
        expected: target.expected.amount,
      });
    }
    if (target.alreadyCompleted) {
      request.log.info(summary(hook), 'pakasir webhook: duplicate, already completed');
      return reply.send({ ok: true, duplicate: true });
    }
    try {
      const verdict = await verifyWithGateway(deps, target.expected);
      if (!verdict.ok) {
        return reject(request, reply, deps, 409, `gateway_${verdict.reason}`, {
          ...summary(hook),
          detail: verdict.detail,
        });
      }
      const result = await deliverVerifiedPayment(deps.runtime, target, verdict.payment);
      deps.audit.record('payment.verified', { ...summary(hook), via: 'webhook', status: result.status });
      return reply.send({ ok: true });
    } catch (error) {
      if (!isPakasirError(error)) throw error;
      request.log.warn(
        { err: error, ...summary(hook) },
        'pakasir webhook: gateway unreachable for verification',
      );
      return reply.status(503).send({ ok: false, error: 'verification unavailable, retry later' });
    }
  });
}

function checkBody(
  config: Config,
  hook: PakasirWebhook,
  secretHeader: string | string[] | undefined,
): { status: number; reason: string } | null {
  if (config.PAKASIR_WEBHOOK_SECRET && config.PAKASIR_API_VERSION === 'v2') {
    const header = Array.isArray(secretHeader) ? secretHeader[0] : secretHeader;
    if (!header || !verifyWebhookSecret(header, config.PAKASIR_WEBHOOK_SECRET)) {
      return { status: 401, reason: 'bad_secret' };
    }
  }
  if (hook.project !== null && hook.project !== config.PAKASIR_PROJECT_SLUG)
    return { status: 400, reason: 'wrong_project' };
  if (hook.isSandbox && !config.PAKASIR_SANDBOX) return { status: 400, reason: 'sandbox_in_production' };
  return null;
}

function summary(hook: PakasirWebhook) {
  return {
    orderId: hook.orderId,
    txnId: hook.txnId,
    amount: hook.amount,
    status: hook.status,
    project: hook.project,
  };
}

function reject(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: PakasirWebhookDeps,
  status: number,
  reason: string,
  details: Record<string, unknown>,
) {
  request.log.warn({ reason, ip: request.ip, ...details }, `pakasir webhook rejected: ${reason}`);
  deps.audit.record('payment.webhook_rejected', { reason, ip: request.ip, ...details });
  return reply.status(status).send({ ok: false, error: reason });
}
