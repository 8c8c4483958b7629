import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type EmbeddedDatabase,
  removeEmbeddedData,
  runningPort,
  startEmbeddedPostgres,
} from '../../src/infra/embedded-postgres.ts';
import { isAlive, readPidFile } from '../../src/infra/postgres-process.ts';

// A clone under /root or a `mktemp -d` folder: a parent directory others cannot enter.
const parent = mkdtempSync(join(tmpdir(), 'bao-private-'));
const dataDir = join(parent, 'data', 'postgres');
const started: EmbeddedDatabase[] = [];

afterAll(async () => {
  for (const database of started) await database.stop();
  removeEmbeddedData(dataDir);
  rmSync(parent, { recursive: true, force: true });
});

async function query(url: string, statement: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

async function start(): Promise<EmbeddedDatabase> {
  const database = await startEmbeddedPostgres({ dataDir });
  started.push(database);
  return database;
}

/** The server's pid, then (after `stop`) whether it is gone with its pid file. */
async function stopsCleanly(database: EmbeddedDatabase): Promise<void> {
  const server = readPidFile(dataDir);
  expect(server && isAlive(server.pid)).toBe(true);
  await database.stop();
  expect(readPidFile(dataDir)).toBeUndefined();
  expect(isAlive(server?.pid ?? 0)).toBe(false);
}

describe('the embedded PostgreSQL in a private directory', () => {
  it('starts, keeps its data across restarts and stops', async () => {
    expect(statSync(parent).mode & 0o077).toBe(0);
    const first = await start();
    await query(first.url, 'CREATE TABLE kept (note text)');
    await query(first.url, "INSERT INTO kept VALUES ('still here')");
    await stopsCleanly(first);

    const second = await start();
    expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
    await stopsCleanly(second);
  });

  it('is shared with a command started while it runs, which leaves it running', async () => {
    const owner = await start();
    const port = runningPort(dataDir);
    const command = await startEmbeddedPostgres({ dataDir });
    expect(new URL(command.url).port).toBe(String(port));
    await command.stop();
    expect(await query(owner.url, 'SELECT 1 AS up')).toEqual([{ up: 1 }]);
    await stopsCleanly(owner);
  });

  it('is taken over after its process was killed, and stopped by the new owner', async () => {
    const child = spawn(process.execPath, ['tests/support/embedded-process.ts', dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /READY (\S+)/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`embedded process exited with ${code}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The server outlives the killed process (its own process group) and is reused.
    const adopted = await start();
    expect(new URL(adopted.url).port).toBe(new URL(url).port);
    expect(await query(adopted.url, 'SELECT 1 AS up')).toEqual([{ up: 1 }]);
    await stopsCleanly(adopted);
  });
});
