import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { type BackupHeader, readHeader } from './envelope.ts';

export const EXTENSION = '.baobak';

/** `bao-20261201T020000123Z.baobak`: names sort by creation time. */
export function backupName(createdAt: Date): string {
  return `bao-${createdAt.toISOString().replace(/[-:.]/g, '')}${EXTENSION}`;
}

/** Temp file, fsync, rename, fsync of the directory: a crash leaves the old state or the whole file. */
export function writeAtomically(dir: string, name: string, data: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return target;
}

export interface StoredBackup {
  path: string;
  name: string;
  bytes: number;
  header?: BackupHeader;
  /** Why the header could not be read. */
  problem?: string;
}

/** The backups in a directory, newest first (by name, which carries the creation time). */
export function listBackups(dir: string): StoredBackup[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(EXTENSION) && !n.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .sort()
    .reverse()
    .map((name) => {
      const path = join(dir, name);
      const bytes = statSync(path).size;
      try {
        return { path, name, bytes, header: readHeader(readHead(path, bytes), bytes).header };
      } catch (error) {
        return { path, name, bytes, problem: (error as Error).message };
      }
    });
}

/** The first 64 KiB are plenty for the header; the tag check needs the whole file, on verify. */
function readHead(path: string, bytes: number): Buffer {
  const head = Buffer.alloc(Math.min(bytes, 65_536));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

/** Deletes all but the newest `keep` backups; returns the deleted paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const deleted: string[] = [];
  for (const old of listBackups(dir).slice(keep)) {
    rmSync(old.path, { force: true });
    deleted.push(old.path);
  }
  return deleted;
}
