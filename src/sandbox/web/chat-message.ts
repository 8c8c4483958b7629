import type { InlineKeyboardButton, KeyboardButton, ReplyKeyboardMarkup } from 'grammy/types';
import type { MessageSnapshot } from '../telegram/index.ts';
import { keyboardLabel } from '../telegram/reply-markup.ts';
import { type RichNode, richNodes, safeHref } from './rich-text.ts';

/** One message as the web chat shows it (sent to the page as JSON). */
export interface WebMessage {
  id: number;
  from: 'bot' | 'user';
  nodes: RichNode[];
  edited: boolean;
  /** The largest size of a photo, as a download path of the web chat. */
  photo?: string;
  document?: { name: string; href: string };
  sticker?: string;
  /** Inline keyboard rows; `index` counts buttons in reading order, as pressed by the server. */
  buttons: WebButton[][];
}

export type WebButton =
  | { kind: 'callback'; text: string; index: number }
  | { kind: 'url'; text: string; index: number; href: string }
  | { kind: 'other'; text: string; index: number };

/** Where the page downloads a stored file. */
export const filePath = (fileId: string): string => `/chat/files/${encodeURIComponent(fileId)}`;

export function webMessage(snapshot: MessageSnapshot): WebMessage {
  const message: WebMessage = {
    id: snapshot.messageId,
    from: snapshot.from,
    nodes: richNodes(snapshot.text, snapshot.entities),
    edited: snapshot.edited,
    buttons: webButtons(snapshot.replyMarkup?.inline_keyboard ?? []),
  };
  const photo = snapshot.photo?.at(-1);
  if (photo) message.photo = filePath(photo.file_id);
  if (snapshot.document) {
    const name = snapshot.document.file_name ?? 'dokumen';
    message.document = { name, href: filePath(snapshot.document.file_id) };
  }
  if (snapshot.sticker) message.sticker = filePath(snapshot.sticker.file_id);
  return message;
}

function webButtons(rows: InlineKeyboardButton[][]): WebButton[][] {
  let index = 0;
  return rows.map((row) =>
    row.map((button): WebButton => {
      const position = index++;
      if ('callback_data' in button) return { kind: 'callback', text: button.text, index: position };
      const href = 'url' in button ? safeHref(button.url) : undefined;
      if (href) return { kind: 'url', text: button.text, index: position, href };
      return { kind: 'other', text: button.text, index: position };
    }),
  );
}

/** Reply keyboard rows as the labels a press sends. */
export function replyRows(keyboard: ReplyKeyboardMarkup | undefined): string[][] {
  return (keyboard?.keyboard ?? []).map((row: KeyboardButton[]) => row.map(keyboardLabel));
}
