import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig, loadDotEnv } from '../infra/config.ts';
import { createCipher, loadOrCreateKey } from '../infra/crypto.ts';
import { resolveDatabase } from '../infra/database-url.ts';
import { createDb } from '../infra/db.ts';
import { exitOnConfigError } from '../infra/fatal.ts';
import { createLogger } from '../infra/logger.ts';
import { migrateToLatest } from '../infra/migrate.ts';
import { type ImportSummary, importCatalog } from './catalog-import.ts';

/** Usage: npm run catalog:import -- path/to/catalog.json */

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Reads and parses the file, turning the usual mistakes into one readable line. */
async function readJson(file: string | undefined): Promise<unknown> {
  if (!file) fail('Usage: npm run catalog:import -- path/to/catalog.json');
  // npm runs scripts from the package root; a relative path means the caller's directory.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`File not found: ${path}`);
    if (code === 'EISDIR') fail(`${path} is a directory, not a JSON file`);
    fail(`Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function printSummary(s: ImportSummary): void {
  console.log('Catalog imported:');
  console.log(`  categories: ${s.categories.created} created, ${s.categories.updated} updated`);
  console.log(`  products:   ${s.products.created} created, ${s.products.updated} updated`);
  console.log(`  stock:      ${s.stock.added} added, ${s.stock.duplicates} duplicates skipped`);
  console.log(`  vouchers:   ${s.vouchers.created} created, ${s.vouchers.updated} updated`);
}

const json = await readJson(process.argv[2]);
loadDotEnv();
const config = exitOnConfigError(loadConfig);
const { logger, close } = createLogger({
  service: 'catalog',
  level: config.LOG_LEVEL,
  dir: config.LOG_DIR,
  timeZone: config.BOT_TIMEZONE,
  retentionDays: config.LOG_RETENTION_DAYS,
  secrets: [config.DATA_ENCRYPTION_KEY],
  // The summary is the output here; log lines go to the log files only, written
  // synchronously so a short run can close the file right away.
  stdout: false,
  sync: true,
});

let key: ReturnType<typeof loadOrCreateKey>;
try {
  key = loadOrCreateKey(config.DATA_DIR, config.DATA_ENCRYPTION_KEY);
} catch (error) {
  close();
  fail((error as Error).message);
}
if (key.created)
  console.log(
    `Created a new encryption key in ${key.path}: back it up, the stock cannot be read without it.`,
  );

const database = await resolveDatabase(config, logger);
const handle = createDb(database.url, { max: 2 });
let exitCode = 0;
try {
  await migrateToLatest(handle.db);
  const result = await importCatalog(handle.db, createCipher(key.key), json);
  if (result.ok) {
    logger.info({ summary: result.summary }, 'catalog imported');
    printSummary(result.summary);
  } else {
    logger.warn({ problems: result.problems }, 'catalog rejected');
    console.error(`The catalog was not imported (nothing was changed). Problems:`);
    for (const problem of result.problems) console.error(`  - ${problem}`);
    exitCode = 1;
  }
} finally {
  await handle.close();
  await database.stop();
  close();
}
process.exit(exitCode);
