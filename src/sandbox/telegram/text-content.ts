import type { MessageEntity } from 'grammy/types';
import { badRequest, telegramErrors } from './api-error.ts';
import { escapeHtml, parseHtml } from './html-parser.ts';

const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;

/** A text or caption after parsing: what the message stores, plus HTML for readable transcripts. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
  html: string;
}

/** The raw inputs of a text or caption, as the method received them. */
export interface TextInput {
  text: string | undefined;
  parseMode: string | undefined;
  entities: unknown;
}

/**
 * Applies the parse mode. Only HTML is understood: the shop formats with HTML, and pretending to
 * understand Markdown would hide formatting bugs instead of reporting them.
 */
export function formatText(input: TextInput & { text: string }): FormattedText {
  const mode = input.parseMode?.trim() ?? '';
  if (mode === '') {
    return { text: input.text, entities: explicitEntities(input.entities), html: escapeHtml(input.text) };
  }
  if (mode.toLowerCase() !== 'html')
    throw badRequest(`unsupported parse_mode "${mode}" (the emulator parses only HTML)`);
  const parsed = parseHtml(input.text);
  return { ...parsed, html: input.text };
}

/** A message text: required, 1..4096 characters after entity parsing. */
export function messageText(input: TextInput): FormattedText {
  if (input.text === undefined) throw telegramErrors.messageTextEmpty();
  const formatted = formatText({ ...input, text: input.text });
  if (formatted.text.trim() === '') throw telegramErrors.messageTextEmpty();
  if (formatted.text.length > MAX_TEXT_LENGTH) throw telegramErrors.messageTooLong();
  return formatted;
}

/** An optional caption: at most 1024 characters after entity parsing; empty means none. */
export function captionText(input: TextInput): FormattedText | undefined {
  if (input.text === undefined || input.text === '') return undefined;
  const formatted = formatText({ ...input, text: input.text });
  if (formatted.text.length > MAX_CAPTION_LENGTH) throw telegramErrors.captionTooLong();
  return formatted.text.trim() === '' ? undefined : formatted;
}

function explicitEntities(value: unknown): MessageEntity[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  for (const entity of value) {
    const valid =
      typeof entity === 'object' &&
      entity !== null &&
      typeof entity.type === 'string' &&
      Number.isInteger(entity.offset) &&
      Number.isInteger(entity.length);
    if (!valid) throw badRequest("can't parse entities: entity must have type, offset and length");
  }
  return value as MessageEntity[];
}
