import { describe, expect, it } from 'vitest';
import { broadcastHook } from '../../bench/chaos-broadcast.ts';
import { runChaosDrill } from '../../bench/chaos-drill.ts';

describe('the chaos drill, short', () => {
  it('three SIGKILLs while buyers pay and broadcasts run: every paid order delivered, no oversell, ledger balanced, nobody messaged twice, nothing stuck', async () => {
    const report = await runChaosDrill({
      rounds: 3,
      buyers: 4,
      minUpMs: 800,
      maxUpMs: 2500,
      // 60 recipients at 10 a second: the first broadcast runs across the kills.
      hooks: [broadcastHook({ recipients: 60, blocked: 2, rate: 10, secondAtRound: 2 })],
    });
    expect(report.problems).toEqual([]);
    expect(report.kills).toBe(3);
    // The drill did something worth checking: paid orders, top-ups, balance purchases.
    expect(report.figures.delivered).toBeGreaterThan(0);
    expect(report.figures.deposits_paid).toBeGreaterThan(0);
    expect(report.figures.paymentsMade).toBeGreaterThan(0);
    // Both broadcasts reached their recipients, each at most once, all accounted for.
    expect(report.figures.broadcast_broadcasts).toBe(2);
    expect(report.figures.broadcast_duplicates).toBe(0);
    expect(report.figures.broadcast_missed).toBe(0);
    expect(report.figures.broadcast_sent).toBeGreaterThan(100);
    // The two who blocked the bot: blocked in the first, in the second again or left out.
    expect(report.figures.broadcast_blocked).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
