import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { receptionPlan } from '../../src/bot/updates.ts';
import { ConfigError, loadConfig } from '../../src/infra/config.ts';
import { startupWarnings } from '../../src/infra/startup-warnings.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

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

  it("keeps broadcasts at Telegram's free limit unless paid broadcasts are on", () => {
    expect(loadConfig({})).toMatchObject({ BROADCAST_RATE: 25, BROADCAST_PAID: false });
    expect(problemsOf({ BROADCAST_RATE: '100' }).join('\n')).toMatch(/BROADCAST_RATE.*BROADCAST_PAID=true/);
    expect(loadConfig({ BROADCAST_RATE: '1000', BROADCAST_PAID: 'true' }).BROADCAST_RATE).toBe(1000);
    expect(problemsOf({ BROADCAST_RATE: '1001', BROADCAST_PAID: 'true' })).toHaveLength(1);
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
  it('names a bad admin id once, and says an https:// address is expected for URLs', () => {
    const problems = problemsOf({
      TELEGRAM_ADMIN_IDS: '@budi',
      PAKASIR_PUBLIC_DOMAIN: 'shop.example.com',
      TELEGRAM_WEBHOOK_URL: 'ftp://shop.example.com/webhooks/telegram',
    });
    const admin = problems.find((p) => p.startsWith('TELEGRAM_ADMIN_IDS'));
    expect(admin).toBe('TELEGRAM_ADMIN_IDS: expected comma-separated numeric user ids; not an id: "@budi"');
    expect(problems).toContain(
      'PAKASIR_PUBLIC_DOMAIN: expected an https:// address such as https://shop.example.com (got "shop.example.com")',
    );
    expect(problems.find((p) => p.startsWith('TELEGRAM_WEBHOOK_URL'))).toContain(
      'expected an https:// address such as https://shop.example.com/webhooks/telegram',
    );
  });

  it('asks webhook mode for TELEGRAM_WEBHOOK_URL, not for PAKASIR_PUBLIC_DOMAIN', () => {
    const problems = problemsOf({ BOT_MODE: 'webhook', PAKASIR_PUBLIC_DOMAIN: 'https://shop.example.com' });
    expect(problems).toEqual([
      expect.stringMatching(/^TELEGRAM_WEBHOOK_URL: required when BOT_MODE=webhook/),
    ]);
    expect(problemsOf({ BOT_MODE: 'webhook', TELEGRAM_WEBHOOK_URL: 'http://shop.example.com/w' })).toEqual([
      'TELEGRAM_WEBHOOK_URL: Telegram only posts to https:// addresses (got "http://shop.example.com/w")',
    ]);
    // A local Bot API server (or the emulator) also posts to plain http.
    expect(() =>
      loadConfig({
        BOT_MODE: 'webhook',
        TELEGRAM_WEBHOOK_URL: 'http://127.0.0.1:8080/webhooks/telegram',
        TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      }),
    ).not.toThrow();
  });

  it('decides the reception plan: auto uses the webhook only with TELEGRAM_WEBHOOK_URL', () => {
    expect(receptionPlan(loadConfig({ PAKASIR_PUBLIC_DOMAIN: 'https://shop.example.com' })).mode).toBe(
      'polling',
    );
    expect(
      receptionPlan(loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://shop.example.com/webhooks/telegram' })),
    ).toMatchObject({ mode: 'webhook', failover: true });
    expect(
      receptionPlan(
        loadConfig({
          BOT_MODE: 'webhook',
          TELEGRAM_WEBHOOK_URL: 'https://shop.example.com/webhooks/telegram',
        }),
      ),
    ).toMatchObject({ mode: 'webhook', failover: false });
    expect(
      receptionPlan(
        loadConfig({
          BOT_MODE: 'polling',
          TELEGRAM_WEBHOOK_URL: 'https://shop.example.com/webhooks/telegram',
        }),
      ).mode,
    ).toBe('polling');
  });

  it('warns at start about an empty TELEGRAM_ADMIN_IDS and a webhook address no longer derived', () => {
    const warnings = startupWarnings(loadConfig({ PAKASIR_PUBLIC_DOMAIN: 'https://shop.example.com' }));
    expect(warnings.join('\n')).toContain('TELEGRAM_ADMIN_IDS is empty: nobody receives paid-order notices');
    expect(warnings.join('\n')).toContain('TELEGRAM_WEBHOOK_URL=https://shop.example.com/webhooks/telegram');
    expect(startupWarnings(loadConfig({ TELEGRAM_ADMIN_IDS: '42' }))).toEqual([]);
  });

  it('takes --mode over BOT_MODE, and explains --help and unknown flags', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['src/main.ts', ...args], {
        env: { ...process.env, DATABASE_URL: '', TELEGRAM_BOT_TOKEN: '', ...env },
        encoding: 'utf8',
      });
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--mode M');
    const unknown = run(['--mdoe', 'polling']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--mdoe'");
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    expect(run(['--mode', 'push']).stderr).toContain('--mode must be polling, webhook or auto, got "push"');
    // The flag wins: BOT_MODE=polling in the environment, --mode webhook asks for its URL.
    const flagged = run(['--mode', 'webhook'], { BOT_MODE: 'polling' });
    expect(flagged.status).toBe(2);
    expect(flagged.stderr).toContain('TELEGRAM_WEBHOOK_URL: required when BOT_MODE=webhook');
  });
});
