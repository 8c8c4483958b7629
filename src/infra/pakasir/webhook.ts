// Parsing and authenticating Pakasir webhooks. A webhook is only a hint that
// something happened: callers must still re-query the gateway before trusting it.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { clipForLog } from '../audit.ts';
import { describeIssues, optionalPakasirTime, pakasirStatus, sandboxFlag, wholeRupiah } from './schemas.ts';
import type { PakasirApiVersion, PakasirStatus } from './types.ts';

export interface PakasirWebhook {
  /** v2 sends txn_id; v1 does not. */
  version: PakasirApiVersion;
  txnId: string | null;
  orderId: string;
  /** Base amount without the fee. */
  amount: number;
  status: PakasirStatus;
  project: string | null;
  paymentMethod: string | null;
  /** v1 production webhooks omit the flag, so absent means false. */
  isSandbox: boolean;
  completedAt: Date | null;
}

export type WebhookParseResult = { ok: true; webhook: PakasirWebhook } | { ok: false; problems: string[] };

const optionalText = z
  .string()
  .trim()
  .nullish()
  .transform((value) => (value ? value : null));

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const webhookSchema = z.object({
  txn_id: optionalText,
  // It reaches a database query: PostgreSQL refuses NUL in text, and no order id has control characters.
  order_id: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((id) => !CONTROL_CHARACTERS.test(id), 'must not contain control characters'),
  amount: wholeRupiah,
  status: pakasirStatus,
  project: optionalText,
  payment_method: optionalText,
  is_sandbox: sandboxFlag.nullish(),
  completed_at: optionalPakasirTime,
});

const MAX_PROBLEMS = 10;

/** Accepts the parsed JSON object, or the raw body as a string or Buffer. */
export function parsePakasirWebhook(body: unknown): WebhookParseResult {
  const json = decodeBody(body);
  if (!json.ok) return json;
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, problems: ['body must be a JSON object'] };
  }
  const result = webhookSchema.safeParse(json.value);
  if (!result.success) {
    // Problems quote the sender's values: keep them short enough to log.
    const problems = describeIssues(result.error)
      .slice(0, MAX_PROBLEMS)
      .map((p) => clipForLog(p));
    return { ok: false, problems };
  }
  const data = result.data;
  return {
    ok: true,
    webhook: {
      version: data.txn_id === null ? 'v1' : 'v2',
      txnId: data.txn_id,
      orderId: data.order_id,
      amount: data.amount,
      status: data.status,
      project: data.project,
      paymentMethod: data.payment_method,
      isSandbox: data.is_sandbox ?? false,
      completedAt: data.completed_at,
    },
  };
}

function decodeBody(body: unknown): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body.toString()) as unknown };
  } catch {
    return { ok: false, problems: ['body is not valid JSON'] };
  }
}

/**
 * Compares the X-Secret header with the configured webhook secret in constant time.
 * Both sides are hashed first so their lengths never leak and timingSafeEqual
 * always gets equal-length buffers.
 */
export function verifyWebhookSecret(
  headerValue: string | string[] | undefined | null,
  secret: string,
): boolean {
  if (secret === '' || typeof headerValue !== 'string') return false;
  const given = createHash('sha256').update(headerValue, 'utf8').digest();
  const expected = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(given, expected);
}
