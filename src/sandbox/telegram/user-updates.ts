import { randomBytes } from 'node:crypto';
import type { CallbackQuery, Message, MessageEntity, Update } from 'grammy/types';
import type { Conversation } from './conversation.ts';
import { escapeHtml } from './html-parser.ts';
import type { EmulatorState } from './state.ts';

const COMMAND_PATTERN = /(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?)/g;

/** Telegram marks every /command in a user's text with a bot_command entity. */
export function commandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(COMMAND_PATTERN)) {
    const command = match[2] ?? '';
    const offset = match.index + (match[1]?.length ?? 0);
    entities.push({ type: 'bot_command', offset, length: command.length });
  }
  return entities;
}

/**
 * Records a message the user sent and queues it as an update for the bot. The content fields
 * (text or media) are given; everything else is filled in like Telegram does.
 */
export function postUserMessage(conversation: Conversation, fields: Partial<Message>): Message {
  const message = {
    message_id: conversation.nextMessageId(),
    from: conversation.from,
    chat: conversation.chat,
    date: Math.floor(Date.now() / 1000),
    ...fields,
  } as Message;
  const html = escapeHtml(message.text ?? message.caption ?? '');
  conversation.addUserMessage({ message, sender: 'user', html, replyKeyboard: undefined, deleted: false });
  conversation.bot.updates.push({ message: structuredClone(message) } as Omit<Update, 'update_id'>);
  return structuredClone(message);
}

/** Queues the callback_query a press on an inline button produces; returns its id. */
export function postCallbackQuery(
  state: EmulatorState,
  conversation: Conversation,
  source: Message,
  data: string,
): string {
  const id = randomBytes(8).readBigUInt64BE().toString();
  const query: CallbackQuery = {
    id,
    from: conversation.from,
    message: structuredClone(source),
    chat_instance: conversation.chatInstance,
    data,
  };
  state.callbacks.set(id, {
    botId: conversation.bot.id,
    conversation,
    messageId: source.message_id,
    data,
    answered: false,
  });
  conversation.bot.updates.push({ callback_query: query });
  return id;
}
