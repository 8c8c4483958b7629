import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { getuid } from 'node:process';
import { fileURLToPath } from 'node:url';
import { envKeys, fillEnvTemplate, PLACEHOLDER, placeholders, readEnv } from './env-file.ts';
import { runScript, type TenantFacts, tenantReadme } from './tenant-files.ts';

/** The repository: .env.example and compose.yml are read from here at run time. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The uid/gid the image runs as (the Dockerfile's USER); it writes logs/ and backups/. */
export const IMAGE_UID = 1000;

/** Gateways the bot can take payments with. */
export const GATEWAYS = ['qris'] as const;

const STORE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const FIRST_HTTP_PORT = 8080;
const FIRST_DB_PORT = 5433;
const DB_USER = 'bot';

/** Values only the seller has: left as CHANGE_ME, and run.sh refuses to start until filled. */
const SELLER_FILLS = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_ADMIN_IDS',
  'PAKASIR_PROJECT_SLUG',
  'PAKASIR_API_KEY',
  'PAKASIR_PUBLIC_DOMAIN',
];

const GENERATED_NOTES: Record<string, string> = {
  TELEGRAM_WEBHOOK_SECRET: 'Generated for this tenant.',
  PAKASIR_WEBHOOK_SECRET: 'Generated: set it as the webhook secret in the Pakasir dashboard.',
  DATA_ENCRYPTION_KEY: 'Generated: back it up with bot.env, the stock cannot be read without it.',
  DATABASE_URL: 'The tenant database in the compose `postgres` service.',
};

export interface ProvisionOptions {
  store: string;
  gateway?: string;
  /** Folder that holds the tenant folders (default: deployments/ in the repository). */
  outDir?: string;
  /** Host port of the bot's HTTP server (webhooks, /health). Default: the first one no sibling uses. */
  port?: number;
  /** Host port (localhost only) of the tenant's PostgreSQL. Default: the first one no sibling uses. */
  dbPort?: number;
  /** Shop name shown to buyers (default: the store slug). */
  storeName?: string;
  /** Refresh an existing folder: files rewritten, every value in its bot.env kept. */
  force?: boolean;
}

export interface Tenant extends TenantFacts {
  dir: string;
  /** Variables still CHANGE_ME in bot.env. */
  placeholders: string[];
  refreshed: boolean;
}

/** Bad input: the message says what to change; nothing was written. */
export class ProvisionError extends Error {
  override name = 'ProvisionError';
}

/** Creates (or with `force` refreshes) deployments/bot-<store>-<gateway>/. */
export function provisionTenant(options: ProvisionOptions): Tenant {
  const store = checkStore(options.store);
  const gateway = checkGateway(options.gateway ?? 'qris');
  const outDir = options.outDir ?? join(REPO_ROOT, 'deployments');
  const name = `bot-${store}-${gateway}`;
  const dir = join(outDir, name);
  const exists = existsSync(dir);
  if (exists && !options.force) {
    throw new ProvisionError(
      `${dir} already exists. Pass --force to refresh its files (every value in its bot.env is kept).`,
    );
  }
  const previous = exists ? readPrevious(dir) : {};
  const ports = choosePorts(outDir, name, previous, options);
  const facts: TenantFacts = {
    name,
    httpPort: ports.http,
    dbPort: ports.db,
    database: previous.POSTGRES_DB ?? `db_${store.replaceAll('-', '_')}`,
    dbUser: previous.POSTGRES_USER ?? DB_USER,
  };
  const botEnv = renderBotEnv(dir, facts, previous, options.storeName ?? store);
  const files = {
    'compose.yml': readFileSync(join(REPO_ROOT, 'compose.yml'), 'utf8'),
    'bot.env': botEnv,
    'run.sh': runScript(facts),
    'README_TENANT.md': tenantReadme(facts),
  };
  if (exists) refreshFolder(dir, files);
  else createFolder(dir, files);
  return { ...facts, dir, placeholders: placeholders(botEnv), refreshed: exists };
}

