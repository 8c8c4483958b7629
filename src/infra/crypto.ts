import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** v1: AES-GCM under the configured key itself (still read); v2: under a derived key. */
const VERSION = 'v2';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export interface Cipher {
  /** AES-256-GCM; returns `v2:<iv>:<tag>:<ciphertext>`, each part base64. */
  encrypt(plain: string): string;
  /** Reads v2 and v1; throws when the text was altered or was encrypted under another key. */
  decrypt(enc: string): string;
  /** True when `enc` was written in the current format (else re-encrypt it). */
  isCurrent(enc: string): boolean;
  /** HMAC-SHA256 hex under the fingerprint key: a stable fingerprint that reveals nothing without it. */
  hash(plain: string): string;
}

/**
 * One key per purpose, derived from the configured key (HKDF-SHA256, distinct labels):
 * a fingerprint then says nothing about the encryption key, and neither key is used raw.
 */
export function deriveKey(key: Buffer, purpose: 'encryption' | 'fingerprint'): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `bot-auto-order ${purpose} v2`, KEY_BYTES));
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
  const keys: Record<string, Buffer> = { v1: key, v2: deriveKey(key, 'encryption') };
  const fingerprintKey = deriveKey(key, 'fingerprint');
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys[VERSION] as Buffer, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
    },
    decrypt(enc) {
      const [version, iv, tag, body, ...rest] = enc.split(':');
      const versionKey = version === undefined ? undefined : keys[version];
      if (!versionKey || iv === undefined || tag === undefined || body === undefined || rest.length)
        throw new Error('Cannot decrypt: unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', versionKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new Error('Cannot decrypt: the data was altered or the key is wrong');
      }
    },
    isCurrent: (enc) => enc.startsWith(`${VERSION}:`),
    hash(plain) {
      return createHmac('sha256', fingerprintKey).update(plain, 'utf8').digest('hex');
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
  if (existsSync(path)) return readKeyFile(path);
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  // 'wx' fails if another process created the file meanwhile: then use theirs.
  try {
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(path);
  }
  return { key, created: true, path };
}

/**
 * Refuses a key file that other users may read (as ssh does with a private key): anyone
 * who can read it can read every stock item, and a warning in a log file goes unseen.
 * Windows has no such mode bits.
 */
function readKeyFile(path: string): LoadedKey {
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new Error(
      `The encryption key file ${path} can be read by other users (mode ${mode.toString(8)}). ` +
        `Make it private with: chmod 600 ${path}`,
    );
  return { key: parseKey(readFileSync(path, 'utf8')), created: false, path };
}
