import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDockerCompose, resolvedCompose, SKIP_MESSAGE, validateCompose } from './compose-tool.ts';

if (!hasDockerCompose) console.warn(SKIP_MESSAGE);

let dir: string;

/** The top-level compose.yml beside a bot.env made from .env.example, as the README describes. */
function writeBotEnv(extra: string): string {
  const file = join(dir, 'bot.env');
  writeFileSync(file, `${readFileSync('.env.example', 'utf8')}\n${extra}`);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bao-compose-'));
  copyFileSync('compose.yml', join(dir, 'compose.yml'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasDockerCompose)('compose.yml', () => {
  it('is valid once bot.env sets POSTGRES_PASSWORD', () => {
    const env = writeBotEnv('POSTGRES_PASSWORD=0123456789abcdef\n');
    const check = validateCompose(join(dir, 'compose.yml'), env);
    expect(check.stderr).toBe('');
    expect(check.ok).toBe(true);
  });

  it('refuses to resolve without a database password, naming it', () => {
    const env = writeBotEnv('');
    const check = validateCompose(join(dir, 'compose.yml'), env);
    expect(check.ok).toBe(false);
    expect(check.stderr).toContain('set POSTGRES_PASSWORD in bot.env');
  });

  it('runs the bot after a healthy postgres, both restarted always, logs rotated', () => {
    // PORT in bot.env is the app's; inside the container the server always listens on 8080.
    const env = writeBotEnv('POSTGRES_PASSWORD=0123456789abcdef\nBOT_HTTP_PORT=9090\nPORT=3000\n');
    const { services, volumes } = resolvedCompose(join(dir, 'compose.yml'), env);
    const { bot, postgres } = services;
    expect(bot?.restart).toBe('always');
    expect(postgres?.restart).toBe('always');
    expect(bot?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(bot?.ports).toContain('0.0.0.0:9090:8080/tcp');
    // docker-compose config inlines env_file: bot.env's values are the bot's environment.
    expect(bot?.environment).toMatchObject({
      BOT_STORE_NAME: 'Bot Auto Order',
      PORT: '8080',
      HOST: '0.0.0.0',
    });
    expect(bot?.volumes).toEqual(
      expect.arrayContaining([`${dir}/logs:/app/logs:rw`, `${dir}/backups:/app/backups:rw`]),
    );
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(postgres?.ports).toEqual(['127.0.0.1:5433:5432/tcp']);
    expect(postgres?.volumes).toEqual(['postgres-data:/var/lib/postgresql/data:rw']);
    expect(Object.keys(volumes ?? {})).toEqual(expect.arrayContaining(['postgres-data', 'bot-data']));
    for (const service of [bot, postgres]) {
      expect(service?.logging).toEqual({
        driver: 'json-file',
        options: { 'max-size': '10m', 'max-file': '5' },
      });
    }
  });
});
