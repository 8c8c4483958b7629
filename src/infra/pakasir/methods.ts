// Payment methods Pakasir accepts and the amount limits seen in the wild.
// Shared by the client (to fail fast) and the sandbox emulator (to answer 400).

export const PAKASIR_VA_METHODS = [
  'cimb_niaga_va',
  'bni_va',
  'sampoerna_va',
  'bnc_va',
  'maybank_va',
  'permata_va',
  'atm_bersama_va',
  'artha_graha_va',
  'bri_va',
] as const;

export const PAKASIR_METHODS = ['qris', ...PAKASIR_VA_METHODS, 'payment_link'] as const;

export type PakasirVaMethod = (typeof PAKASIR_VA_METHODS)[number];
export type PakasirMethod = (typeof PAKASIR_METHODS)[number];

export interface AmountLimits {
  readonly min: number;
  readonly max: number;
}

// QRIS limits are well attested; the VA range comes from a single source, so it
// is only used to reject obviously wrong amounts.
export const QRIS_LIMITS: AmountLimits = { min: 500, max: 10_000_000 };
export const VA_LIMITS: AmountLimits = { min: 10_000, max: 50_000_000 };

export function isPakasirMethod(value: string): value is PakasirMethod {
  return (PAKASIR_METHODS as readonly string[]).includes(value);
}

export function isVaMethod(method: PakasirMethod): method is PakasirVaMethod {
  return (PAKASIR_VA_METHODS as readonly string[]).includes(method);
}

export function amountLimitsFor(method: PakasirMethod): AmountLimits {
  return isVaMethod(method) ? VA_LIMITS : QRIS_LIMITS;
}

/** Whole rupiah inside the method's limits. */
export function isAmountAllowed(method: PakasirMethod, amount: number): boolean {
  const limits = amountLimitsFor(method);
  return Number.isSafeInteger(amount) && amount >= limits.min && amount <= limits.max;
}
