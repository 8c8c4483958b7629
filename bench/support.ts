import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { removeEmbeddedData, startEmbeddedPostgres } from '../src/infra/embedded-postgres.ts';

/** A throwaway database on DATABASE_URL's server, or on an embedded one when unset. */
export async function benchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-pg-`));
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
    serverUrl = embedded.url;
    stopServer = async () => {
      await embedded.stop();
      removeEmbeddedData(dir);
    };
  }
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await stopServer();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `count` tasks with `concurrency` workers; returns each task's latency in ms and the wall time. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<{ latencies: number[]; seconds: number; cpu: CpuShare }> {
  const latencies: number[] = new Array(count);
  let next = 0;
  const cpu = measureCpu();
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      await task(i);
      latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { latencies: latencies.sort((a, b) => a - b), seconds, cpu: cpu.stop() };
}

/** Busy cores over a span: this process's and the whole machine's (from /proc/stat). */
export interface CpuShare {
  process: number;
  machine: number;
}

function machineTicks(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Starts measuring; `stop()` gives the busy cores since (machine 0 where /proc is absent). */
export function measureCpu(): { stop(): CpuShare } {
  const usage = process.cpuUsage();
  const ticks = machineTicks();
  const started = performance.now();
  return {
    stop: () => {
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(usage);
      const after = machineTicks();
      const cores = cpus().length;
      const machine =
        after.total > ticks.total ? ((after.busy - ticks.busy) / (after.total - ticks.total)) * cores : 0;
      return { process: round((used.user + used.system) / 1e6 / seconds, 2), machine: round(machine, 2) };
    },
  };
}

/** A process's name in the figures; Node names its main thread "MainThread". */
function commandName(pid: number, comm: string): string {
  if (pid === process.pid) return 'this process';
  if (comm === 'MainThread') return 'node';
  return comm.startsWith('kworker/') ? 'kernel workers' : comm;
}

/** CPU seconds used so far by each running process, by command name (empty without /proc). */
function cpuSecondsByCommand(): Map<string, number> {
  const byCommand = new Map<string, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return byCommand;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state …": utime and stime are fields 14 and 15, in clock ticks (100/s).
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = commandName(Number(pid), comm);
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      byCommand.set(name, (byCommand.get(name) ?? 0) + seconds);
    } catch {
      // The process ended meanwhile.
    }
  }
  return byCommand;
}

/** Starts counting; `stop()` gives the CPU seconds each command used since, most first. */
export function measureCpuByCommand(): { stop(): [string, number][] } {
  const before = cpuSecondsByCommand();
  return {
    stop: () =>
      [...cpuSecondsByCommand()]
        .map(([name, seconds]): [string, number] => [name, round(seconds - (before.get(name) ?? 0), 2)])
        .filter(([, seconds]) => seconds > 0)
        .sort((a, b) => b[1] - a[1]),
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The machine's 1-minute load average: the figures only mean something next to it. */
export const loadAverage = () => round(loadavg()[0] ?? 0, 2);

/** Starts the V8 CPU profiler in this process; `stop(file)` writes a .cpuprofile of what ran since. */
export async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
