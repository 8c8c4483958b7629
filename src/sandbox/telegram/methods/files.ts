import { badRequest, telegramErrors } from '../api-error.ts';
import type { MethodContext } from './context.ts';

/** Bots may download files up to 20 MB through the Bot API. */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export function getFile(ctx: MethodContext): unknown {
  const fileId = ctx.params.string('file_id');
  if (fileId === undefined || fileId === '') throw telegramErrors.invalidFileId();
  const file = ctx.state.files.get(fileId);
  if (!file) throw telegramErrors.invalidFileId();
  if (file.bytes.length > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.bytes.length,
    file_path: file.filePath,
  };
}
