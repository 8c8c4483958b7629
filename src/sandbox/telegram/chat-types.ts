import type {
  Document,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  PhotoSize,
  ReplyKeyboardMarkup,
  Sticker,
} from 'grammy/types';

/** A simulated Telegram user (the shop's buyers, admins and owner). */
export interface UserProfile {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  isPremium?: boolean;
}

/** A message as the emulator keeps it: the Bot API object plus what only the emulator knows. */
export interface StoredMessage {
  /** The current Bot API object (edits replace it). */
  message: Message;
  sender: 'bot' | 'user';
  /** HTML source of the text or caption (the original when sent with parse_mode HTML). */
  html: string;
  /** Reply keyboards are not part of Bot API messages, so they are kept aside for the driver. */
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  deleted: boolean;
}

/** A readable copy of a message at one moment. */
export interface MessageSnapshot {
  messageId: number;
  from: 'bot' | 'user';
  /** Plain text or caption (tags stripped, entities decoded); '' when there is none. */
  text: string;
  html: string;
  entities: MessageEntity[];
  /** Inline keyboard labels, row by row. */
  buttons: string[][];
  replyMarkup: InlineKeyboardMarkup | undefined;
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  photo: PhotoSize[] | undefined;
  document: Document | undefined;
  sticker: Sticker | undefined;
  edited: boolean;
  deleted: boolean;
  /** The Bot API object, copied. */
  raw: Message;
}

/** Something the bot did in a chat, in the order it happened. */
export interface ChatEvent extends MessageSnapshot {
  kind: 'message' | 'edit' | 'delete';
  /** Position in the chat's event list, from 0. */
  seq: number;
  at: number;
}

/** An answerCallbackQuery call, as the user would have seen it. */
export interface CallbackAnswer {
  callbackQueryId: string;
  botId: number;
  userId: number;
  messageId: number | undefined;
  data: string | undefined;
  text: string | undefined;
  showAlert: boolean;
  url: string | undefined;
  cacheTime: number | undefined;
  at: number;
}
