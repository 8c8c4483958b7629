import type { MessageSnapshot, StoredMessage } from './chat-types.ts';
import { buttonLabels } from './reply-markup.ts';

/** Copies a stored message into a snapshot that later edits cannot change. */
export function snapshotOf(stored: StoredMessage): MessageSnapshot {
  const raw = structuredClone(stored.message);
  return {
    messageId: raw.message_id,
    from: stored.sender,
    text: raw.text ?? raw.caption ?? '',
    html: stored.html,
    entities: raw.entities ?? raw.caption_entities ?? [],
    buttons: buttonLabels(raw.reply_markup),
    replyMarkup: raw.reply_markup,
    replyKeyboard: stored.replyKeyboard ? structuredClone(stored.replyKeyboard) : undefined,
    photo: raw.photo,
    document: raw.document,
    sticker: raw.sticker,
    edited: raw.edit_date !== undefined,
    deleted: stored.deleted,
    raw,
  };
}
