import { telegramErrors } from '../api-error.ts';
import type { MethodContext } from './context.ts';
import { requiredMessageId, targetChat } from './targets.ts';

/** Bots may delete their own messages and, in private chats, the user's. */
export function deleteMessage(ctx: MethodContext): unknown {
  const conversation = targetChat(ctx);
  const stored = conversation.message(requiredMessageId(ctx));
  if (!stored) throw telegramErrors.messageToDeleteNotFound();
  conversation.recordDelete(stored);
  return true;
}
