import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runningPort } from '../../src/infra/embedded-postgres.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bao-pgdata-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sharing the embedded PostgreSQL between commands', () => {
  it('finds the port of a server running on the data directory', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'postmaster.pid'),
      `${process.pid}\n${dir}\n1700000000\n54321\n/tmp\n127.0.0.1\n`,
    );
    expect(runningPort(dir)).toBe(54321);
  });

  it('ignores a missing or stale pid file', () => {
    const dir = tempDir();
    expect(runningPort(dir)).toBeUndefined();
    writeFileSync(join(dir, 'postmaster.pid'), `2147483646\n${dir}\n1700000000\n54321\n`);
    expect(runningPort(dir)).toBeUndefined();
  });
});
