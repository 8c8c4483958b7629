import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, removeEmbeddedData } from '../../src/infra/embedded-postgres.ts';
import { isAlive, readPidFile, stopServer } from '../../src/infra/postgres-process.ts';
import { startTelegramEmulator, type TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { eventually } from '../support/runtime.ts';
import { BOT_TOKEN, PAKASIR } from '../support/shop.ts';

const repo = process.cwd();
let telegram: TelegramEmulator;
// mkdtemp makes a directory only its owner can enter, like /root.
const root = mkdtempSync(join(tmpdir(), 'bao-signals-'));
const running: ChildProcess[] = [];

/**
 * A package whose `start` and `sandbox` scripts are the project's own, run from here so
 * that the sandbox's data, the logs and any .env are this test's; `node` is the one
 * running the tests (npm would find the machine's older one first).
 */
function scratchPackage(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const { scripts } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  // `node [--flag…] src/x.ts` → this Node with the same flags on the repository's file.
  const local = (script = '') =>
    script.replace(/node ((?:--\S+ )*)src\//, `"${process.execPath}" $1"${repo}/src/`);
  const pick = ['start', 'sandbox'].map((s) => [s, local(scripts[s]).replace(/\.ts$/, '.ts"')]);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, private: true, scripts: Object.fromEntries(pick) }),
  );
  return dir;
}

/** `npm run <script>` leading its own process group, as a terminal starts it. */
function npmRun(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn('npm', ['run', script], { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exit = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(`${code ?? signal}`)),
  );
  return { child, exit, output: () => output };
}

/** Log lines (pino JSON) at error level or above, from stdout and the log files. */
function errorLines(text: string, logDir: string): string[] {
  const files = readdirSync(logDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  return [text, ...files]
    .join('\n')
    .split('\n')
    .filter((line) => {
      try {
        return (JSON.parse(line) as { level?: number }).level! >= 50;
      } catch {
        return /Error|Unhandled/.test(line);
      }
    });
}

/** The embedded server's pid once it is up (its postmaster.pid is read through the data link). */
function serverPid(cluster: string): number {
  const status = readPidFile(cluster);
  expect(status?.status).toBe('ready');
  return status!.pid;
}

beforeAll(async () => {
  telegram = await startTelegramEmulator();
});

afterAll(async () => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(-child.pid, 'SIGKILL');
  await telegram?.close();
  for (const name of readdirSync(root)) {
    for (const data of [
      join(root, name, 'data', 'postgres'),
      join(root, name, '.data', 'sandbox', 'postgres'),
    ]) {
      // A failed test can leave its server running: it is in its own process group.
      const server = readPidFile(data);
      if (server) await stopServer(server.pid, data);
      removeEmbeddedData(data);
    }
  }
  rmSync(root, { recursive: true, force: true });
});

describe('stopping by signal with the embedded PostgreSQL', () => {
  for (const [signal, group] of [
    ['SIGINT', true],
    ['SIGTERM', false],
  ] as const) {
    it(`npm start stops cleanly on ${signal}${group ? ' sent to its whole process group (Ctrl+C)' : ''}`, async () => {
      const dir = scratchPackage(`start-${signal.toLowerCase()}`);
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        BOT_MODE: 'polling',
        PAKASIR_PROJECT_SLUG: PAKASIR.slug,
        PAKASIR_API_KEY: PAKASIR.apiKey,
        DATA_DIR: join(dir, 'data'),
        LOG_DIR: join(dir, 'logs'),
        HOST: '127.0.0.1',
        PORT: String(port),
      };
      const app = npmRun('start', dir, env);
      await eventually(async () => {
        if (app.child.exitCode !== null) throw new Error(`npm start exited:\n${app.output()}`);
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      }, 90_000);
      const pid = serverPid(join(dir, 'data', 'postgres'));

      process.kill(group ? -app.child.pid! : app.child.pid!, signal);
      expect(await app.exit, app.output()).toBe('0');
      expect(errorLines(app.output(), join(dir, 'logs'))).toEqual([]);
      expect(readPidFile(join(dir, 'data', 'postgres'))).toBeUndefined();
      expect(isAlive(pid)).toBe(false);
    });
  }

  it('npm run sandbox stops cleanly on Ctrl+C sent to its whole process group', async () => {
    const dir = scratchPackage('sandbox');
    const sandbox = npmRun('sandbox', dir, { PATH: process.env.PATH, HOME: process.env.HOME });
    await eventually(() => {
      if (sandbox.child.exitCode !== null) throw new Error(`npm run sandbox exited:\n${sandbox.output()}`);
      expect(sandbox.output()).toContain('📝 Log:');
    }, 90_000);
    const cluster = join(dir, '.data', 'sandbox', 'postgres');
    const pid = serverPid(cluster);

    process.kill(-sandbox.child.pid!, 'SIGINT');
    expect(await sandbox.exit, sandbox.output()).toBe('0');
    expect(errorLines(sandbox.output(), join(dir, 'logs'))).toEqual([]);
    expect(readPidFile(cluster)).toBeUndefined();
    expect(isAlive(pid)).toBe(false);
  });
});
