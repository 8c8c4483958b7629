import { assign, setup } from 'xstate';
import { effect } from '../../src/actors/registry.ts';

/** A counter whose PING asks an effect to answer with PONG. */
export const counterMachine = setup({
  types: {
    context: {} as { count: number; pongs: number; failure: string | null },
    events: {} as
      | { type: 'INC' }
      | { type: 'PING' }
      | { type: 'PONG' }
      | { type: 'EFFECT_FAILED'; effect: string; error: string },
    input: {} as { actorId: string },
  },
  actions: { notify: effect<{ count: number }>() },
}).createMachine({
  id: 'counter',
  context: { count: 0, pongs: 0, failure: null },
  initial: 'counting',
  states: {
    counting: {
      on: {
        INC: { actions: assign({ count: ({ context }) => context.count + 1 }) },
        PING: { actions: { type: 'notify', params: ({ context }) => ({ count: context.count }) } },
        PONG: { actions: assign({ pongs: ({ context }) => context.pongs + 1 }) },
        EFFECT_FAILED: { target: 'broken', actions: assign({ failure: ({ event }) => event.error }) },
      },
    },
    broken: {},
  },
});

/** Waits a durable second in `waiting`; LEAVE and BACK re-enter the state. */
export const timerMachine = setup({
  types: { events: {} as { type: 'LEAVE' } | { type: 'BACK' } },
}).createMachine({
  id: 'timer',
  initial: 'waiting',
  states: {
    waiting: { after: { 1000: 'expired' }, on: { LEAVE: 'away' } },
    away: { on: { BACK: 'waiting' } },
    expired: { type: 'final' },
  },
});
