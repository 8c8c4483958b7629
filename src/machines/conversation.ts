import { assign, setup } from 'xstate';

/**
 * One chat's multi-step input (actor id = the chat id): which step the next message
 * answers, with that step's data. Durable, so a restart mid-prompt resumes it; it
 * expires by a durable timer, and readers also check `expiresAt` so a late timer
 * never keeps a stale prompt alive.
 */

/** How long a prompt waits when its step names no time. */
export const DEFAULT_CONVERSATION_TTL_MS = 10 * 60_000;

export type ConversationData = Record<string, string | number | boolean | null>;

export interface ConversationContext {
  chatId: number;
  step: string | null;
  data: ConversationData;
  /** ISO time after which the prompt no longer takes answers. */
  expiresAt: string | null;
  /** The question's message, whose "❌ Batal" button goes when the prompt ends. */
  promptMessageId: number | null;
  /** Why the last conversation ended: done, cancelled, left (menu/command), expired, replaced. */
  endedBy: string | null;
}

export type ConversationEvent =
  | { type: 'START'; step: string; data: ConversationData; expiresAt: string; promptMessageId: number }
  | { type: 'ADVANCE'; step: string; data: ConversationData; expiresAt: string; promptMessageId: number }
  | { type: 'END'; reason: 'done' | 'cancelled' | 'left' | 'expired' };

export const conversationMachine = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    input: {} as { actorId: string },
  },
  actions: {
    begin: assign({
      step: ({ event }) => ('step' in event ? event.step : null),
      data: ({ event }) => ('data' in event ? event.data : {}),
      expiresAt: ({ event }) => ('expiresAt' in event ? event.expiresAt : null),
      promptMessageId: ({ event }) => ('promptMessageId' in event ? event.promptMessageId : null),
      endedBy: null,
    }),
    finish: assign({
      step: null,
      data: {},
      expiresAt: null,
      promptMessageId: null,
      endedBy: ({ event }) => (event.type === 'END' ? event.reason : 'expired'),
    }),
  },
  delays: {
    expiry: ({ context }) => Math.max(0, new Date(context.expiresAt ?? Date.now()).getTime() - Date.now()),
  },
}).createMachine({
  id: 'conversation',
  context: ({ input }) => ({
    chatId: Number(input.actorId),
    step: null,
    data: {},
    expiresAt: null,
    promptMessageId: null,
    endedBy: null,
  }),
  initial: 'idle',
  states: {
    idle: {
      on: { START: { target: 'active', actions: 'begin' } },
    },
    active: {
      after: { expiry: { target: 'idle', actions: 'finish' } },
      on: {
        // Re-entering restarts the expiry timer: each prompt gets its own full time.
        START: { target: 'active', reenter: true, actions: 'begin' },
        ADVANCE: { target: 'active', reenter: true, actions: 'begin' },
        END: { target: 'idle', actions: 'finish' },
      },
    },
  },
});
