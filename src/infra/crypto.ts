import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export interface Cipher {
  /** AES-256-GCM; returns `v1:<iv>:<tag>:<ciphertext>`, each part base64. */
  encrypt(plain: string): string;
  /** Throws when the text was altered or was encrypted under another key. */
  decrypt(enc: string): string;
  /** HMAC-SHA256 hex: a stable fingerprint that reveals nothing without the key. */
  hash(plain: string): string;
}

/** Accepts 32 bytes written as 64 hex characters or as base64. */
export function parseKey(material: string): Buffer {
  const text = material.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error('Invalid encryption key: expected 32 bytes as 64 hex characters or base64');
}

export function createCipher(key: Buffer): Cipher {
  if (key.length !== KEY_BYTES) throw new Error(`Invalid encryption key: expected ${KEY_BYTES} bytes`);
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
    },
    decrypt(enc) {
      const [version, iv, tag, body, ...rest] = enc.split(':');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length)
        throw new Error('Cannot decrypt: unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new Error('Cannot decrypt: the data was altered or the key is wrong');
      }
    },
    hash(plain) {
      return createHmac('sha256', key).update(plain, 'utf8').digest('hex');
    },
  };
}

export interface LoadedKey {
  key: Buffer;
  /** True when a new key file was written by this call. */
  created: boolean;
  /** The key file, when the key came from (or went to) disk. */
  path?: string;
}

/**
 * The configured key wins; otherwise `<dataDir>/encryption.key` is read, or created on
 * first start so a fresh install works without setup. Losing that file makes the stock
 * unreadable, so it is written owner-only and never overwritten.
 */
export function loadOrCreateKey(dataDir: string, configured: string | undefined): LoadedKey {
  if (configured) return { key: parseKey(configured), created: false };
  const path = join(dataDir, 'encryption.key');
  if (existsSync(path)) return { key: parseKey(readFileSync(path, 'utf8')), created: false, path };
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  // 'wx' fails if another process created the file meanwhile: then use theirs.
  try {
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: parseKey(readFileSync(path, 'utf8')), created: false, path };
  }
  return { key, created: true, path };
}
