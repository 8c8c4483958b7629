import { badRequest, telegramErrors } from '../api-error.ts';
import type { StoredMessage } from '../chat-types.ts';
import type { Conversation } from '../conversation.ts';
import type { MethodContext } from './context.ts';

/**
 * The chat a call addresses. Only private chats exist here, and only once the user has talked to
 * this bot (or a test registered the user with it); anything else is "chat not found".
 */
export function targetChat(ctx: MethodContext, field = 'chat_id'): Conversation {
  const raw = ctx.params.string(field);
  if (raw === undefined || raw === '') throw badRequest(`${field} is empty`);
  const chatId = Number(raw);
  if (!Number.isSafeInteger(chatId)) throw telegramErrors.chatNotFound();
  const conversation = ctx.state.conversation(ctx.bot, chatId);
  if (!conversation) throw telegramErrors.chatNotFound();
  return conversation;
}

/** A chat the bot may send to now: known, not blocked by the user. */
export function deliverableChat(ctx: MethodContext): Conversation {
  const conversation = targetChat(ctx);
  if (ctx.faults.isBlocked(ctx.bot.id, conversation.user.id)) throw telegramErrors.botBlocked();
  return conversation;
}

export function requiredMessageId(ctx: MethodContext, field = 'message_id'): number {
  const messageId = ctx.params.integer(field);
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  return messageId;
}

/** The message an edit addresses; inline messages are not emulated. */
export function messageToEdit(ctx: MethodContext): { conversation: Conversation; stored: StoredMessage } {
  if (ctx.params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const conversation = targetChat(ctx);
  const stored = conversation.message(requiredMessageId(ctx));
  if (!stored) throw telegramErrors.messageToEditNotFound();
  if (stored.sender !== 'bot') throw telegramErrors.messageCantBeEdited();
  return { conversation, stored };
}
