import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Entry } from './archive.ts';

/** Where the files a backup carries live on this machine. */
export interface FileLocations {
  /** The `.env` file (the working directory's). */
  envFile: string;
  /** DATA_DIR/encryption.key: the generated key, when DATA_ENCRYPTION_KEY is unset. */
  keyFile: string;
  logDir: string;
}

const ENV = 'env/.env';
const KEY = 'key/encryption.key';
const LOGS = 'logs/';

/** `.env`, the key file and every file under the log directory, those that exist. */
export function collectFiles(at: FileLocations): Entry[] {
  const entries: Entry[] = [];
  if (existsSync(at.envFile)) entries.push({ kind: 'file', name: ENV, data: readFileSync(at.envFile) });
  if (existsSync(at.keyFile)) entries.push({ kind: 'file', name: KEY, data: readFileSync(at.keyFile) });
  for (const path of walk(at.logDir)) {
    const name = `${LOGS}${relative(at.logDir, path).split(sep).join('/')}`;
    entries.push({ kind: 'file', name, data: readFileSync(path) });
  }
  return entries;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) found.push(...walk(path));
    else if (item.isFile()) found.push(path);
  }
  return found.sort();
}

/**
 * Puts the files back without overwriting anything: a `.env` or key file that exists and
 * differs is written beside it as `<name>.from-backup`, existing log files are kept.
 * Returns one line per file for the person restoring.
 */
export function restoreFiles(entries: Entry[], at: FileLocations): string[] {
  const lines: string[] = [];
  for (const entry of entries) {
    if (entry.name === ENV) lines.push(putBack(at.envFile, entry.data, 0o600));
    else if (entry.name === KEY) lines.push(putBack(at.keyFile, entry.data, 0o600));
    else if (entry.name.startsWith(LOGS)) {
      const target = resolve(at.logDir, entry.name.slice(LOGS.length));
      // A crafted name must not write outside the log directory.
      if (!target.startsWith(resolve(at.logDir) + sep) || existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, entry.data);
    }
  }
  const logs = entries.filter((e) => e.name.startsWith(LOGS)).length;
  if (logs) lines.push(`log files: ${logs} in the backup, missing ones written to ${at.logDir}`);
  return lines;
}

function putBack(path: string, data: Buffer, mode: number): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data, { mode });
    return `${path}: restored`;
  }
  if (readFileSync(path).equals(data)) return `${path}: unchanged (same as in the backup)`;
  writeFileSync(`${path}.from-backup`, data, { mode });
  return `${path}: kept (it differs from the backup's copy, written to ${path}.from-backup)`;
}
