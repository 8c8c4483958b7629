import type { Document, Message } from 'grammy/types';
import type { BotContext } from '../../context.ts';
import { documentText } from './document-text.ts';

/** Bots may download files up to 20 MB (getFile's limit). */
export const MAX_STOCK_FILE_BYTES = 20 * 1024 * 1024;
const TEXT_EXTENSIONS = /\.(txt|csv)$/i;

/** What came with the answer: pasted text, a text file's contents, or why it cannot be used. */
export type StockSource =
  | { ok: true; text: string; fileName: string | null }
  | { ok: false; expected: string };

export async function stockSourceOf(ctx: BotContext, message: Message): Promise<StockSource> {
  const t = ctx.t.adminStock;
  if (message.text !== undefined) return { ok: true, text: message.text, fileName: null };
  const document = message.document;
  if (!document) return { ok: false, expected: t.expectedStock };
  if (!looksLikeText(document)) return { ok: false, expected: t.fileNotText };
  const read = await documentText(ctx, document, MAX_STOCK_FILE_BYTES, 'stock');
  if (!read.ok) {
    if (read.problem === 'tooBig') return { ok: false, expected: t.fileTooBig(read.megabytes) };
    return { ok: false, expected: read.problem === 'unreadable' ? t.fileUnreadable : t.fileNotText };
  }
  if (read.text.trim().length === 0) return { ok: false, expected: t.fileEmpty };
  return { ok: true, text: read.text, fileName: document.file_name ?? null };
}

function looksLikeText(document: Document): boolean {
  const mime = document.mime_type ?? '';
  return TEXT_EXTENSIONS.test(document.file_name ?? '') || mime.startsWith('text/');
}
