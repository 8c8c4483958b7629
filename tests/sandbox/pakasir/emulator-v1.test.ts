import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import type { PakasirEmulator } from '../../../src/sandbox/pakasir/types.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

const SLUG = 'toko-v1';
const API_KEY = 'v1-key';

let emulator: PakasirEmulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, webhookUrl: receiver.url });
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

function post(path: string, body: unknown) {
  return fetch(`${emulator.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function detail(orderId: string, amount: number, apiKey = API_KEY) {
  const query = new URLSearchParams({
    project: SLUG,
    amount: String(amount),
    order_id: orderId,
    api_key: apiKey,
  });
  return fetch(`${emulator.baseUrl}/api/transactiondetail?${query}`);
}

const creds = (orderId: string, amount: number) => ({
  project: SLUG,
  order_id: orderId,
  amount,
  api_key: API_KEY,
});

describe('Pakasir emulator, API v1', () => {
  it('creates, reports, simulates a payment and fires the unsigned v1 webhook', async () => {
    const created = await post('/api/transactioncreate/qris', creds('v1-order-1', 150_000));
    expect(created.status).toBe(200);
    const { payment } = (await created.json()) as { payment: Record<string, unknown> };
    expect(payment).toMatchObject({
      project: SLUG,
      order_id: 'v1-order-1',
      amount: 150_000,
      fee: 1_500,
      total_payment: 151_500,
      payment_method: 'qris',
    });
    expect(String(payment.payment_number).startsWith('000201')).toBe(true);

    const pending = (await (await detail('v1-order-1', 150_000)).json()) as {
      transaction: Record<string, unknown>;
    };
    expect(pending.transaction).toMatchObject({ status: 'pending', completed_at: null, amount: 150_000 });

    const simulated = await post('/api/paymentsimulation', creds('v1-order-1', 150_000));
    expect(await simulated.json()).toEqual({ success: true });
    await emulator.flushWebhooks();

    const completed = (await (await detail('v1-order-1', 150_000)).json()) as {
      transaction: Record<string, unknown>;
    };
    expect(completed.transaction.status).toBe('completed');
    expect(completed.transaction.completed_at).toMatch(/\.\d{9}Z$/);

    const hook = receiver.received.at(-1);
    expect(hook?.body).toMatchObject({
      amount: 150_000,
      order_id: 'v1-order-1',
      project: SLUG,
      status: 'completed',
      payment_method: 'qris',
      is_sandbox: true,
    });
    expect(hook?.headers['x-secret']).toBeUndefined();
  });

  it('identifies transactions by (order_id, amount) and checks credentials', async () => {
    await post('/api/transactioncreate/qris', creds('v1-order-2', 10_000));
    expect((await detail('v1-order-2', 10_001)).status).toBe(404);
    expect((await detail('v1-order-2', 10_000, 'wrong')).status).toBe(401);
    expect(
      (await post('/api/transactioncreate/qris', { ...creds('x', 1_000), project: 'nope' })).status,
    ).toBe(404);
    expect((await post('/api/transactioncreate/qris', { order_id: 'x' })).status).toBe(400);
    expect((await post('/api/transactioncreate/qris', creds('v1-low', 100))).status).toBe(400);
    expect((await post('/api/transactioncreate/payment_link', creds('v1-link', 1_000))).status).toBe(400);
  });

  it('accepts form-encoded bodies as some v1 integrations send them', async () => {
    const response = await fetch(`${emulator.baseUrl}/api/transactioncreate/qris`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ project: SLUG, order_id: 'v1-form', amount: '2000', api_key: API_KEY }),
    });
    expect(await response.json()).toMatchObject({ payment: { order_id: 'v1-form', amount: 2_000 } });
  });

  it('cancels with the create body', async () => {
    await post('/api/transactioncreate/qris', creds('v1-order-3', 10_000));
    const cancel = await post('/api/transactioncancel', creds('v1-order-3', 10_000));
    expect(await cancel.json()).toEqual({ success: true });
    const after = (await (await detail('v1-order-3', 10_000)).json()) as {
      transaction: Record<string, unknown>;
    };
    expect(after.transaction.status).toBe('canceled');
    expect((await post('/api/paymentsimulation', creds('v1-order-3', 10_000))).status).toBe(409);
  });

  it('serves the hosted payment page', async () => {
    const page = await fetch(`${emulator.baseUrl}/pay/${SLUG}/10000?order_id=v1-order-2&qris_only=1`);
    expect(page.status).toBe(200);
    expect((await fetch(`${emulator.baseUrl}/pay/${SLUG}/999?order_id=v1-order-2`)).status).toBe(404);
  });
});

describe('Pakasir emulator in production mode', () => {
  it('refuses payment simulation and omits is_sandbox from v1 webhooks', async () => {
    const production = await startPakasirEmulator({
      slug: SLUG,
      apiKey: API_KEY,
      isSandbox: false,
      webhookUrl: receiver.url,
    });
    try {
      const response = await fetch(`${production.baseUrl}/api/transactioncreate/qris`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(creds('prod-1', 10_000)),
      });
      expect(response.status).toBe(200);
      const simulate = await fetch(`${production.baseUrl}/api/paymentsimulation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(creds('prod-1', 10_000)),
      });
      expect(simulate.status).toBe(403);
      const { deliveries } = await production.simulatePayment('prod-1');
      expect(deliveries[0]?.body).not.toHaveProperty('is_sandbox');
      expect(deliveries[0]?.statusCode).toBe(200);
    } finally {
      await production.close();
    }
  });
});
