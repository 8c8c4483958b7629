import type { Transformer } from 'grammy';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ActorKind, EffectMap } from '../actors/types.ts';
import { readQueueStats } from '../health/queue-stats.ts';
import type { AuditLog } from './audit.ts';
import type { Db } from './db.ts';
import type { PakasirClient } from './pakasir/index.ts';
import { isPakasirError } from './pakasir/index.ts';

/**
 * The app's Prometheus metrics, on a registry of its own (not prom-client's global
 * one), so several apps in one process (tests) keep separate figures.
 */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  telegramCalls: Counter<'method' | 'result'>;
  gatewayCalls: Counter<'call' | 'result'>;
  gatewayFailures: Counter<'call' | 'kind'>;
  paymentsVerified: Counter<'via'>;
  paymentsRejected: Counter<'reason'>;
  effectDuration: Histogram<'kind' | 'effect' | 'result'>;
  actorEvents: Counter<'kind' | 'event'>;
  /** Set by the broadcast feature: recipients per broadcast and delivery status. */
  broadcastRecipients: Gauge<'broadcast' | 'status'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers });
  return {
    registry,
    httpRequests: counter('bot_http_requests_total', 'HTTP requests answered, by route pattern and status.', [
      'method',
      'route',
      'status',
    ]),
    httpDuration: histogram(
      'bot_http_request_duration_seconds',
      'Time to answer an HTTP request, by route pattern.',
      ['method', 'route'],
      [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
    telegramCalls: counter(
      'bot_telegram_api_calls_total',
      'Telegram Bot API calls (every attempt), by method and result: ok, the error code, or network_error.',
      ['method', 'result'],
    ),
    gatewayCalls: counter(
      'bot_gateway_calls_total',
      'Pakasir calls (after retries), by call and result (ok or failed).',
      ['call', 'result'],
    ),
    gatewayFailures: counter(
      'bot_gateway_failures_total',
      'Failed Pakasir calls, by call and kind (http_<status>, timeout, network, invalid_response, invalid_request).',
      ['call', 'kind'],
    ),
    paymentsVerified: counter(
      'bot_payments_verified_total',
      'Payments verified with the gateway, by how they arrived (webhook; reconciliation confirms show as PAYMENT_VERIFIED actor events).',
      ['via'],
    ),
    paymentsRejected: counter('bot_payments_rejected_total', 'Payment webhooks refused, by reason.', [
      'reason',
    ]),
    effectDuration: histogram(
      'bot_effect_duration_seconds',
      'Time an effect attempt took, by actor kind, effect and result (ok or failed).',
      ['kind', 'effect', 'result'],
      [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    actorEvents: counter('bot_actor_events_total', 'Events applied to actors, by kind and event type.', [
      'kind',
      'event',
    ]),
    broadcastRecipients: new Gauge({
      name: 'bot_broadcast_recipients',
      help: 'Broadcast recipients by broadcast and status (pending, sent, failed, blocked).',
      labelNames: ['broadcast', 'status'],
      registers,
    }),
  };
}

/**
 * A grammY API transformer counting every call by method and result. Installed before
 * auto-retry, it sees each attempt, so a 429 that a retry recovered still counts.
 */
export function telegramMetrics(metrics: Metrics): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const response = await prev(method, payload, signal);
      metrics.telegramCalls.inc({ method, result: response.ok ? 'ok' : String(response.error_code) });
      return response;
    } catch (error) {
      metrics.telegramCalls.inc({ method, result: 'network_error' });
      throw error;
    }
  };
}

/** The same client, counting each call and each failure by its kind. */
export function instrumentPakasir(client: PakasirClient, metrics: Metrics): PakasirClient {
  const counted = <T>(call: string, work: () => Promise<T>): Promise<T> =>
    work().then(
      (value) => {
        metrics.gatewayCalls.inc({ call, result: 'ok' });
        return value;
      },
      (error: unknown) => {
        metrics.gatewayCalls.inc({ call, result: 'failed' });
        metrics.gatewayFailures.inc({ call, kind: failureKind(error) });
        throw error;
      },
    );
  return {
    version: client.version,
    slug: client.slug,
    createInvoice: (input) => counted('create', () => client.createInvoice(input)),
    getStatus: (ref) => counted('status', () => client.getStatus(ref)),
    cancelInvoice: (ref) => counted('cancel', () => client.cancelInvoice(ref)),
  };
}

function failureKind(error: unknown): string {
  if (!isPakasirError(error)) return 'other';
  return error.kind === 'http' ? `http_${error.status}` : error.kind;
}

