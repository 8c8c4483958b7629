import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import type { EmulatedTransaction, PakasirEmulator } from '../../../src/sandbox/pakasir/types.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

const SLUG = 'toko-hooks';
const API_KEY = 'hooks-key';
const SECRET = 'hooks-secret';

let emulator: PakasirEmulator;
let receiver: WebhookReceiver;
let counter = 0;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startPakasirEmulator({
    slug: SLUG,
    apiKey: API_KEY,
    webhookSecret: SECRET,
    webhookUrl: receiver.url,
    statusPollWindowMs: 0,
  });
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.answerWith(200);
  emulator.setWebhookUrl(receiver.url);
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

async function createV2(amount = 25_000): Promise<EmulatedTransaction> {
  counter += 1;
  const orderId = `hook-${counter}`;
  const response = await fetch(`${emulator.baseUrl}/api/v2/create-transaction/${SLUG}/${orderId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ method: 'qris', amount }),
  });
  expect(response.status).toBe(200);
  return emulator.transaction(orderId)!;
}

async function statusOf(txnId: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.baseUrl}/api/v2/transaction-status/${SLUG}/${txnId}`, {
    headers: { 'x-api-key': API_KEY },
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('webhook delivery', () => {
  it('posts the v2 body with the X-Secret header and returns the merchant status', async () => {
    const txn = await createV2();
    const result = await emulator.simulatePayment(txn.txnId);
    expect(result.statusCode).toBe(200);
    expect(result.transaction.status).toBe('completed');
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0]!;
    expect(hook.headers['x-secret']).toBe(SECRET);
    expect(hook.headers['content-type']).toContain('application/json');
    expect(hook.body).toMatchObject({
      txn_id: txn.txnId,
      order_id: txn.orderId,
      amount: 25_000,
      status: 'completed',
      is_sandbox: true,
      project: SLUG,
      payment_method: 'qris',
    });
    expect(String((hook.body as Record<string, unknown>).completed_at)).toMatch(/\+07:00$/);
  });

  it('reports the merchant answer, even an error', async () => {
    receiver.answerWith(500);
    const txn = await createV2();
    const result = await emulator.simulatePayment(txn.orderId);
    expect(result.statusCode).toBe(500);
    expect(emulator.webhookDeliveries().at(-1)?.statusCode).toBe(500);
  });

  it('records a failed delivery when nobody listens', async () => {
    emulator.setWebhookUrl('http://127.0.0.1:9/unreachable');
    const txn = await createV2();
    const result = await emulator.simulatePayment(txn.txnId);
    expect(result.statusCode).toBeNull();
    expect(result.deliveries[0]?.error).toEqual(expect.any(String));
    expect(result.transaction.status).toBe('completed');
  });

  it('can pay silently, the webhook that never arrives', async () => {
    const txn = await createV2();
    const result = await emulator.simulatePayment(txn.txnId, { webhook: false });
    expect(result.deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    expect((await statusOf(txn.txnId)).status).toBe('completed');
  });
});

describe('webhook faults', () => {
  it('duplicate: the same webhook arrives twice', async () => {
    const txn = await createV2();
    const result = await emulator.simulatePayment(txn.txnId, { duplicate: true });
    expect(result.deliveries).toHaveLength(2);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.rawBody).toBe(receiver.received[1]!.rawBody);
    await emulator.sendWebhook(txn.txnId);
    expect(receiver.received).toHaveLength(3);
  });

  it('after expiry: the payment lands after expired_at', async () => {
    const txn = await createV2();
    const result = await emulator.simulatePayment(txn.txnId, { afterExpiry: true });
    expect(result.transaction.status).toBe('completed');
    expect(result.transaction.completedAt!.getTime()).toBeGreaterThan(result.transaction.expiresAt.getTime());
    const body = receiver.received[0]!.body as Record<string, unknown>;
    expect(Date.parse(String(body.completed_at))).toBeGreaterThan(result.transaction.expiresAt.getTime());
    expect((await statusOf(txn.txnId)).status).toBe('completed');
  });

  it('wrong amount: the body disagrees with the stored amount', async () => {
    const txn = await createV2(25_000);
    await emulator.simulatePayment(txn.txnId, { amount: 25_000 + txn.fee });
    expect((receiver.received[0]!.body as Record<string, unknown>).amount).toBe(25_000 + txn.fee);
    expect((await statusOf(txn.txnId)).amount).toBe(25_000);
  });

  it('forged: the body says completed while the status API says pending', async () => {
    const txn = await createV2();
    const result = await emulator.simulatePayment(txn.txnId, { forged: true });
    expect((receiver.received[0]!.body as Record<string, unknown>).status).toBe('completed');
    expect(result.transaction.status).toBe('pending');
    expect((await statusOf(txn.txnId)).status).toBe('pending');
  });

  it('wrong project and sandbox flag mismatch', async () => {
    const txn = await createV2();
    await emulator.simulatePayment(txn.txnId, { project: 'someone-else', isSandbox: false });
    const body = receiver.received[0]!.body as Record<string, unknown>;
    expect(body.project).toBe('someone-else');
    expect(body.is_sandbox).toBe(false);
    const truth = await statusOf(txn.txnId);
    expect(truth).toMatchObject({ project: SLUG, is_sandbox: true });
  });

  it('wrong or missing secret, and the v1 shape for a v2 transaction', async () => {
    const txn = await createV2();
    await emulator.simulatePayment(txn.txnId, { secret: 'guess' });
    await emulator.sendWebhook(txn.txnId, { secret: null });
    await emulator.sendWebhook(txn.txnId, { version: 'v1' });
    expect(receiver.received.map((hook) => hook.headers['x-secret'])).toEqual([
      'guess',
      undefined,
      undefined,
    ]);
    expect(receiver.received[2]!.body).not.toHaveProperty('txn_id');
  });

  it('refuses to pay unknown or canceled transactions', async () => {
    await expect(emulator.simulatePayment('no-such-order')).rejects.toThrow(/no transaction/);
    const txn = await createV2();
    await fetch(`${emulator.baseUrl}/api/v2/cancel-transaction/${SLUG}/${txn.txnId}`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY },
    });
    await expect(emulator.simulatePayment(txn.txnId)).rejects.toThrow(/canceled/);
  });
});
