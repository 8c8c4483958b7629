// API v2: `/api/v2/...` with the slug in the path and X-Api-Key authentication.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPakasirMethod } from '../../infra/pakasir/methods.ts';
import { wholeRupiah } from '../../infra/pakasir/schemas.ts';
import type { RouteContext } from './context.ts';
import { sendError } from './replies.ts';
import { v2TransactionJson } from './wire.ts';

const createBody = z.object({ method: z.string().trim().min(1), amount: wholeRupiah });

interface SlugParams {
  slug: string;
}
interface CreateParams extends SlugParams {
  orderId: string;
}
interface TxnParams extends SlugParams {
  txnId: string;
}

export function registerV2Routes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Params: CreateParams }>(
    '/api/v2/create-transaction/:slug/:orderId',
    { preHandler: ctx.guard('v2.create') },
    async (request, reply) => {
      if (!authorized(ctx, request, reply)) return reply;
      const parsed = createBody.safeParse(request.body);
      if (!parsed.success)
        return sendError(reply, 400, 'invalid_body', 'body needs method and a whole amount');
      const { method, amount } = parsed.data;
      if (!isPakasirMethod(method))
        return sendError(reply, 400, 'invalid_method', `unknown method ${method}`);
      const orderId = request.params.orderId.trim();
      if (orderId === '') return sendError(reply, 400, 'invalid_order_id', 'order_id is empty');
      const result = ctx.store.findOrCreate({ api: 'v2', orderId, amount, method });
      if (!result.ok) return sendError(reply, result.status, result.error, result.message);
      return v2TransactionJson(result.transaction, ctx.isSandbox);
    },
  );

  app.get<{ Params: TxnParams }>(
    '/api/v2/transaction-status/:slug/:txnId',
    { preHandler: ctx.guard('v2.status') },
    async (request, reply) => {
      if (!authorized(ctx, request, reply)) return reply;
      const txn = ctx.store.find(request.params.txnId);
      if (!txn || txn.txnId !== request.params.txnId) {
        return sendError(reply, 404, 'not_found', 'transaction not found');
      }
      const verdict = ctx.polls.check(txn.txnId, ctx.clock.now());
      if (!verdict.ok) {
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        return sendError(reply, 429, 'too_many_requests', 'status polled too often, slow down');
      }
      return v2TransactionJson(txn, ctx.isSandbox);
    },
  );

  app.post<{ Params: TxnParams }>(
    '/api/v2/cancel-transaction/:slug/:txnId',
    { preHandler: ctx.guard('v2.cancel') },
    async (request, reply) => {
      if (!authorized(ctx, request, reply)) return reply;
      const txn = ctx.store.find(request.params.txnId);
      if (!txn || txn.txnId !== request.params.txnId) {
        return sendError(reply, 404, 'not_found', 'transaction not found');
      }
      const result = ctx.store.cancel(txn.txnId);
      if (!result.ok) return sendError(reply, result.status, result.error, result.message);
      return v2TransactionJson(result.transaction, ctx.isSandbox);
    },
  );
}

/** Checks the api key, then the slug; answers the error itself when either is wrong. */
function authorized(
  ctx: RouteContext,
  request: FastifyRequest<{ Params: SlugParams }>,
  reply: FastifyReply,
): boolean {
  const key = request.headers['x-api-key'];
  if (typeof key !== 'string' || key !== ctx.apiKey) {
    sendError(reply, 401, 'unauthorized', 'missing or invalid X-Api-Key');
    return false;
  }
  if (request.params.slug !== ctx.slug) {
    sendError(reply, 404, 'project_not_found', `project ${request.params.slug} not found`);
    return false;
  }
  return true;
}
