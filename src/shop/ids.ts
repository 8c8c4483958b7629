import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function randomCode(length: number): string {
  let code = '';
  for (const byte of randomBytes(length)) code += ALPHABET[byte % ALPHABET.length];
  return code;
}

function datePart(now: Date): string {
  return now.toISOString().slice(2, 10).replace(/-/g, '');
}

/** Order ids double as the gateway's order_id: short, unambiguous, e.g. INV261122K7Q2MX. */
export function newOrderId(now = new Date()): string {
  return `INV${datePart(now)}${randomCode(6)}`;
}

export function newDepositId(now = new Date()): string {
  return `DEP${datePart(now)}${randomCode(6)}`;
}

/**
 * A deposit id derived from the request that asked for it (a Telegram update's dedupe
 * key): the same update delivered twice names the same deposit, never a second one.
 */
export function depositIdFor(requestKey: string): string {
  const digest = createHash('sha256').update(requestKey).digest();
  let code = '';
  for (const byte of digest.subarray(0, 12)) code += ALPHABET[byte % ALPHABET.length];
  return `DEP${code}`;
}
