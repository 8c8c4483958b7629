import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/infra/metrics.ts';
import { checkout, waitForInvoice, waitForState } from '../support/orders.ts';
import { eventually } from '../support/runtime.ts';
import { type Shop, startShop } from '../support/shop.ts';

const TOKEN = 'metrics-token-0123456789abcdef';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop({ env: { METRICS_TOKEN: TOKEN, ENABLE_AUTO_HEALTHCHECK: 'false' } });
});

afterAll(async () => {
  await shop?.stop();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;

/**
 * Parses Prometheus text format 0.0.4 strictly: every line is a HELP, a TYPE or a sample
 * `name{labels} value`, and every sample belongs to a family declared by a TYPE line.
 */
function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`).exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        types.set(meta[2] ?? '', meta[3] ?? '');
      }
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    const rawLabels = match[2] ?? '';
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < rawLabels.length) {
      const label = LABEL.exec(rawLabels);
      if (!label) throw new Error(`bad labels in: ${line}`);
      labels[label[1] ?? ''] = (label[2] ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    // Values are Go floats: Prometheus reads NaN and Inf in any case (prom-client writes "Nan").
    const raw = match[3] ?? '';
    const value = /^nan$/i.test(raw)
      ? Number.NaN
      : /^[+-]?inf$/i.test(raw)
        ? Number.parseFloat(raw.replace(/inf/i, 'Infinity'))
        : Number(raw);
    if (Number.isNaN(value) && !/^nan$/i.test(raw)) throw new Error(`bad value in: ${line}`);
    const name = match[1] ?? '';
    const family = [name, name.replace(/_(bucket|sum|count)$/, '')].find((n) => types.has(n));
    if (!family) throw new Error(`sample without a TYPE line: ${line}`);
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

async function scrape(): Promise<Exposition> {
  const response = await fetch(`${shop.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** The sum of a metric's samples whose labels include the given ones. */
function value(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('/metrics', () => {
  it('answers 401 without the token or with a wrong one', async () => {
    const none = await fetch(`${shop.app.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(`${shop.app.url}/metrics`, {
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${shop.app.url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.status).toBe(401);
  });

  it('parses as Prometheus text with the process, shop and queue families', async () => {
    const exposition = await scrape();
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    for (const [name, type] of [
      ['bot_http_requests_total', 'counter'],
      ['bot_telegram_api_calls_total', 'counter'],
      ['bot_gateway_calls_total', 'counter'],
      ['bot_payments_verified_total', 'counter'],
      ['bot_payments_rejected_total', 'counter'],
      ['bot_effect_duration_seconds', 'histogram'],
      ['bot_actor_events_total', 'counter'],
      ['bot_broadcast_recipients', 'gauge'],
      ['bot_orders', 'gauge'],
      ['bot_deliveries', 'gauge'],
      ['bot_queue_jobs', 'gauge'],
      ['bot_queue_oldest_ready_seconds', 'gauge'],
      ['bot_dead_letters', 'gauge'],
      ['bot_database_up', 'gauge'],
    ]) {
      expect(exposition.types.get(name ?? ''), name).toBe(type);
    }
    expect(value(exposition, 'bot_database_up')).toBe(1);
    expect(
      exposition.samples.some((s) => s.name === 'bot_queue_jobs' && s.labels.queue === 'actor-effects'),
    ).toBe(true);
  });

  it('moves its counters when an order is paid through the emulators', async () => {
    const before = await scrape();
    const buyer = shop.buyer(3101);
    const orderId = await checkout(shop, 3101, [{ code: 'SPOTIFY-1B', quantity: 1 }]);
    await waitForInvoice(buyer, orderId);
    const rejected = await shop.pakasir.sendWebhook(orderId, { amount: 1_000 });
    expect(rejected[0]?.statusCode).toBe(400);
    const paid = await shop.pakasir.simulatePayment(orderId);
    expect(paid.deliveries.map((d) => d.statusCode)).toEqual([200]);
    await waitForState(shop, 'order', orderId, 'completed');

    // Database gauges are cached a few seconds: poll until the next read.
    const after = await eventually(async () => {
      const current = await scrape();
      expect(value(current, 'bot_orders', { status: 'delivered' })).toBe(
        value(before, 'bot_orders', { status: 'delivered' }) + 1,
      );
      return current;
    }, 20_000);
    const moved = (name: string, labels: Record<string, string> = {}) =>
      value(after, name, labels) - value(before, name, labels);

    expect(moved('bot_payments_verified_total', { via: 'webhook' })).toBe(1);
    expect(moved('bot_payments_rejected_total', { reason: 'amount_mismatch' })).toBe(1);
    expect(moved('bot_gateway_calls_total', { call: 'create', result: 'ok' })).toBe(1);
    expect(moved('bot_gateway_calls_total', { call: 'status', result: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(
      moved('bot_telegram_api_calls_total', { method: 'sendPhoto', result: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(moved('bot_deliveries', { status: 'sent' })).toBe(1);
    expect(moved('bot_actor_events_total', { kind: 'order' })).toBeGreaterThanOrEqual(3);
    expect(
      moved('bot_effect_duration_seconds_count', { kind: 'order', result: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
    expect(moved('bot_http_requests_total', { route: '/webhooks/pakasir', status: '200' })).toBe(1);
    expect(moved('bot_http_requests_total', { route: '/webhooks/pakasir', status: '400' })).toBe(1);
  });

  it('counts Telegram answers by result, a 429 that auto-retry absorbs and a 403 from a blocked buyer', async () => {
    const before = await scrape();
    shop.telegram.faults.failNext('sendMessage', { status: 429, parameters: { retry_after: 1 } });
    const buyer = shop.buyer(3102);
    buyer.sendCommand('/start');
    await buyer.waitFor('Selamat datang', { timeout: 15_000 });
    shop.buyer(3103);
    shop.telegram.blockUser(3103);
    await expect(shop.app.bot.api.sendMessage(3103, 'halo')).rejects.toThrow(/403/);

    const after = await scrape();
    const moved = (labels: Record<string, string>) =>
      value(after, 'bot_telegram_api_calls_total', labels) -
      value(before, 'bot_telegram_api_calls_total', labels);
    expect(moved({ method: 'sendMessage', result: '429' })).toBe(1);
    expect(moved({ method: 'sendMessage', result: '403' })).toBe(1);
    expect(moved({ method: 'sendMessage', result: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('labels requests by route pattern, never by the raw URL', async () => {
    await fetch(`${shop.app.url}/no/such/page/12345`);
    const exposition = await scrape();
    const routes = exposition.samples
      .filter((s) => s.name === 'bot_http_requests_total')
      .map((s) => s.labels.route);
    expect(routes).toContain('unmatched');
    expect(routes.some((r) => r?.includes('12345'))).toBe(false);
    expect(routes).toContain('/metrics');
  });

  it('keeps one registry per app: a second set of metrics neither collides nor shares figures', async () => {
    const other = createMetrics();
    other.actorEvents.inc({ kind: 'order', event: 'ONLY_HERE' });
    expect(await other.registry.getSingleMetricAsString('bot_actor_events_total')).toContain('ONLY_HERE');
    const text = await shop.app.metrics.registry.getSingleMetricAsString('bot_actor_events_total');
    expect(text).not.toContain('ONLY_HERE');
  });
});
