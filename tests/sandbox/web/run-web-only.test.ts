import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

const RUN = fileURLToPath(new URL('../../../src/sandbox/run.ts', import.meta.url));

describe('npm run sandbox -- --web-only', () => {
  let database: TestDatabase;
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'bao-webonly-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the web chat without a terminal chat and stops on SIGTERM', async () => {
    // Runs in a scratch directory: the sandbox keeps its data and logs under the working directory.
    child = spawn(process.execPath, [RUN, '--web-only', '--web-port', '0'], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

    const url = await new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = /web chat: (http:\/\/\S+\/chat)/.exec(output);
        // The inspector's line is a write of its own, right after the chat's.
        if (match?.[1] && output.includes('/inspect')) resolve(match[1]);
      };
      child?.stdout?.on('data', check);
      void exited.then((code) =>
        reject(new Error(`the sandbox exited (${code}) before serving:\n${output}`)),
      );
    });
    expect(output).toContain('/inspect');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="persona"');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses flags that leave nothing to chat with', async () => {
    const refused = spawn(process.execPath, [RUN, '--web-only', '--no-web'], { cwd: dir, stdio: 'pipe' });
    let errors = '';
    refused.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => refused.once('exit', resolve));
    expect(code).toBe(2);
    expect(errors).toContain('Usage: npm run sandbox');
  });
});
