import { loadConfig, loadDotEnv } from './config.ts';
import { resolveDatabase } from './database-url.ts';
import { createDb } from './db.ts';
import { exitOnConfigError } from './fatal.ts';
import { createLogger } from './logger.ts';
import { migrateToLatest } from './migrate.ts';

loadDotEnv();
const config = exitOnConfigError(loadConfig);
const { logger, close } = createLogger({
  service: 'migrate',
  level: config.LOG_LEVEL,
  dir: config.LOG_DIR,
  timeZone: config.BOT_TIMEZONE,
  retentionDays: config.LOG_RETENTION_DAYS,
  secrets: [],
});
const database = await resolveDatabase(config, logger);
const handle = createDb(database.url, { max: 2 });
try {
  const applied = await migrateToLatest(handle.db);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
} finally {
  await handle.close();
  await database.stop();
  close();
}
