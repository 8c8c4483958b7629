import { describe, expect, it } from 'vitest';
import { runChaosDrill } from '../../bench/chaos-drill.ts';

describe('the chaos drill, short', () => {
  it('three SIGKILLs while buyers pay: every paid order delivered, no oversell, ledger balanced, nothing stuck', async () => {
    const report = await runChaosDrill({ rounds: 3, buyers: 4, minUpMs: 800, maxUpMs: 2500 });
    expect(report.problems).toEqual([]);
    expect(report.kills).toBe(3);
    // The drill did something worth checking: paid orders, top-ups, balance purchases.
    expect(report.figures.delivered).toBeGreaterThan(0);
    expect(report.figures.deposits_paid).toBeGreaterThan(0);
    expect(report.figures.paymentsMade).toBeGreaterThan(0);
  }, 240_000);
});
