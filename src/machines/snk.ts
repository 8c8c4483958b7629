import { assign, setup } from 'xstate';
import { effect } from '../actors/effect.ts';
import type { Lang } from './order.ts';

/**
 * One delivered product's terms (SNK) and the buyer's proof that they followed them
 * (actor id `<orderId>:<productId>`). The terms go out once; the buyer presses
 * "✅ Penuhi SNK", sends screenshots and a note, admins accept or reject (a rejection
 * lets the buyer try again, up to `maxSubmissions`). Every wait is a durable timer:
 * a blocked buyer is retried, a silent one reminded once and expired at the deadline,
 * and the proof is purged after retention, leaving a tombstone in the context.
 */

export type SnkStatus = 'awaiting_proof' | 'submitted' | 'accepted' | 'rejected' | 'expired';

export interface SnkPurge {
  by: 'retention' | 'sweep';
  at: string;
  files: number;
}

export interface SnkDecision {
  outcome: 'accepted' | 'rejected';
  by: number;
  at: string;
  reason: string | null;
}

export interface SnkContext {
  orderId: string;
  productId: number;
  productName: string;
  userId: number;
  lang: Lang;
  /** The terms as the buyer bought them. */
  terms: string;
  maxSubmissions: number;
  /** Proofs sent so far (the next one is `submissions + 1`). */
  submissions: number;
  status: SnkStatus;
  reminded: boolean;
  decisions: SnkDecision[];
  purged: SnkPurge | null;
}

export type SnkInput = Omit<
  SnkContext,
  'submissions' | 'status' | 'reminded' | 'decisions' | 'purged' | 'maxSubmissions'
> & { actorId: string; maxSubmissions?: number };

export type SnkEvent =
  | { type: 'TERMS_SENT' }
  | { type: 'TERMS_BLOCKED' }
  | { type: 'PROOF_STARTED' }
  | { type: 'SUBMIT'; files: number; notes: number }
  | { type: 'ACCEPT'; by: number; at: string }
  | { type: 'REJECT'; by: number; at: string; reason: string }
  | ({ type: 'PURGED' } & SnkPurge)
  | { type: 'EFFECT_FAILED'; effect: string; effectId: string; error: string };

export const SNK_STATUSES: SnkStatus[] = ['awaiting_proof', 'submitted', 'accepted', 'rejected', 'expired'];

const ref = ({ context }: { context: SnkContext }) => ({
  actorId: `${context.orderId}:${context.productId}`,
  orderId: context.orderId,
  productId: context.productId,
  userId: context.userId,
  lang: context.lang,
  productName: context.productName,
  terms: context.terms,
});

export type SnkRef = ReturnType<typeof ref>;
export type SnkOutcome = 'accepted' | 'rejected' | 'expired';

const outcome =
  (result: SnkOutcome, canRetry: boolean) =>
  ({ context, event }: { context: SnkContext; event: SnkEvent }) => ({
    ...ref({ context }),
    outcome: result,
    canRetry,
    reason: event.type === 'REJECT' ? event.reason : null,
  });

