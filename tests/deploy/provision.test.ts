import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envKeys, readEnv } from '../../src/deploy/env-file.ts';
import { ConfigError, loadConfig } from '../../src/infra/config.ts';
import { hasDockerCompose, resolvedCompose, SKIP_MESSAGE, validateCompose } from './compose-tool.ts';

if (!hasDockerCompose) console.warn(SKIP_MESSAGE);

let out: string;

/** `npm run provision -- ...args` as a seller runs it (the CLI itself, in its own process). */
function provision(...args: string[]) {
  const run = spawnSync(process.execPath, ['src/deploy/provision-cli.ts', ...args, '--out', out], {
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const folder = (name: string) => join(out, name);
const botEnv = (name: string) => readFileSync(join(folder(name), 'bot.env'), 'utf8');

/** What the seller types in place of each CHANGE_ME. */
const SELLER_VALUES: Record<string, string> = {
  TELEGRAM_BOT_TOKEN: '7000000001:AAH-test-token-for-the-shop-bot-0001',
  TELEGRAM_ADMIN_IDS: '9001',
  PAKASIR_PROJECT_SLUG: 'tokosaya',
  PAKASIR_API_KEY: 'pk_live_0123456789abcdef',
  PAKASIR_PUBLIC_DOMAIN: 'https://shop.example.com',
};

function fillPlaceholders(text: string): string {
  return text.replace(/^([A-Z_]+)=CHANGE_ME$/gm, (line, key: string) =>
    SELLER_VALUES[key] ? `${key}=${SELLER_VALUES[key]}` : line,
  );
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'bao-provision-'));
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run provision -- myshop qris', () => {
  let result: ReturnType<typeof provision>;
  beforeAll(() => {
    result = provision('myshop', 'qris');
  });

  it('creates the tenant folder with every file and folder', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('bot-myshop-qris');
    const dir = folder('bot-myshop-qris');
    for (const sub of ['logs', 'backups/local', 'backups/offsite']) {
      expect(statSync(join(dir, sub)).isDirectory()).toBe(true);
    }
    expect(readFileSync(join(dir, 'compose.yml'), 'utf8')).toBe(readFileSync('compose.yml', 'utf8'));
    expect(readFileSync(join(dir, 'README_TENANT.md'), 'utf8')).toContain('./run.sh');
    expect(statSync(join(dir, 'bot.env')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'run.sh')).mode & 0o111).not.toBe(0);
  });

  it('writes every variable of .env.example, secrets generated, the rest left for the seller', () => {
    const text = botEnv('bot-myshop-qris');
    const env = readEnv(text);
    for (const key of envKeys(readFileSync('.env.example', 'utf8'))) expect(env).toHaveProperty(key);
    expect(env.DATA_ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(env.TELEGRAM_WEBHOOK_SECRET).toMatch(/^[\w-]{40,}$/);
    expect(env.PAKASIR_WEBHOOK_SECRET).toMatch(/^[\w-]{40,}$/);
    expect(env.POSTGRES_DB).toBe('db_myshop');
    expect(env.DATABASE_URL).toBe(`postgres://bot:${env.POSTGRES_PASSWORD}@postgres:5432/db_myshop`);
    expect(Object.keys(SELLER_VALUES).every((key) => env[key] === 'CHANGE_ME')).toBe(true);
  });

  it("passes the app's own config validation once the placeholders are filled", () => {
    const text = botEnv('bot-myshop-qris');
    expect(() => loadConfig(readEnv(text))).toThrow(ConfigError);
    const config = loadConfig(readEnv(fillPlaceholders(text)));
    expect(config.TELEGRAM_BOT_TOKEN).toBe(SELLER_VALUES.TELEGRAM_BOT_TOKEN);
    expect(config.TELEGRAM_ADMIN_IDS).toEqual([9001]);
    expect(config.DATABASE_URL).toContain('@postgres:5432/db_myshop');
    expect(config.BOT_STORE_NAME).toBe('myshop');
  });

  it.skipIf(!hasDockerCompose)('has a compose.yml that validates with its bot.env, on its own ports', () => {
    const dir = folder('bot-myshop-qris');
    const check = validateCompose(join(dir, 'compose.yml'), join(dir, 'bot.env'));
    expect(check.stderr).toBe('');
    expect(check.ok).toBe(true);
    const { services } = resolvedCompose(join(dir, 'compose.yml'), join(dir, 'bot.env'));
    expect(services.bot?.ports).toEqual(['0.0.0.0:8080:8080/tcp']);
    expect(services.bot?.build?.context).toBe(process.cwd());
    expect(services.postgres?.ports).toEqual(['127.0.0.1:5433:5432/tcp']);
    expect(services.postgres?.environment).toMatchObject({ POSTGRES_DB: 'db_myshop', POSTGRES_USER: 'bot' });
  });

  it('has a run.sh that refuses to start while placeholders are left', () => {
    const script = join(folder('bot-myshop-qris'), 'run.sh');
    expect(spawnSync('sh', ['-n', script]).status).toBe(0);
    const run = spawnSync('sh', [script], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('placeholders');
    expect(run.stderr).toContain('TELEGRAM_BOT_TOKEN');
  });
});

