import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runCli, UsageError } from '../infra/cli.ts';
import { createCipher, loadOrCreateKey } from '../infra/crypto.ts';
import { resolveDatabase } from '../infra/database-url.ts';
import { createDb } from '../infra/db.ts';
import { migrateToLatest } from '../infra/migrate.ts';
import { type ImportSummary, importCatalog, parseCatalogJson } from './catalog-import.ts';

const USAGE = 'Usage: npm run catalog:import -- path/to/catalog.json';

/** Reads and parses the file, turning the usual mistakes into one readable line. */
async function readJson(args: string[]): Promise<unknown> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) throw new UsageError(USAGE);
  // npm runs scripts from the package root; a relative path means the caller's directory.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`File not found: ${path}`);
    if (code === 'EISDIR') throw new UsageError(`${path} is a directory, not a JSON file`);
    throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = parseCatalogJson(text);
  if (!parsed.ok) throw new UsageError(`${path} is not valid JSON: ${parsed.problem}`);
  return parsed.value;
}

function printSummary(s: ImportSummary): void {
  console.log('Catalog imported:');
  console.log(`  categories: ${s.categories.created} created, ${s.categories.updated} updated`);
  console.log(
    `  products:   ${s.products.created} created, ${s.products.updated} updated, ${s.products.unchanged} unchanged`,
  );
  for (const p of s.productChanges) {
    const what = p.created ? 'created' : p.fields.length > 0 ? `changed ${p.fields.join(', ')}` : 'unchanged';
    console.log(`    ${p.code}: ${what}${p.stockAdded > 0 ? `, +${p.stockAdded} stock` : ''}`);
  }
  console.log(`  stock:      ${s.stock.added} added, ${s.stock.duplicates} duplicates skipped`);
  console.log(`  vouchers:   ${s.vouchers.created} created, ${s.vouchers.updated} updated`);
}

await runCli({ name: 'catalog' }, async ({ config, logger, args }) => {
  const json = await readJson(args);
  const key = loadOrCreateKey(config.DATA_DIR, config.DATA_ENCRYPTION_KEY);
  if (key.created)
    console.log(
      `Created a new encryption key in ${key.path}: back it up, the stock cannot be read without it.`,
    );
  const database = await resolveDatabase(config, logger);
  const handle = createDb(database.url, { max: 2 });
  try {
    await migrateToLatest(handle.db);
    const result = await importCatalog(handle.db, createCipher(key.key), json);
    if (!result.ok) {
      logger.warn({ problems: result.problems }, 'catalog rejected');
      const problems = result.problems.map((problem) => `  - ${problem}`).join('\n');
      throw new UsageError(`The catalog was not imported (nothing was changed). Problems:\n${problems}`);
    }
    logger.info({ summary: result.summary }, 'catalog imported');
    printSummary(result.summary);
  } finally {
    await handle.close();
    await database.stop();
  }
  return 0;
});
