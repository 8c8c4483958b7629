import { describe, expect, it } from 'vitest';
import { parsePakasirWebhook, verifyWebhookSecret } from '../../../src/infra/pakasir/webhook.ts';

// Captured from the real Pakasir sandbox (see shared/pakasir-api.md).
const CAPTURED_V1 = `{"amount":169950,"order_id":"topup-50-1775420177111-wDQscYsR","project":"oneapi-btz",
 "status":"completed","payment_method":"qris",
 "completed_at":"2026-04-05T20:17:03.889362797Z","is_sandbox":true}`;

describe('parsePakasirWebhook', () => {
  it('parses the captured real sandbox webhook', () => {
    const result = parsePakasirWebhook(JSON.parse(CAPTURED_V1));
    expect(result).toEqual({
      ok: true,
      webhook: {
        version: 'v1',
        txnId: null,
        orderId: 'topup-50-1775420177111-wDQscYsR',
        amount: 169_950,
        status: 'completed',
        project: 'oneapi-btz',
        paymentMethod: 'qris',
        isSandbox: true,
        completedAt: new Date('2026-04-05T20:17:03.889Z'),
      },
    });
  });

  it('accepts the raw body as a string or Buffer', () => {
    expect(parsePakasirWebhook(CAPTURED_V1).ok).toBe(true);
    expect(parsePakasirWebhook(Buffer.from(CAPTURED_V1)).ok).toBe(true);
  });

  it('parses the v2 shape, where project and payment_method may be missing', () => {
    const result = parsePakasirWebhook({
      txn_id: 'TXABC',
      order_id: 'o-9',
      amount: '25000',
      status: 'COMPLETED',
      is_sandbox: false,
      completed_at: '2026-04-05T20:17:03.889+07:00',
    });
    expect(result).toMatchObject({
      ok: true,
      webhook: {
        version: 'v2',
        txnId: 'TXABC',
        amount: 25_000,
        status: 'completed',
        project: null,
        isSandbox: false,
      },
    });
  });

  it('treats a missing is_sandbox as production (v1 production omits it)', () => {
    const body = JSON.parse(CAPTURED_V1) as Record<string, unknown>;
    delete body.is_sandbox;
    const result = parsePakasirWebhook(body);
    expect(result.ok && result.webhook.isSandbox).toBe(false);
  });

  it('lists the problems of malformed bodies', () => {
    expect(parsePakasirWebhook('{not json')).toEqual({ ok: false, problems: ['body is not valid JSON'] });
    expect(parsePakasirWebhook(null)).toEqual({ ok: false, problems: ['body must be a JSON object'] });
    expect(parsePakasirWebhook([1, 2])).toEqual({ ok: false, problems: ['body must be a JSON object'] });
    const bad = parsePakasirWebhook({
      order_id: '',
      amount: 10.5,
      status: 'paid',
      completed_at: 'soon',
      is_sandbox: 'maybe',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const fields = bad.problems.map((problem) => problem.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining(['order_id', 'amount', 'status', 'completed_at', 'is_sandbox']),
    );
    expect(parsePakasirWebhook({}).ok).toBe(false);
  });
});

describe('verifyWebhookSecret', () => {
  it('accepts the exact secret only', () => {
    expect(verifyWebhookSecret('s3cret', 's3cret')).toBe(true);
    expect(verifyWebhookSecret('s3creT', 's3cret')).toBe(false);
  });

  it('is safe with other lengths, arrays, missing headers and an empty secret', () => {
    expect(verifyWebhookSecret('s3cret-and-more', 's3cret')).toBe(false);
    expect(verifyWebhookSecret('', 's3cret')).toBe(false);
    expect(verifyWebhookSecret(undefined, 's3cret')).toBe(false);
    expect(verifyWebhookSecret(['s3cret', 's3cret'], 's3cret')).toBe(false);
    expect(verifyWebhookSecret('', '')).toBe(false);
  });
});

describe('parsePakasirWebhook order ids', () => {
  it('refuses control characters and overlong ids, which must never reach a query', () => {
    const base = { amount: 10_000, status: 'completed' };
    expect(parsePakasirWebhook({ ...base, order_id: 'ORD-\u0000-1' }).ok).toBe(false);
    expect(parsePakasirWebhook({ ...base, order_id: 'ORD-\n1' }).ok).toBe(false);
    expect(parsePakasirWebhook({ ...base, order_id: 'x'.repeat(256) }).ok).toBe(false);
    expect(parsePakasirWebhook({ ...base, order_id: 'ORD-20261201-ABCD' }).ok).toBe(true);
  });

  it('keeps problems short enough to log', () => {
    const result = parsePakasirWebhook({ order_id: 'o', amount: 1, status: 'x'.repeat(10_000) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.every((p) => p.length < 300)).toBe(true);
  });
});
