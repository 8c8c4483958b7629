import type { Document } from 'grammy/types';
import type { BotContext } from '../../context.ts';
import { downloadFile } from '../../files.ts';

/** A sent document's text, or why it cannot be used (each caller words it). */
export type DocumentText =
  | { ok: true; text: string }
  | { ok: false; problem: 'tooBig'; megabytes: string }
  | { ok: false; problem: 'unreadable' | 'notText' };

/**
 * Downloads a document and decodes it as UTF-8, refusing one over `maxBytes` both by the
 * size Telegram announces (before downloading) and by what arrived.
 */
export async function documentText(
  ctx: BotContext,
  document: Document,
  maxBytes: number,
  what: string,
): Promise<DocumentText> {
  const tooBig = (bytes: number) => ({
    ok: false as const,
    problem: 'tooBig' as const,
    megabytes: (bytes / 1024 / 1024).toFixed(1),
  });
  if ((document.file_size ?? 0) > maxBytes) return tooBig(document.file_size ?? 0);
  let bytes: Buffer;
  try {
    bytes = await downloadFile(ctx, document.file_id);
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, `could not download a ${what} file`);
    return { ok: false, problem: 'unreadable' };
  }
  if (bytes.length > maxBytes) return tooBig(bytes.length);
  const text = decodeText(bytes);
  return text === null ? { ok: false, problem: 'notText' } : { ok: true, text };
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
