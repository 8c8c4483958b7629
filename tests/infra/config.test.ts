import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/infra/config.ts';

describe('configuration', () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      BOT_TIMEZONE: 'Asia/Jakarta',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      PAKASIR_BASE_URL: 'https://app.pakasir.com',
      PAKASIR_API_VERSION: 'v2',
      PORT: 8080,
      HOST: '0.0.0.0',
      TELEGRAM_ADMIN_IDS: [],
      SNK_RETENTION_DAYS: 30,
    });
  });

  it('parses lists, numbers and booleans', () => {
    const config = loadConfig({ TELEGRAM_ADMIN_IDS: '12, 34', PORT: '9000', ENABLE_OWNER_ALERTS: 'false' });
    expect(config.TELEGRAM_ADMIN_IDS).toEqual([12, 34]);
    expect(config.PORT).toBe(9000);
    expect(config.ENABLE_OWNER_ALERTS).toBe(false);
  });

  it('names every bad variable in one error, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        TELEGRAM_ADMIN_IDS: '1,x',
        BOT_TIMEZONE: 'Mars/Base',
        PAKASIR_API_VERSION: 'v3',
        TELEGRAM_BOT_TOKEN: 'not-a-token-secret-value',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'TELEGRAM_ADMIN_IDS',
      'BOT_TIMEZONE',
      'PAKASIR_API_VERSION',
      'TELEGRAM_BOT_TOKEN',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('not-a-token-secret-value');
  });

  it('shows a bad DATABASE_URL with its password masked, the rest left to check', () => {
    const cases = [
      ['mysql://shop:hunter2-secret@db.local:3306/shop', 'mysql://shop:***@db.local:3306/shop'],
      ['postgres:/shop:p@ss/w0rd@db.local/shop', 'postgres:***@db.local/shop'],
      ['shop:hunter2-secret@db.local/shop', 'shop:***@db.local/shop'],
      [
        'pg://db.local/shop?user=shop&password=hunter2-secret&ssl=true',
        'pg://db.local/shop?user=shop&password=***&ssl=true',
      ],
    ];
    for (const [url, shown] of cases) {
      expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
        `DATABASE_URL: expected a postgres:// connection URL (got "${shown}")`,
      );
    }
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db.local/shop' })).toThrow(
      '(got "mysql://db.local/shop")',
    );
  });

  it('requires the payment gateway settings once a bot token is set', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ' })).toThrow(
      /PAKASIR_PROJECT_SLUG[\s\S]*PAKASIR_API_KEY/,
    );
  });

  it('makes the process exit with code 2 and no stack trace', () => {
    const result = spawnSync(process.execPath, ['src/main.ts'], {
      env: { ...process.env, PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT: expected a whole number from 0 to 65535 (got "abc")');
    expect(result.stderr).toContain('LOG_LEVEL');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('without a bot token, npm start says so and points to the sandbox', () => {
    const result = spawnSync(process.execPath, ['src/main.ts'], {
      env: { ...process.env, TELEGRAM_BOT_TOKEN: '', DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('TELEGRAM_BOT_TOKEN is not set');
    expect(result.stderr).toContain('npm run sandbox');
  });
});
