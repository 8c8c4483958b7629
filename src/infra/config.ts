import { isIP } from 'node:net';
import { z } from 'zod';

/** Where Telegram's webhook updates are served (the public URL's path behind a proxy). */
export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';
const OFFICIAL_API_HOST = 'api.telegram.org';
/** A comma-separated list, items trimmed, empty ones dropped. */
const commaList = (raw: string) =>
  raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** Comma-separated Telegram user ids, e.g. "123,456". */
const idList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const parts = commaList(raw);
    const bad = parts.filter((p) => !/^\d{1,20}$/.test(p));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected comma-separated numeric user ids; not an id: ${bad.map((b) => `"${b}"`).join(', ')}`,
        // The message already names the bad parts: loadConfig must not repeat the value.
        params: { showsValue: true },
      });
      return z.NEVER;
    }
    return parts.map(Number);
  });

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes'].includes(v));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      message: `expected a whole number from ${min} to ${max}`,
    })
    .transform(Number);

/** Minutes, fractions allowed (0.5 = 30 s), up to a day. */
const minutes = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0 && Number(v) <= 1440, {
      message: 'expected minutes above 0 and at most 1440 (fractions allowed, e.g. 0.5)',
    })
    .transform(Number);

const botToken = z
  .string()
  .regex(/^\d+:[\w-]{20,}$/, 'expected a bot token like 123456:ABC-DEF... from @BotFather');

/** An absolute URL; `example` shows the expected shape in the error. */
const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `expected an https:// address such as ${example}` });
/** Proxies whose X-Forwarded-For is believed: IPs, CIDRs, or proxy-addr's names (loopback, …). */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const proxyList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const parts = commaList(raw);
    if (parts.length === 0 || (parts.length === 1 && ['false', 'off', 'no'].includes(parts[0] ?? ''))) {
      return false as const;
    }
    const bad = parts.filter((p) => !PROXY_NAMES.has(p) && !isAddressOrCidr(p));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected comma-separated proxy IPs or CIDRs (e.g. 10.0.0.1, 192.168.0.0/16), got "${bad.join(', ')}"`,
      });
      return z.NEVER;
    }
    return parts;
  });

function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'expected an IANA time zone such as Asia/Jakarta');

export const configSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: botToken.optional(),
    TELEGRAM_ADMIN_IDS: idList,
    TELEGRAM_OWNER_IDS: idList,
    TELEGRAM_API_ROOT: httpUrl('https://api.telegram.org').default('https://api.telegram.org'),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[\w-]{1,256}$/, 'expected 1-256 of A-Z a-z 0-9 _ -')
      .optional(),
    BOT_MODE: z.enum(['polling', 'webhook', 'auto']).default('auto'),
    BOT_STORE_NAME: z.string().min(1).default('Bot Auto Order'),
    BOT_TIMEZONE: timezone.default('Asia/Jakarta'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection URL')
      .optional(),
    PAKASIR_PROJECT_SLUG: z
      .string()
      .regex(/^[\w-]+$/, 'expected the project slug from the Pakasir dashboard')
      .optional(),
    PAKASIR_API_KEY: z.string().min(8, 'expected the API key from the Pakasir dashboard').optional(),
    PAKASIR_PUBLIC_DOMAIN: httpUrl('https://shop.example.com').optional(),
    PAKASIR_WEBHOOK_SECRET: z.string().min(8, 'expected at least 8 characters').optional(),
    PAKASIR_BASE_URL: httpUrl('https://app.pakasir.com').default('https://app.pakasir.com'),
    PAKASIR_API_VERSION: z.enum(['v2', 'v1']).default('v2'),
    PAKASIR_SANDBOX: bool(false),
    DATA_ENCRYPTION_KEY: z
      .string()
      .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'expected 32 bytes as 64 hex characters or base64')
      .optional(),
    OWNER_BOT_TOKEN: botToken.optional(),
    ENABLE_OWNER_ALERTS: bool(true),
    OWNER_ALERT_THRESHOLD: z.enum(['info', 'warning', 'error', 'critical']).default('warning'),
    SNK_RETENTION_DAYS: int(30, 1, 3650),
    RECONCILE_INTERVAL_SECONDS: int(60, 5, 3600),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: int(8080, 0, 65535),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    LOG_DIR: z.string().min(1).default('logs'),
    LOG_RETENTION_DAYS: int(14, 1, 3650),
    DATA_DIR: z.string().min(1).default('.data'),
    // --- how Telegram updates arrive (BOT_MODE above) ---
    TELEGRAM_WEBHOOK_URL: httpUrl(`https://shop.example.com${TELEGRAM_WEBHOOK_PATH}`).optional(),
    TELEGRAM_WEBHOOK_CHECK_SECONDS: int(60, 1, 3600),
    TELEGRAM_WEBHOOK_PROBE_SECONDS: int(300, 1, 86_400),
    // Edge protection of the HTTP server.
    TRUST_PROXY: proxyList,
    WEBHOOK_RATE_LIMIT_PER_MINUTE: int(300, 1, 1_000_000),
    PAKASIR_STATUS_INTERVAL_MS: int(4000, 0, 60_000),
    // Outbound calls and delivery retries
    TELEGRAM_TIMEOUT_SECONDS: int(30, 1, 300),
    DELIVERY_RETRY_SECONDS: int(600, 1, 86_400),
    /** Broadcast messages per second for the bot token, across every process (Telegram: ~30/s). */
    BROADCAST_RATE: int(25, 1, 1000),
    /** Paid broadcasts (allow_paid_broadcast, Telegram Stars): allows BROADCAST_RATE above 30, up to 1000. */
    BROADCAST_PAID: bool(false),
    // Named in /help: how buyers reach the seller (a @username, a t.me link or a phone number).
    BOT_SUPPORT_CONTACT: z.string().trim().min(2).max(100).optional(),
    // Backups (src/backup): encrypted dumps, local and offsite copies, a daily job.
    BACKUP_ENCRYPTION_PASSWORD: z.string().min(12, 'expected at least 12 characters').optional(),
    BACKUP_LOCAL_DIR: z.string().min(1).default('backups/local'),
    BACKUP_OFFSITE_DIR: z.string().min(1).default('backups/offsite'),
    BACKUP_KEEP: int(14, 1, 1000),
    ENABLE_AUTO_BACKUP: bool(false),
    BACKUP_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour), e.g. 02:00')
      .default('02:00'),
    BACKUP_AUTOMATIC_OFFSITE: bool(false),
    // Owner alerts (OWNER_BOT_TOKEN, ENABLE_OWNER_ALERTS, OWNER_ALERT_THRESHOLD above).
    OWNER_ALERT_DEDUPE_MINUTES: minutes(10),
    OWNER_ALERT_MAX_PER_HOUR: int(30, 1, 10_000),
    PAKASIR_FAILURE_ALERT_COUNT: int(3, 1, 1000),
    PAKASIR_WEBHOOK_SILENCE_MINUTES: int(30, 1, 1440),
    OWNER_DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. 08:00')
      .default('08:00'),
    // The state machine inspector at /inspect (required to open it in production).
    INSPECTOR_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
    // Health checks and metrics.
    // Load per core can pass 100% on a busy machine, so the CPU limit may too.
    HEALTH_CPU_THRESHOLD: int(90, 1, 10_000),
    HEALTH_MEMORY_THRESHOLD: int(90, 1, 100),
    HEALTH_DISK_THRESHOLD: int(90, 1, 100),
    // At or above it, new checkouts and top-ups wait (a friendly maintenance note); browsing goes on.
    HEALTH_DISK_CRITICAL_THRESHOLD: int(97, 1, 100),
    // With the disk over HEALTH_DISK_THRESHOLD, logs older than this many days are pruned early.
    LOG_PRUNE_KEEP_DAYS: int(2, 1, 3650),
    LOG_USAGE_THRESHOLD_MB: int(1024, 1, 1_048_576),
    ENABLE_AUTO_HEALTHCHECK: bool(true),
    HEALTHCHECK_INTERVAL_MINUTES: int(5, 1, 60),
    METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
    // SNK (a product's terms): proof of compliance after delivery (src/machines/snk.ts).
    SNK_REMINDER_HOURS: int(24, 1, 720),
    SNK_DEADLINE_DAYS: int(7, 1, 365),
    SNK_MAX_SUBMISSIONS: int(3, 1, 20),
    // Test settings: these override the hours/days above in milliseconds.
    SNK_REMINDER_MS: z.coerce.number().int().min(1).optional(),
    SNK_DEADLINE_MS: z.coerce.number().int().min(1).optional(),
    SNK_RETENTION_MS: z.coerce.number().int().min(1).optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.BOT_MODE === 'webhook' && !cfg.TELEGRAM_WEBHOOK_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_URL'],
        message: `required when BOT_MODE=webhook: the public https:// address Telegram posts to, such as https://shop.example.com${TELEGRAM_WEBHOOK_PATH}`,
      });
    }
    if (cfg.BOT_MODE === 'webhook' && cfg.TELEGRAM_WEBHOOK_URL && !webhookUrlUsable(cfg)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_URL'],
        message: 'Telegram only posts to https:// addresses',
      });
    }
    if (cfg.BROADCAST_RATE > 30 && !cfg.BROADCAST_PAID) {
      ctx.addIssue({
        code: 'custom',
        path: ['BROADCAST_RATE'],
        message: 'at most 30 (Telegram’s free limit); above that set BROADCAST_PAID=true (up to 1000)',
      });
    }
    if (cfg.ENABLE_AUTO_BACKUP && !cfg.BACKUP_ENCRYPTION_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['BACKUP_ENCRYPTION_PASSWORD'],
        message: 'required when ENABLE_AUTO_BACKUP=true',
      });
    }
    if (cfg.TELEGRAM_BOT_TOKEN && (!cfg.PAKASIR_PROJECT_SLUG || !cfg.PAKASIR_API_KEY)) {
      for (const key of ['PAKASIR_PROJECT_SLUG', 'PAKASIR_API_KEY'] as const) {
        if (!cfg[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required to take payments' });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

/**
 * Telegram's own servers post only to https; a local Bot API server (or the sandbox
 * emulator, any other TELEGRAM_API_ROOT) also posts to plain http.
 */
export function webhookUrlUsable(
  cfg: Pick<Config, 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_API_ROOT'>,
): cfg is { TELEGRAM_WEBHOOK_URL: string; TELEGRAM_API_ROOT: string } {
  const url = cfg.TELEGRAM_WEBHOOK_URL;
  if (!url) return false;
  if (url.startsWith('https://')) return true;
  return new URL(cfg.TELEGRAM_API_ROOT).hostname !== OFFICIAL_API_HOST;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (`PORT=` in .env) means unset, so the default applies.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(set);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const value = env[name];
    const showsValue = issue.code === 'custom' && issue.params?.showsValue === true;
    const hidden = value === undefined || showsValue || /TOKEN|KEY|SECRET|PASSWORD/.test(name);
    const shown = hidden ? '' : ` (got "${maskCredentials(value)}")`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}

/**
 * A connection string with its password replaced by `***`, wherever it is written
 * (`user:pass@host`, even unencoded or with the wrong scheme, or `?password=`).
 */
export function maskCredentials(value: string): string {
  let masked = value.replace(/([?&]password=)[^&]*/gi, '$1***');
  const at = masked.lastIndexOf('@');
  const scheme = masked.indexOf('//');
  const start = scheme >= 0 && scheme < at ? scheme + 2 : 0;
  const colon = masked.indexOf(':', start);
  if (at >= 0 && colon >= 0 && colon < at) masked = `${masked.slice(0, colon + 1)}***${masked.slice(at)}`;
  return masked;
}

/** Loads `.env` from the working directory when present (values already set win). */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
