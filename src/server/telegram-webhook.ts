import type { FastifyInstance } from 'fastify';
import { type Bot, webhookCallback } from 'grammy';
import type { BotContext } from '../bot/context.ts';
import type { Config } from '../infra/config.ts';
import type { Logger } from '../infra/logger.ts';

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';

/**
 * POST /webhooks/telegram for BOT_MODE=webhook. grammY checks the secret token; a
 * handler error becomes a logged 500 (Telegram retries), never a crashed process.
 */
export function registerTelegramWebhook(
  app: FastifyInstance,
  bot: Bot<BotContext>,
  config: Config,
  logger: Logger,
) {
  const handle = webhookCallback(bot, 'fastify', {
    secretToken: config.TELEGRAM_WEBHOOK_SECRET,
    onTimeout: 'return',
    timeoutMilliseconds: 9_000,
  });
  app.post(TELEGRAM_WEBHOOK_PATH, async (request, reply) => {
    // grammY assumes an object with an update_id; `null` or `[]` would be a TypeError (500).
    if (!isUpdateShaped(request.body)) return reply.status(400).send({ ok: false, error: 'not an update' });
    try {
      return await handle(request, reply);
    } catch (error) {
      logger.error({ err: error }, 'telegram webhook update failed');
      return reply.status(500).send({ ok: false });
    }
  });
}

function isUpdateShaped(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Number.isSafeInteger((body as { update_id?: unknown }).update_id)
  );
}
