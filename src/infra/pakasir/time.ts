// Pakasir timestamps come as `+07:00` with milliseconds or as `Z` with nanoseconds.
// JavaScript's Date keeps milliseconds only, so the fraction is cut to three digits
// before parsing instead of relying on engine-specific leniency.

const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Zone assumed when a timestamp carries none: Pakasir runs on Western Indonesia Time. */
const DEFAULT_ZONE = '+07:00';

/** Parses a Pakasir timestamp, or returns null when it is not a valid RFC3339-like string. */
export function parsePakasirTime(value: string): Date | null {
  const match = RFC3339.exec(value.trim());
  if (!match) return null;
  const [, date, clock, fraction, zone] = match;
  const seconds = clock!.length === 5 ? `${clock}:00` : clock;
  const millis = (fraction ?? '').slice(0, 3).padEnd(3, '0');
  const parsed = new Date(`${date}T${seconds}.${millis}${normalizeZone(zone)}`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function normalizeZone(zone: string | undefined): string {
  if (zone === undefined) return DEFAULT_ZONE;
  if (zone === 'Z' || zone === 'z') return 'Z';
  const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4)}`;
}
