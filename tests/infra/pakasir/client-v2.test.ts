import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PakasirClient } from '../../../src/infra/pakasir/client.ts';
import { createPakasirClient } from '../../../src/infra/pakasir/client.ts';
import { PakasirError } from '../../../src/infra/pakasir/errors.ts';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import { hasValidQrisCrc } from '../../../src/sandbox/pakasir/qris.ts';
import type { PakasirEmulator } from '../../../src/sandbox/pakasir/types.ts';

const SLUG = 'toko-client';
const API_KEY = 'client-key';

let emulator: PakasirEmulator;
let client: PakasirClient;

beforeAll(async () => {
  emulator = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, statusPollWindowMs: 0 });
  client = createPakasirClient({
    baseUrl: `${emulator.baseUrl}/`,
    slug: SLUG,
    apiKey: API_KEY,
    version: 'v2',
    retryBaseDelayMs: 5,
    logger: pino({ level: 'silent' }),
  });
});
afterAll(() => emulator.close());

describe('Pakasir client, API v2', () => {
  it('runs create → pending → paid → completed, and cancels another invoice', async () => {
    const invoice = await client.createInvoice({ orderId: 'c2-paid', amount: 99_000 });
    expect(invoice).toMatchObject({
      orderId: 'c2-paid',
      amount: 99_000,
      fee: 1_003,
      totalPayment: 100_003,
      method: 'qris',
      isSandbox: true,
      status: 'pending',
      paymentUrl: `${emulator.baseUrl}/pay-v2/${invoice.txnId}`,
    });
    expect(hasValidQrisCrc(invoice.paymentNumber!)).toBe(true);
    expect(invoice.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);

    const ref = { txnId: invoice.txnId, orderId: invoice.orderId, amount: invoice.amount };
    expect(await client.getStatus(ref)).toMatchObject({
      status: 'pending',
      completedAt: null,
      project: SLUG,
    });

    await emulator.simulatePayment(invoice.txnId);
    const paid = await client.getStatus(ref);
    expect(paid).toMatchObject({ status: 'completed', orderId: 'c2-paid', amount: 99_000, isSandbox: true });
    expect(paid.completedAt).toBeInstanceOf(Date);

    const other = await client.createInvoice({ orderId: 'c2-cancel', amount: 150_000 });
    expect(other.fee).toBe(1_500);
    const otherRef = { txnId: other.txnId, orderId: other.orderId, amount: other.amount };
    await client.cancelInvoice(otherRef);
    expect((await client.getStatus(otherRef)).status).toBe('canceled');
  });

  it('relies on find-or-create: asking twice returns the same invoice', async () => {
    const first = await client.createInvoice({ orderId: 'c2-twice', amount: 10_000 });
    const second = await client.createInvoice({ orderId: 'c2-twice', amount: 10_000 });
    expect(second.txnId).toBe(first.txnId);
    expect(emulator.transactions().filter((t) => t.orderId === 'c2-twice')).toHaveLength(1);
  });

  it('turns error answers into typed, non-retryable errors with the gateway message', async () => {
    await client.createInvoice({ orderId: 'c2-conflict', amount: 10_000 });
    const conflict = await client.createInvoice({ orderId: 'c2-conflict', amount: 20_000 }).catch((e) => e);
    expect(conflict).toBeInstanceOf(PakasirError);
    expect(conflict).toMatchObject({ kind: 'http', status: 409, retryable: false, attempts: 1 });
    expect(conflict.message).toContain('c2-conflict');

    const wrongKey = createPakasirClient({
      baseUrl: emulator.baseUrl,
      slug: SLUG,
      apiKey: 'x',
      version: 'v2',
    });
    await expect(wrongKey.createInvoice({ orderId: 'c2-401', amount: 10_000 })).rejects.toMatchObject({
      status: 401,
      retryable: false,
    });
  });

  it('refuses amounts outside the limits before calling the gateway', async () => {
    const before = emulator.callCount('v2.create');
    await expect(client.createInvoice({ orderId: 'c2-low', amount: 499 })).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    await expect(client.createInvoice({ orderId: 'c2-frac', amount: 1000.5 })).rejects.toBeInstanceOf(
      PakasirError,
    );
    expect(emulator.callCount('v2.create')).toBe(before);
  });

  it('reports expiry from the gateway', async () => {
    const invoice = await client.createInvoice({ orderId: 'c2-expire', amount: 10_000 });
    emulator.expire(invoice.txnId);
    const status = await client.getStatus({ txnId: invoice.txnId, orderId: 'c2-expire', amount: 10_000 });
    expect(status.status).toBe('expired');
  });

  it('returns payment links and VA numbers for those methods', async () => {
    const link = await client.createInvoice({ orderId: 'c2-link', amount: 20_000, method: 'payment_link' });
    expect(link.paymentNumber).toBeNull();
    expect(link.paymentUrl).toBe(`${emulator.baseUrl}/pay-v2/${link.txnId}`);
    const va = await client.createInvoice({ orderId: 'c2-va', amount: 20_000, method: 'bri_va' });
    expect(va.paymentNumber).toMatch(/^\d+$/);
    expect(va.totalPayment).toBe(20_000 + va.fee);
  });
});