function checkStore(store: string): string {
  if (!STORE_SLUG.test(store)) {
    throw new ProvisionError(
      `Store "${store}" is not a valid slug: use 1-32 lowercase letters, digits and hyphens, ` +
        'starting and ending with a letter or digit (e.g. tokosaya or toko-saya).',
    );
  }
  return store;
}

function checkGateway(gateway: string): string {
  if (!(GATEWAYS as readonly string[]).includes(gateway)) {
    throw new ProvisionError(`Gateway "${gateway}" is not supported; supported: ${GATEWAYS.join(', ')}.`);
  }
  return gateway;
}

function readPrevious(dir: string): Record<string, string> {
  const file = join(dir, 'bot.env');
  return existsSync(file) ? readEnv(readFileSync(file, 'utf8')) : {};
}

/** Ports other tenant folders beside this one already use, with the tenant using each. */
function siblingPorts(outDir: string, self: string): Map<number, string> {
  const used = new Map<number, string>();
  if (!existsSync(outDir)) return used;
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === self) continue;
    const env = readPrevious(join(outDir, entry.name));
    for (const key of ['BOT_HTTP_PORT', 'POSTGRES_HOST_PORT']) {
      const port = Number(env[key]);
      if (Number.isInteger(port) && port > 0) used.set(port, entry.name);
    }
  }
  return used;
}

function choosePorts(
  outDir: string,
  self: string,
  previous: Record<string, string>,
  options: ProvisionOptions,
): { http: number; db: number } {
  const used = siblingPorts(outDir, self);
  const pick = (flag: string, given: number | undefined, kept: string | undefined, first: number) => {
    const port = given ?? (kept ? Number(kept) : undefined);
    if (port === undefined) {
      let free = first;
      while (used.has(free)) free++;
      used.set(free, self);
      return free;
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ProvisionError(`${flag} must be a port number from 1 to 65535, got "${port}".`);
    }
    const owner = used.get(port);
    if (owner && owner !== self) {
      throw new ProvisionError(`Port ${port} (${flag}) is already used by ${owner}; choose another.`);
    }
    used.set(port, self);
    return port;
  };
  const http = pick('--port', options.port, previous.BOT_HTTP_PORT, FIRST_HTTP_PORT);
  const db = pick('--db-port', options.dbPort, previous.POSTGRES_HOST_PORT, FIRST_DB_PORT);
  if (http === db) throw new ProvisionError(`--port and --db-port must differ (both ${http}).`);
  return { http, db };
}

const secret = (bytes: number, encoding: 'hex' | 'base64url') => randomBytes(bytes).toString(encoding);

/**
 * bot.env: every variable of .env.example (so variables added later come along), then the
 * compose-level lines. Values already in an existing bot.env win over generated ones.
 */
