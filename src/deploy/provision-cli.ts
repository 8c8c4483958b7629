import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ProvisionError, provisionTenant } from './provision.ts';

const USAGE = `Usage: npm run provision -- <store> [gateway] [options]

Creates deployments/bot-<store>-<gateway>/ (gateway default: qris) with compose.yml,
bot.env (secrets generated), run.sh, logs/, backups/ and README_TENANT.md.

Options:
  --port N       host port of the bot's HTTP server (default: first free from 8080)
  --db-port N    host port of the tenant's PostgreSQL, localhost only (default: first free from 5433)
  --name TEXT    shop name shown to buyers (default: the store slug)
  --out DIR      where tenant folders go (default: deployments/ in the repository)
  --force        refresh an existing folder; every value in its bot.env is kept
`;

/** Bad input: one clear message, exit code 2 (with the usage when the arguments themselves are wrong). */
function fail(message: string, usage = false): never {
  process.stderr.write(usage ? `${message}\n\n${USAGE}` : `${message}\n`);
  process.exit(2);
}

function usageError(message: string): never {
  return fail(message, true);
}

function portOption(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) usageError(`${flag} expects a port number, got "${raw}".`);
  return Number(raw);
}

function main(): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const [store, gateway, ...rest] = positionals;
  if (!store) usageError('Which store? Give its slug, e.g. npm run provision -- tokosaya');
  if (rest.length > 0) usageError(`Unexpected arguments: ${rest.join(' ')}`);
  // npm runs scripts from the package root; a relative --out means the caller's directory.
  const outDir = values.out ? resolve(process.env.INIT_CWD ?? process.cwd(), values.out) : undefined;
  try {
    const tenant = provisionTenant({
      store,
      ...(gateway ? { gateway } : {}),
      ...(outDir ? { outDir } : {}),
      ...(values.name ? { storeName: values.name } : {}),
      port: portOption('--port', values.port),
      dbPort: portOption('--db-port', values['db-port']),
      force: values.force,
    });
    process.stdout.write(
      [
        `${tenant.refreshed ? 'Refreshed' : 'Created'} ${tenant.dir}`,
        `  HTTP port ${tenant.httpPort}, PostgreSQL 127.0.0.1:${tenant.dbPort}, database ${tenant.database}`,
        tenant.placeholders.length > 0
          ? `  Fill in bot.env first: ${tenant.placeholders.join(', ')}`
          : '  bot.env has no placeholders left.',
        `  Then: ${tenant.dir}/run.sh   (next steps: README_TENANT.md)`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof ProvisionError) fail(error.message);
    process.stderr.write(`Provisioning failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'db-port': { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

main();
