import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import type { UpdateIntake } from '../bot/update-intake.ts';
import { TELEGRAM_WEBHOOK_PATH } from '../infra/config.ts';
import { secretMatches } from './telegram-webhook-secret.ts';

export { TELEGRAM_WEBHOOK_PATH };

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Answer Telegram before its own timeout; the update keeps running and a redelivery is deduped. */
const ANSWER_WITHIN_MS = 9_000;

export interface TelegramWebhookDeps {
  intake: UpdateIntake;
  /** Always set: configured, or generated and registered with setWebhook. */
  secret: string;
}

/**
 * POST /webhooks/telegram. Only Telegram knows the secret token: anything else gets a 401
 * and one log line. A handler error becomes a logged 500 (Telegram retries), never a
 * crashed process.
 */
export function registerTelegramWebhook(app: FastifyInstance, deps: TelegramWebhookDeps): void {
  app.post(TELEGRAM_WEBHOOK_PATH, async (request, reply) => {
    if (!secretMatches(request.headers[SECRET_HEADER], deps.secret)) {
      request.log.warn({ ip: request.ip }, 'telegram webhook rejected: missing or wrong secret token');
      return reply.status(401).send({ ok: false, error: 'unauthorized' });
    }
    const update = request.body;
    // Anything but an object with an update_id (`null`, `[]`) is not an update: 400, not a 500.
    if (!isUpdate(update)) return reply.status(400).send({ ok: false, error: 'not a Telegram update' });
    // Not connected to Telegram yet (getMe pending): Telegram retries the update later.
    if (!deps.intake.ready) return reply.status(503).send({ ok: false, error: 'starting' });
    try {
      await answerWithin(deps.intake.handle(update, 'webhook'), ANSWER_WITHIN_MS);
      return reply.send({ ok: true });
    } catch (error) {
      request.log.error({ err: error, updateId: update.update_id }, 'telegram webhook update failed');
      return reply.status(500).send({ ok: false });
    }
  });
}

function isUpdate(body: unknown): body is Update {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Number.isSafeInteger((body as { update_id?: unknown }).update_id)
  );
}

/** Resolves when the work is done or the time is up, whichever comes first. */
async function answerWithin(work: Promise<unknown>, ms: number): Promise<void> {
  // A failure after the answer has nowhere to go (the bot's own error handler logged it).
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
