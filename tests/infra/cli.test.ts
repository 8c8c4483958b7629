import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl, runStatement } from '../support/server.ts';

// Every short-lived command runs as a child process, the way a seller runs it: the exit
// code and what reaches the terminal are the contract.

const STACK_TRACE = /\n\s+at /;
const name = `bao_cli_${randomBytes(5).toString('hex')}`;
const admin = (statement: string) => runStatement(inject('adminDatabaseUrl'), statement);
const work = mkdtempSync(join(tmpdir(), 'bao-cli-'));

beforeAll(() => admin(`CREATE DATABASE ${name}`));
afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  rmSync(work, { recursive: true, force: true });
});

function npm(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['run', '--silent', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(inject('adminDatabaseUrl'), name),
      LOG_DIR: join(work, 'logs'),
      DATA_DIR: join(work, 'data'),
      INIT_CWD: process.cwd(),
      ...env,
    },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function logLines(service: string): string[] {
  const dir = join(work, 'logs', service);
  return readdirSync(dir).flatMap((file) =>
    readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean),
  );
}

describe('npm run migrate', () => {
  it('migrates a new database, then finds it up to date, and exits 0 both times', () => {
    const first = npm(['migrate']);
    expect(first.stderr).not.toMatch(STACK_TRACE);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migrations?: 0001_actor_runtime/);

    const again = npm(['migrate']);
    expect(again.stderr).not.toMatch(STACK_TRACE);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('The database is up to date');

    const messages = logLines('migrate').map((line) => JSON.parse(line).msg);
    expect(messages).toContain('migrations applied');
    expect(messages).toContain('database is up to date');
  });

  it('answers bad input with one line and exit code 2', () => {
    const extra = npm(['migrate', '--', 'now']);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toContain('Usage: npm run migrate');
    expect(extra.stderr).not.toMatch(STACK_TRACE);

    const badUrl = npm(['migrate'], { DATABASE_URL: 'mysql://shop:hunter2-secret@db.local/shop' });
    expect(badUrl.status).toBe(2);
    expect(badUrl.stderr).toContain('DATABASE_URL: expected a postgres:// connection URL');
    expect(badUrl.stderr).toContain('db.local');
    expect(badUrl.stderr).not.toContain('hunter2-secret');
    expect(badUrl.stderr).not.toMatch(STACK_TRACE);
  });

  it('says in one line when the database cannot be reached, exit code 1', () => {
    const result = npm(['migrate'], { DATABASE_URL: 'postgres://postgres:pw-not-shown@127.0.0.1:1/none' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^migrate failed: .*ECONNREFUSED/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain('pw-not-shown');
  });

  it('keeps working when the log directory cannot be created: logs go to stderr', () => {
    const blocked = join(work, 'not-a-dir');
    writeFileSync(blocked, 'a file where the log directory should be\n');
    const result = npm(['migrate'], { LOG_DIR: join(blocked, 'logs') });
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('The database is up to date');
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ level: 50, msg: 'cannot write the log file; logging here instead' });
    expect(lines.map((line) => line.msg)).toContain('database is up to date');
  });
});

describe('npm run catalog:import', () => {
  it('imports the example catalog and exits 0', () => {
    const result = npm(['catalog:import', '--', 'examples/catalog.json']);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Catalog imported:');
    expect(logLines('catalog').map((line) => JSON.parse(line).msg)).toContain('catalog imported');
  });

  it('answers bad input with a clear message and exit code 2', () => {
    const notJson = join(work, 'catalog.txt');
    writeFileSync(notJson, 'categories: none\n');
    const rejected = join(work, 'rejected.json');
    writeFileSync(rejected, JSON.stringify({ products: [{ code: 'X' }] }));
    const cases: [string[], RegExp][] = [
      [[], /Usage: npm run catalog:import -- path\/to\/catalog.json/],
      [[join(work, 'missing.json')], /File not found: .*missing.json/],
      [[work], /is a directory, not a JSON file/],
      [[notJson], /is not valid JSON/],
      [[rejected], /The catalog was not imported \(nothing was changed\)/],
    ];
    for (const [args, message] of cases) {
      const result = npm(['catalog:import', '--', ...args]);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(result.status).toBe(2);
    }
  });
});
