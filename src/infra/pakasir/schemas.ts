// Tolerant zod schemas for Pakasir's wire formats. The API is loosely documented,
// so numbers may come as digit strings, statuses in any case or spelling, and
// timestamps in two formats; everything unknown is ignored.
import { z } from 'zod';
import { parsePakasirTime } from './time.ts';
import type { PakasirStatus } from './types.ts';

/**
 * Whole rupiah. A plain digit string ("12000") is read as its number: the conversion is
 * exact, and the amount must still equal the one we stored to confirm anything. Every
 * other spelling is refused, never guessed at: "12.000" (Indonesian grouping, which
 * `Number()` would read as 12), "12,000", "12000.00", "Rp12000", "1.2e4", a negative, or
 * more digits than a double holds exactly.
 */
export const wholeRupiah = z.unknown().transform((value, ctx): number => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  // The refusal names what came, so the log line says what changed.
  const got = value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40);
  ctx.addIssue({ code: 'custom', message: `expected a whole number of rupiah, got ${got}` });
  return z.NEVER;
});

const STATUS_ALIASES: Record<string, PakasirStatus> = {
  pending: 'pending',
  completed: 'completed',
  canceled: 'canceled',
  cancelled: 'canceled',
  expired: 'expired',
};

export const pakasirStatus = z.string().transform((value, ctx) => {
  const status = STATUS_ALIASES[value.trim().toLowerCase()];
  if (status === undefined) {
    ctx.addIssue({ code: 'custom', message: `unknown status "${value}"` });
    return z.NEVER;
  }
  return status;
});

export const pakasirTime = z.string().transform((value, ctx) => {
  const date = parsePakasirTime(value);
  if (date === null) {
    ctx.addIssue({ code: 'custom', message: `invalid timestamp "${value}"` });
    return z.NEVER;
  }
  return date;
});

/** A timestamp that may be null, absent or empty (not paid yet). */
export const optionalPakasirTime = z
  .union([z.null(), z.literal(''), pakasirTime])
  .optional()
  .transform((value) => (value instanceof Date ? value : null));

export const sandboxFlag = z.union([
  z.boolean(),
  z.enum(['true', 'false', 'TRUE', 'FALSE', 'True', 'False']).transform((v) => v.toLowerCase() === 'true'),
]);

const nonEmpty = z.string().trim().min(1);

/** v2 create and status responses: one flat transaction object. */
export const v2TransactionSchema = z.object({
  txn_id: nonEmpty,
  project: nonEmpty.optional(),
  order_id: nonEmpty,
  amount: wholeRupiah,
  fee: wholeRupiah.optional(),
  total_payment: wholeRupiah.optional(),
  payment_method: nonEmpty.optional(),
  qr_string: z.string().nullish(),
  va_number: z.string().nullish(),
  payment_number: z.string().nullish(),
  payment_link: z.string().nullish(),
  expired_at: pakasirTime.optional(),
  completed_at: optionalPakasirTime,
  is_sandbox: sandboxFlag.optional(),
  status: pakasirStatus,
});
export type V2Transaction = z.output<typeof v2TransactionSchema>;

/** v1 create response: `{ payment: {...} }`. */
export const v1CreateSchema = z.object({
  payment: z.object({
    project: nonEmpty.optional(),
    order_id: nonEmpty,
    amount: wholeRupiah,
    fee: wholeRupiah,
    total_payment: wholeRupiah,
    payment_method: nonEmpty.optional(),
    payment_number: z.string().nullish(),
    expired_at: pakasirTime,
  }),
});
export type V1Create = z.output<typeof v1CreateSchema>;

/** v1 detail response: `{ transaction: {...} }`. */
export const v1DetailSchema = z.object({
  transaction: z.object({
    amount: wholeRupiah,
    order_id: nonEmpty,
    project: nonEmpty.optional(),
    status: pakasirStatus,
    payment_method: nonEmpty.optional(),
    completed_at: optionalPakasirTime,
    is_sandbox: sandboxFlag.optional(),
  }),
});
export type V1Detail = z.output<typeof v1DetailSchema>;

/** v1 cancel response; `success` must not be false. */
export const v1SuccessSchema = z.object({ success: z.literal(true) });

/** Flattens zod issues into "path: message" lines for errors and logs. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}
