import type { Message } from 'grammy/types';
import { badRequest } from '../api-error.ts';
import type { StoredMessage } from '../chat-types.ts';
import type { Conversation } from '../conversation.ts';
import { type ParsedMarkup, parseReplyMarkup } from '../reply-markup.ts';
import type { MethodContext } from './context.ts';

/** The content of a message (text, or media with a caption), as Bot API fields plus HTML. */
export interface Content {
  fields: Partial<Message>;
  html: string;
}

/** Options every send method shares. */
export interface SendOptions {
  markup: ParsedMarkup | undefined;
  replyTo: StoredMessage | undefined;
  protect: boolean;
}

const CONTENT_KEYS = [
  'text',
  'entities',
  'photo',
  'document',
  'sticker',
  'caption',
  'caption_entities',
] as const;

export function readSendOptions(ctx: MethodContext, conversation: Conversation): SendOptions {
  return {
    markup: parseReplyMarkup(ctx.params.json('reply_markup')),
    replyTo: replyTarget(ctx, conversation),
    protect: ctx.params.boolean('protect_content') ?? false,
  };
}

function replyTarget(ctx: MethodContext, conversation: Conversation): StoredMessage | undefined {
  const parameters = ctx.params.json('reply_parameters') as
    | { message_id?: number; allow_sending_without_reply?: boolean }
    | undefined;
  const messageId = parameters?.message_id ?? ctx.params.integer('reply_to_message_id');
  if (messageId === undefined) return undefined;
  const target = conversation.message(messageId);
  const lenient =
    parameters?.allow_sending_without_reply ?? ctx.params.boolean('allow_sending_without_reply');
  if (!target && !lenient) throw badRequest('message to be replied not found');
  return target;
}

/** Records a message sent by the bot and returns the Bot API object the caller receives. */
export function postBotMessage(conversation: Conversation, content: Content, options: SendOptions): Message {
  const message = {
    message_id: conversation.nextMessageId(),
    from: conversation.bot.user,
    chat: conversation.chat,
    date: Math.floor(Date.now() / 1000),
    ...content.fields,
  } as Message;
  if (options.replyTo) message.reply_to_message = withoutReply(options.replyTo.message);
  if (options.protect) message.has_protected_content = true;
  if (options.markup?.kind === 'inline') message.reply_markup = options.markup.markup;
  const replyKeyboard = options.markup?.kind === 'keyboard' ? options.markup.markup : undefined;
  if (options.markup?.kind === 'keyboard') conversation.replyKeyboard = options.markup.markup;
  if (options.markup?.kind === 'remove') conversation.replyKeyboard = undefined;
  conversation.addBotMessage({ message, sender: 'bot', html: content.html, replyKeyboard, deleted: false });
  const text = (message as { text?: string; caption?: string }).text ?? message.caption ?? '';
  conversation.bot.sent.push({
    chatId: conversation.user.id,
    messageId: message.message_id,
    at: Date.now(),
    text,
  });
  return structuredClone(message);
}

/** Replied-to messages are embedded one level deep only, as on Telegram. */
function withoutReply(message: Message): Message & { reply_to_message: undefined } {
  const { reply_to_message: _ignored, ...rest } = structuredClone(message);
  return rest as Message & { reply_to_message: undefined };
}

/** The content fields of an existing message, for copies and forwards. */
export function contentOf(stored: StoredMessage): Content {
  const fields: Partial<Message> = {};
  for (const key of CONTENT_KEYS) {
    if (stored.message[key] !== undefined)
      Object.assign(fields, { [key]: structuredClone(stored.message[key]) });
  }
  return { fields, html: stored.html };
}
