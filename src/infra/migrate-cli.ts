import { runCli, UsageError } from './cli.ts';
import { resolveDatabase } from './database-url.ts';
import { createDb } from './db.ts';
import { migrateToLatest } from './migrate.ts';

/** Usage: npm run migrate */
await runCli({ name: 'migrate' }, async ({ config, logger, args }) => {
  if (args.length > 0) throw new UsageError('Usage: npm run migrate (it takes no arguments)');
  const database = await resolveDatabase(config, logger);
  const handle = createDb(database.url, { max: 2 });
  try {
    const applied = await migrateToLatest(handle.db);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
    console.log(
      applied.length
        ? `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`
        : 'The database is up to date.',
    );
  } finally {
    await handle.close();
    await database.stop();
  }
  return 0;
});
