import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { type ConversationEvent, conversationMachine } from '../../src/machines/conversation.ts';

type Action = { type: string; params?: unknown };

function start(): AnyMachineSnapshot {
  return initialTransition(conversationMachine, { actorId: '42' })[0];
}

function send(snapshot: AnyMachineSnapshot, event: ConversationEvent | { type: string }) {
  const [next, actions] = transition(conversationMachine, snapshot, event as ConversationEvent);
  return { snapshot: next, actions: actions as Action[] };
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const timers = (actions: Action[]) => actions.filter((a) => a.type === 'xstate.raise');
const cancels = (actions: Action[]) => actions.filter((a) => a.type === 'xstate.cancel');

describe('conversation machine (one chat prompt)', () => {
  it('opens a step with its data and a durable expiry timer', () => {
    const { snapshot, actions } = send(start(), {
      type: 'START',
      step: 'quantity',
      data: { productId: 7 },
      expiresAt: inMinutes(5),
    });
    expect(snapshot.value).toBe('active');
    expect(snapshot.context).toMatchObject({ chatId: 42, step: 'quantity', data: { productId: 7 } });
    const [timer] = timers(actions);
    const delay = (timer?.params as { delay: number } | undefined)?.delay;
    expect(delay).toBeGreaterThan(4 * 60_000);
    expect(delay).toBeLessThanOrEqual(5 * 60_000);
  });

  it('restarts the timer for each new step, and ends on END or on expiry', () => {
    const opened = send(start(), { type: 'START', step: 'a', data: {}, expiresAt: inMinutes(5) });
    const advanced = send(opened.snapshot, {
      type: 'ADVANCE',
      step: 'b',
      data: { x: 1 },
      expiresAt: inMinutes(5),
    });
    expect(cancels(advanced.actions)).toHaveLength(1);
    expect(timers(advanced.actions)).toHaveLength(1);
    expect(advanced.snapshot.context).toMatchObject({ step: 'b', data: { x: 1 } });

    const timer = timers(advanced.actions)[0]?.params as { event: { type: string } };
    const expired = send(advanced.snapshot, timer.event);
    expect(expired.snapshot.value).toBe('idle');
    expect(expired.snapshot.context).toMatchObject({
      step: null,
      data: {},
      expiresAt: null,
      endedBy: 'expired',
    });

    const ended = send(opened.snapshot, { type: 'END', reason: 'cancelled' });
    expect(ended.snapshot.value).toBe('idle');
    expect(ended.snapshot.context.endedBy).toBe('cancelled');
    expect(cancels(ended.actions)).toHaveLength(1);
  });

  it('ignores END and ADVANCE when no prompt is open', () => {
    const idle = start();
    expect(send(idle, { type: 'END', reason: 'left' }).snapshot.value).toBe('idle');
    expect(send(idle, { type: 'ADVANCE', step: 'b', data: {}, expiresAt: inMinutes(1) }).snapshot.value).toBe(
      'idle',
    );
  });
});