/**
 * The audit log, counting the payments verified from the events it records (every
 * verification is audited; refusals are sampled there, so they are counted at the route).
 */
export function countingAudit(audit: AuditLog, metrics: Metrics): AuditLog {
  return {
    record(event, fields = {}) {
      if (event === 'payment.verified')
        metrics.paymentsVerified.inc({ via: String(fields.via ?? 'unknown') });
      audit.record(event, fields);
    },
    close: () => audit.close(),
  };
}

/** The kind with each effect attempt timed (whatever the worker that runs it). */
export function timedEffects<K extends ActorKind>(kind: K, metrics: Metrics): K {
  if (!kind.effects) return kind;
  const effects: EffectMap = {};
  for (const [type, definition] of Object.entries(kind.effects)) {
    effects[type] = {
      ...definition,
      run: async (params, ctx) => {
        const end = metrics.effectDuration.startTimer({ kind: kind.kind, effect: type });
        try {
          const result = await definition.run(params, ctx);
          end({ result: 'ok' });
          return result;
        } catch (error) {
          end({ result: 'failed' });
          throw error;
        }
      },
    };
  }
  return { ...kind, effects };
}

/** Figures read from the database on scrape, at most once per this interval. */
const DATABASE_FIGURES_TTL_MS = 5_000;

interface DatabaseFigures {
  orders: { status: string; count: number }[];
  deliveries: { status: string; count: number }[];
  queues: Awaited<ReturnType<typeof readQueueStats>>;
}

/**
 * Gauges read from the shop's tables and pg-boss when scraped: orders and deliveries by
 * status, queue depth, the oldest waiting job, dead letters. Cached a few seconds so
 * frequent scrapes cost one round of queries; a failed read sets bot_database_up to 0
 * and keeps the last figures.
 */
export function watchDatabase(metrics: Metrics, db: Db): void {
  const registers = [metrics.registry];
  let cached: { at: number; figures: Promise<DatabaseFigures | null> } | undefined;
  const figures = () => {
    const now = Date.now();
    if (!cached || now - cached.at > DATABASE_FIGURES_TTL_MS)
      cached = { at: now, figures: readDatabaseFigures(db).catch(() => null) };
    return cached.figures;
  };
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    fill: (g: Gauge<L>, f: DatabaseFigures) => void,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const current = await figures();
        if (!current) return;
        this.reset();
        fill(this, current);
      },
    });
  new Gauge({
    name: 'bot_database_up',
    help: '1 when the last read of the database figures succeeded.',
    registers,
    async collect() {
      this.set((await figures()) ? 1 : 0);
    },
  });
  gauge('bot_orders', 'Orders by status.', ['status'], (g, f) => {
    for (const row of f.orders) g.set({ status: row.status }, row.count);
  });
  gauge('bot_deliveries', 'Deliveries by status.', ['status'], (g, f) => {
    for (const row of f.deliveries) g.set({ status: row.status }, row.count);
  });
  gauge(
    'bot_queue_jobs',
    'Unfinished jobs per pg-boss queue and state (ready, deferred, active).',
    ['queue', 'state'],
    (g, f) => {
      for (const q of f.queues.queues) {
        g.set({ queue: q.queue, state: 'ready' }, q.ready);
        g.set({ queue: q.queue, state: 'deferred' }, q.deferred);
        g.set({ queue: q.queue, state: 'active' }, q.active);
      }
    },
  );
  gauge(
    'bot_queue_oldest_ready_seconds',
    'Seconds the longest-waiting ready job has waited, per queue.',
    ['queue'],
    (g, f) => {
      for (const q of f.queues.queues) g.set({ queue: q.queue }, q.oldestReadySeconds);
    },
  );
  gauge(
    'bot_dead_letters',
    'Effects that used up their attempts, kept in the dead-letter queue.',
    [],
    (g, f) => {
      g.set(f.queues.deadLetters);
    },
  );
}

async function readDatabaseFigures(db: Db): Promise<DatabaseFigures> {
  const [orders, deliveries, queues] = await Promise.all([
    countBy(db, 'orders'),
    countBy(db, 'deliveries'),
    readQueueStats(db),
  ]);
  return { orders, deliveries, queues };
}

async function countBy(db: Db, table: 'orders' | 'deliveries') {
  const { rows } = await sql<{ status: string; count: number }>`
    SELECT status, count(*)::int AS count FROM ${sql.table(table)} GROUP BY status`.execute(db);
  return rows;
}
