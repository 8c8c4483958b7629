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
});
