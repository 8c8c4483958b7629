import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['src/sandbox/telegram/cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('npm run sandbox:telegram', () => {
  it('prints its usage for --help and exits 0', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('usage: npm run sandbox:telegram -- [--port N]');
    expect(result.stderr).toBe('');
  });

  it('names an unknown option, shows the usage and exits 2, without a stack trace', () => {
    const result = run('--prot', '8081');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--prot'");
    expect(result.stderr).toContain('usage:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a port that is not a number', () => {
    const result = run('--port', 'eighty');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a whole number from 0 to 65535, got "eighty"');
  });
});
