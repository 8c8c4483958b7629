import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startBoss } from '../../src/infra/boss.ts';
import { createDb } from '../../src/infra/db.ts';
import { removeEmbeddedData, startEmbeddedPostgres } from '../../src/infra/embedded-postgres.ts';
import { migrateToLatest } from '../../src/infra/migrate.ts';
import { databaseUrl, runStatement } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

/**
 * Uses DATABASE_URL when set, else starts an embedded PostgreSQL. Builds one template
 * database (migrations and pg-boss schema applied) that each test file clones.
 */
export default async function setup(project: TestProject) {
  let stopEmbedded: (() => Promise<void>) | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bao-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir, database: 'postgres' });
    adminUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      removeEmbeddedData(dataDir);
    };
  }
  const template = `bao_tpl_${process.pid}_${Date.now().toString(36)}`;
  await runStatement(adminUrl, `CREATE DATABASE ${template}`);
  const templateUrl = databaseUrl(adminUrl, template);
  const handle = createDb(templateUrl, { max: 2 });
  await migrateToLatest(handle.db);
  await handle.close();
  const boss = await startBoss(templateUrl, pino({ level: 'silent' }), { max: 2 });
  await boss.stop({ graceful: false, close: true });

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await runStatement(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await stopEmbedded?.();
  };
}
