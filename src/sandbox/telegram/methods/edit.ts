import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { badRequest, telegramErrors } from '../api-error.ts';
import { canonicalJson } from '../canonical-json.ts';
import type { StoredMessage } from '../chat-types.ts';
import type { Conversation } from '../conversation.ts';
import { parseInlineMarkup } from '../reply-markup.ts';
import { captionText, messageText } from '../text-content.ts';
import type { Content } from './compose.ts';
import type { MethodContext } from './context.ts';
import { readInputMedia, withCaption } from './send-media.ts';
import { messageToEdit } from './targets.ts';

const TEXT_KEYS = ['text', 'entities'] as const;
const CAPTION_KEYS = ['caption', 'caption_entities'] as const;
const MEDIA_KEYS = ['photo', 'document', 'sticker', ...CAPTION_KEYS] as const;

type ContentKey = (typeof MEDIA_KEYS)[number] | (typeof TEXT_KEYS)[number];

/**
 * Replaces the given content keys and the inline keyboard. As on Telegram, an edit without
 * reply_markup removes the keyboard, and an edit that changes nothing is refused.
 */
function applyEdit(
  conversation: Conversation,
  stored: StoredMessage,
  replaced: readonly ContentKey[],
  content: Content,
  markup: InlineKeyboardMarkup | undefined,
): Message {
  const next = structuredClone(stored.message);
  for (const key of replaced) delete next[key];
  Object.assign(next, content.fields);
  if (markup) next.reply_markup = markup;
  else delete next.reply_markup;
  if (canonicalJson(comparable(next)) === canonicalJson(comparable(stored.message))) {
    throw telegramErrors.messageNotModified();
  }
  next.edit_date = Math.floor(Date.now() / 1000);
  stored.message = next;
  if (replaced.length > 0) stored.html = content.html;
  conversation.recordEdit(stored);
  return structuredClone(next);
}

function comparable(message: Message): Partial<Message> {
  const { edit_date: _editDate, ...rest } = message;
  return rest;
}

function readMarkup(ctx: MethodContext): InlineKeyboardMarkup | undefined {
  return parseInlineMarkup(ctx.params.json('reply_markup'));
}

export function editMessageText(ctx: MethodContext): unknown {
  const { conversation, stored } = messageToEdit(ctx);
  const formatted = messageText({
    text: ctx.params.string('text'),
    parseMode: ctx.params.string('parse_mode'),
    entities: ctx.params.json('entities'),
  });
  if (stored.message.text === undefined) throw badRequest('there is no text in the message to edit');
  const fields: Partial<Message> = { text: formatted.text };
  if (formatted.entities.length > 0) fields.entities = formatted.entities;
  return applyEdit(conversation, stored, TEXT_KEYS, { fields, html: formatted.html }, readMarkup(ctx));
}

export function editMessageCaption(ctx: MethodContext): unknown {
  const { conversation, stored } = messageToEdit(ctx);
  const caption = captionText({
    text: ctx.params.string('caption'),
    parseMode: ctx.params.string('parse_mode'),
    entities: ctx.params.json('caption_entities'),
  });
  if (stored.message.text !== undefined) throw badRequest('there is no caption in the message to edit');
  return applyEdit(conversation, stored, CAPTION_KEYS, withCaption({}, caption), readMarkup(ctx));
}

export function editMessageReplyMarkup(ctx: MethodContext): unknown {
  const { conversation, stored } = messageToEdit(ctx);
  return applyEdit(conversation, stored, [], { fields: {}, html: stored.html }, readMarkup(ctx));
}

export async function editMessageMedia(ctx: MethodContext): Promise<unknown> {
  const { conversation, stored } = messageToEdit(ctx);
  if (stored.message.text !== undefined) throw badRequest('there is no media in the message to edit');
  const markup = readMarkup(ctx);
  const content = await readInputMedia(ctx, ctx.params.json('media'));
  return applyEdit(conversation, stored, MEDIA_KEYS, content, markup);
}
