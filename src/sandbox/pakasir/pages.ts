// Minimal hosted payment pages, so payment URLs handed to buyers resolve in the sandbox.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteContext } from './context.ts';
import type { EmulatedTransaction } from './types.ts';

export function registerPages(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { txnId: string } }>(
    '/pay-v2/:txnId',
    { preHandler: ctx.guard('page') },
    async (request, reply) => {
      const txn = ctx.store.find(request.params.txnId);
      return txn?.txnId === request.params.txnId ? renderPage(reply, txn) : notFound(reply);
    },
  );

  app.get<{ Params: { slug: string; amount: string }; Querystring: { order_id?: string } }>(
    '/pay/:slug/:amount',
    { preHandler: ctx.guard('page') },
    async (request, reply) => {
      const orderId = request.query.order_id ?? '';
      const txn = ctx.store.find(orderId);
      const matches =
        request.params.slug === ctx.slug &&
        txn?.orderId === orderId &&
        String(txn.amount) === request.params.amount;
      return matches && txn ? renderPage(reply, txn) : notFound(reply);
    },
  );
}

function renderPage(reply: FastifyReply, txn: EmulatedTransaction): FastifyReply {
  const rows = [
    ['Order', txn.orderId],
    ['Total', `Rp${txn.totalPayment.toLocaleString('id-ID')}`],
    ['Status', txn.status],
    ['Payment number', txn.paymentNumber ?? '-'],
  ]
    .map(
      ([label, value]) => `<tr><th>${escapeHtml(label ?? '')}</th><td>${escapeHtml(value ?? '')}</td></tr>`,
    )
    .join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Pakasir sandbox</title></head><body><h1>Pakasir sandbox payment</h1><table>${rows}</table></body></html>`;
  return reply.type('text/html; charset=utf-8').send(html);
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('text/html; charset=utf-8').send('<!doctype html><p>Payment not found</p>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
