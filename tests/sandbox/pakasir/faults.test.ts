import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import type { PakasirEmulator } from '../../../src/sandbox/pakasir/types.ts';

const SLUG = 'toko-faults';
const API_KEY = 'faults-key';

let emulator: PakasirEmulator;

beforeAll(async () => {
  emulator = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, statusPollWindowMs: 0 });
});
afterAll(() => emulator.close());

function create(orderId: string, signal?: AbortSignal) {
  return fetch(`${emulator.baseUrl}/api/v2/create-transaction/${SLUG}/${orderId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ method: 'qris', amount: 1_000 }),
    ...(signal ? { signal } : {}),
  });
}

describe('fault injection', () => {
  it('fails the next N requests of a route with the chosen status and Retry-After', async () => {
    emulator.resetCalls();
    emulator.failNext(2, { route: 'v2.create', status: 502, retryAfterSeconds: 1 });
    const first = await create('f-1');
    expect(first.status).toBe(502);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await first.json()).toMatchObject({ message: expect.any(String) });
    // Other routes are unaffected.
    expect((await fetch(`${emulator.baseUrl}/api/transactiondetail`)).status).toBe(400);
    expect((await create('f-1')).status).toBe(502);
    expect((await create('f-1')).status).toBe(200);
    expect(emulator.calls()).toMatchObject({ 'v2.create': 3, 'v1.detail': 1 });
  });

  it('fails any route when no route is given, and clears', async () => {
    emulator.failNext(5);
    expect((await create('f-2')).status).toBe(503);
    emulator.clearFaults();
    expect((await create('f-2')).status).toBe(200);
  });

  it('holds requests past the client timeout, then processes them', async () => {
    emulator.hangNext(1, { route: 'v2.create', ms: 400 });
    await expect(create('f-3', AbortSignal.timeout(100))).rejects.toThrow();
    expect(emulator.transaction('f-3')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 450));
    // The slow request still went through, like a gateway that was only late.
    expect(emulator.transaction('f-3')?.status).toBe('pending');
  });

  it('fails every call from startOutage until endOutage', async () => {
    emulator.startOutage({ route: 'v2.create', status: 502 });
    for (let i = 0; i < 4; i++) expect((await create('f-4')).status).toBe(502);
    emulator.endOutage();
    expect((await create('f-4')).status).toBe(200);
  });

  it('answers in a changed shape: renamed field, unknown status, amount as text', async () => {
    const shapes = [
      ['renamed_field', (b: Record<string, unknown>) => b.amount === undefined && b.nominal === 1_000],
      ['unknown_status', (b: Record<string, unknown>) => b.status === 'settled'],
      ['amount_as_string', (b: Record<string, unknown>) => b.amount === '1000'],
      ['amount_formatted', (b: Record<string, unknown>) => b.amount === '1.000'],
    ] as const;
    for (const [change, holds] of shapes) {
      emulator.reshapeNext(1, { route: 'v2.create', change });
      const body = (await (await create('f-5')).json()) as Record<string, unknown>;
      expect(holds(body), change).toBe(true);
    }
    // One answer each: the next is the usual shape again.
    expect(await (await create('f-5')).json()).toMatchObject({ amount: 1_000, status: 'pending' });
  });
});
