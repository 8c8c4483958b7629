/** What a backup holds; stored as the payload's first entry and checked on verify and restore. */
export interface Manifest {
  format: number;
  created_at: string;
  app_version: string;
  /** Name of the latest migration applied to the dumped database. */
  schema_version: string;
  automatic: boolean;
  /** In dependency order (a table after every table it references). */
  tables: TableEntry[];
  sequences: { name: string; last_value: number | null }[];
  /** Pending pg-boss jobs of the actor runtime's queues (effects and timers). */
  jobs: { rows: number; sha256: string; columns: string[] };
  files: { name: string; bytes: number; sha256: string }[];
}

export interface TableEntry {
  name: string;
  rows: number;
  sha256: string;
  columns: string[];
}
