import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { EmbeddedPostgresError, type PostgresHome } from './postgres-home.ts';

/** The server's status from its postmaster.pid: pid, port and the state it reports. */
export function readPidFile(cluster: string): { pid: number; port: number; status: string } | undefined {
  try {
    const lines = readFileSync(path.join(cluster, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]), status: lines[7]?.trim() ?? '' };
  } catch {
    return undefined;
  }
}

/** Whether the process runs; a zombie (exited, its parent gone and not reaping) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // No /proc (macOS): kill(0) is the answer.
  }
}

/** A small environment: PostgreSQL needs none of the bot's settings (some are secrets). */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_MESSAGES: 'C' };
  for (const name of ['PATH', 'TZ', 'LANG']) if (process.env[name]) env[name] = process.env[name];
  return env;
}

function ids(home: PostgresHome) {
  return home.runAs ? { uid: home.runAs.uid, gid: home.runAs.gid } : {};
}

/** Creates a new cluster (UTF-8, password login for user postgres). */
export async function initCluster(home: PostgresHome, password: string, logger?: Logger): Promise<void> {
  const { cluster, runAs } = home;
  mkdirSync(cluster, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(cluster, runAs.uid, runAs.gid);
  // Next to the cluster, where its user can read it; removed once initdb has read it.
  const pwfile = path.join(path.dirname(cluster), `.${path.basename(cluster)}.pw-${process.pid}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
  try {
    const initdb = spawn(
      path.join(home.binaries, 'bin', 'initdb'),
      [
        `--pgdata=${cluster}`,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-locale',
      ],
      { ...ids(home), env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = collect(initdb, logger);
    const code = await new Promise<number | null>((resolve, reject) => {
      initdb.once('error', reject);
      initdb.once('close', resolve);
    }).catch((error: NodeJS.ErrnoException) => {
      throw new EmbeddedPostgresError(`initdb could not run (${error.code ?? error.message})`);
    });
    if (code !== 0) throw new EmbeddedPostgresError(`initdb failed: ${output.tail()}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** Keeps the child's output for the log, and its last lines for an error message. */
function collect(child: ChildProcess, logger?: Logger) {
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      logger?.debug({ postgres: line.trim() }, 'embedded postgres');
      lines.push(line.trim());
      if (lines.length > 5) lines.shift();
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { tail: () => lines.join(' | ') || 'no output' };
}

export interface ServerHandle {
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the server in its own process group, so a Ctrl+C in the terminal reaches the
 * bot, which then stops the server last, after everything that uses it.
 */
export async function startServer(home: PostgresHome, port: number, logger?: Logger): Promise<ServerHandle> {
  const child = spawn(
    path.join(home.binaries, 'bin', 'postgres'),
    [
      '-D',
      home.cluster,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    { ...ids(home), env: serverEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = collect(child, logger);
  let ended: EmbeddedPostgresError | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    ended = new EmbeddedPostgresError(`postgres could not run (${error.code ?? error.message})`);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      ended ??= new EmbeddedPostgresError(`postgres exited: ${output.tail()}`);
      resolve();
    }),
  );
  const deadline = Date.now() + 120_000;
  while (readPidFile(home.cluster)?.status !== 'ready' || readPidFile(home.cluster)?.pid !== child.pid) {
    if (ended) throw ended;
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new EmbeddedPostgresError('postgres did not become ready within 2 minutes');
    }
    await sleep(100);
  }
  const pid = child.pid as number;
  return { pid, stop: () => stopServer(pid, home.cluster, exited) };
}

/**
 * Fast shutdown (clients are disconnected, data is safe), escalated to an immediate one if
 * it hangs. Works for a server this process did not start, too (one left by a killed bot).
 */
export async function stopServer(pid: number, cluster: string, exited?: Promise<void>): Promise<void> {
  if (!isAlive(pid) || readPidFile(cluster)?.pid !== pid) return;
  signal(pid, 'SIGINT');
  const deadline = Date.now() + 8_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) signal(pid, 'SIGQUIT');
    await sleep(50);
  }
  await exited;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
