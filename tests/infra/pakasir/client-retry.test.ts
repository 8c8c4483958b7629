import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPakasirClient } from '../../../src/infra/pakasir/client.ts';
import { PakasirError } from '../../../src/infra/pakasir/errors.ts';
import { parseRetryAfter } from '../../../src/infra/pakasir/http.ts';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import type { PakasirEmulator } from '../../../src/sandbox/pakasir/types.ts';

const SLUG = 'toko-retry';
const API_KEY = 'retry-key';

let emulator: PakasirEmulator;

beforeAll(async () => {
  emulator = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, statusPollWindowMs: 300 });
});
afterAll(() => emulator.close());

function makeClient(
  overrides: {
    timeoutMs?: number;
    retries?: number;
    maxRetryAfterMs?: number;
    retryBaseDelayMs?: number;
  } = {},
) {
  return createPakasirClient({
    baseUrl: emulator.baseUrl,
    slug: SLUG,
    apiKey: API_KEY,
    version: 'v2',
    timeoutMs: 1_000,
    retries: 3,
    retryBaseDelayMs: 10,
    ...overrides,
  });
}

describe('retries', () => {
  it('retries 5xx answers and then succeeds', async () => {
    emulator.resetCalls();
    emulator.failNext(2, { route: 'v2.create', status: 502 });
    const invoice = await makeClient().createInvoice({ orderId: 'r-5xx', amount: 10_000 });
    expect(invoice.orderId).toBe('r-5xx');
    expect(emulator.callCount('v2.create')).toBe(3);
  });

  it("stops waiting for the next attempt once the caller's signal aborts", async () => {
    emulator.resetCalls();
    emulator.failNext(10, { route: 'v2.create', status: 503 });
    const error = await makeClient({ retryBaseDelayMs: 60_000 })
      .createInvoice({ orderId: 'r-abort', amount: 10_000 }, { signal: AbortSignal.timeout(300) })
      .catch((e: unknown) => e);
    emulator.clearFaults();
    expect(error).toBeInstanceOf(DOMException);
    expect(emulator.callCount('v2.create')).toBe(1);
  });

  it('gives up after the configured retries with a retryable error', async () => {
    emulator.resetCalls();
    emulator.failNext(10, { route: 'v2.create', status: 503 });
    const error = await makeClient({ retries: 2 })
      .createInvoice({ orderId: 'r-down', amount: 10_000 })
      .catch((e: unknown) => e);
    emulator.clearFaults();
    expect(error).toBeInstanceOf(PakasirError);
    expect(error).toMatchObject({ kind: 'http', status: 503, retryable: true, attempts: 3 });
    expect(emulator.callCount('v2.create')).toBe(3);
  });

  it('does not retry a plain 500', async () => {
    emulator.resetCalls();
    emulator.failNext(1, { route: 'v2.create', status: 500 });
    await expect(makeClient().createInvoice({ orderId: 'r-500', amount: 10_000 })).rejects.toMatchObject({
      status: 500,
      retryable: false,
    });
    expect(emulator.callCount('v2.create')).toBe(1);
  });

  it('times out each attempt and fails after the retries', async () => {
    emulator.resetCalls();
    emulator.hangNext(3, { route: 'v2.create', ms: 1_000 });
    const started = Date.now();
    const error = await makeClient({ timeoutMs: 150, retries: 2 })
      .createInvoice({ orderId: 'r-slow', amount: 10_000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', status: null, retryable: true, attempts: 3 });
    expect(emulator.callCount('v2.create')).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150);
  });

  it('survives one timeout thanks to find-or-create', async () => {
    emulator.hangNext(1, { route: 'v2.create', ms: 300 });
    const invoice = await makeClient({ timeoutMs: 150 }).createInvoice({ orderId: 'r-once', amount: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(emulator.transaction('r-once')?.txnId).toBe(invoice.txnId);
    expect(emulator.transactions().filter((t) => t.orderId === 'r-once')).toHaveLength(1);
  });

  it('honours Retry-After when polling faster than the gateway allows', async () => {
    const client = makeClient();
    const invoice = await client.createInvoice({ orderId: 'r-poll', amount: 10_000 });
    const ref = { txnId: invoice.txnId, orderId: invoice.orderId, amount: invoice.amount };
    emulator.resetCalls();
    await client.getStatus(ref);
    const started = Date.now();
    const status = await client.getStatus(ref);
    expect(status.status).toBe('pending');
    // One 429 with Retry-After: 1, then success: the client waited the full second.
    expect(emulator.callCount('v2.status')).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After longer than allowed', async () => {
    emulator.failNext(1, { route: 'v2.status', status: 429, retryAfterSeconds: 120 });
    const invoice = await makeClient().createInvoice({ orderId: 'r-long', amount: 10_000 });
    const started = Date.now();
    await expect(
      makeClient({ maxRetryAfterMs: 5_000 }).getStatus({
        txnId: invoice.txnId,
        orderId: 'r-long',
        amount: 10_000,
      }),
    ).rejects.toMatchObject({ status: 429, retryable: true, attempts: 1 });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('reports network errors as retryable', async () => {
    const client = createPakasirClient({
      baseUrl: 'http://127.0.0.1:9',
      slug: SLUG,
      apiKey: API_KEY,
      version: 'v2',
      retries: 1,
      retryBaseDelayMs: 5,
    });
    await expect(client.createInvoice({ orderId: 'r-net', amount: 10_000 })).rejects.toMatchObject({
      kind: 'network',
      retryable: true,
      attempts: 2,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-04-05T10:00:00Z');
    expect(parseRetryAfter('Sun, 05 Apr 2026 10:00:02 GMT', now)).toBe(2_000);
  });
});
