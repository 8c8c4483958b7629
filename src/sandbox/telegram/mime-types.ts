import { extname } from 'node:path';

const BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
  '.zip': 'application/zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
};

/**
 * Telegram derives a document's MIME type itself (grammY sends every file as
 * application/octet-stream), mostly from the file name.
 */
export function mimeTypeFor(fileName: string, declared?: string): string {
  const known = BY_EXTENSION[extname(fileName).toLowerCase()];
  if (known) return known;
  if (declared && declared !== 'application/octet-stream') return declared;
  return 'application/octet-stream';
}

export function extensionFor(mimeType: string): string {
  const entry = Object.entries(BY_EXTENSION).find(([, type]) => type === mimeType);
  return entry ? entry[0] : '';
}
