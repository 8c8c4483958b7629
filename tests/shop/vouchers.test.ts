import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/infra/db.ts';
import { evaluateVoucher, redeemVoucher } from '../../src/shop/vouchers.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let handle: DbHandle;

const NOW = new Date('2026-06-15T12:00:00+07:00');
const FROM = new Date('2026-01-01T00:00:00+07:00');
const UNTIL = new Date('2026-12-31T23:59:59+07:00');

beforeAll(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url);
  await handle.db
    .insertInto('vouchers')
    .values([
      {
        code: 'HEMAT10',
        kind: 'percent',
        value: 10,
        min_purchase: 20_000,
        max_uses: 100,
        per_user_limit: 1,
        valid_from: FROM,
        valid_until: UNTIL,
      },
      { code: 'DISKON5K', kind: 'fixed', value: 5_000, min_purchase: 30_000 },
      { code: 'OFF', kind: 'fixed', value: 1_000, active: false },
      { code: 'SOON', kind: 'fixed', value: 1_000, valid_from: new Date('2026-07-01T00:00:00+07:00') },
      { code: 'LAMA2025', kind: 'percent', value: 15, valid_until: new Date('2025-12-31T23:59:59+07:00') },
      { code: 'DUA', kind: 'fixed', value: 2_000, max_uses: 2 },
      { code: 'BESAR', kind: 'fixed', value: 50_000 },
      { code: 'PENUH', kind: 'percent', value: 100 },
    ])
    .execute();
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

async function voucherId(code: string): Promise<number> {
  const row = await handle.db
    .selectFrom('vouchers')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

function check(code: string, subtotal: number, userId = 1, now = NOW) {
  return evaluateVoucher(handle.db, {
    code,
    userId,
    lines: [{ productId: 1, categoryId: null, total: subtotal }],
    now,
  });
}

describe('evaluateVoucher', () => {
  it('accepts a valid code in any case and computes the discount', async () => {
    const id = await voucherId('HEMAT10');
    expect(await check(' hemat10 ', 25_005)).toEqual({
      ok: true,
      voucher: { id, code: 'HEMAT10', kind: 'percent', value: 10, scope: null },
      discount: 2_500,
      eligibleSubtotal: 25_005,
    });
    expect(await check('diskon5k', 30_000)).toMatchObject({ ok: true, discount: 5_000 });
    expect(await check('BESAR', 12_000)).toMatchObject({ ok: true, discount: 12_000 });
    expect(await check('PENUH', 7_777)).toMatchObject({ ok: true, discount: 7_777 });
  });

  it('refuses unknown and inactive codes', async () => {
    expect(await check('NOPE', 50_000)).toEqual({ ok: false, reason: 'unknown' });
    expect(await check('OFF', 50_000)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses outside the validity window, naming the boundary', async () => {
    expect(await check('SOON', 50_000)).toEqual({
      ok: false,
      reason: 'not_yet_valid',
      validFrom: new Date('2026-07-01T00:00:00+07:00'),
    });
    expect(await check('LAMA2025', 50_000)).toEqual({
      ok: false,
      reason: 'expired',
      validUntil: new Date('2025-12-31T23:59:59+07:00'),
    });
    expect(await check('HEMAT10', 50_000, 1, new Date('2025-12-31T23:00:00+07:00'))).toMatchObject({
      reason: 'not_yet_valid',
    });
    expect(await check('HEMAT10', 50_000, 1, new Date('2027-01-01T00:00:00+07:00'))).toMatchObject({
      reason: 'expired',
    });
  });

  it('refuses below the minimum purchase, naming it', async () => {
    expect(await check('DISKON5K', 29_999)).toEqual({
      ok: false,
      reason: 'below_minimum',
      minPurchase: 30_000,
    });
  });

  it('refuses once all uses are taken, and a second use by the same buyer', async () => {
    const dua = await voucherId('DUA');
    await redeemVoucher(handle.db, { voucherId: dua, userId: 10, orderId: 'v-dua-1' });
    expect(await check('DUA', 5_000, 11)).toMatchObject({ ok: true });
    await redeemVoucher(handle.db, { voucherId: dua, userId: 11, orderId: 'v-dua-2' });
    // Redeeming the same order again books nothing.
    await redeemVoucher(handle.db, { voucherId: dua, userId: 11, orderId: 'v-dua-2' });
    expect(await check('DUA', 5_000, 12)).toEqual({ ok: false, reason: 'used_up' });

    const hemat = await voucherId('HEMAT10');
    await redeemVoucher(handle.db, { voucherId: hemat, userId: 20, orderId: 'v-hemat-1' });
    expect(await check('HEMAT10', 50_000, 20)).toEqual({ ok: false, reason: 'already_used' });
    expect(await check('HEMAT10', 50_000, 21)).toMatchObject({ ok: true, discount: 5_000 });
  });

  it('checks in a fixed order: window before uses before minimum', async () => {
    const soon = await voucherId('SOON');
    await handle.db
      .updateTable('vouchers')
      .set({ max_uses: 1, min_purchase: 100_000 })
      .where('id', '=', soon)
      .execute();
    await redeemVoucher(handle.db, { voucherId: soon, userId: 30, orderId: 'v-soon-1' });
    expect(await check('SOON', 1, 30)).toMatchObject({ reason: 'not_yet_valid' });
    const later = new Date('2026-08-01T00:00:00+07:00');
    expect(await check('SOON', 1, 30, later)).toMatchObject({ reason: 'used_up' });
    await handle.db
      .updateTable('vouchers')
      .set({ max_uses: null, per_user_limit: 1 })
      .where('id', '=', soon)
      .execute();
    expect(await check('SOON', 1, 30, later)).toMatchObject({ reason: 'already_used' });
    expect(await check('SOON', 1, 31, later)).toMatchObject({
      reason: 'below_minimum',
      minPurchase: 100_000,
    });
  });
});
