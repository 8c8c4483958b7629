import { describe, expect, it } from 'vitest';
import { depositIdFor, newDepositId, newOrderId } from '../../src/shop/ids.ts';

describe('ids', () => {
  it('order and deposit ids are short, unambiguous and unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newOrderId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^INV\d{6}[2-9A-HJ-NP-Z]{6}$/);
    expect(newDepositId()).toMatch(/^DEP\d{6}[2-9A-HJ-NP-Z]{6}$/);
  });

  it("dates ids by the shop's calendar day, not UTC's", () => {
    // 02:38 WIB on 2 December 2026 is still 1 December in UTC.
    const now = new Date('2026-12-01T19:38:00Z');
    expect(newOrderId('Asia/Jakarta', now)).toMatch(/^INV261202/);
    expect(newDepositId('Asia/Jakarta', now)).toMatch(/^DEP261202/);
    expect(newOrderId('UTC', now)).toMatch(/^INV261201/);
  });

  it('names the same deposit for the same request, and another for another', () => {
    expect(depositIdFor('msg:42:7:1795000000')).toBe(depositIdFor('msg:42:7:1795000000'));
    expect(depositIdFor('msg:42:7:1795000000')).not.toBe(depositIdFor('msg:42:8:1795000001'));
    expect(depositIdFor('cb:123')).toMatch(/^DEP[2-9A-HJ-NP-Z]{12}$/);
  });
});
