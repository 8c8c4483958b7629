import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WebhookSecret {
  secret: string;
  /** Set when the secret lives in a file (generated now or on an earlier start). */
  path?: string;
  created: boolean;
}

const FILE_NAME = 'telegram-webhook.secret';

/**
 * The secret Telegram must send with every webhook update: TELEGRAM_WEBHOOK_SECRET, or one
 * generated once and kept in DATA_DIR (mode 600), so a webhook is never left unchecked.
 */
export function loadOrCreateWebhookSecret(dataDir: string, configured: string | undefined): WebhookSecret {
  if (configured) return { secret: configured, created: false };
  const path = join(dataDir, FILE_NAME);
  if (existsSync(path)) return { secret: readFileSync(path, 'utf8').trim(), created: false, path };
  mkdirSync(dataDir, { recursive: true });
  // 32 random bytes in base64url: within Telegram's A-Z a-z 0-9 _ - alphabet.
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it meanwhile: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: readFileSync(path, 'utf8').trim(), created: false, path };
  }
  return { secret, created: true, path };
}

/** Constant-time comparison (digests have equal length whatever was sent). */
export function secretMatches(sent: string | string[] | undefined, secret: string): boolean {
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (value === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(value), digest(secret));
}
