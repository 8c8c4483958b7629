import { badRequest } from '../api-error.ts';
import { DescribedResult, type MethodContext } from './context.ts';

const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Unlike Telegram, plain http:// URLs on any port are accepted: the bot under test listens on
 * loopback without TLS.
 */
export function setWebhook(ctx: MethodContext): unknown {
  const url = ctx.params.string('url') ?? '';
  if (url === '') return deleteWebhook(ctx);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw badRequest('bad webhook: An HTTP or HTTPS URL must be provided for webhook');
  }
  const secretToken = ctx.params.string('secret_token');
  if (secretToken !== undefined && !SECRET_PATTERN.test(secretToken)) {
    throw badRequest('secret token contains unallowed characters');
  }
  const maxConnections = ctx.params.integer('max_connections') ?? 40;
  if (maxConnections < 1 || maxConnections > 100)
    throw badRequest('bad webhook: max_connections must be 1-100');
  const allowed = ctx.params.json('allowed_updates');
  if (allowed !== undefined && !Array.isArray(allowed))
    throw badRequest("can't parse allowed_updates JSON array");
  if (allowed !== undefined) ctx.bot.updates.allowedUpdates = allowed.map(String);
  if (ctx.params.boolean('drop_pending_updates')) ctx.bot.updates.clear();
  const wasSet = ctx.bot.webhook.config?.url === url;
  ctx.bot.webhook.set({
    url,
    secretToken,
    maxConnections,
    allowedUpdates: ctx.bot.updates.allowedUpdates,
  });
  // A pending long poll cannot continue once updates go to the webhook.
  ctx.bot.updates.interruptWaiter('terminated');
  return new DescribedResult(true, wasSet ? 'Webhook is already set' : 'Webhook was set');
}

export function deleteWebhook(ctx: MethodContext): unknown {
  const wasSet = ctx.bot.webhook.config !== undefined;
  ctx.bot.webhook.clear();
  if (ctx.params.boolean('drop_pending_updates')) ctx.bot.updates.clear();
  return new DescribedResult(true, wasSet ? 'Webhook was deleted' : 'Webhook is already deleted');
}

export function getWebhookInfo(ctx: MethodContext): unknown {
  return ctx.bot.webhook.info();
}
