import { randomBytes } from 'node:crypto';
import type { Document, PhotoSize, Sticker } from 'grammy/types';
import type { ImageSize } from './image-size.ts';
import { extensionFor } from './mime-types.ts';

/** What a stored file is, with the Bot API object a message carries for it. */
export type StoredMedia =
  | { kind: 'photo'; sizes: PhotoSize[] }
  | { kind: 'document'; document: Document }
  | { kind: 'sticker'; sticker: Sticker };

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  bytes: Buffer;
  media: StoredMedia;
}

const THUMBNAIL_SIDE = 90;

const FILE_ID_PREFIX: Record<StoredMedia['kind'], string> = {
  photo: 'AgACAgUAAxkBAAI',
  document: 'BQACAgUAAxkBAAI',
  sticker: 'CAACAgUAAxkBAAI',
};

/**
 * Every file uploaded by a bot or sent by a simulated user. File ids are shared by all bots of the
 * emulator (on Telegram they are per bot), which is enough for one shop and its alert bot.
 */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private counter = 0;

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  getByPath(filePath: string): StoredFile | undefined {
    return this.byPath.get(filePath);
  }

  /**
   * Stores a photo with a thumbnail size next to the original, like Telegram's PhotoSize arrays.
   * The emulator does not resize: every size downloads the original bytes.
   */
  addPhoto(bytes: Buffer, size: ImageSize): PhotoSize[] {
    const sizes: PhotoSize[] = [];
    const media: StoredMedia = { kind: 'photo', sizes };
    const longest = Math.max(size.width, size.height);
    const dimensions =
      longest > THUMBNAIL_SIDE
        ? [scaled(size, THUMBNAIL_SIDE / longest), { width: size.width, height: size.height }]
        : [{ width: size.width, height: size.height }];
    for (const dimension of dimensions) {
      const file = this.register(
        bytes,
        media,
        `photos/file_${this.counter}.${size.format === 'jpeg' ? 'jpg' : size.format}`,
      );
      sizes.push({
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        ...dimension,
        file_size: bytes.length,
      });
    }
    return sizes;
  }

  addDocument(bytes: Buffer, fileName: string, mimeType: string): Document {
    const document: Document = { file_id: '', file_unique_id: '', file_name: fileName, mime_type: mimeType };
    const file = this.register(
      bytes,
      { kind: 'document', document },
      `documents/file_${this.counter}${extensionFor(mimeType)}`,
    );
    Object.assign(document, {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: bytes.length,
    });
    return document;
  }

  addSticker(bytes: Buffer, size: ImageSize | undefined): Sticker {
    const sticker: Sticker = {
      file_id: '',
      file_unique_id: '',
      type: 'regular',
      width: size?.width ?? 512,
      height: size?.height ?? 512,
      is_animated: false,
      is_video: false,
    };
    const file = this.register(bytes, { kind: 'sticker', sticker }, `stickers/file_${this.counter}.webp`);
    Object.assign(sticker, {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: bytes.length,
    });
    return sticker;
  }

  private register(bytes: Buffer, media: StoredMedia, filePath: string): StoredFile {
    this.counter++;
    const file: StoredFile = {
      fileId: FILE_ID_PREFIX[media.kind] + randomBytes(36).toString('base64url'),
      fileUniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
      filePath,
      bytes,
      media,
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.filePath, file);
    return file;
  }
}

function scaled(size: ImageSize, factor: number): { width: number; height: number } {
  return {
    width: Math.max(1, Math.round(size.width * factor)),
    height: Math.max(1, Math.round(size.height * factor)),
  };
}
