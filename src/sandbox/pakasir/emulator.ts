// Starts the Pakasir emulator: a fastify server on loopback speaking API v1 and
// v2, plus a driver for tests (payments, clock, fault injection, counters).
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import Fastify from 'fastify';
import { createClock } from './clock.ts';
import type { RouteContext } from './context.ts';
import { FaultPlan, reshape } from './faults.ts';
import { registerPages } from './pages.ts';
import { PaymentDriver } from './payments.ts';
import { PollLimiter } from './poll-limiter.ts';
import { sendError } from './replies.ts';
import { registerV1Routes } from './routes-v1.ts';
import { registerV2Routes } from './routes-v2.ts';
import { TransactionStore } from './store.ts';
import type { PakasirEmulator, PakasirEmulatorOptions, PakasirRoute, ShapeChange } from './types.ts';
import { PAKASIR_ROUTES } from './types.ts';
import { WebhookDispatcher } from './webhooks.ts';

const DEFAULT_LIFETIME_MS = 30 * 60 * 1000;

export async function startPakasirEmulator(options: PakasirEmulatorOptions): Promise<PakasirEmulator> {
  const isSandbox = options.isSandbox ?? true;
  const clock = createClock();
  const faults = new FaultPlan();
  const counts = emptyCounts();
  const closing = new AbortController();
  const held = new WeakMap<FastifyRequest, number>();
  const reshaped = new WeakMap<FastifyRequest, ShapeChange>();
  let baseUrl = '';
  const store = new TransactionStore({
    slug: options.slug,
    clock,
    lifetimeMs: options.invoiceLifetimeMs ?? DEFAULT_LIFETIME_MS,
    merchantName: options.merchantName ?? 'PAKASIR SANDBOX',
    publicBaseUrl: () => (options.publicBaseUrl ?? baseUrl).replace(/\/+$/, ''),
    ...(options.stateFile ? { file: options.stateFile } : {}),
  });
  const dispatcher = new WebhookDispatcher(options.webhookUrl ?? null, options.webhookTimeoutMs ?? 5000);
  const payments = new PaymentDriver({
    store,
    dispatcher,
    clock,
    isSandbox,
    webhookSecret: options.webhookSecret,
  });
  const ctx: RouteContext = {
    slug: options.slug,
    apiKey: options.apiKey,
    isSandbox,
    clock,
    store,
    polls: new PollLimiter(options.statusPollWindowMs ?? 4000),
    payments,
    dispatcher,
    guard: (route) => guardHook(route, counts, faults, closing.signal, held, reshaped),
  };

  const app = buildServer(ctx, options.logger ?? false);
  // A slow answer: read the state now, send it later (the state may have moved meanwhile).
  app.addHook('onSend', async (request) => {
    const ms = held.get(request);
    if (ms) await delay(ms, undefined, { signal: closing.signal }).catch(() => undefined);
  });
  // A changed API: the answer is rewritten on its way out.
  app.addHook('onSend', async (request, reply, payload) => {
    const change = reshaped.get(request);
    if (!change || typeof payload !== 'string' || reply.statusCode >= 400) return payload;
    return JSON.stringify(reshape(JSON.parse(payload) as Record<string, unknown>, change));
  });
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  baseUrl = address;

  return {
    baseUrl,
    slug: options.slug,
    apiKey: options.apiKey,
    isSandbox,
    async close() {
      closing.abort();
      await dispatcher.flush();
      await app.close();
    },
    simulatePayment: (ref, opts) => payments.pay(ref, opts),
    sendWebhook: (ref, opts) => payments.sendWebhook(ref, opts),
    expire(ref) {
      const txn = store.expire(ref);
      if (!txn) throw new Error(`no transaction with txn_id or order_id ${ref}`);
      return txn;
    },
    advanceTime: (ms) => clock.advance(ms),
    now: () => new Date(clock.now()),
    failNext: (count, opts) => faults.failNext(count, opts),
    hangNext: (count, opts) => faults.hangNext(count, opts),
    slowNext: (count, opts) => faults.slowNext(count, opts),
    startOutage: (opts) => faults.startOutage(opts),
    endOutage: () => faults.endOutage(),
    reshapeNext: (count, opts) => faults.reshapeNext(count, opts),
    clearFaults: () => faults.clear(),
    calls: () => ({ ...counts }),
    callCount: (route) => counts[route],
    resetCalls() {
      for (const route of PAKASIR_ROUTES) counts[route] = 0;
    },
    transactions: () => store.list(),
    transaction: (ref) => store.find(ref),
    setWebhookUrl(url) {
      dispatcher.url = url;
    },
    webhookDeliveries: () => dispatcher.deliveries(),
    flushWebhooks: () => dispatcher.flush(),
  };
}

function buildServer(ctx: RouteContext, logger: boolean): FastifyInstance {
  // forceCloseConnections: close() must not wait for keep-alive sockets of test clients.
  const app = Fastify({ logger, forceCloseConnections: true });
  // Some v1 integrations post form bodies instead of JSON.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );
  registerV2Routes(app, ctx);
  registerV1Routes(app, ctx);
  registerPages(app, ctx);
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'not_found', `no route ${request.url}`));
  return app;
}

function guardHook(
  route: PakasirRoute,
  counts: Record<PakasirRoute, number>,
  faults: FaultPlan,
  closing: AbortSignal,
  held: WeakMap<FastifyRequest, number>,
  reshaped: WeakMap<FastifyRequest, ShapeChange>,
): preHandlerHookHandler {
  return async (request, reply) => {
    counts[route] += 1;
    const fault = faults.take(route);
    if (!fault) return;
    if (fault.kind === 'reshape') {
      reshaped.set(request, fault.change);
      return;
    }
    if (fault.kind === 'slow') {
      held.set(request, fault.ms);
      return;
    }
    if (fault.kind === 'hang') {
      // Held past the client's timeout, then processed like a slow gateway would.
      await delay(fault.ms, undefined, { signal: closing }).catch(() => undefined);
      return;
    }
    if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
    return sendError(reply, fault.status, 'injected_fault', fault.message);
  };
}

function emptyCounts(): Record<PakasirRoute, number> {
  return Object.fromEntries(PAKASIR_ROUTES.map((route) => [route, 0])) as Record<PakasirRoute, number>;
}
