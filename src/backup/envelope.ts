import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';

/**
 * A backup file: `BAOBACKUP` magic, one format byte, a 4-byte header length, the header
 * (JSON, readable without the password), the AES-256-GCM ciphertext and its 16-byte tag.
 * The whole prefix (magic to header) is the cipher's additional data, so a changed header
 * fails authentication like a changed body does.
 */
export const MAGIC = Buffer.from('BAOBACKUP', 'ascii');
export const FORMAT_VERSION = 1;
const TAG_BYTES = 16;
const PREFIX_BYTES = MAGIC.length + 1 + 4;
/** scrypt cost: about 0.1 s and 32 MiB per derivation, once per backup file. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };

export interface BackupHeader {
  format: number;
  cipher: 'aes-256-gcm';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  nonce: string;
  /** HMAC of a fixed text under the derived key: tells a wrong password from a damaged file. */
  key_check: string;
  created_at: string;
  schema_version: string;
  app_version: string;
  automatic: boolean;
}

export type HeaderFields = Pick<BackupHeader, 'created_at' | 'schema_version' | 'app_version' | 'automatic'>;

/** What goes wrong with a backup file, in words for the person restoring it. */
export class BackupFileError extends Error {
  readonly reason: 'not-a-backup' | 'wrong-password' | 'corrupt' | 'unsupported';
  constructor(reason: BackupFileError['reason'], message: string) {
    super(message);
    this.name = 'BackupFileError';
    this.reason = reason;
  }
}

function deriveKey(password: string, kdf: BackupHeader['kdf']): Promise<Buffer> {
  // The parameters come from the file: a damaged header must not ask for gigabytes.
  if (!(kdf.N >= 2 && kdf.N <= 2 ** 20 && kdf.r >= 1 && kdf.r <= 32 && kdf.p >= 1 && kdf.p <= 16))
    return Promise.reject(new Error('scrypt parameters out of range'));
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      Buffer.from(kdf.salt, 'base64'),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

const keyCheck = (key: Buffer) => createHmac('sha256', key).update('bao-backup key check').digest('base64');

export async function seal(plain: Buffer, password: string, fields: HeaderFields): Promise<Buffer> {
  const kdf = { name: 'scrypt' as const, ...SCRYPT, salt: randomBytes(16).toString('base64') };
  const key = await deriveKey(password, kdf);
  const nonce = randomBytes(12);
  const header: BackupHeader = {
    format: FORMAT_VERSION,
    cipher: 'aes-256-gcm',
    kdf,
    nonce: nonce.toString('base64'),
    key_check: keyCheck(key),
    created_at: fields.created_at,
    schema_version: fields.schema_version,
    app_version: fields.app_version,
    automatic: fields.automatic,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix);
  prefix.writeUInt8(FORMAT_VERSION, MAGIC.length);
  prefix.writeUInt32BE(headerBytes.length, MAGIC.length + 1);
  const aad = Buffer.concat([prefix, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([aad, body, cipher.getAuthTag()]);
}

/** Reads the header without the password (for listing); authenticated only by `open`. */
export function readHeader(
  file: Buffer,
  totalBytes = file.length,
): { header: BackupHeader; headerEnd: number } {
  if (file.length < PREFIX_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC))
    throw new BackupFileError('not-a-backup', 'not a backup file (its first bytes are not BAOBACKUP)');
  const format = file.readUInt8(MAGIC.length);
  if (format !== FORMAT_VERSION)
    throw new BackupFileError(
      'unsupported',
      `backup format ${format} is not known to this version (it reads format ${FORMAT_VERSION})`,
    );
  const length = file.readUInt32BE(MAGIC.length + 1);
  const headerEnd = PREFIX_BYTES + length;
  if (headerEnd + TAG_BYTES > totalBytes || headerEnd > file.length)
    throw new BackupFileError('corrupt', 'backup file is truncated or damaged (its header is cut short)');
  try {
    const header = JSON.parse(file.subarray(PREFIX_BYTES, headerEnd).toString('utf8')) as BackupHeader;
    if (typeof header.nonce !== 'string' || typeof header.kdf?.salt !== 'string') throw new Error('fields');
    return { header, headerEnd };
  } catch {
    throw new BackupFileError('corrupt', 'backup file is damaged (its header cannot be read)');
  }
}

/** Decrypts and authenticates the whole file; nothing is returned from a file that fails. */
export async function open(file: Buffer, password: string): Promise<{ header: BackupHeader; plain: Buffer }> {
  const { header, headerEnd } = readHeader(file);
  const key = await deriveKey(password, header.kdf).catch(() => {
    throw new BackupFileError('corrupt', 'backup file is damaged (its key parameters are invalid)');
  });
  const expected = Buffer.from(keyCheck(key), 'base64');
  const stored = Buffer.from(String(header.key_check), 'base64');
  if (stored.length !== expected.length || !timingSafeEqual(stored, expected))
    throw new BackupFileError(
      'wrong-password',
      'wrong BACKUP_ENCRYPTION_PASSWORD for this backup (or its header was altered)',
    );
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.nonce, 'base64'));
  decipher.setAAD(file.subarray(0, headerEnd));
  decipher.setAuthTag(file.subarray(file.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([
      decipher.update(file.subarray(headerEnd, file.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return { header, plain };
  } catch {
    throw new BackupFileError(
      'corrupt',
      'backup file is corrupt: authentication failed (the file was altered or truncated)',
    );
  }
}
