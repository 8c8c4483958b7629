import type { InlineKeyboardButton, ReplyKeyboardMarkup } from 'grammy/types';
import type { ChatEvent } from '../telegram/chat-types.ts';
import { keyboardLabel } from '../telegram/reply-markup.ts';

/** Text decorations; the plain style leaves text as it is (pipes, logs, tests). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  accent(text: string): string;
  button(text: string): string;
  notice(text: string): string;
  error(text: string): string;
}

const same = (text: string) => text;

export const plainStyle: Style = {
  bold: same,
  dim: same,
  accent: same,
  button: same,
  notice: same,
  error: same,
};

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/** Plain ANSI escapes: enough for a terminal chat, no colour library needed. */
export const ansiStyle: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  accent: ansi(36, 39),
  button: ansi(33, 39),
  notice: ansi(32, 39),
  error: ansi(31, 39),
};

export interface RenderOptions {
  /** Shown above each bot message. */
  botName: string;
  style: Style;
  /**
   * Whether the inline buttons get numbers. Only the newest message with buttons can be
   * pressed by number, so older messages (edited later) show theirs with bullets.
   */
  numbered: boolean;
  /** Whether to list the reply keyboard the message brings (skipped when it did not change). */
  showReplyKeyboard: boolean;
}

/** A bot message, edit or deletion as terminal lines. */
export function renderEvent(event: ChatEvent, options: RenderOptions): string[] {
  const { style } = options;
  if (event.kind === 'delete') return [style.dim(`🗑️  (pesan #${event.messageId} dihapus / deleted)`)];
  const edited = event.kind === 'edit' ? style.dim(` ✏️ (diubah / edited #${event.messageId})`) : '';
  const lines = [`${style.bold(style.accent(`🤖 ${options.botName}`))}${edited}`];
  lines.push(...attachmentLines(event));
  if (event.text !== '') lines.push(...event.text.split('\n'));
  lines.push(...inlineButtonLines(event.replyMarkup?.inline_keyboard ?? [], options));
  if (options.showReplyKeyboard && event.replyKeyboard)
    lines.push(renderReplyKeyboard(event.replyKeyboard, style));
  return lines;
}

function attachmentLines(event: ChatEvent): string[] {
  const lines: string[] = [];
  // The shop sends photos only as QRIS invoices; other photos are named generically.
  if (event.photo) lines.push(/qris|bayar|pay/i.test(event.text) ? '[📷 foto: QR pembayaran]' : '[📷 foto]');
  if (event.document) lines.push(`[📄 file: ${event.document.file_name ?? 'dokumen'}]`);
  if (event.sticker) lines.push('[stiker]');
  return lines;
}

/** One line per keyboard row: `[1] 🛒 Tambah  [2] ⬅️ Kembali`, numbered across rows. */
export function inlineButtonLines(
  rows: InlineKeyboardButton[][],
  options: Pick<RenderOptions, 'numbered' | 'style'>,
): string[] {
  let number = 0;
  return rows.map((row) =>
    row
      .map((button) => {
        number++;
        const mark = options.numbered ? `[${number}]` : '•';
        const link = 'url' in button ? ` 🔗 ${button.url}` : '';
        return `${options.style.button(mark)} ${button.text}${options.style.dim(link)}`;
      })
      .join('  '),
  );
}

/** The reply keyboard on one line: `(a) 🛍️ Katalog  (b) 🛒 Keranjang`. */
export function renderReplyKeyboard(keyboard: ReplyKeyboardMarkup, style: Style): string {
  return replyLabels(keyboard)
    .map((label, index) => `${style.button(`(${letterOf(index)})`)} ${label}`)
    .join('  ');
}

/** Reply keyboard labels in reading order. */
export function replyLabels(keyboard: ReplyKeyboardMarkup | undefined): string[] {
  return (keyboard?.keyboard ?? []).flat().map(keyboardLabel);
}

/** The inline buttons of a keyboard in reading order, as numbered on screen. */
export function inlineButtons(rows: InlineKeyboardButton[][] | undefined): InlineKeyboardButton[] {
  return (rows ?? []).flat();
}

export function letterOf(index: number): string {
  return String.fromCharCode('a'.charCodeAt(0) + index);
}
