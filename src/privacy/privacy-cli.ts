import { writeFileSync } from 'node:fs';
import { shopAuditLog } from '../infra/audit.ts';
import { runCli, UsageError } from '../infra/cli.ts';
import { resolveDatabase } from '../infra/database-url.ts';
import { createDb } from '../infra/db.ts';
import { migrateToLatest } from '../infra/migrate.ts';
import { eraseUser } from './erase.ts';
import { exportUser } from './export.ts';

const USAGE =
  'Usage: npm run privacy -- export <user_id> [file]\n       npm run privacy -- erase <user_id> --yes';

function parseArgs(args: string[]) {
  const [command, id, ...rest] = args;
  if ((command !== 'export' && command !== 'erase') || !id || !/^\d{1,15}$/.test(id))
    throw new UsageError(USAGE);
  if (command === 'export' && rest.length > 1) throw new UsageError(USAGE);
  if (command === 'erase' && (rest.length !== 1 || rest[0] !== '--yes'))
    throw new UsageError(`Erasing cannot be undone: add --yes to confirm.\n${USAGE}`);
  return { command, userId: Number(id), file: command === 'export' ? rest[0] : undefined };
}

/** One buyer's data: exported as JSON (stdout or a private file) or erased. Both audited. */
await runCli({ name: 'privacy' }, async ({ config, logger, args }) => {
  const { command, userId, file } = parseArgs(args);
  const database = await resolveDatabase(config, logger);
  const handle = createDb(database.url, { max: 2 });
  const audit = shopAuditLog(config);
  try {
    await migrateToLatest(handle.db);
    if (command === 'export') {
      const data = await exportUser(handle.db, userId);
      if (!data) throw new UsageError(`No user ${userId}.`);
      const json = `${JSON.stringify(data, null, 2)}\n`;
      if (file) writeFileSync(file, json, { mode: 0o600 });
      else process.stdout.write(json);
      audit.record('privacy.exported', { userId, via: 'cli' });
      logger.info({ userId }, 'user data exported');
      if (file) console.error(`Exported user ${userId} to ${file}.`);
      return 0;
    }
    const result = await eraseUser(handle.db, userId);
    if (!result.found) throw new UsageError(`No user ${userId}.`);
    audit.record('privacy.erased', { userId, via: 'cli', ...result });
    logger.info({ userId, ...result }, 'user data erased');
    console.log(
      `Erased the personal data of user ${userId}; kept ${result.ordersKept} orders and ${result.ledgerKept} ledger entries without it.`,
    );
    return 0;
  } finally {
    audit.close();
    await handle.close();
    await database.stop();
  }
});
