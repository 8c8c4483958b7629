import type { Document, Message } from 'grammy/types';
import type { BotContext } from '../../context.ts';

/** Bots may download files up to 20 MB (getFile's limit). */
export const MAX_STOCK_FILE_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;
const DOWNLOAD_ATTEMPTS = 3;
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
  const size = document.file_size ?? 0;
  if (size > MAX_STOCK_FILE_BYTES)
    return { ok: false, expected: t.fileTooBig((size / 1024 / 1024).toFixed(1)) };
  let bytes: Buffer;
  try {
    bytes = await download(ctx, document.file_id);
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, 'could not download a stock file');
    return { ok: false, expected: t.fileUnreadable };
  }
  if (bytes.length > MAX_STOCK_FILE_BYTES)
    return { ok: false, expected: t.fileTooBig((bytes.length / 1024 / 1024).toFixed(1)) };
  const text = decodeText(bytes);
  if (text === null) return { ok: false, expected: t.fileNotText };
  if (text.trim().length === 0) return { ok: false, expected: t.fileEmpty };
  return { ok: true, text, fileName: document.file_name ?? null };
}

function looksLikeText(document: Document): boolean {
  const mime = document.mime_type ?? '';
  return TEXT_EXTENSIONS.test(document.file_name ?? '') || mime.startsWith('text/');
}

/** UTF-8 without NUL bytes, else null (a binary file renamed to .txt). */
function decodeText(bytes: Buffer): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

/** getFile, then `<apiRoot>/file/bot<token>/<file_path>`; a few tries on network errors and 5xx. */
export async function download(ctx: BotContext, fileId: string): Promise<Buffer> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error('getFile returned no file_path');
  const root = ctx.api.options?.apiRoot ?? 'https://api.telegram.org';
  const url = `${root}/file/bot${ctx.api.token}/${file.file_path}`;
  let lastError: unknown;
  for (let attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (response.ok) return Buffer.from(await response.arrayBuffer());
      lastError = new Error(`file download answered HTTP ${response.status}`);
      if (response.status < 500) break;
    } catch (error) {
      // The URL carries the token: keep only the message.
      lastError = new Error(`file download failed: ${(error as Error).name}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
  throw lastError;
}
