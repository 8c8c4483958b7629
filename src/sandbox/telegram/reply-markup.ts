import type {
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from 'grammy/types';
import { badRequest, telegramErrors } from './api-error.ts';

/** The markup a send call carried, sorted by kind: only inline keyboards are echoed in messages. */
export type ParsedMarkup =
  | { kind: 'inline'; markup: InlineKeyboardMarkup }
  | { kind: 'keyboard'; markup: ReplyKeyboardMarkup }
  | { kind: 'remove'; markup: ReplyKeyboardRemove }
  | { kind: 'force_reply'; markup: ForceReply };

const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

const MAX_CALLBACK_DATA_BYTES = 64;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates `reply_markup` of a send call (already JSON-decoded); undefined when absent. */
export function parseReplyMarkup(value: unknown): ParsedMarkup | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw badRequest("can't parse reply keyboard markup JSON object");
  if ('inline_keyboard' in value) return { kind: 'inline', markup: parseInlineKeyboard(value) };
  if ('keyboard' in value) return { kind: 'keyboard', markup: parseReplyKeyboard(value) };
  if (value.remove_keyboard === true)
    return { kind: 'remove', markup: value as unknown as ReplyKeyboardRemove };
  if (value.force_reply === true) return { kind: 'force_reply', markup: value as unknown as ForceReply };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Edits accept only inline keyboards. */
export function parseInlineMarkup(value: unknown): InlineKeyboardMarkup | undefined {
  const parsed = parseReplyMarkup(value);
  if (parsed === undefined) return undefined;
  if (parsed.kind !== 'inline') throw badRequest('inline keyboard expected');
  return parsed.markup;
}

function parseInlineKeyboard(value: Record<string, unknown>): InlineKeyboardMarkup {
  const rows = value.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  const keyboard = rows.map((row: unknown[]) => row.map(parseInlineButton));
  return { inline_keyboard: keyboard };
}

function parseInlineButton(button: unknown): InlineKeyboardButton {
  if (!isObject(button))
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof button.text !== 'string') {
    throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  }
  const actions = INLINE_ACTIONS.filter((action) => button[action] !== undefined);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (button.callback_data !== undefined) checkCallbackData(button.callback_data);
  if (button.url !== undefined) checkButtonUrl(button.url);
  return button as unknown as InlineKeyboardButton;
}

function checkCallbackData(data: unknown): void {
  if (typeof data !== 'string') throw telegramErrors.buttonDataInvalid();
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) throw telegramErrors.buttonDataInvalid();
}

function checkButtonUrl(url: unknown): void {
  if (typeof url !== 'string' || !URL.canParse(url)) throw telegramErrors.buttonUrlInvalid();
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'tg:')
    throw telegramErrors.buttonUrlInvalid();
}

function parseReplyKeyboard(value: Record<string, unknown>): ReplyKeyboardMarkup {
  const rows = value.keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
  }
  // Plain strings are a legal shorthand for `{ text }`; normalise so the driver sees one shape.
  const keyboard = rows.map((row: unknown[]) => row.map(parseKeyboardButton));
  return { ...(value as unknown as ReplyKeyboardMarkup), keyboard };
}

function parseKeyboardButton(button: unknown): KeyboardButton {
  const text = typeof button === 'string' ? button : isObject(button) ? button.text : undefined;
  if (typeof text !== 'string' || text === '') throw badRequest('keyboard button text must be non-empty');
  return typeof button === 'string' ? { text } : (button as unknown as KeyboardButton);
}

/** The label of a reply keyboard button (plain strings are a legal shorthand). */
export function keyboardLabel(button: KeyboardButton): string {
  return typeof button === 'string' ? button : button.text;
}

/** The labels of a keyboard, row by row. */
export function buttonLabels(markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | undefined): string[][] {
  if (!markup) return [];
  const rows: Array<Array<{ text: string } | string>> =
    'inline_keyboard' in markup ? markup.inline_keyboard : markup.keyboard;
  return rows.map((row) => row.map((button) => (typeof button === 'string' ? button : button.text)));
}
