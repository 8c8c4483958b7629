import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BackupFileError } from './envelope.ts';

/**
 * The decrypted payload: gzip of a sequence of entries, each a JSON line
 * `{"kind","name","bytes"}` followed by exactly `bytes` bytes of content. Tables are
 * JSON lines (one row each), files are their raw bytes; the first entry is the manifest.
 */
export type EntryKind = 'manifest' | 'table' | 'jobs' | 'file';

export interface Entry {
  kind: EntryKind;
  name: string;
  data: Buffer;
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function pack(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const head = { kind: entry.kind, name: entry.name, bytes: entry.data.length };
    parts.push(Buffer.from(`${JSON.stringify(head)}\n`, 'utf8'), entry.data);
  }
  return gzipSync(Buffer.concat(parts));
}

export function unpack(payload: Buffer): Entry[] {
  let raw: Buffer;
  try {
    raw = gunzipSync(payload);
  } catch {
    throw new BackupFileError('corrupt', 'backup payload is not valid gzip');
  }
  const entries: Entry[] = [];
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf(0x0a, at);
    if (end < 0) throw new BackupFileError('corrupt', 'backup payload ends inside an entry header');
    let head: { kind: EntryKind; name: string; bytes: number };
    try {
      head = JSON.parse(raw.subarray(at, end).toString('utf8'));
    } catch {
      throw new BackupFileError('corrupt', `backup payload has an unreadable entry header at byte ${at}`);
    }
    const start = end + 1;
    if (!Number.isInteger(head.bytes) || start + head.bytes > raw.length)
      throw new BackupFileError('corrupt', `backup entry ${head.name} is cut short`);
    entries.push({ kind: head.kind, name: head.name, data: raw.subarray(start, start + head.bytes) });
    at = start + head.bytes;
  }
  return entries;
}
