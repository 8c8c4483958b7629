import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPakasirEmulator } from '../../../src/sandbox/pakasir/emulator.ts';
import { hasValidQrisCrc } from '../../../src/sandbox/pakasir/qris.ts';
import type { PakasirEmulator } from '../../../src/sandbox/pakasir/types.ts';

const SLUG = 'toko-test';
const API_KEY = 'key-123';
const WIB_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/;

let emulator: PakasirEmulator;

beforeAll(async () => {
  emulator = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, statusPollWindowMs: 0 });
});
afterAll(() => emulator.close());

function create(orderId: string, body: unknown, apiKey: string | null = API_KEY, slug = SLUG) {
  return fetch(`${emulator.baseUrl}/api/v2/create-transaction/${slug}/${encodeURIComponent(orderId)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey === null ? {} : { 'x-api-key': apiKey }) },
    body: JSON.stringify(body),
  });
}

function status(txnId: string) {
  return fetch(`${emulator.baseUrl}/api/v2/transaction-status/${SLUG}/${txnId}`, {
    headers: { 'x-api-key': API_KEY },
  });
}

describe('Pakasir emulator, API v2', () => {
  it('creates a QRIS transaction with the documented flat shape', async () => {
    const response = await create('order-shape', { method: 'qris', amount: 99_000 });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      project: SLUG,
      order_id: 'order-shape',
      amount: 99_000,
      fee: 1_003,
      total_payment: 100_003,
      payment_method: 'qris',
      is_sandbox: true,
      status: 'pending',
    });
    expect(body.txn_id).toEqual(expect.any(String));
    expect(body.expired_at).toMatch(WIB_MS);
    expect(hasValidQrisCrc(String(body.qr_string))).toBe(true);
    expect(String(body.qr_string)).toContain('5406100003');
  });

  it('answers VA numbers and payment links for those methods', async () => {
    const va = (await (await create('order-va', { method: 'bni_va', amount: 20_000 })).json()) as Record<
      string,
      unknown
    >;
    expect(va.va_number).toMatch(/^\d{16}$/);
    expect(va.qr_string).toBeUndefined();
    const link = (await (
      await create('order-link', { method: 'payment_link', amount: 20_000 })
    ).json()) as Record<string, unknown>;
    expect(link.payment_link).toBe(`${emulator.baseUrl}/pay-v2/${String(link.txn_id)}`);
    const page = await fetch(String(link.payment_link));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('order-link');
  });

  it('is find-or-create on order_id', async () => {
    const first = (await (await create('order-again', { method: 'qris', amount: 5_000 })).json()) as {
      txn_id: string;
    };
    const second = (await (await create('order-again', { method: 'qris', amount: 5_000 })).json()) as {
      txn_id: string;
    };
    expect(second.txn_id).toBe(first.txn_id);
    const conflict = await create('order-again', { method: 'qris', amount: 6_000 });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ message: expect.stringContaining('order-again') });
  });

  it('rejects a missing or wrong api key, an unknown slug and bad bodies', async () => {
    expect((await create('o1', { method: 'qris', amount: 1_000 }, null)).status).toBe(401);
    const wrongKey = await create('o1', { method: 'qris', amount: 1_000 }, 'nope');
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ message: expect.any(String) });
    expect((await create('o1', { method: 'qris', amount: 1_000 }, API_KEY, 'other-shop')).status).toBe(404);
    expect((await create('o1', { method: 'qris' })).status).toBe(400);
    expect((await create('o1', { method: 'qris', amount: 10.5 })).status).toBe(400);
    expect((await create('o1', { method: 'bitcoin', amount: 1_000 })).status).toBe(400);
  });

  it('enforces the QRIS amount limits', async () => {
    expect((await create('low', { method: 'qris', amount: 499 })).status).toBe(400);
    expect((await create('high', { method: 'qris', amount: 10_000_001 })).status).toBe(400);
    expect((await create('min', { method: 'qris', amount: 500 })).status).toBe(200);
    expect((await create('max', { method: 'qris', amount: 10_000_000 })).status).toBe(200);
  });

  it('reports pending, completed and canceled, and 404 for unknown transactions', async () => {
    const paid = (await (await create('order-paid', { method: 'qris', amount: 10_000 })).json()) as {
      txn_id: string;
    };
    await emulator.simulatePayment(paid.txn_id);
    const paidStatus = (await (await status(paid.txn_id)).json()) as Record<string, unknown>;
    expect(paidStatus.status).toBe('completed');
    expect(paidStatus.completed_at).toMatch(WIB_MS);

    const other = (await (await create('order-cancel', { method: 'qris', amount: 10_000 })).json()) as {
      txn_id: string;
    };
    const cancel = await fetch(`${emulator.baseUrl}/api/v2/cancel-transaction/${SLUG}/${other.txn_id}`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY },
    });
    expect(await cancel.json()).toMatchObject({ status: 'canceled' });
    const cancelPaid = await fetch(`${emulator.baseUrl}/api/v2/cancel-transaction/${SLUG}/${paid.txn_id}`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY },
    });
    expect(cancelPaid.status).toBe(409);
    expect((await status('TXUNKNOWN')).status).toBe(404);
  });

  it('counts calls per route', () => {
    expect(emulator.callCount('v2.create')).toBeGreaterThan(5);
    expect(emulator.calls()['v1.create']).toBe(0);
    expect(emulator.transactions().length).toBeGreaterThan(3);
  });
});

describe('Pakasir emulator, expiry and rate limit', () => {
  it('expires pending transactions after the configured lifetime, on a movable clock', async () => {
    const short = await startPakasirEmulator({
      slug: SLUG,
      apiKey: API_KEY,
      invoiceLifetimeMs: 60_000,
      statusPollWindowMs: 0,
    });
    try {
      const response = await fetch(`${short.baseUrl}/api/v2/create-transaction/${SLUG}/exp-1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ method: 'qris', amount: 1_000 }),
      });
      const body = (await response.json()) as { txn_id: string; expired_at: string };
      expect(Date.parse(body.expired_at) - short.now().getTime()).toBeGreaterThan(59_000);
      expect(short.transaction(body.txn_id)?.status).toBe('pending');
      short.advanceTime(60_001);
      const later = await fetch(`${short.baseUrl}/api/v2/transaction-status/${SLUG}/${body.txn_id}`, {
        headers: { 'x-api-key': API_KEY },
      });
      expect(await later.json()).toMatchObject({ status: 'expired' });
      await expect(short.simulatePayment(body.txn_id)).rejects.toThrow(/expired/);
    } finally {
      await short.close();
    }
  });

  it('answers 429 with Retry-After when one transaction is polled faster than the window', async () => {
    const limited = await startPakasirEmulator({ slug: SLUG, apiKey: API_KEY, statusPollWindowMs: 4_000 });
    try {
      const created = await fetch(`${limited.baseUrl}/api/v2/create-transaction/${SLUG}/poll-1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({ method: 'qris', amount: 1_000 }),
      });
      const { txn_id } = (await created.json()) as { txn_id: string };
      const poll = () =>
        fetch(`${limited.baseUrl}/api/v2/transaction-status/${SLUG}/${txn_id}`, {
          headers: { 'x-api-key': API_KEY },
        });
      expect((await poll()).status).toBe(200);
      const tooSoon = await poll();
      expect(tooSoon.status).toBe(429);
      expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThanOrEqual(3);
      limited.advanceTime(4_000);
      expect((await poll()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
