import { assign, setup } from 'xstate';
import { effect } from '../actors/registry.ts';
import { dataOf } from './event-data.ts';
import type { Invoice, Lang, VerifiedPayment } from './order.ts';

/**
 * A balance top-up by QRIS (actor id = deposit id). Same verification and expiry rules
 * as an order; a top-up paid after expiry is still credited (it is the buyer's money).
 */

export const MIN_DEPOSIT = 10_000;
export const MAX_DEPOSIT = 10_000_000;

export interface DepositInput {
  actorId: string;
  userId: number;
  lang: Lang;
  amount: number;
}

export interface DepositContext {
  depositId: string;
  userId: number;
  lang: Lang;
  amount: number;
  invoice: Invoice | null;
  invoiceMessageId: number | null;
  payment: VerifiedPayment | null;
  failure: string | null;
}

export type DepositEvent =
  | ({ type: 'INVOICE_CREATED' } & Invoice)
  | { type: 'INVOICE_SENT'; messageId: number }
  | ({ type: 'PAYMENT_VERIFIED' } & VerifiedPayment)
  | { type: 'CANCEL' }
  | { type: 'EFFECT_FAILED'; effect: string; effectId: string; error: string };

type Ref = { depositId: string; userId: number; lang: Lang };
const ref = ({ context }: { context: DepositContext }): Ref => ({
  depositId: context.depositId,
  userId: context.userId,
  lang: context.lang,
});

export const depositMachine = setup({
  types: { context: {} as DepositContext, events: {} as DepositEvent, input: {} as DepositInput },
  actions: {
    createDepositInvoice: effect<Ref & { amount: number }>(),
    sendDepositInvoice: effect<Ref & { invoice: Invoice; amount: number }>(),
    creditDeposit: effect<Ref & { payment: VerifiedPayment; late: boolean }>(),
    closeDeposit: effect<
      Ref & {
        reason: 'expired' | 'cancelled' | 'failed';
        txnId: string | null;
        amount: number;
        invoiceMessageId: number | null;
      }
    >(),
    assignInvoice: assign({
      invoice: ({ event }) => (event.type === 'INVOICE_CREATED' ? dataOf(event) : null),
    }),
    assignPayment: assign({
      payment: ({ event }) => (event.type === 'PAYMENT_VERIFIED' ? dataOf(event) : null),
    }),
  },
  guards: {
    isTheInvoicedPayment: ({ context, event }) =>
      event.type === 'PAYMENT_VERIFIED' && event.txnId === context.invoice?.txnId,
  },
  delays: {
    invoiceExpiry: ({ context }) =>
      Math.max(0, new Date(context.invoice?.expiresAt ?? Date.now()).getTime() - Date.now()),
  },
}).createMachine({
  id: 'deposit',
  context: ({ input }) => ({
    depositId: input.actorId,
    userId: input.userId,
    lang: input.lang,
    amount: input.amount,
    invoice: null,
    invoiceMessageId: null,
    payment: null,
    failure: null,
  }),
  initial: 'invoicing',
  states: {
    invoicing: {
      entry: {
        type: 'createDepositInvoice',
        params: ({ context }) => ({ ...ref({ context }), amount: context.amount }),
      },
      on: {
        INVOICE_CREATED: {
          target: 'awaitingPayment',
          actions: 'assignInvoice',
        },
        EFFECT_FAILED: { target: 'failed', actions: assign({ failure: ({ event }) => event.error }) },
      },
    },
    awaitingPayment: {
      entry: {
        type: 'sendDepositInvoice',
        params: ({ context }) => ({ ...ref({ context }), invoice: context.invoice!, amount: context.amount }),
      },
      after: { invoiceExpiry: 'expired' },
      on: {
        INVOICE_SENT: { actions: assign({ invoiceMessageId: ({ event }) => event.messageId }) },
        PAYMENT_VERIFIED: { guard: 'isTheInvoicedPayment', target: 'paid', actions: 'assignPayment' },
        CANCEL: 'cancelled',
      },
    },
    paid: {
      type: 'final',
      entry: {
        type: 'creditDeposit',
        params: ({ context }) => ({ ...ref({ context }), payment: context.payment!, late: false }),
      },
    },
    expired: {
      entry: closeParams('expired'),
      on: {
        PAYMENT_VERIFIED: { guard: 'isTheInvoicedPayment', target: 'paidLate', actions: 'assignPayment' },
      },
    },
    cancelled: {
      entry: closeParams('cancelled'),
      on: {
        PAYMENT_VERIFIED: { guard: 'isTheInvoicedPayment', target: 'paidLate', actions: 'assignPayment' },
      },
    },
    failed: { type: 'final', entry: closeParams('failed') },
    paidLate: {
      type: 'final',
      entry: {
        type: 'creditDeposit',
        params: ({ context }) => ({ ...ref({ context }), payment: context.payment!, late: true }),
      },
    },
  },
});

function closeParams(reason: 'expired' | 'cancelled' | 'failed') {
  return {
    type: 'closeDeposit' as const,
    params: ({ context }: { context: DepositContext }) => ({
      ...ref({ context }),
      reason,
      txnId: context.invoice?.txnId ?? null,
      amount: context.amount,
      invoiceMessageId: context.invoiceMessageId,
    }),
  };
}
