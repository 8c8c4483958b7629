import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipher } from '../../src/infra/crypto.ts';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { importCatalog } from '../../src/shop/catalog-import.ts';
import { maskItem, parseStockText } from '../../src/shop/stock-admin.ts';
import { parseLocalMoment, parseVoucherLine } from '../../src/shop/vouchers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('pasted stock', () => {
  it('takes one item per line, counting blank, oversized and repeated lines', () => {
    const parsed = parseStockText(`a@x.id:1\r\n\r\n a@x.id:1 \nb@x.id:2\n${'z'.repeat(4001)}\n\n`, 'line');
    expect(parsed).toEqual({ items: ['a@x.id:1', 'b@x.id:2'], empty: 1, tooLong: 1, repeated: 1 });
  });

  it('takes multi-line items separated by blank lines in block mode', () => {
    const parsed = parseStockText(
      'email: a\npass: 1\n\n\nemail: b\npass: 2  \n \nemail: a\npass: 1\n',
      'block',
    );
    expect(parsed.items).toEqual(['email: a\npass: 1', 'email: b\npass: 2']);
    expect(parsed.repeated).toBe(1);
  });

  it('masks all but the first and last characters', () => {
    expect(maskItem('netflix-akun-01')).toBe('ne…01');
    expect(maskItem('abcdef')).toBe('a…f');
    expect(maskItem('abc')).toBe('•••');
  });
});

describe('the one-line voucher format', () => {
  const zone = 'Asia/Jakarta';

  it('reads the seed lines', () => {
    expect(parseVoucherLine('HEMAT10 | 10% | 100', zone)).toMatchObject({
      ok: true,
      voucher: { code: 'HEMAT10', kind: 'percent', value: 10, maxUses: 100, minPurchase: 0 },
    });
    expect(parseVoucherLine('diskon5k | Rp5.000 | 50', zone)).toMatchObject({
      ok: true,
      voucher: { code: 'DISKON5K', kind: 'fixed', value: 5000, maxUses: 50 },
    });
  });

  it('reads options in the shop time zone and makes random codes', () => {
    const line = 'ACAK | 15% | - | min=50.000 | peruser=1 | mulai=2026-12-01 | sampai=2026-12-31';
    const parsed = parseVoucherLine(line, zone);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.voucher.code).toMatch(/^[A-Z0-9]{8}$/);
    expect(parsed.voucher).toMatchObject({ maxUses: null, minPurchase: 50_000, perUserLimit: 1 });
    expect(parsed.voucher.validFrom?.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(parsed.voucher.validUntil?.toISOString()).toBe('2026-12-31T16:59:59.000Z');
    expect(parseLocalMoment('2026-07-01 09:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-01T07:30:00.000Z',
    );
  });

  it('names the part that is wrong', () => {
    const problem = (line: string) => {
      const parsed = parseVoucherLine(line, zone);
      return parsed.ok ? null : parsed.problem;
    };
    expect(problem('HEMAT10 10%')).toBe('format');
    expect(problem('HE MAT | 10% | 1')).toBe('code');
    expect(problem('AB | 10% | 1')).toBe('code');
    expect(problem('HEMAT | 0% | 1')).toBe('percent');
    expect(problem('HEMAT | sepuluh | 1')).toBe('value');
    expect(problem('HEMAT | 10% | 0')).toBe('uses');
    expect(problem('HEMAT | 10% | 1 | warna=merah')).toBe('option');
    expect(problem('HEMAT | 10% | 1 | sampai=2026-02-30')).toBe('date');
    expect(problem('HEMAT | 10% | 1 | mulai=2026-02-02 | sampai=2026-02-01')).toBe('window');
  });
});

describe('catalog file voucher codes', () => {
  let database: TestDatabase;
  let handle: DbHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = createDb(database.url);
  });

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('takes the same shape as the buyer prompt', async () => {
    const cipher = createCipher(randomBytes(32));
    const result = await importCatalog(handle.db, cipher, {
      vouchers: [
        { code: 'HE.MAT', kind: 'fixed', value: 1000 },
        { code: 'AB', kind: 'fixed', value: 1000 },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.join('\n')).toContain('expected 3 to 32 letters, digits, "-" or "_"');
  });
});
