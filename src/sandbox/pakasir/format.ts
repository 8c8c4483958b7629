// Timestamp formats Pakasir is seen to send: `+07:00` with milliseconds
// (expired_at) and `Z` with nanoseconds (completed_at in webhooks).
import { randomInt } from 'node:crypto';

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** e.g. 2026-04-05T20:17:03.889+07:00 */
export function formatWib(epochMs: number): string {
  return new Date(epochMs + WIB_OFFSET_MS).toISOString().replace(/Z$/, '+07:00');
}

/** e.g. 2026-04-05T13:17:03.889362797Z; the extra digits are noise, as in Go's output. */
export function formatUtcNanos(epochMs: number): string {
  const extra = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return new Date(epochMs).toISOString().replace(/Z$/, `${extra}Z`);
}
