import { readFile } from 'node:fs/promises';
import { type Entry, sha256, unpack } from './archive.ts';
import { BackupFileError, type BackupHeader, open } from './envelope.ts';
import type { Manifest } from './manifest.ts';

export interface OpenedBackup {
  header: BackupHeader;
  manifest: Manifest;
  /** Table rows (JSON lines) by table name. */
  tables: Map<string, Buffer>;
  jobs?: Buffer;
  files: Entry[];
}

/**
 * Decrypts a backup and checks it whole: the GCM tag, then every table's and file's
 * row count and SHA-256 against the manifest. Touches no database.
 */
export async function openBackup(path: string, password: string): Promise<OpenedBackup> {
  const file = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new BackupFileError('not-a-backup', `cannot read ${path}: ${error.code ?? error.message}`);
  });
  const { header, plain } = await open(file, password);
  const entries = unpack(plain);
  const first = entries[0];
  if (first?.kind !== 'manifest') throw new BackupFileError('corrupt', 'backup has no manifest');
  const manifest = JSON.parse(first.data.toString('utf8')) as Manifest;
  if (manifest.schema_version !== header.schema_version)
    throw new BackupFileError('corrupt', 'backup header and manifest name different schema versions');
  const tables = new Map(entries.filter((e) => e.kind === 'table').map((e) => [e.name, e.data]));
  for (const table of manifest.tables) {
    const data = tables.get(table.name);
    if (!data) throw new BackupFileError('corrupt', `table ${table.name} is missing from the backup`);
    check(`table ${table.name}`, data, table.sha256, table.rows);
  }
  const jobs = entries.find((e) => e.kind === 'jobs')?.data;
  if (manifest.jobs.rows > 0 || jobs)
    check('pending jobs', jobs ?? Buffer.alloc(0), manifest.jobs.sha256, manifest.jobs.rows);
  const files = entries.filter((e) => e.kind === 'file');
  for (const expected of manifest.files) {
    const entry = files.find((f) => f.name === expected.name);
    if (!entry) throw new BackupFileError('corrupt', `file ${expected.name} is missing from the backup`);
    if (sha256(entry.data) !== expected.sha256)
      throw new BackupFileError('corrupt', `file ${expected.name} does not match its checksum`);
  }
  return { header, manifest, tables, jobs, files };
}

function check(what: string, data: Buffer, expectedSha: string, expectedRows: number) {
  if (sha256(data) !== expectedSha)
    throw new BackupFileError('corrupt', `${what} does not match its checksum`);
  const rows = data.length === 0 ? 0 : data.toString('utf8').split('\n').length - 1;
  if (rows !== expectedRows)
    throw new BackupFileError('corrupt', `${what} holds ${rows} rows, the manifest says ${expectedRows}`);
}

/** The JSON lines of a table as parsed rows. */
export function rowsOf(data: Buffer): Record<string, unknown>[] {
  if (data.length === 0) return [];
  return data
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
