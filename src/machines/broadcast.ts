import { assign, setup } from 'xstate';
import { effect } from '../actors/effect.ts';

/**
 * One broadcast (actor id = broadcast id). Waits for its time when scheduled (a durable
 * timer), freezes its recipients, then sends through `LANES` parallel batches of work
 * (any process may run any lane; one shared token bucket paces them all) until no
 * recipient is pending. The recipients and their progress live in `broadcast_recipients`,
 * not here: this context stays a few fields whatever the audience size.
 */

export interface BroadcastContext {
  broadcastId: string;
  adminId: number;
  /** Epoch ms to start at; null to start now. */
  startAt: number | null;
  /** Bumped on every resume: a lane of an earlier run that reports late starts nothing. */
  generation: number;
  total: number | null;
}

export type BroadcastInput = {
  actorId: string;
  broadcastId: string;
  adminId: number;
  startAt?: number | null;
};

export type BroadcastEvent =
  | { type: 'SEND_NOW' }
  | { type: 'RECIPIENTS_FROZEN'; total: number }
  | { type: 'LANE_DONE'; lane: number; generation: number; finished: boolean }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL' }
  | { type: 'FINISHED' }
  | { type: 'EFFECT_FAILED'; effect: string; effectId: string; error: string };

export interface BroadcastRef {
  broadcastId: string;
  adminId: number;
}
export interface LaneParams extends BroadcastRef {
  lane: number;
  generation: number;
}

const ref = ({ context }: { context: BroadcastContext }): BroadcastRef => ({
  broadcastId: context.broadcastId,
  adminId: context.adminId,
});

const lane =
  (index: number) =>
  ({ context }: { context: BroadcastContext }): LaneParams => ({
    ...ref({ context }),
    lane: index,
    generation: context.generation,
  });

const isCurrentLane = (context: BroadcastContext, event: BroadcastEvent) =>
  event.type === 'LANE_DONE' && event.generation === context.generation;

/** Batches of work in parallel: two processes can share a broadcast. */
export const LANES = 2;

export const broadcastMachine = setup({
  types: {
    context: {} as BroadcastContext,
    events: {} as BroadcastEvent,
    input: {} as BroadcastInput,
  },
  actions: {
    // Effects (src/effects/broadcast.ts).
    freezeRecipients: effect<BroadcastRef>(),
    sendBatch: effect<LaneParams>(),
    showProgress: effect<BroadcastRef>(),
    finish: effect<BroadcastRef & { outcome: 'done' | 'cancelled' }>(),
    // Local.
    recordTotal: assign({
      total: ({ context, event }) => (event.type === 'RECIPIENTS_FROZEN' ? event.total : context.total),
    }),
    nextGeneration: assign({ generation: ({ context }) => context.generation + 1 }),
  },
  guards: {
    hasRecipients: ({ event }) => event.type === 'RECIPIENTS_FROZEN' && event.total > 0,
    isScheduled: ({ context }) => context.startAt !== null && context.startAt > Date.now(),
    laneFinished: ({ context, event }) =>
      isCurrentLane(context, event) && event.type === 'LANE_DONE' && event.finished,
    laneContinues: ({ context, event }) =>
      isCurrentLane(context, event) && event.type === 'LANE_DONE' && !event.finished,
    laneFailed: ({ event }) => event.type === 'EFFECT_FAILED' && event.effect === 'sendBatch',
  },
  delays: {
    // Evaluated when the timer is set; the runtime stores it as a durable timer.
    untilStart: ({ context }) => Math.max(0, (context.startAt ?? 0) - Date.now()),
  },
}).createMachine({
  id: 'broadcast',
  context: ({ input }) => ({
    broadcastId: input.broadcastId,
    adminId: input.adminId,
    startAt: input.startAt ?? null,
    generation: 0,
    total: null,
  }),
  initial: 'starting',
  states: {
    starting: {
      always: [{ guard: 'isScheduled', target: 'scheduled' }, { target: 'freezing' }],
    },
    scheduled: {
      after: { untilStart: 'freezing' },
      on: { SEND_NOW: 'freezing', CANCEL: 'cancelling' },
    },
    freezing: {
      entry: { type: 'freezeRecipients', params: ref },
      on: {
        RECIPIENTS_FROZEN: [
          { guard: 'hasRecipients', target: 'sending', actions: 'recordTotal' },
          { target: 'finishing', actions: 'recordTotal' },
        ],
        CANCEL: 'cancelling',
        EFFECT_FAILED: 'cancelling',
      },
    },
    sending: {
      entry: [
        { type: 'sendBatch', params: lane(0) },
        { type: 'sendBatch', params: lane(1) },
      ],
      on: {
        LANE_DONE: [
          { guard: 'laneFinished', target: 'finishing' },
          {
            guard: 'laneContinues',
            actions: {
              type: 'sendBatch',
              params: ({ context, event }) => lane(event.type === 'LANE_DONE' ? event.lane : 0)({ context }),
            },
          },
        ],
        // A lane that gave up (the database was unreachable for long): start it afresh.
        EFFECT_FAILED: { guard: 'laneFailed', target: 'sending', reenter: true, actions: 'nextGeneration' },
        PAUSE: { target: 'paused', actions: 'nextGeneration' },
        CANCEL: 'cancelling',
      },
    },
    paused: {
      entry: { type: 'showProgress', params: ref },
      on: {
        RESUME: { target: 'sending', actions: 'nextGeneration' },
        CANCEL: 'cancelling',
      },
    },
    finishing: {
      entry: { type: 'finish', params: ({ context }) => ({ ...ref({ context }), outcome: 'done' as const }) },
      // The report is saved before the message is edited: a Telegram that stays down ends it anyway.
      on: { FINISHED: 'done', EFFECT_FAILED: 'done' },
    },
    cancelling: {
      entry: {
        type: 'finish',
        params: ({ context }) => ({ ...ref({ context }), outcome: 'cancelled' as const }),
      },
      on: { FINISHED: 'cancelled', EFFECT_FAILED: 'cancelled' },
    },
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
