import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const BACKUP_CLI = fileURLToPath(new URL('../../src/backup/run.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run backup -- <args>` as the owner runs it: a child process in `cwd`, stdin not a terminal. */
export function runBackupCli(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BACKUP_CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end();
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** No stack frame reached the terminal. */
export const hasStackTrace = (text: string) => /\n\s+at\s/.test(text) || /node:internal/.test(text);

export interface TableSum {
  rows: number;
  md5: string;
}

/**
 * Every application table's row count and a digest of its rows (as PostgreSQL prints them,
 * sorted), computed here independently of the backup's own checksums.
 */
export async function tableChecksums(url: string): Promise<Record<string, TableSum>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'
       AND tablename NOT LIKE 'kysely_migration%' ORDER BY tablename`,
    );
    const sums: Record<string, TableSum> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<TableSum>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5
         FROM "${name}" t`,
      );
      sums[name] = result.rows[0] as TableSum;
    }
    return sums;
  } finally {
    await client.end();
  }
}

/** The actor runtime's pending pg-boss jobs: name, id and data, sorted. */
export async function pendingJobs(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ line: string }>(
      `SELECT name || ' ' || id || ' ' || coalesce(data::text, '') AS line FROM pgboss.job
       WHERE name LIKE 'actor-%' AND state IN ('created', 'retry', 'active') ORDER BY 1`,
    );
    return result.rows.map((r) => r.line);
  } finally {
    await client.end();
  }
}

/** One statement on its own connection. */
export { runStatement as sql } from '../support/server.ts';
