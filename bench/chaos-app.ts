// The app's own entry point (`src/main.ts`) as a child process, for drills that kill it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The app's own entry point as a child process; resolves once /readyz answers 200. */
export class AppProcess {
  child: ChildProcess | undefined;
  private stderr = '';
  private readonly env: NodeJS.ProcessEnv;
  private readonly cwd: string;
  readonly url: string;
  constructor(env: NodeJS.ProcessEnv, cwd: string, url: string) {
    this.env = env;
    this.cwd = cwd;
    this.url = url;
  }

  async start(): Promise<void> {
    this.stderr = '';
    const child = spawn(process.execPath, [resolve('src/main.ts')], {
      cwd: this.cwd,
      env: this.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<never>((_, fail) =>
      child.once('exit', (code) => fail(new Error(`the app exited with ${code}: ${this.stderr}`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) await exited;
      const ok = await fetch(`${this.url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`the app did not get ready: ${this.stderr}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill(signal);
    // A stop that hangs is a failed stop: it is killed and reported as exit -1.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    return child.signalCode === 'SIGKILL' && signal !== 'SIGKILL' ? -1 : code;
  }
}
