import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Api } from 'grammy';
import { texts } from '../../bot/i18n.ts';
import { configDiffText } from '../../bot/views/config-diff.ts';
import { shopAuditLog } from '../../infra/audit.ts';
import { type CliContext, runCli, UsageError } from '../../infra/cli.ts';
import { resolveDatabase } from '../../infra/database-url.ts';
import { createDb, type Db } from '../../infra/db.ts';
import { migrateToLatest } from '../../infra/migrate.ts';
import { applyRestore, previewRestore } from './apply.ts';
import { diffLines } from './describe.ts';
import { countsOf, isEmptyDiff } from './diff.ts';
import type { ConfigDocument } from './schema.ts';
import { exportConfig } from './state.ts';
import { checkConfigText } from './validate.ts';

const USAGE = [
  'Usage: npm run config:export -- file.json',
  '       npm run config:import -- file.json [--dry-run]',
].join('\n');

function parse(args: string[]) {
  const [command, ...rest] = args;
  const dryRun = rest.includes('--dry-run');
  const files = rest.filter((a) => a !== '--dry-run');
  const unknown = files.find((a) => a.startsWith('--'));
  if (unknown) throw new UsageError(`unexpected argument "${unknown}"\n${USAGE}`);
  if (
    (command !== 'export' && command !== 'import') ||
    files.length !== 1 ||
    (dryRun && command === 'export')
  )
    throw new UsageError(USAGE);
  // npm runs scripts from the package root; a relative path means the caller's directory.
  return { command, dryRun, path: resolve(process.env.INIT_CWD ?? process.cwd(), files[0] ?? '') };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`File not found: ${path}`);
    if (code === 'EISDIR') throw new UsageError(`${path} is a directory, not a JSON file`);
    throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

async function exportTo(db: Db, path: string): Promise<void> {
  const document = await exportConfig(db);
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  const c = countsOf(document);
  console.log(
    `Configuration exported to ${path}: ${c.categories} categories, ${c.products} products, ${c.vouchers} vouchers, ${c.templates} templates.`,
  );
}

/** Reads and checks the file before the database is opened: a bad file changes nothing. */
async function checkedFile(context: CliContext, path: string): Promise<ConfigDocument> {
  const checked = checkConfigText(await readText(path));
  if (checked.ok) return checked.document;
  context.logger.warn({ problems: checked.problems }, 'configuration rejected');
  const problems = checked.problems.map((p) => `  - ${p}`).join('\n');
  throw new UsageError(`The configuration was not imported (nothing was changed). Problems:\n${problems}`);
}

async function importFrom(
  context: CliContext,
  db: Db,
  document: ConfigDocument,
  dryRun: boolean,
): Promise<void> {
  const { config, logger } = context;
  if (dryRun) {
    const { diff } = await previewRestore(db, document);
    console.log(isEmptyDiff(diff) ? 'Dry run: nothing would change.' : 'Dry run: the import would change:');
    if (!isEmptyDiff(diff)) console.log(diffLines(diff).join('\n'));
    return;
  }
  const audit = shopAuditLog(config);
  try {
    const result = await applyRestore(db, document, { adminId: 0, audit, via: 'cli' });
    if (!result.ok) throw new Error('the shop changed during the import');
    if (isEmptyDiff(result.diff)) {
      console.log('Configuration already matches the file: nothing changed.');
      return;
    }
    logger.info({ counts: countsOf(document) }, 'configuration restored');
    console.log('Configuration imported:');
    console.log(diffLines(result.diff).join('\n'));
    await tellOwners(context, result.diff);
  } finally {
    audit.close();
  }
}

/** Owners hear of a restore from the command line too, when the shop bot is configured. */
async function tellOwners(
  { config, logger }: CliContext,
  diff: Parameters<typeof diffLines>[0],
): Promise<void> {
  if (!config.TELEGRAM_BOT_TOKEN || config.TELEGRAM_OWNER_IDS.length === 0) return;
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });
  const t = texts('id').adminConfig;
  const text = t.ownerNotice(t.viaCli, configDiffText(t, diff));
  for (const ownerId of config.TELEGRAM_OWNER_IDS)
    await api.sendMessage(ownerId, text, { parse_mode: 'HTML' }).catch((error: unknown) => {
      logger.warn({ err: error, ownerId }, 'owner notice not delivered');
    });
}

await runCli({ name: 'config' }, async (context) => {
  const { command, dryRun, path } = parse(context.args);
  const document = command === 'import' ? await checkedFile(context, path) : null;
  const database = await resolveDatabase(context.config, context.logger);
  const handle = createDb(database.url, { max: 2 });
  try {
    await migrateToLatest(handle.db);
    if (command === 'export') await exportTo(handle.db, path);
    else if (document) await importFrom(context, handle.db, document, dryRun);
  } finally {
    await handle.close();
    await database.stop();
  }
  return 0;
});
