import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I). */
export function randomCode(length: number): string {
  let code = '';
  for (const byte of randomBytes(length)) code += ALPHABET[byte % ALPHABET.length];
  return code;
}

/** The shop's default BOT_TIMEZONE. */
const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** YYMMDD of the shop's calendar day: an order placed at 02:00 WIB carries that day, not UTC's. */
function datePart(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: '2-digit',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}`;
}

/** Order ids double as the gateway's order_id: short, unambiguous, e.g. INV261122K7Q2MX. */
export function newOrderId(timeZone = DEFAULT_TIME_ZONE, now = new Date()): string {
  return `INV${datePart(timeZone, now)}${randomCode(6)}`;
}

export function newDepositId(timeZone = DEFAULT_TIME_ZONE, now = new Date()): string {
  return `DEP${datePart(timeZone, now)}${randomCode(6)}`;
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
