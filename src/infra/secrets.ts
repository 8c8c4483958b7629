import type { Config } from './config.ts';

/** The configured values that must never reach a log line, wherever they appear. */
export function secretsOf(config: Config): (string | undefined)[] {
  return [
    config.TELEGRAM_BOT_TOKEN,
    config.OWNER_BOT_TOKEN,
    config.PAKASIR_API_KEY,
    config.PAKASIR_WEBHOOK_SECRET,
    config.DATA_ENCRYPTION_KEY,
    config.TELEGRAM_WEBHOOK_SECRET,
    config.BACKUP_ENCRYPTION_PASSWORD,
    config.INSPECTOR_TOKEN,
    databasePassword(config.DATABASE_URL),
  ];
}

function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
