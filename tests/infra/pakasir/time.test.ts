import { describe, expect, it } from 'vitest';
import { parsePakasirTime } from '../../../src/infra/pakasir/time.ts';

describe('parsePakasirTime', () => {
  it('parses +07:00 with milliseconds', () => {
    expect(parsePakasirTime('2026-04-05T20:17:03.889+07:00')?.toISOString()).toBe('2026-04-05T13:17:03.889Z');
  });

  it('parses Z with nanoseconds by truncating to milliseconds', () => {
    expect(parsePakasirTime('2026-04-05T20:17:03.889362797Z')?.toISOString()).toBe(
      '2026-04-05T20:17:03.889Z',
    );
  });

  it('parses short fractions, no fraction, and compact offsets', () => {
    expect(parsePakasirTime('2026-04-05T20:17:03.5Z')?.toISOString()).toBe('2026-04-05T20:17:03.500Z');
    expect(parsePakasirTime('2026-04-05T20:17:03Z')?.toISOString()).toBe('2026-04-05T20:17:03.000Z');
    expect(parsePakasirTime('2026-04-05T20:17:03+0700')?.toISOString()).toBe('2026-04-05T13:17:03.000Z');
  });

  it('assumes Western Indonesia Time when no zone is given', () => {
    expect(parsePakasirTime('2026-04-05 20:17:03')?.toISOString()).toBe('2026-04-05T13:17:03.000Z');
  });

  it('returns null for garbage and impossible dates', () => {
    expect(parsePakasirTime('yesterday')).toBeNull();
    expect(parsePakasirTime('')).toBeNull();
    expect(parsePakasirTime('2026-13-45T99:00:00Z')).toBeNull();
  });
});
