// The single-flight status gate against the Pakasir emulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPakasirClient, type PakasirClient } from '../../src/infra/pakasir/index.ts';
import { StatusGate } from '../../src/payments/status-gate.ts';
import { startPakasirEmulator } from '../../src/sandbox/pakasir/emulator.ts';
import type { PakasirEmulator } from '../../src/sandbox/pakasir/types.ts';
import { eventually } from '../support/runtime.ts';

let emulator: PakasirEmulator;
let client: PakasirClient;
let counter = 0;

beforeAll(async () => {
  emulator = await startPakasirEmulator({ slug: 'gate', apiKey: 'gate-key', statusPollWindowMs: 0 });
  client = createPakasirClient({
    baseUrl: emulator.baseUrl,
    slug: 'gate',
    apiKey: 'gate-key',
    version: 'v2',
    retries: 0,
  });
});
afterAll(() => emulator.close());

async function invoice() {
  counter += 1;
  const created = await client.createInvoice({ orderId: `gate-${counter}`, amount: 20_000 });
  emulator.resetCalls();
  return { txnId: created.txnId, orderId: created.orderId, amount: created.amount };
}

const statusCalls = () => emulator.callCount('v2.status');

describe('StatusGate', () => {
  it('askers at the same time share one query', async () => {
    const ref = await invoice();
    const gate = new StatusGate(client, { intervalMs: 0 });
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => gate.statusSince(ref, now)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill('pending'));
    expect(statusCalls()).toBe(1);
  });

  it('an asker arriving after the query was sent gets the next one, which sees the payment', async () => {
    const ref = await invoice();
    const gate = new StatusGate(client, { intervalMs: 0 });
    emulator.slowNext(1, { route: 'v2.status', ms: 400 });
    const early = gate.statusSince(ref, Date.now());
    await eventually(() => expect(statusCalls()).toBe(1));
    await emulator.simulatePayment(ref.txnId, { webhook: false });
    const late = gate.statusSince(ref, Date.now());
    expect((await early).status).toBe('pending');
    expect((await late).status).toBe('completed');
    expect(statusCalls()).toBe(2);

    // "completed" is final: kept, never asked again.
    expect((await gate.statusSince(ref, Date.now())).status).toBe('completed');
    expect(statusCalls()).toBe(2);
  });

  it('a "completed" from the query in flight answers those who arrived after it was sent', async () => {
    const ref = await invoice();
    await emulator.simulatePayment(ref.txnId, { webhook: false });
    const gate = new StatusGate(client, { intervalMs: 60_000 });
    emulator.slowNext(1, { route: 'v2.status', ms: 300 });
    const first = gate.statusSince(ref, Date.now());
    await eventually(() => expect(statusCalls()).toBe(1));
    const second = gate.statusSince(ref, Date.now());
    expect((await first).status).toBe('completed');
    expect((await second).status).toBe('completed');
    expect(statusCalls()).toBe(1);
  });

  it('waits out the gateway window between two queries, so a flood costs one query a window', async () => {
    const ref = await invoice();
    const windowMs = 250;
    const gate = new StatusGate(client, { intervalMs: windowMs });
    const started = Date.now();
    const asks: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      asks.push(gate.statusSince(ref, Date.now()));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(asks);
    const elapsed = Date.now() - started;
    expect(statusCalls()).toBeGreaterThanOrEqual(2);
    expect(statusCalls()).toBeLessThanOrEqual(Math.ceil(elapsed / windowMs) + 1);
  });

  it('a failed query fails the askers sharing it; the next asker gets a query of its own', async () => {
    const ref = await invoice();
    const gate = new StatusGate(client, { intervalMs: 0 });
    emulator.failNext(1, { route: 'v2.status', status: 503 });
    const now = Date.now();
    const failed = await Promise.allSettled([gate.statusSince(ref, now), gate.statusSince(ref, now)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await gate.statusSince(ref, Date.now())).status).toBe('pending');
    expect(statusCalls()).toBe(2);
  });
});
