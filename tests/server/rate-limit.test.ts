import { describe, expect, it } from 'vitest';
import { AddressRateLimit, clientKey } from '../../src/server/rate-limit.ts';

describe('AddressRateLimit', () => {
  it('lets a burst through, then about the rate, per address', () => {
    const limit = new AddressRateLimit(60);
    const t0 = 1_000_000;
    for (let i = 0; i < 60; i++) expect(limit.take('198.51.100.1', t0).ok).toBe(true);
    expect(limit.take('198.51.100.1', t0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limit.take('198.51.100.2', t0).ok).toBe(true);
    expect(limit.take('198.51.100.1', t0 + 1_000).ok).toBe(true);
    expect(limit.take('198.51.100.1', t0 + 1_000).ok).toBe(false);
  });

  it('counts an IPv6 client by its /64', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    const limit = new AddressRateLimit(1);
    expect(limit.take('2001:db8:1:2::1').ok).toBe(true);
    expect(limit.take('2001:db8:1:2::2').ok).toBe(false);
  });

  it('forgets the least recently seen addresses past its cap', () => {
    const limit = new AddressRateLimit(10);
    for (let i = 0; i < 50_010; i++) limit.take(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 5_000);
    expect(limit.size).toBe(50_000);
  });
});
