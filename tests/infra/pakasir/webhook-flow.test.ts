// The webhook as the merchant sees it: received over HTTP, parsed, authenticated,
// then checked against a status re-query, for each lie the emulator can tell.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PakasirClient } from '../../../src/infra/pakasir/client.ts';
import { createPakasirClient } from '../../../src/infra/pakasir/client.ts';
import type { PakasirTransactionStatus } from '../../../src/infra/pakasir/types.ts';
import type { PakasirWebhook } from '../../../src/infra/pakasir/webhook.ts';
import { parsePakasirWebhook, verifyWebhookSecret } from '../../../src/infra/pakasir/webhook.ts';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import type { PakasirEmulator, SimulatePaymentOptions } from '../../../src/sandbox/pakasir/types.ts';
import type { WebhookReceiver } from '../../sandbox/pakasir/webhook-receiver.ts';
import { startWebhookReceiver } from '../../sandbox/pakasir/webhook-receiver.ts';

const SLUG = 'toko-flow';
const API_KEY = 'flow-key';
const SECRET = 'flow-secret';
const AMOUNT = 50_000;

let emulator: PakasirEmulator;
let receiver: WebhookReceiver;
let client: PakasirClient;
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
  client = createPakasirClient({ baseUrl: emulator.baseUrl, slug: SLUG, apiKey: API_KEY, version: 'v2' });
});
afterEach(() => {
  receiver.received.length = 0;
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

interface Observed {
  webhooks: PakasirWebhook[];
  secretsValid: boolean[];
  status: PakasirTransactionStatus;
  expiresAt: Date;
}

/** Creates an invoice, lets the emulator pay it with the given lie, and collects what arrived. */
async function payWith(options: SimulatePaymentOptions): Promise<Observed> {
  counter += 1;
  const invoice = await client.createInvoice({ orderId: `flow-${counter}`, amount: AMOUNT });
  await emulator.simulatePayment(invoice.txnId, options);
  const webhooks = receiver.received.map((hook) => {
    const parsed = parsePakasirWebhook(hook.rawBody);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    return parsed.webhook;
  });
  const secretsValid = receiver.received.map((hook) => verifyWebhookSecret(hook.headers['x-secret'], SECRET));
  const status = await client.getStatus({ txnId: invoice.txnId, orderId: invoice.orderId, amount: AMOUNT });
  return { webhooks, secretsValid, status, expiresAt: invoice.expiresAt };
}

describe('webhook then re-query', () => {
  it('an honest payment: webhook and status agree', async () => {
    const { webhooks, secretsValid, status } = await payWith({});
    expect(secretsValid).toEqual([true]);
    expect(webhooks[0]).toMatchObject({ version: 'v2', amount: AMOUNT, status: 'completed', project: SLUG });
    expect(webhooks[0]!.txnId).toBe(status.txnId);
    expect(status).toMatchObject({ status: 'completed', amount: AMOUNT, project: SLUG, isSandbox: true });
  });

  it('a duplicate webhook carries the same txn_id twice (dedupe key)', async () => {
    const { webhooks } = await payWith({ duplicate: true });
    expect(webhooks).toHaveLength(2);
    expect(webhooks[0]!.txnId).toBe(webhooks[1]!.txnId);
  });

  it('a late webhook completes after the invoice expired', async () => {
    const { webhooks, status, expiresAt } = await payWith({ afterExpiry: true });
    expect(status.status).toBe('completed');
    expect(webhooks[0]!.completedAt!.getTime()).toBeGreaterThan(expiresAt.getTime() - 1);
    expect(status.completedAt!.getTime()).toBeGreaterThanOrEqual(webhooks[0]!.completedAt!.getTime());
  });

  it('a wrong amount in the body is contradicted by the status amount', async () => {
    const { webhooks, status } = await payWith({ amount: AMOUNT + 660 });
    expect(webhooks[0]!.amount).toBe(AMOUNT + 660);
    expect(status.amount).toBe(AMOUNT);
  });

  it('a forged webhook is contradicted by a pending status', async () => {
    const { webhooks, status } = await payWith({ forged: true, secret: 'guessed' });
    expect(webhooks[0]!.status).toBe('completed');
    expect(status.status).toBe('pending');
    expect(status.completedAt).toBeNull();
  });

  it('a wrong project and a sandbox flag mismatch show in the body only', async () => {
    const { webhooks, status } = await payWith({ project: 'other-shop', isSandbox: false });
    expect(webhooks[0]).toMatchObject({ project: 'other-shop', isSandbox: false });
    expect(status).toMatchObject({ project: SLUG, isSandbox: true });
  });
});
