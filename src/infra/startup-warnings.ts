import { type Config, TELEGRAM_WEBHOOK_PATH } from './config.ts';

/** Settings that are valid but probably not what the seller wants; logged at start. */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.TELEGRAM_ADMIN_IDS.length === 0) {
    warnings.push(
      'TELEGRAM_ADMIN_IDS is empty: nobody receives paid-order notices or the admin menu; set your Telegram user id',
    );
  }
  const url = config.TELEGRAM_WEBHOOK_URL;
  if (config.BOT_MODE === 'auto' && !url && config.PAKASIR_PUBLIC_DOMAIN?.startsWith('https://')) {
    warnings.push(
      `BOT_MODE=auto polls: the Telegram webhook address no longer comes from PAKASIR_PUBLIC_DOMAIN; set TELEGRAM_WEBHOOK_URL=${new URL(TELEGRAM_WEBHOOK_PATH, config.PAKASIR_PUBLIC_DOMAIN)} to use the webhook`,
    );
  }
  if (url && config.BOT_MODE !== 'polling' && new URL(url).pathname !== TELEGRAM_WEBHOOK_PATH) {
    warnings.push(
      `TELEGRAM_WEBHOOK_URL's path is not ${TELEGRAM_WEBHOOK_PATH}: the reverse proxy must forward it to ${TELEGRAM_WEBHOOK_PATH} on this server`,
    );
  }
  return warnings;
}
