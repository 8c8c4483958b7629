import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCipher, loadOrCreateKey, parseKey } from '../../src/infra/crypto.ts';

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
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
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
    expect(() => cipher.decrypt(`v2:${iv}:${tag}:${body}`)).toThrow(/format/);
    expect(() => cipher.decrypt('garbage')).toThrow(/format/);
    expect(() => createCipher(parseKey('b2'.repeat(32))).decrypt(enc)).toThrow(/altered or the key is wrong/);
  });

  it('hashes deterministically per key', () => {
    expect(cipher.hash('x')).toBe(cipher.hash('x'));
    expect(cipher.hash('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.hash('x')).not.toBe(cipher.hash('y'));
    expect(createCipher(parseKey('b2'.repeat(32))).hash('x')).not.toBe(cipher.hash('x'));
  });
});

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
    writeFileSync(join(dir, 'encryption.key'), 'not-a-key');
    expect(() => loadOrCreateKey(dir, undefined)).toThrow(/Invalid encryption key/);
    expect(readFileSync(join(dir, 'encryption.key'), 'utf8')).toBe('not-a-key');
  });
});
