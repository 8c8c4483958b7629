// A tiny merchant endpoint that records every webhook it receives.
import type { IncomingHttpHeaders } from 'node:http';
import Fastify from 'fastify';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status the receiver answers with from now on. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const app = Fastify({ forceCloseConnections: true });
  const received: ReceivedWebhook[] = [];
  let status = 200;
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, String(body));
  });
  app.post('/webhook', async (request, reply) => {
    const rawBody = String(request.body);
    received.push({ headers: request.headers, rawBody, body: JSON.parse(rawBody) as unknown });
    return reply.code(status).send({ ok: status < 300 });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/webhook`,
    received,
    answerWith(next) {
      status = next;
    },
    close: () => app.close(),
  };
}
