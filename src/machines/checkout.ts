import { and, assign, setup } from 'xstate';
import { effect } from '../actors/effect.ts';
import type { Lang, OrderLine, PaymentMethod } from './order.ts';

/**
 * One buyer's cart (actor id = the Telegram user id). The bot validates against the
 * catalog before sending (product exists, stock); the machine keeps the cart's own
 * invariants and hands a non-empty cart over to a new order actor.
 */

export const MAX_QUANTITY_PER_LINE = 100;
export const MAX_LINES = 20;

export interface CartVoucher {
  code: string;
}

export interface CheckoutContext {
  userId: number;
  items: OrderLine[];
  voucher: CartVoucher | null;
  lastOrderId: string | null;
}

export type CheckoutEvent =
  | { type: 'ADD'; productId: number; quantity: number }
  | { type: 'SET_QUANTITY'; productId: number; quantity: number }
  | { type: 'REMOVE'; productId: number }
  | { type: 'CLEAR' }
  | { type: 'APPLY_VOUCHER'; code: string }
  | { type: 'REMOVE_VOUCHER' }
  | { type: 'CHECKOUT'; orderId: string; method: PaymentMethod; lang: Lang };

const clamp = (n: number) => Math.max(1, Math.min(MAX_QUANTITY_PER_LINE, Math.trunc(n)));

export const checkoutMachine = setup({
  types: {
    context: {} as CheckoutContext,
    events: {} as CheckoutEvent,
    input: {} as { actorId: string },
  },
  actions: {
    placeOrder: effect<{
      orderId: string;
      userId: number;
      lang: Lang;
      method: PaymentMethod;
      lines: OrderLine[];
      voucherCode: string | null;
    }>(),
  },
  guards: {
    validQuantity: ({ event }) =>
      'quantity' in event && Number.isInteger(event.quantity) && event.quantity >= 1,
    roomForLine: ({ context, event }) =>
      event.type === 'ADD' &&
      (context.items.length < MAX_LINES || context.items.some((i) => i.productId === event.productId)),
    hasItems: ({ context }) => context.items.length > 0,
  },
}).createMachine({
  id: 'checkout',
  context: ({ input }) => ({ userId: Number(input.actorId), items: [], voucher: null, lastOrderId: null }),
  initial: 'shopping',
  states: {
    shopping: {
      on: {
        ADD: {
          guard: and(['validQuantity', 'roomForLine']),
          actions: assign({
            items: ({ context, event }) => {
              const existing = context.items.find((i) => i.productId === event.productId);
              if (!existing)
                return [...context.items, { productId: event.productId, quantity: clamp(event.quantity) }];
              return context.items.map((i) =>
                i.productId === event.productId ? { ...i, quantity: clamp(i.quantity + event.quantity) } : i,
              );
            },
          }),
        },
        SET_QUANTITY: {
          guard: 'validQuantity',
          actions: assign({
            items: ({ context, event }) =>
              context.items.map((i) =>
                i.productId === event.productId ? { ...i, quantity: clamp(event.quantity) } : i,
              ),
          }),
        },
        REMOVE: {
          actions: assign({
            items: ({ context, event }) => context.items.filter((i) => i.productId !== event.productId),
          }),
        },
        CLEAR: { actions: assign({ items: [], voucher: null }) },
        APPLY_VOUCHER: {
          actions: assign({ voucher: ({ event }) => ({ code: event.code.trim().toUpperCase() }) }),
        },
        REMOVE_VOUCHER: { actions: assign({ voucher: null }) },
        CHECKOUT: {
          guard: 'hasItems',
          actions: [
            {
              type: 'placeOrder',
              params: ({ context, event }) => ({
                orderId: event.orderId,
                userId: context.userId,
                lang: event.lang,
                method: event.method,
                lines: context.items,
                voucherCode: context.voucher?.code ?? null,
              }),
            },
            assign({ items: [], voucher: null, lastOrderId: ({ event }) => event.orderId }),
          ],
        },
      },
    },
  },
});
