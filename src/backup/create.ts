import { readFileSync } from 'node:fs';
import { type Entry, pack, sha256 } from './archive.ts';
import { dumpDatabase, type Progress } from './dump.ts';
import { FORMAT_VERSION, seal } from './envelope.ts';
import { collectFiles, type FileLocations } from './files.ts';
import type { Manifest } from './manifest.ts';
import { type AnyDb, appVersion } from './schema.ts';
import { backupName, writeAtomically } from './store.ts';

export interface CreateOptions {
  db: AnyDb;
  password: string;
  files: FileLocations;
  localDir: string;
  /** Also copy the file here (a second disk or a mounted remote). */
  offsiteDir?: string;
  automatic?: boolean;
  progress?: Progress;
  now?: Date;
}

export interface CreatedBackup {
  manifest: Manifest;
  local: string;
  offsite?: string;
  bytes: number;
}

export async function createBackup(options: CreateOptions): Promise<CreatedBackup> {
  const createdAt = options.now ?? new Date();
  const dump = await dumpDatabase(options.db, options.progress);
  const files = collectFiles(options.files);
  const manifest: Manifest = {
    format: FORMAT_VERSION,
    created_at: createdAt.toISOString(),
    app_version: appVersion(),
    schema_version: dump.schemaVersion,
    automatic: options.automatic ?? false,
    tables: dump.tables,
    sequences: dump.sequences,
    jobs: dump.jobs,
    files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: sha256(f.data) })),
  };
  const entries: Entry[] = [
    { kind: 'manifest', name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest), 'utf8') },
    ...dump.entries,
    ...files,
  ];
  const sealed = await seal(pack(entries), options.password, {
    created_at: manifest.created_at,
    schema_version: manifest.schema_version,
    app_version: manifest.app_version,
    automatic: manifest.automatic,
  });
  const name = backupName(createdAt);
  const local = writeAtomically(options.localDir, name, sealed);
  // The offsite copy is made from the file just written, so both hold the same bytes.
  const offsite = options.offsiteDir
    ? writeAtomically(options.offsiteDir, name, readFileSync(local))
    : undefined;
  return { manifest, local, offsite, bytes: sealed.length };
}
