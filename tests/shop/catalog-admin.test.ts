import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/infra/audit.ts';
import { createDb, type Db } from '../../src/infra/db.ts';
import {
  createCategory,
  createProduct,
  deleteCategory,
  getAdminProduct,
  moveCategory,
  moveProduct,
  parseRupiah,
  updateProduct,
} from '../../src/shop/catalog-admin.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let db: Db;
let close: () => Promise<void>;
const lines: string[] = [];
const audit: AuditLog = { record: (event) => void lines.push(event), close: () => undefined };
const actor = { adminId: 7, audit };

beforeAll(async () => {
  database = await createTestDatabase();
  ({ db, close } = createDb(database.url, { max: 4 }));
});

afterAll(async () => {
  await close?.();
  await database?.drop();
});

describe('parseRupiah', () => {
  it('takes the ways sellers write prices', () => {
    for (const text of [
      '45000',
      '45.000',
      '45,000',
      'Rp 45.000',
      'rp45000',
      'Rp. 45.000',
      '45k',
      '45 rb',
      '45ribu',
    ])
      expect(parseRupiah(text), text).toEqual({ ok: true, value: 45_000 });
    expect(parseRupiah('1.250.000')).toEqual({ ok: true, value: 1_250_000 });
  });

  it('refuses the rest, saying why', () => {
    expect(parseRupiah('murah')).toEqual({ ok: false, problem: 'format' });
    expect(parseRupiah('45.5')).toEqual({ ok: false, problem: 'format' });
    expect(parseRupiah('')).toEqual({ ok: false, problem: 'format' });
    expect(parseRupiah('-5000')).toEqual({ ok: false, problem: 'notPositive' });
    expect(parseRupiah('0')).toEqual({ ok: false, problem: 'notPositive' });
    expect(parseRupiah('100.000.001')).toEqual({ ok: false, problem: 'tooLarge' });
    expect(parseRupiah('999999999999')).toEqual({ ok: false, problem: 'tooLarge' });
  });
});

describe('catalog administration', () => {
  it('creates, reorders, versions and refuses what would lose data', async () => {
    const a = await createCategory(db, actor, { name: 'Game Online', emoji: '🎮' });
    const b = await createCategory(db, actor, { name: 'Game Online', emoji: null });
    expect(b.code).toBe('game-online-2');
    expect(await moveCategory(db, actor, b.id, 'up')).toBe(true);
    expect(await moveCategory(db, actor, b.id, 'up')).toBe(false);

    const one = await createProduct(db, actor, {
      categoryId: a.id,
      code: 'P1',
      name: 'Satu',
      price: 1_000,
      description: '',
    });
    const two = await createProduct(db, actor, {
      categoryId: a.id,
      code: 'P2',
      name: 'Dua',
      price: 2_000,
      description: '',
    });
    expect(
      await createProduct(db, actor, { categoryId: a.id, code: 'p1', name: 'X', price: 1, description: '' }),
    ).toEqual({
      ok: false,
      reason: 'codeTaken',
    });
    expect(
      await createProduct(db, actor, { categoryId: 999, code: 'P3', name: 'X', price: 1, description: '' }),
    ).toEqual({
      ok: false,
      reason: 'unknownCategory',
    });
    if (!one.ok || !two.ok) throw new Error('not created');
    expect(await moveProduct(db, actor, two.id, 'up')).toBe(true);

    const shown = (await getAdminProduct(db, one.id))!;
    const seen = { price: shown.price };
    const first = await updateProduct(db, actor, {
      productId: one.id,
      expectedVersion: shown.version,
      seen,
      changes: { price: 1_500 },
    });
    expect(first).toMatchObject({ ok: true, product: { price: 1_500, version: shown.version + 1 } });
    // The same version again: someone saved in between; nothing is written.
    const second = await updateProduct(db, actor, {
      productId: one.id,
      expectedVersion: shown.version,
      seen,
      changes: { price: 900 },
    });
    expect(second).toEqual({
      ok: false,
      reason: 'conflict',
      changed: [{ field: 'price', from: 1_000, to: 1_500 }],
      version: shown.version + 1,
    });
    expect((await getAdminProduct(db, one.id))?.price).toBe(1_500);

    expect(await deleteCategory(db, actor, a.id)).toEqual({ ok: false, reason: 'hasProducts', products: 2 });
    expect(await deleteCategory(db, actor, b.id)).toEqual({ ok: true });
    expect(lines).toEqual([
      'admin.category.create',
      'admin.category.create',
      'admin.category.move',
      'admin.product.create',
      'admin.product.create',
      'admin.product.move',
      'admin.product.update',
      'admin.category.delete',
    ]);
    expect(await db.selectFrom('admin_audit').select('action').orderBy('id').execute()).toHaveLength(
      lines.length,
    );
  });
});
