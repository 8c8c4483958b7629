import { describe, expect, it } from 'vitest';
import { type AnyEventObject, initialTransition, transition } from 'xstate';
import { broadcastMachine, LANES } from '../../src/machines/broadcast.ts';

const input = { actorId: 'BC1', broadcastId: 'BC1', adminId: 1 };
const names = (actions: { type: string }[]) =>
  actions.map((a) => a.type).filter((t) => !t.startsWith('xstate.'));

function run(events: AnyEventObject[], start = input) {
  let [snapshot, actions] = initialTransition(broadcastMachine, start);
  const all = [...actions];
  for (const event of events) {
    [snapshot, actions] = transition(broadcastMachine, snapshot, event as never);
    all.push(...actions);
  }
  return { snapshot, actions, all };
}

describe('broadcast machine', () => {
  it('freezes, then runs its lanes until one finds nothing left', () => {
    const start = run([]);
    expect(start.snapshot.value).toBe('freezing');
    expect(names(start.actions)).toEqual(['freezeRecipients']);
    const sending = run([{ type: 'RECIPIENTS_FROZEN', total: 10 }]);
    expect(sending.snapshot.value).toBe('sending');
    expect(names(sending.actions)).toEqual(Array(LANES).fill('sendBatch'));
    const more = run([
      { type: 'RECIPIENTS_FROZEN', total: 10 },
      { type: 'LANE_DONE', lane: 1, generation: 0, finished: false },
    ]);
    expect(more.actions.find((a) => a.type === 'sendBatch')?.params).toMatchObject({
      lane: 1,
      generation: 0,
    });
    const done = run([
      { type: 'RECIPIENTS_FROZEN', total: 10 },
      { type: 'LANE_DONE', lane: 0, generation: 0, finished: true },
      { type: 'FINISHED' },
    ]);
    expect(done.snapshot.value).toBe('done');
    expect(done.snapshot.status).toBe('done');
  });

  it('an empty audience goes straight to the report', () => {
    const { snapshot } = run([{ type: 'RECIPIENTS_FROZEN', total: 0 }]);
    expect(snapshot.value).toBe('finishing');
  });

  it('a lane of the run before a pause starts nothing after the resume', () => {
    const resumed = run([{ type: 'RECIPIENTS_FROZEN', total: 10 }, { type: 'PAUSE' }, { type: 'RESUME' }]);
    expect(resumed.snapshot.value).toBe('sending');
    expect(resumed.snapshot.context.generation).toBe(2);
    const [, stale] = transition(broadcastMachine, resumed.snapshot, {
      type: 'LANE_DONE',
      lane: 0,
      generation: 0,
      finished: false,
    });
    expect(names(stale)).toEqual([]);
  });

  it('waits for its time on a durable timer, and can be cancelled meanwhile', () => {
    const later = { ...input, startAt: Date.now() + 60_000 };
    const scheduled = run([], later);
    expect(scheduled.snapshot.value).toBe('scheduled');
    const timer = scheduled.actions.find((a) => a.type === 'xstate.raise') as { params?: { delay?: number } };
    expect(timer?.params?.delay).toBeGreaterThan(50_000);
    expect(run([{ type: 'CANCEL' }], later).snapshot.value).toBe('cancelling');
    expect(run([{ type: 'SEND_NOW' }], later).snapshot.value).toBe('freezing');
  });
});
