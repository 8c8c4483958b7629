import type { Message } from 'grammy/types';
import { parseTelegramHtml, TelegramHtmlError } from '../../../messages/telegram-html.ts';
import type { BroadcastContent } from '../../../shop/broadcasts/types.ts';

/** Telegram's limits on a message text and a caption, counted after parsing. */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const BUTTON_LINE = /^(.{1,64}?)\s*\|\s*(https?:\/\/\S{1,500})$/u;

export type ContentProblem =
  | { kind: 'html'; detail: string }
  | { kind: 'length'; max: number }
  | { kind: 'none' };

/**
 * The broadcast an admin's message describes: its text (or a photo and its caption) is the
 * HTML source, checked as Telegram will parse it, so a send never fails on its markup.
 */
export function contentOf(
  message: Message,
): { ok: true; content: BroadcastContent } | { ok: false; problem: ContentProblem } {
  const photo = message.photo?.at(-1);
  const source = photo ? (message.caption ?? '') : message.text;
  if (source === undefined || (!photo && source.trim() === ''))
    return { ok: false, problem: { kind: 'none' } };
  let plain: string;
  try {
    plain = parseTelegramHtml(source).text;
  } catch (error) {
    if (error instanceof TelegramHtmlError)
      return { ok: false, problem: { kind: 'html', detail: error.detail } };
    throw error;
  }
  const max = photo ? MAX_CAPTION : MAX_TEXT;
  if (plain.length > max) return { ok: false, problem: { kind: 'length', max } };
  if (photo) return { ok: true, content: { kind: 'photo', fileId: photo.file_id, captionHtml: source } };
  return { ok: true, content: { kind: 'text', html: source } };
}

/** "Label | https://…" → the button; "-" → none; anything else → null. */
export function buttonOf(text: string): { label: string; url: string } | 'none' | null {
  const trimmed = text.trim();
  if (trimmed === '-' || trimmed === '—') return 'none';
  const match = BUTTON_LINE.exec(trimmed);
  if (!match?.[1] || !match[2]) return null;
  try {
    const url = new URL(match[2]);
    return { label: match[1].trim(), url: url.toString() };
  } catch {
    return null;
  }
}
