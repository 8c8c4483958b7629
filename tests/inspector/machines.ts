import { assign, setup } from 'xstate';
import { effect } from '../../src/actors/registry.ts';
import type { ActorKind } from '../../src/actors/types.ts';

export const SECRET = 'ITEM-PLAINTEXT-7f3a9c';
export const PROOF = 'PROOF-TEXT-51bd';

/** A nested machine that holds secrets in its context and receives them in events. */
export const vaultMachine = setup({
  types: {
    context: {} as {
      owner: number;
      items: { code: string; content: string }[];
      note: { proof: string | null; apiToken: string | null };
      opened: number;
    },
    events: {} as
      | { type: 'STORE'; code: string; content: string }
      | { type: 'OPEN' }
      | { type: 'CLOSE' }
      | { type: 'LOCK' },
    input: {} as { actorId: string; owner?: number },
  },
  actions: { announce: effect<{ owner: number }>() },
  guards: { hasItems: ({ context }) => context.items.length > 0 },
  delays: { autoLock: 60_000 },
}).createMachine({
  id: 'vault',
  context: ({ input }) => ({
    owner: input.owner ?? 0,
    items: [],
    note: { proof: null, apiToken: null },
    opened: 0,
  }),
  initial: 'closed',
  states: {
    closed: {
      on: {
        STORE: {
          actions: assign({
            items: ({ context, event }) => [...context.items, { code: event.code, content: event.content }],
            note: () => ({ proof: PROOF, apiToken: `${PROOF}-token` }),
          }),
        },
        OPEN: { target: 'open', guard: 'hasItems' },
      },
    },
    open: {
      initial: 'reading',
      entry: [
        assign({ opened: ({ context }) => context.opened + 1 }),
        { type: 'announce', params: ({ context }) => ({ owner: context.owner }) },
      ],
      states: {
        reading: { on: { LOCK: 'locking' } },
        locking: { after: { autoLock: '#vault.locked' } },
      },
      on: { CLOSE: 'closed' },
    },
    locked: { type: 'final' },
  },
});

export function vaultKind(): ActorKind {
  return {
    kind: 'vault',
    machine: vaultMachine,
    version: 1,
    sensitive: ['note'],
    effects: { announce: { run: async () => undefined } },
  };
}
