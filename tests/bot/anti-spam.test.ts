import { describe, expect, it } from 'vitest';
import { SpamGuard } from '../../src/bot/middlewares/anti-spam.ts';

describe('SpamGuard', () => {
  it('lets a burst of four through, then about one a second', () => {
    const guard = new SpamGuard();
    const t0 = 1_000_000;
    const burst = [0, 1, 2, 3, 4].map((i) => guard.hit(1, t0 + i * 10).allowed);
    expect(burst).toEqual([true, true, true, true, false]);
    expect(guard.hit(1, t0 + 500).allowed).toBe(false);
    expect(guard.hit(1, t0 + 1_100).allowed).toBe(true);
    expect(guard.hit(1, t0 + 1_200).allowed).toBe(false);
  });

  it('never blocks someone acting once a second', () => {
    const guard = new SpamGuard();
    for (let i = 0; i < 100; i++) expect(guard.hit(7, i * 1_000).allowed).toBe(true);
  });

  it('keeps users apart', () => {
    const guard = new SpamGuard({ capacity: 1 });
    expect(guard.hit(1, 0).allowed).toBe(true);
    expect(guard.hit(1, 1).allowed).toBe(false);
    expect(guard.hit(2, 2).allowed).toBe(true);
  });

  it('warns once per window and reports once per ten minutes, counting the actions', () => {
    const guard = new SpamGuard();
    const verdicts = Array.from({ length: 8 }, (_, i) => guard.hit(1, i * 100));
    const dropped = verdicts.filter((v) => !v.allowed);
    expect(dropped).toHaveLength(4);
    expect(dropped.filter((v) => v.warn)).toHaveLength(1);
    const reports = dropped.flatMap((v) => (v.report ? [v.report] : []));
    expect(reports).toEqual([{ actions: 5, seconds: 1 }]);

    // A second burst 20 s later: warned again, not reported again.
    const later = Array.from({ length: 8 }, (_, i) => guard.hit(1, 20_000 + i * 100)).filter(
      (v) => !v.allowed,
    );
    expect(later.filter((v) => v.warn)).toHaveLength(1);
    expect(later.some((v) => v.report)).toBe(false);

    // Eleven minutes on, a new burst is reported again.
    const much = Array.from({ length: 8 }, (_, i) => guard.hit(1, 660_000 + i * 100)).filter(
      (v) => !v.allowed,
    );
    expect(much.filter((v) => v.report)).toHaveLength(1);
  });

  it('forgets idle users', () => {
    const guard = new SpamGuard();
    for (let user = 0; user < 50; user++) guard.hit(user, 0);
    expect(guard.size).toBe(50);
    guard.hit(999, 11 * 60_000);
    expect(guard.size).toBe(1);
  });
});
