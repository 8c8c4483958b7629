/**
 * Type tests (checked by `npm run typecheck`, never run): each `@ts-expect-error` line must
 * fail to compile, so typecheck fails if the error it expects ever disappears.
 */
import { setup } from 'xstate';
import { type EffectHandlers, effect } from '../../src/actors/effect.ts';
import { defineEffect, defineKind } from '../../src/actors/types.ts';
import type { orderMachine } from '../../src/machines/order.ts';

const machine = setup({
  types: { events: {} as { type: 'SENT'; messageId: number } | { type: 'FAILED' } },
  actions: {
    notify: effect<{ userId: number; text: string }>(),
    archive: effect<{ id: string }>(),
  },
}).createMachine({ initial: 'idle', states: { idle: {} } });

type Handlers = EffectHandlers<typeof machine>;

export const fine: Handlers = {
  notify: defineEffect(async (p) => ({ type: 'SENT', messageId: p.userId })),
  archive: defineEffect(async (_p: { id: string }) => undefined),
};

export const misspelt: Handlers = {
  notify: defineEffect(async () => undefined),
  archive: defineEffect(async () => undefined),
  // @ts-expect-error a handler for an effect the machine does not name
  archiv: defineEffect(async () => undefined),
};

// @ts-expect-error a machine's effect without a handler
export const missing: Handlers = { notify: defineEffect(async () => undefined) };

export const wrongParams: Handlers = {
  // @ts-expect-error the handler reads a param the machine does not pass
  notify: defineEffect(async (_p: { userId: number; chatId: number }) => undefined),
  // @ts-expect-error the handler takes a param of another type
  archive: defineEffect(async (_p: { id: number }) => undefined),
};

export const wrongEvent: Handlers = {
  // @ts-expect-error the handler reports an event the machine does not accept
  notify: defineEffect(async () => ({ type: 'SENDED', messageId: 1 })),
  archive: defineEffect(async () => undefined),
};

export const paramsAreTyped: Handlers = {
  notify: defineEffect(async (p) => {
    // @ts-expect-error params are the machine's: no such field
    p.chatId;
    return undefined;
  }),
  archive: defineEffect(async () => undefined),
};

// The shop's machines: deliver gets the attempt number, sendInvoice the invoice and total.
type OrderHandlers = EffectHandlers<typeof orderMachine>;
export const orderDeliver: OrderHandlers['deliver'] = defineEffect(async (p) => {
  p.attempt satisfies number;
  return { type: 'DELIVERED', messageIds: [] };
});
// @ts-expect-error the order machine has no effect of this name
export type NoSuchEffect = OrderHandlers['reserveStok'];
// @ts-expect-error sendInvoice is not given a messageId
export const orderSend: OrderHandlers['sendInvoice'] = defineEffect(
  async (_p: { messageId: number }) => undefined,
);

// A kind definition checks its handlers against its machine.
export const kind = defineKind({
  kind: 'typed',
  machine,
  version: 1,
  // @ts-expect-error a kind's effects must cover its machine's effects
  effects: { notify: defineEffect(async () => undefined) },
});
