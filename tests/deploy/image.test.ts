import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_UID } from '../../src/deploy/provision.ts';
import { startPakasirEmulator } from '../../src/sandbox/pakasir/index.ts';
import type { PakasirEmulator } from '../../src/sandbox/pakasir/types.ts';
import { startTelegramEmulator, type TelegramEmulator } from '../../src/sandbox/telegram/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { BOT_TOKEN, PAKASIR } from '../support/shop.ts';
import { type ReplayedImage, replayDockerfile } from './dockerfile.ts';

/**
 * The image's own steps, replayed in a clean folder (no Docker engine here): copy what the
 * Dockerfile copies, run its RUN lines (`npm ci --omit=dev`), then start its CMD as its USER
 * against the test database and the Telegram emulator. A Dockerfile that copies too little,
 * relies on a devDependency or runs as root fails here.
 */

let dir: string;
let image: ReplayedImage;
let database: TestDatabase;
let telegram: TelegramEmulator;
let pakasir: PakasirEmulator;
let child: ChildProcess | undefined;
let env: NodeJS.ProcessEnv;
let port: number;

const dockerfile = readFileSync('Dockerfile', 'utf8');
const isRoot = process.getuid?.() === 0;
if (!isRoot)
  console.warn('not root: the image replay is skipped (it lays files out with chown, as the build does)');

/** argv run as the image's user: setpriv drops root to its uid/gid, as USER does in the container. */
function asImageUser(argv: string[]): string[] {
  if (!image.user) return argv;
  const { uid, gid } = image.user;
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', ...argv];
}

/**
 * The TCP ports a process listens on, from /proc (PORT=0 lets the app pick a free one, so no
 * other process on this shared machine can take it first).
 */
function listeningPorts(pid: number): number[] {
  const sockets = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) sockets.add(match[1]);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && sockets.has(cols[9] ?? ''))
      .map((cols) => Number.parseInt(cols[1]?.split(':')[1] ?? '', 16)),
  );
}

/** Retries `attempt` until it gives a value, or the process dies (a wait, not a timed assertion). */
async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined> | T | undefined,
  proc: ChildProcess,
  output: () => string,
): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(`the app exited with ${proc.exitCode} before ${what}:\n${output()}`);
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within 90 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One try at /health on the port the app listens on. */
async function health(pid: number): Promise<Response | undefined> {
  const [listening] = listeningPorts(pid);
  if (!listening) return undefined;
  port = listening;
  try {
    return await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
  } catch {
    return undefined; // listening, not answering yet
  }
}

function runHealthcheck(): number | null {
  const [command = '', ...args] = asImageUser(image.healthcheck ?? []);
  // In the container PORT is the port the server listens on; here the app picked it.
  const healthEnv = { ...env, PORT: String(port) };
  return spawnSync(command, args, { env: healthEnv, cwd: image.workdir, stdio: 'ignore', timeout: 60_000 })
    .status;
}

beforeAll(async () => {
  if (!isRoot) return;
  dir = mkdtempSync(join(tmpdir(), 'bao-image-'));
  image = replayDockerfile(dockerfile, {
    context: process.cwd(),
    into: dir,
    // The base image's Node 24 is stood in for by the pinned Node 24 the replay installed.
    node: (workdir) => join(workdir, 'node_modules/.bin/node'),
  });
  // mkdtemp makes a 0700 folder: the image's user must be able to reach its files.
  if (image.user) chownSync(dir, image.user.uid, image.user.gid);
  database = await createTestDatabase();
  telegram = await startTelegramEmulator();
  pakasir = await startPakasirEmulator({ slug: PAKASIR.slug, apiKey: PAKASIR.apiKey, isSandbox: false });
  env = {
    ...image.env,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    DATABASE_URL: database.url,
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    BOT_MODE: 'polling',
    PAKASIR_PROJECT_SLUG: PAKASIR.slug,
    PAKASIR_API_KEY: PAKASIR.apiKey,
    PAKASIR_BASE_URL: pakasir.baseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
  };
}, 300_000);

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await telegram?.close();
  await pakasir?.close();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('the Dockerfile', () => {
  it('builds on the Debian node image of the pinned Node major', () => {
    const pinned = JSON.parse(readFileSync('package.json', 'utf8')).dependencies.node as string;
    expect(image.base).toBe(`node:${pinned.split('.')[0]}-slim`);
  });

  it('runs as an unprivileged user that owns only its data folders', () => {
    expect(image.user).toBeDefined();
    expect(image.user?.uid).not.toBe(0);
    expect(image.user?.uid).toBe(IMAGE_UID);
    expect(image.volumes.map((v) => v.slice(image.workdir.length))).toEqual(['/logs', '/backups', '/.data']);
    for (const volume of image.volumes) expect(statSync(volume).uid).toBe(image.user?.uid);
    expect(statSync(join(image.workdir, 'src/main.ts')).uid).toBe(0);
  });

  it('installs no devDependency', () => {
    const dev = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).devDependencies);
    expect(dev.filter((name) => existsSync(join(image.workdir, 'node_modules', name)))).toEqual([]);
    expect(existsSync(join(image.workdir, 'node_modules/grammy'))).toBe(true);
  });

  it('starts as its user, answers /health with 200, passes its HEALTHCHECK and stops on SIGTERM with 0', async () => {
    let output = '';
    const [command = '', ...args] = asImageUser(image.cmd);
    const proc = spawn(command, args, { cwd: image.workdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    proc.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const pid = proc.pid ?? 0;
    const answer = await waitFor(
      'answer from /health',
      () => health(pid),
      proc,
      () => output,
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'ok', database: { ok: true } });

    // setpriv replaces itself with node: the pid is the app's, as PID 1 is in the container.
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe(String(image.user?.uid));
    expect(runHealthcheck()).toBe(0);

    // src/main.ts installs its SIGTERM handler right after startApp's last line, "bot is running";
    // a SIGTERM before that (even with /health already 200) ends the process by the signal.
    await waitFor(
      '"bot is running" log line',
      () => /bot is running/.test(output) || undefined,
      proc,
      () => output,
    );
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const stopping = Date.now();
    proc.kill(image.stopSignal as NodeJS.Signals);
    expect(await exited).toBe(0);
    console.log(`image replay: ${image.stopSignal} to exit took ${Date.now() - stopping} ms`);
    // Docker marks the container unhealthy once the server is gone.
    expect(runHealthcheck()).toBe(1);
    // The app wrote its logs and its key into the volume folders, as its own user.
    expect(readdirSync(join(image.workdir, 'logs')).length).toBeGreaterThan(0);
    expect(statSync(join(image.workdir, '.data/encryption.key')).uid).toBe(image.user?.uid);
  }, 180_000);
});
