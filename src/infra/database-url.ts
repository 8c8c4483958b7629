import path from 'node:path';
import type { Config } from './config.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import type { Logger } from './logger.ts';

/** DATABASE_URL when set; otherwise an embedded PostgreSQL with data in DATA_DIR/postgres. */
export async function resolveDatabase(config: Config, logger: Logger) {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
  const dataDir = path.join(config.DATA_DIR, 'postgres');
  logger.info({ dataDir }, 'DATABASE_URL is unset: starting embedded PostgreSQL');
  return startEmbeddedPostgres({ dataDir, logger });
}
