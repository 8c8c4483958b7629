// One fee formula for the whole project: the bot shows it as an estimate before an
// invoice exists, and the sandbox emulator charges it. The gateway's own `fee`
// and `total_payment` remain the truth once an invoice exists.
import type { PakasirMethod } from './methods.ts';
import { isVaMethod } from './methods.ts';

/** Above this base amount QRIS switches from 0.7% + Rp310 to a flat 1%. */
export const QRIS_TIER_LIMIT = 105_000;
export const QRIS_FIXED_FEE = 310;
/** Flat VA fee used by the emulator and estimates; the real one varies per bank. */
export const VA_FEE = 3_500;

/**
 * QRIS fee for a base amount in whole rupiah: 0.7% + Rp310 up to Rp105,000, 1% above.
 * Fractions of a rupiah are rounded up (a gateway never undercharges), computed in
 * integers so 99,000 gives exactly 1,003 and 150,000 exactly 1,500.
 */
export function estimateQrisFee(amount: number): number {
  assertWholeRupiah(amount);
  if (amount <= QRIS_TIER_LIMIT) return Math.ceil((amount * 7) / 1000) + QRIS_FIXED_FEE;
  return Math.ceil(amount / 100);
}

/** Fee estimate for any method; payment links are charged like QRIS. */
export function estimatePakasirFee(method: PakasirMethod, amount: number): number {
  if (isVaMethod(method)) {
    assertWholeRupiah(amount);
    return VA_FEE;
  }
  return estimateQrisFee(amount);
}

function assertWholeRupiah(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount must be a non-negative whole number of rupiah, got ${amount}`);
  }
}
