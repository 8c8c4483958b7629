import { badRequest, telegramErrors } from '../api-error.ts';
import type { MethodContext } from './context.ts';

const MAX_ANSWER_TEXT = 200;

/** Each callback query can be answered once, by the bot it was sent to. */
export function answerCallbackQuery(ctx: MethodContext): unknown {
  const id = ctx.params.string('callback_query_id');
  if (id === undefined || id === '') throw badRequest('query_id is empty');
  const pending = ctx.state.callbacks.get(id);
  if (!pending || pending.botId !== ctx.bot.id || pending.answered) throw telegramErrors.queryTooOld();
  const text = ctx.params.string('text');
  if (text !== undefined && text.length > MAX_ANSWER_TEXT) throw badRequest('MESSAGE_TOO_LONG');
  pending.answered = true;
  pending.conversation.recordCallbackAnswer({
    callbackQueryId: id,
    botId: ctx.bot.id,
    userId: pending.conversation.user.id,
    messageId: pending.messageId,
    data: pending.data,
    text: text === '' ? undefined : text,
    showAlert: ctx.params.boolean('show_alert') ?? false,
    url: ctx.params.string('url'),
    cacheTime: ctx.params.integer('cache_time'),
    at: Date.now(),
  });
  return true;
}
