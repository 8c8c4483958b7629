import { type Kysely, sql } from 'kysely';
import type { Database } from '../infra/database.ts';

export type VoucherRefusal =
  | 'unknown'
  | 'expired'
  | 'not_yet_valid'
  | 'used_up'
  | 'below_minimum'
  | 'already_used';

export interface AppliedVoucher {
  id: number;
  code: string;
  kind: 'percent' | 'fixed';
  value: number;
}

export type VoucherResult =
  | { ok: true; voucher: AppliedVoucher; discount: number }
  | { ok: false; reason: VoucherRefusal; minPurchase?: number; validFrom?: Date; validUntil?: Date };

/** Codes are stored uppercase; buyers may type them in any case. */
export function normalizeVoucherCode(code: string): string {
  return code.trim().toUpperCase();
}

interface VoucherRow extends AppliedVoucher {
  active: boolean;
  minPurchase: number;
  maxUses: number | null;
  perUserLimit: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  used: number;
  usedByUser: number;
}

/** Checks, in a fixed order, whether a buyer may use a code on this subtotal. */
export async function evaluateVoucher(
  db: Kysely<Database>,
  input: { code: string; userId: number; subtotal: number; now?: Date },
): Promise<VoucherResult> {
  const { rows } = await sql<VoucherRow>`
    SELECT v.id, v.code, v.kind, v.value, v.active, v.min_purchase AS "minPurchase",
           v.max_uses AS "maxUses", v.per_user_limit AS "perUserLimit",
           v.valid_from AS "validFrom", v.valid_until AS "validUntil",
           (SELECT count(*)::int FROM voucher_redemptions r WHERE r.voucher_id = v.id) AS used,
           (SELECT count(*)::int FROM voucher_redemptions r
             WHERE r.voucher_id = v.id AND r.user_id = ${input.userId}) AS "usedByUser"
    FROM vouchers v
    WHERE v.code = ${normalizeVoucherCode(input.code)}`.execute(db);
  const v = rows[0];
  const now = input.now ?? new Date();
  if (!v?.active) return { ok: false, reason: 'unknown' };
  if (v.validFrom && now < v.validFrom) return { ok: false, reason: 'not_yet_valid', validFrom: v.validFrom };
  if (v.validUntil && now > v.validUntil) return { ok: false, reason: 'expired', validUntil: v.validUntil };
  if (v.maxUses !== null && v.used >= v.maxUses) return { ok: false, reason: 'used_up' };
  if (v.perUserLimit !== null && v.usedByUser >= v.perUserLimit) return { ok: false, reason: 'already_used' };
  if (input.subtotal < v.minPurchase)
    return { ok: false, reason: 'below_minimum', minPurchase: v.minPurchase };
  return {
    ok: true,
    voucher: { id: v.id, code: v.code, kind: v.kind, value: v.value },
    discount: voucherDiscount(v, input.subtotal),
  };
}

/** Whole rupiah, rounded down for percentages, and never more than the subtotal. */
export function voucherDiscount(
  voucher: { kind: 'percent' | 'fixed'; value: number },
  subtotal: number,
): number {
  const raw = voucher.kind === 'percent' ? Math.floor((subtotal * voucher.value) / 100) : voucher.value;
  return Math.max(0, Math.min(raw, subtotal));
}

/**
 * Locks the voucher row until the caller's transaction ends, so two orders cannot both
 * pass the max_uses / per-user checks on the last remaining use.
 */
export async function lockVoucher(trx: Kysely<Database>, code: string): Promise<void> {
  await sql`SELECT id FROM vouchers WHERE code = ${normalizeVoucherCode(code)} FOR UPDATE`.execute(trx);
}

/** Books one use for an order, inside the caller's transaction; once per order. */
export async function redeemVoucher(
  trx: Kysely<Database>,
  input: { voucherId: number; userId: number; orderId: string },
): Promise<void> {
  await trx
    .insertInto('voucher_redemptions')
    .values({ voucher_id: input.voucherId, user_id: input.userId, order_id: input.orderId })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .execute();
}

/** Gives the use back when the order expires or is cancelled. Returns rows removed (0 or 1). */
export async function releaseRedemption(db: Kysely<Database>, orderId: string): Promise<number> {
  const result = await db
    .deleteFrom('voucher_redemptions')
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