function renderBotEnv(
  dir: string,
  t: TenantFacts,
  previous: Record<string, string>,
  storeName: string,
): string {
  const password = previous.POSTGRES_PASSWORD || secret(24, 'hex');
  const fresh: Record<string, string> = {
    ...Object.fromEntries(SELLER_FILLS.map((key) => [key, PLACEHOLDER])),
    BOT_STORE_NAME: storeName,
    TELEGRAM_WEBHOOK_SECRET: secret(32, 'base64url'),
    PAKASIR_WEBHOOK_SECRET: secret(32, 'base64url'),
    DATA_ENCRYPTION_KEY: secret(32, 'hex'),
    DATABASE_URL: `postgres://${t.dbUser}:${password}@postgres:5432/${t.database}`,
  };
  const deployment: Record<string, string> = {
    BOT_SOURCE_DIR: relative(dir, REPO_ROOT) || '.',
    BOT_IMAGE: 'bot-auto-order:local',
    BOT_HTTP_BIND: '0.0.0.0',
    POSTGRES_DB: t.database,
    POSTGRES_USER: t.dbUser,
    POSTGRES_PASSWORD: password,
  };
  const template = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
  const appKeys = envKeys(template);
  // A value already in bot.env wins over the generated one and the template's default.
  const kept = (keys: string[]) =>
    Object.fromEntries(keys.filter((k) => k in previous).map((k) => [k, previous[k] ?? '']));
  // Ports are decided by choosePorts (options first, then the previous file).
  const ports = { BOT_HTTP_PORT: String(t.httpPort), POSTGRES_HOST_PORT: String(t.dbPort) };
  // The template's own header ("Copy to .env") does not apply here.
  const body = template.replace(/^(#.*\n)+\n/, '');
  const appPart = fillEnvTemplate(body, { ...fresh, ...kept(appKeys) }, GENERATED_NOTES);
  const known = new Set([...appKeys, ...Object.keys(deployment), ...Object.keys(ports)]);
  const extra = Object.entries(previous).filter(([key]) => !known.has(key));
  return [
    `# ${t.name}: settings of this tenant, written by \`npm run provision\`.`,
    `# Secrets were generated; ${PLACEHOLDER} marks what only you can fill in (run.sh refuses to start until then).`,
    '',
    appPart.trimEnd(),
    '',
    '# --- Deployment (read by compose.yml through --env-file) -------------------',
    '# BOT_SOURCE_DIR is the repository the image is built from, relative to this folder.',
    ...lines({ ...deployment, ...kept(Object.keys(deployment)) }),
    '# Host ports: the HTTP server (Telegram and Pakasir webhooks, /health), and PostgreSQL on localhost.',
    ...lines(ports),
    ...(extra.length > 0
      ? ['', '# --- Kept from the previous bot.env', ...lines(Object.fromEntries(extra))]
      : []),
    '',
  ].join('\n');
}

function lines(values: Record<string, string>): string[] {
  return Object.entries(values).map(([key, value]) => `${key}=${value}`);
}

/** Builds the folder beside its final place, then renames it in: never a half-written tenant. */
function createFolder(dir: string, files: Record<string, string>): void {
  mkdirSync(dirname(dir), { recursive: true });
  const staging = `${dir}.partial-${secret(4, 'hex')}`;
  try {
    mkdirSync(staging);
    for (const sub of ['logs', 'backups/local', 'backups/offsite']) {
      mkdirSync(join(staging, sub), { recursive: true });
    }
    for (const [file, text] of Object.entries(files))
      writeFileSync(join(staging, file), text, { mode: modeOf(file) });
    shareWithImageUser(staging);
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Rewrites each file atomically; the previous bot.env is saved beside it. */
function refreshFolder(dir: string, files: Record<string, string>): void {
  for (const sub of ['logs', 'backups/local', 'backups/offsite'])
    mkdirSync(join(dir, sub), { recursive: true });
  if (existsSync(join(dir, 'bot.env'))) copyFileSync(join(dir, 'bot.env'), join(dir, 'bot.env.previous'));
  for (const [file, text] of Object.entries(files)) {
    const staging = join(dir, `.${file}.partial`);
    writeFileSync(staging, text, { mode: modeOf(file) });
    chmodSync(staging, modeOf(file));
    renameSync(staging, join(dir, file));
  }
  shareWithImageUser(dir);
}

function modeOf(file: string): number {
  if (file === 'bot.env') return 0o600;
  return file.endsWith('.sh') ? 0o755 : 0o644;
}

/** The container's user must write logs/ and backups/ (bind mounts keep the host's owner). */
function shareWithImageUser(dir: string): void {
  const folders = ['logs', 'backups', 'backups/local', 'backups/offsite'].map((sub) => join(dir, sub));
  const uid = getuid?.();
  if (uid === IMAGE_UID) return;
  for (const folder of folders) {
    if (uid === 0) chownSync(folder, IMAGE_UID, IMAGE_UID);
    else chmodSync(folder, 0o777);
  }
}
