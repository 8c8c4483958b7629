import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipher, loadOrCreateKey, parseKey } from '../../src/infra/crypto.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { addStock, FINGERPRINT_VERSION, upgradeStockKeys } from '../../src/shop/stock.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedProduct } from './fixtures.ts';

const HEX = 'a1'.repeat(32);
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bao-crypto-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('parseKey', () => {
  it('accepts 64 hex characters and base64 of 32 bytes, the same key either way', () => {
    const fromHex = parseKey(HEX);
    const fromBase64 = parseKey(Buffer.from(HEX, 'hex').toString('base64'));
    expect(fromHex.length).toBe(32);
    expect(fromBase64.equals(fromHex)).toBe(true);
    expect(parseKey(`  ${HEX}\n`).equals(fromHex)).toBe(true);
  });

  it('rejects anything else with a clear message', () => {
    for (const bad of ['', 'abc', 'a1'.repeat(31), Buffer.alloc(16).toString('base64'), `${HEX}00`]) {
      expect(() => parseKey(bad)).toThrow(/expected 32 bytes as 64 hex characters or base64/);
    }
  });
});

describe('cipher', () => {
  const cipher = createCipher(parseKey(HEX));

  it('round-trips text, with a fresh IV each time', () => {
    const plain = 'akun@contoh.id|Päss-🔑';
    const a = cipher.encrypt(plain);
    const b = cipher.encrypt(plain);
    expect(a).toMatch(/^v2:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('akun');
    expect(cipher.decrypt(a)).toBe(plain);
    expect(cipher.decrypt(b)).toBe(plain);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  it('refuses tampered ciphertext, tag or IV, and another key', () => {
    const enc = cipher.encrypt('secret-code-123');
    const [v, iv, tag, body] = enc.split(':') as [string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    expect(() => cipher.decrypt([v, iv, tag, flip(body)].join(':'))).toThrow(/altered/);
    expect(() => cipher.decrypt([v, iv, flip(tag), body].join(':'))).toThrow(/altered/);
    expect(() => cipher.decrypt([v, flip(iv), tag, body].join(':'))).toThrow(/altered/);
    expect(() => cipher.decrypt(`v9:${iv}:${tag}:${body}`)).toThrow(/format/);
    expect(() => cipher.decrypt('garbage')).toThrow(/format/);
    expect(() => createCipher(parseKey('b2'.repeat(32))).decrypt(enc)).toThrow(/altered or the key is wrong/);
  });

  it('hashes deterministically per key', () => {
    expect(cipher.hash('x')).toBe(cipher.hash('x'));
    expect(cipher.hash('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.hash('x')).not.toBe(cipher.hash('y'));
    expect(createCipher(parseKey('b2'.repeat(32))).hash('x')).not.toBe(cipher.hash('x'));
  });

  it('keys the fingerprint and the encryption with separate keys derived from the configured one', () => {
    const key = parseKey(HEX);
    expect(cipher.hash('x')).not.toBe(createHmac('sha256', key).update('x').digest('hex'));
    const [, iv, tag, body] = cipher.encrypt('item-123').split(':') as [string, string, string, string];
    const underRawKey = legacyEncrypt(key, 'item-123').split(':');
    expect(body).not.toBe(underRawKey[3]);
    expect(() => cipher.decrypt(['v1', iv, tag, body].join(':'))).toThrow(/altered or the key is wrong/);
  });

  it('still reads ciphertext written under the previous scheme (v1, the key itself)', () => {
    expect(cipher.decrypt(legacyEncrypt(parseKey(HEX), 'akun-lama|Rahasia'))).toBe('akun-lama|Rahasia');
  });
});

/** The v1 format: AES-256-GCM under the configured key itself, as rows written before v2 hold. */
function legacyEncrypt(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const aes = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([aes.update(plain, 'utf8'), aes.final()]);
  return ['v1', iv, aes.getAuthTag(), body].map((part) => part.toString('base64')).join(':');
}

function legacyHash(key: Buffer, plain: string): string {
  return createHmac('sha256', key).update(plain, 'utf8').digest('hex');
}

describe('loadOrCreateKey', () => {
  it('uses the configured key without touching the disk', () => {
    const dir = tempDir();
    const loaded = loadOrCreateKey(dir, HEX);
    expect(loaded).toEqual({ key: parseKey(HEX), created: false });
    expect(() => statSync(join(dir, 'encryption.key'))).toThrow();
  });

  it('creates an owner-only key file once, then reads it back', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const first = loadOrCreateKey(dir, undefined);
    const path = join(dir, 'encryption.key');
    expect(first.created).toBe(true);
    expect(first.path).toBe(path);
    expect(first.key.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.key.toString('hex'));

    const second = loadOrCreateKey(dir, undefined);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('reports a corrupt key file instead of replacing it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'encryption.key'), 'not-a-key', { mode: 0o600 });
    expect(() => loadOrCreateKey(dir, undefined)).toThrow(/Invalid encryption key/);
    expect(readFileSync(join(dir, 'encryption.key'), 'utf8')).toBe('not-a-key');
  });
});

describe('key file permissions', () => {
  it('refuses a key file that other users can read, and says how to fix it', () => {
    for (const mode of [0o644, 0o640, 0o604]) {
      const dir = tempDir();
      const path = join(dir, 'encryption.key');
      writeFileSync(path, `${HEX}\n`);
      chmodSync(path, mode);
      expect(() => loadOrCreateKey(dir, undefined)).toThrow(`chmod 600 ${path}`);
      chmodSync(path, 0o600);
      expect(loadOrCreateKey(dir, undefined).key.equals(parseKey(HEX))).toBe(true);
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'encryption.key'), `${HEX}\n`, { mode: 0o400 });
    expect(loadOrCreateKey(dir, undefined).created).toBe(false);
  });
});

describe('stock written under the previous key scheme', () => {
  let database: TestDatabase;
  let handle: DbHandle;
  const key = parseKey(HEX);
  const cipher = createCipher(key);

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = createDb(database.url, { max: 2 });
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  async function legacyStock(productId: number, items: string[]) {
    await handle.db
      .insertInto('stock_items')
      .values(
        items.map((item) => ({
          product_id: productId,
          content_enc: legacyEncrypt(key, item),
          content_hash: legacyHash(key, item),
        })),
      )
      .execute();
  }

  function stockRows(productId: number) {
    return handle.db
      .selectFrom('stock_items')
      .selectAll()
      .where('product_id', '=', productId)
      .orderBy('id')
      .execute();
  }

  it('is re-fingerprinted and re-encrypted in batches, once', async () => {
    const db = handle.db;
    const product = await seedProduct(db);
    const items = Array.from({ length: 7 }, (_, i) => `legacy-${i}@contoh.id|pw${i}`);
    await legacyStock(product.id, items);
    const unreadable = await seedProduct(db);
    await db
      .insertInto('stock_items')
      .values({
        product_id: unreadable.id,
        content_enc: legacyEncrypt(randomBytes(32), 'x'),
        content_hash: 'h',
      })
      .execute();

    expect(await upgradeStockKeys(db, cipher, { batchSize: 3 })).toEqual({
      upgraded: 7,
      skipped: 0,
      unreadable: 1,
    });
    const rows = await stockRows(product.id);
    expect(rows.map((row) => row.fingerprint_version)).toEqual(items.map(() => FINGERPRINT_VERSION));
    expect(rows.map((row) => row.content_hash)).toEqual(items.map((item) => cipher.hash(item)));
    expect(rows.map((row) => cipher.decrypt(row.content_enc))).toEqual(items);
    expect(rows.every((row) => row.content_enc.startsWith('v2:'))).toBe(true);

    expect(await upgradeStockKeys(db, cipher)).toEqual({ upgraded: 0, skipped: 0, unreadable: 1 });
  });

  it('still counts as a duplicate when the same item is imported again before the upgrade ran', async () => {
    const db = handle.db;
    const product = await seedProduct(db);
    await legacyStock(product.id, ['old-item-1', 'old-item-2']);
    expect(await addStock(db, cipher, product.id, ['old-item-2', 'new-item-1'])).toEqual({
      added: 1,
      duplicates: 1,
    });
    const rows = await stockRows(product.id);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.fingerprint_version === FINGERPRINT_VERSION)).toBe(true);
  });

  it('leaves an old row alone when its item is already stocked under the new fingerprint', async () => {
    const db = handle.db;
    const product = await seedProduct(db);
    // What an older instance writes while a newer one runs: the same item twice, one per scheme.
    await db
      .insertInto('stock_items')
      .values({
        product_id: product.id,
        content_enc: cipher.encrypt('twice'),
        content_hash: cipher.hash('twice'),
        fingerprint_version: FINGERPRINT_VERSION,
      })
      .execute();
    await legacyStock(product.id, ['twice']);
    const result = await upgradeStockKeys(db, cipher, { productId: product.id });
    expect(result).toEqual({ upgraded: 0, skipped: 1, unreadable: 0 });
    expect((await stockRows(product.id)).map((row) => row.fingerprint_version)).toEqual([
      FINGERPRINT_VERSION,
      1,
    ]);
  });
});
