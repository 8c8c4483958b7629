import { basename } from 'node:path';
import type { Message } from 'grammy/types';
import { badRequest, telegramErrors } from '../api-error.ts';
import type { StoredMedia } from '../file-store.ts';
import { imageSize } from '../image-size.ts';
import { mimeTypeFor } from '../mime-types.ts';
import type { UploadedFile } from '../params.ts';
import type { MethodContext } from './context.ts';

export type MediaKind = StoredMedia['kind'];

const KIND_NAMES: Record<MediaKind, string> = { photo: 'Photo', document: 'Document', sticker: 'Sticker' };

/**
 * Turns a file parameter into message fields (`photo`, `document` or `sticker`). The value may be
 * an `attach://<part>` reference, a file part under the field's own name, an existing file_id,
 * or an HTTP URL the emulator downloads, like Telegram does.
 */
export async function resolveInputFile(
  ctx: MethodContext,
  field: string,
  kind: MediaKind,
  value: unknown = ctx.params.raw(field),
): Promise<Partial<Message>> {
  if (value === undefined || value === null || value === '') {
    const upload = ctx.params.file(field);
    if (!upload) throw badRequest(`there is no ${kind} in the request`);
    return storeUpload(ctx, kind, upload);
  }
  if (typeof value !== 'string') throw telegramErrors.wrongFileId();
  const attached = ctx.params.attachment(value);
  if (attached) return storeUpload(ctx, kind, attached);
  if (/^https?:\/\//i.test(value)) return storeUpload(ctx, kind, await download(value));
  return reuseFile(ctx, kind, value);
}

function reuseFile(ctx: MethodContext, kind: MediaKind, fileId: string): Partial<Message> {
  const file = ctx.state.files.get(fileId);
  if (!file) throw telegramErrors.wrongFileId();
  const media = file.media;
  if (media.kind !== kind)
    throw badRequest(`can't use file of type ${KIND_NAMES[media.kind]} as ${KIND_NAMES[kind]}`);
  return fieldsOf(media);
}

function storeUpload(ctx: MethodContext, kind: MediaKind, upload: UploadedFile): Partial<Message> {
  const files = ctx.state.files;
  if (upload.bytes.length === 0) throw badRequest('file must be non-empty');
  if (kind === 'photo') {
    const size = imageSize(upload.bytes);
    if (!size) throw badRequest('IMAGE_PROCESS_FAILED');
    return { photo: files.addPhoto(upload.bytes, size) };
  }
  if (kind === 'sticker') return { sticker: files.addSticker(upload.bytes, imageSize(upload.bytes)) };
  const mimeType = mimeTypeFor(upload.fileName, upload.mimeType);
  return { document: files.addDocument(upload.bytes, upload.fileName, mimeType) };
}

function fieldsOf(media: StoredMedia): Partial<Message> {
  if (media.kind === 'photo') return { photo: structuredClone(media.sizes) };
  if (media.kind === 'sticker') return { sticker: structuredClone(media.sticker) };
  return { document: structuredClone(media.document) };
}

async function download(url: string): Promise<UploadedFile> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`status ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const fileName = basename(new URL(url).pathname) || 'file';
    const mimeType = response.headers.get('content-type') ?? 'application/octet-stream';
    return { fieldName: 'url', fileName, mimeType, bytes };
  } catch {
    throw badRequest('failed to get HTTP URL content');
  }
}
