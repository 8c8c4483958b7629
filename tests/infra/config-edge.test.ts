import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/infra/config.ts';

describe('edge settings', () => {
  it('trusts no proxy, limits webhooks and spaces status queries by default', () => {
    const config = loadConfig({});
    expect(config.TRUST_PROXY).toBe(false);
    expect(config.WEBHOOK_RATE_LIMIT_PER_MINUTE).toBe(300);
    expect(config.PAKASIR_STATUS_INTERVAL_MS).toBe(4000);
  });

  it('reads TRUST_PROXY as IPs, CIDRs and proxy-addr names', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual(
      ['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8', 'loopback'],
    );
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      'true',
      '*',
      '10.0.0.1/33',
      '10.0.0.256',
      'proxy.example.com',
      '::1/129',
      '1.2.3.4/8/9',
    ]) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
  });
});
