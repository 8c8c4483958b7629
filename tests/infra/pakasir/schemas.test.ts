import { describe, expect, it } from 'vitest';
import { v1DetailSchema, v2TransactionSchema } from '../../../src/infra/pakasir/schemas.ts';

describe('response schemas', () => {
  it('tolerates digit strings, status spellings and both timestamp formats', () => {
    const parsed = v2TransactionSchema.parse({
      txn_id: 'TX1',
      order_id: 'o-1',
      amount: '99000',
      fee: '1003',
      total_payment: 100003,
      status: 'Cancelled',
      expired_at: '2026-04-05T20:47:03.889+07:00',
      completed_at: '2026-04-05T13:20:00.123456789Z',
      is_sandbox: 'true',
      unknown_field: 1,
    });
    expect(parsed).toMatchObject({ amount: 99_000, fee: 1_003, status: 'canceled', is_sandbox: true });
    expect(parsed.expired_at?.toISOString()).toBe('2026-04-05T13:47:03.889Z');
    expect(parsed.completed_at?.toISOString()).toBe('2026-04-05T13:20:00.123Z');
  });

  it('normalizes every status in any case', () => {
    for (const [raw, status] of [
      ['PENDING', 'pending'],
      ['Completed', 'completed'],
      ['canceled', 'canceled'],
      ['CANCELLED', 'canceled'],
      ['expired', 'expired'],
    ] as const) {
      const parsed = v1DetailSchema.parse({ transaction: { amount: 1, order_id: 'o', status: raw } });
      expect(parsed.transaction.status).toBe(status);
    }
  });

  it('treats a null or empty completed_at as not paid and rejects unknown statuses', () => {
    const base = { amount: 1000, order_id: 'o', status: 'pending' };
    expect(
      v1DetailSchema.parse({ transaction: { ...base, completed_at: null } }).transaction.completed_at,
    ).toBeNull();
    expect(
      v1DetailSchema.parse({ transaction: { ...base, completed_at: '' } }).transaction.completed_at,
    ).toBeNull();
    expect(v1DetailSchema.safeParse({ transaction: { ...base, status: 'refunded' } }).success).toBe(false);
    expect(v1DetailSchema.safeParse({ transaction: { ...base, amount: '10.5' } }).success).toBe(false);
  });
});