export const snkMachine = setup({
  types: {
    context: {} as SnkContext,
    events: {} as SnkEvent,
    input: {} as SnkInput,
  },
  actions: {
    // Effects (run durably by the runtime, src/effects/snk.ts).
    sendTerms: effect<SnkRef>(),
    remindBuyer: effect<SnkRef>(),
    forwardProof: effect<SnkRef & { submission: number }>(),
    tellOutcome: effect<ReturnType<ReturnType<typeof outcome>>>(),
    purgeProofs: effect<SnkRef>(),
    // Local.
    markReminded: assign({ reminded: true }),
    countSubmission: assign({ submissions: ({ context }) => context.submissions + 1, status: 'submitted' }),
    recordDecision: assign({
      decisions: ({ context, event }) =>
        event.type === 'ACCEPT' || event.type === 'REJECT'
          ? [
              ...context.decisions,
              {
                outcome: event.type === 'ACCEPT' ? 'accepted' : 'rejected',
                by: event.by,
                at: event.at,
                reason: event.type === 'REJECT' ? event.reason : null,
              } as SnkDecision,
            ]
          : context.decisions,
    }),
    // The first purge that removed files is the one the tombstone keeps (a later empty one adds nothing).
    recordPurge: assign({
      purged: ({ context, event }) =>
        event.type !== 'PURGED' || (context.purged && event.files === 0)
          ? context.purged
          : { by: event.by, at: event.at, files: event.files },
    }),
    setStatus: assign({ status: (_, params: { status: SnkStatus }) => params.status }),
  },
  guards: {
    notReminded: ({ context }) => !context.reminded,
    canResubmit: ({ context }) => context.submissions < context.maxSubmissions,
  },
  delays: {
    termsRetry: 600_000,
    reminder: 24 * 3_600_000,
    deadline: 7 * 86_400_000,
    retention: 30 * 86_400_000,
  },
}).createMachine({
  id: 'snk',
  context: ({ input }) => ({
    orderId: input.orderId,
    productId: input.productId,
    productName: input.productName,
    userId: input.userId,
    lang: input.lang,
    terms: input.terms,
    maxSubmissions: input.maxSubmissions ?? 3,
    submissions: 0,
    status: 'awaiting_proof',
    reminded: false,
    decisions: [],
    purged: null,
  }),
  initial: 'sendingTerms',
  // The daily sweep may purge at any time (a shortened retention): the tombstone is kept.
  on: { PURGED: { actions: 'recordPurge' } },
  states: {
    sendingTerms: {
      entry: { type: 'sendTerms', params: ref },
      on: {
        TERMS_SENT: 'waiting',
        TERMS_BLOCKED: 'termsHeld',
        EFFECT_FAILED: 'termsHeld',
      },
    },
    // The buyer blocked the bot (or Telegram failed): the terms are sent again later.
    termsHeld: {
      after: { termsRetry: 'sendingTerms' },
    },
    // No proof yet: reminded once, expired at the deadline.
    waiting: {
      initial: 'pending',
      entry: { type: 'setStatus', params: { status: 'awaiting_proof' } },
      after: {
        reminder: { guard: 'notReminded', actions: ['markReminded', { type: 'remindBuyer', params: ref }] },
        deadline: 'expired',
      },
      states: {
        pending: {
          on: { PROOF_STARTED: 'awaitingProof' },
        },
        awaitingProof: {
          on: {
            PROOF_STARTED: 'awaitingProof',
            SUBMIT: {
              guard: 'canResubmit',
              target: '#snk.submitted',
              actions: [
                'countSubmission',
                {
                  type: 'forwardProof',
                  params: ({ context }) => ({ ...ref({ context }), submission: context.submissions }),
                },
              ],
            },
          },
        },
      },
    },
    submitted: {
      on: {
        ACCEPT: {
          target: 'accepted',
          actions: ['recordDecision', { type: 'tellOutcome', params: outcome('accepted', false) }],
        },
        REJECT: [
          {
            guard: 'canResubmit',
            target: 'waiting.pending',
            actions: ['recordDecision', { type: 'tellOutcome', params: outcome('rejected', true) }],
          },
          {
            target: 'rejected',
            actions: ['recordDecision', { type: 'tellOutcome', params: outcome('rejected', false) }],
          },
        ],
      },
    },
    accepted: {
      entry: { type: 'setStatus', params: { status: 'accepted' } },
      after: { retention: 'purging' },
    },
    rejected: {
      entry: { type: 'setStatus', params: { status: 'rejected' } },
      after: { retention: 'purging' },
    },
    expired: {
      entry: [
        { type: 'setStatus', params: { status: 'expired' } },
        { type: 'tellOutcome', params: outcome('expired', false) },
      ],
      after: { retention: 'purging' },
    },
    purging: {
      entry: { type: 'purgeProofs', params: ref },
      on: { PURGED: { target: 'closed', actions: 'recordPurge' } },
    },
    closed: {},
  },
});