describe('several tenants on one host', () => {
  it('gives the next tenant its own ports, database and secrets', () => {
    const second = provision('toko-kedua');
    expect(second.code).toBe(0);
    const first = readEnv(botEnv('bot-myshop-qris'));
    const env = readEnv(botEnv('bot-toko-kedua-qris'));
    expect(env.BOT_HTTP_PORT).toBe('8081');
    expect(env.POSTGRES_HOST_PORT).toBe('5434');
    expect(env.POSTGRES_DB).toBe('db_toko_kedua');
    for (const key of ['DATA_ENCRYPTION_KEY', 'POSTGRES_PASSWORD', 'PAKASIR_WEBHOOK_SECRET']) {
      expect(env[key]).not.toBe(first[key]);
    }
  });

  it('takes ports by option, and refuses one another tenant has', () => {
    const chosen = provision('ketiga', '--port', '9100', '--db-port', '6100');
    expect(chosen.code).toBe(0);
    expect(readEnv(botEnv('bot-ketiga-qris'))).toMatchObject({
      BOT_HTTP_PORT: '9100',
      POSTGRES_HOST_PORT: '6100',
    });
    const taken = provision('keempat', '--port', '8080');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('Port 8080 (--port) is already used by bot-myshop-qris');
    expect(existsSync(folder('bot-keempat-qris'))).toBe(false);
  });
});

describe('bad input', () => {
  it.each([
    [['My_Shop'], 'is not a valid slug'],
    [['shop-'], 'is not a valid slug'],
    [['s'.repeat(33)], 'is not a valid slug'],
    [['shop', 'paypal'], 'supported: qris'],
    [['shop', '--port', 'eighty'], '--port expects a port number'],
    [['shop', '--port', '70000'], 'from 1 to 65535'],
    [[], 'Which store?'],
  ])('%j exits 2 with a clear message and writes nothing', (args, message) => {
    const run = provision(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(folder('bot-shop-qris'))).toBe(false);
    expect(existsSync(folder('bot-shop-paypal'))).toBe(false);
  });

  it('refuses an existing folder without --force, and leaves it as it was', () => {
    const before = botEnv('bot-myshop-qris');
    const again = provision('myshop', 'qris');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(botEnv('bot-myshop-qris')).toBe(before);
  });
});

describe('--force on an existing tenant', () => {
  it("refreshes the files and keeps every value of the seller's bot.env", () => {
    const dir = folder('bot-myshop-qris');
    // The seller filled the token and set a variable of their own; an older file lacked LOG_RETENTION_DAYS.
    const edited = `${fillPlaceholders(botEnv('bot-myshop-qris')).replace(/^LOG_RETENTION_DAYS=.*\n/m, '')}MY_NOTE=keep me\n`;
    writeFileSync(join(dir, 'bot.env'), edited);
    rmSync(join(dir, 'run.sh'));
    const refreshed = provision('myshop', '--force');
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('Refreshed');
    expect(existsSync(join(dir, 'run.sh'))).toBe(true);
    const before = readEnv(edited);
    const after = readEnv(botEnv('bot-myshop-qris'));
    for (const [key, value] of Object.entries(before)) expect(after[key]).toBe(value);
    expect(after.LOG_RETENTION_DAYS).toBe('14');
    expect(readFileSync(join(dir, 'bot.env.previous'), 'utf8')).toBe(edited);
  });
});
