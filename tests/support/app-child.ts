import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts the app as a separate process (tests/support/app-process.ts), for tests that
 * kill it; `ready` resolves with its URL once it listens, and rejects if it exits first.
 */
export function spawnAppProcess(env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, ['tests/support/app-process.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /READY (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code}: ${stderr}`)));
  });
  return { child, ready };
}
