// API v1 (legacy): credentials in the body or query, transactions identified by
// (order_id, amount).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isPakasirMethod } from '../../infra/pakasir/methods.ts';
import { wholeRupiah } from '../../infra/pakasir/schemas.ts';
import type { RouteContext } from './context.ts';
import { sendError } from './replies.ts';
import type { EmulatedTransaction } from './types.ts';
import { v1PaymentJson, v1TransactionJson } from './wire.ts';

const credentials = z.object({
  project: z.string().trim().min(1),
  order_id: z.string().trim().min(1),
  amount: wholeRupiah,
  api_key: z.string().min(1),
});
type Credentials = z.output<typeof credentials>;

export function registerV1Routes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Params: { method: string } }>(
    '/api/transactioncreate/:method',
    { preHandler: ctx.guard('v1.create') },
    async (request, reply) => {
      const creds = readCredentials(ctx, request.body, reply);
      if (!creds) return reply;
      const method = request.params.method;
      if (!isPakasirMethod(method) || method === 'payment_link') {
        return sendError(reply, 400, 'invalid_method', `unknown method ${method}`);
      }
      const result = ctx.store.findOrCreate({
        api: 'v1',
        orderId: creds.order_id,
        amount: creds.amount,
        method,
      });
      if (!result.ok) return sendError(reply, result.status, result.error, result.message);
      return v1PaymentJson(result.transaction);
    },
  );

  app.get('/api/transactiondetail', { preHandler: ctx.guard('v1.detail') }, async (request, reply) => {
    const creds = readCredentials(ctx, request.query, reply);
    if (!creds) return reply;
    const txn = findPair(ctx, creds);
    if (!txn) return sendError(reply, 404, 'not_found', 'transaction not found');
    return v1TransactionJson(txn);
  });

  app.post('/api/transactioncancel', { preHandler: ctx.guard('v1.cancel') }, async (request, reply) => {
    const creds = readCredentials(ctx, request.body, reply);
    if (!creds) return reply;
    const txn = findPair(ctx, creds);
    if (!txn) return sendError(reply, 404, 'not_found', 'transaction not found');
    const result = ctx.store.cancel(txn.txnId);
    if (!result.ok) return sendError(reply, result.status, result.error, result.message);
    return { success: true };
  });

  app.post('/api/paymentsimulation', { preHandler: ctx.guard('v1.simulate') }, async (request, reply) => {
    const creds = readCredentials(ctx, request.body, reply);
    if (!creds) return reply;
    if (!ctx.isSandbox) return sendError(reply, 403, 'not_sandbox', 'payment simulation is sandbox only');
    const txn = findPair(ctx, creds);
    if (!txn) return sendError(reply, 404, 'not_found', 'transaction not found');
    try {
      ctx.payments.markPaid(txn.txnId);
    } catch (error) {
      return sendError(reply, 409, 'not_payable', error instanceof Error ? error.message : String(error));
    }
    // The gateway answers first and calls the merchant afterwards.
    ctx.dispatcher.inBackground(ctx.payments.sendWebhook(txn.txnId));
    return { success: true };
  });
}

/** Validates the credential set; answers 400/401/404 itself and returns null on failure. */
function readCredentials(ctx: RouteContext, input: unknown, reply: FastifyReply): Credentials | null {
  const parsed = credentials.safeParse(input ?? {});
  if (!parsed.success) {
    sendError(reply, 400, 'invalid_request', 'project, order_id, amount and api_key are required');
    return null;
  }
  if (parsed.data.api_key !== ctx.apiKey) {
    sendError(reply, 401, 'unauthorized', 'invalid api_key');
    return null;
  }
  if (parsed.data.project !== ctx.slug) {
    sendError(reply, 404, 'project_not_found', `project ${parsed.data.project} not found`);
    return null;
  }
  return parsed.data;
}

function findPair(ctx: RouteContext, creds: Credentials): EmulatedTransaction | undefined {
  const txn = ctx.store.find(creds.order_id);
  return txn && txn.orderId === creds.order_id && txn.amount === creds.amount ? txn : undefined;
}
