import { assign, setup } from 'xstate';
import { effect } from '../actors/effect.ts';
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
  /**
   * A close (expired, cancelled, failed) is telling the buyer: a payment credited meanwhile
   * is announced only once it is done, so "credited" never comes before "expired".
   * Missing in snapshots stored before it existed: taken as done.
   */
  closing?: boolean;
}

export type DepositEvent =
  | ({ type: 'INVOICE_CREATED' } & Invoice)
  | { type: 'INVOICE_SENT'; messageId: number }
  | ({ type: 'PAYMENT_VERIFIED' } & VerifiedPayment)
  | { type: 'CANCEL' }
  | { type: 'CLOSED' }
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
    creditDeposit: effect<
      Ref & { payment: VerifiedPayment; late: boolean; notify: boolean; invoiceMessageId: number | null }
    >(),
    closeDeposit: effect<
      Ref & {
        reason: 'expired' | 'cancelled' | 'failed';
        txnId: string | null;
        amount: number;
        invoiceMessageId: number | null;
      }
    >(),
    captionClosedInvoice: effect<
      Ref & { reason: 'expired' | 'cancelled' | 'failed'; invoiceMessageId: number }
    >(),
    assignInvoice: assign({
      invoice: ({ event }) => (event.type === 'INVOICE_CREATED' ? dataOf(event) : null),
    }),
    assignInvoiceMessage: assign({
      invoiceMessageId: ({ context, event }) =>
        event.type === 'INVOICE_SENT' ? event.messageId : context.invoiceMessageId,
    }),
    assignPayment: assign({
      payment: ({ event }) => (event.type === 'PAYMENT_VERIFIED' ? dataOf(event) : null),
    }),
    startClosing: assign({ closing: true }),
    doneClosing: assign({ closing: false }),
  },
  guards: {
    isTheInvoicedPayment: ({ context, event }) =>
      event.type === 'PAYMENT_VERIFIED' && event.txnId === context.invoice?.txnId,
    paidWhileClosing: ({ context, event }) =>
      context.closing === true && event.type === 'PAYMENT_VERIFIED' && event.txnId === context.invoice?.txnId,
    effectFailed: ({ event }, params: { effect: string }) =>
      event.type === 'EFFECT_FAILED' && event.effect === params.effect,
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
    closing: false,
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
        INVOICE_SENT: { actions: 'assignInvoiceMessage' },
        PAYMENT_VERIFIED: { guard: 'isTheInvoicedPayment', target: 'paid', actions: 'assignPayment' },
        CANCEL: 'cancelled',
        // The buyer never got the QR: cancel the invoice now rather than wait for its expiry.
        EFFECT_FAILED: {
          guard: { type: 'effectFailed', params: { effect: 'sendDepositInvoice' } },
          target: 'failed',
          actions: assign({ failure: ({ event }) => event.error }),
        },
      },
    },
    paid: {
      type: 'final',
      entry: creditParams({ late: false, notify: true }),
    },
    expired: closedState('expired'),
    cancelled: closedState('cancelled'),
    // Not final: an invoice whose cancel did not reach the gateway may still be paid.
    failed: closedState('failed'),
    /** Credited at once; announced when the close has finished telling the buyer. */
    creditedWhileClosing: {
      entry: creditParams({ late: true, notify: false }),
      on: {
        CLOSED: 'paidLate',
        EFFECT_FAILED: {
          guard: { type: 'effectFailed', params: { effect: 'closeDeposit' } },
          target: 'paidLate',
        },
      },
    },
    paidLate: {
      type: 'final',
      entry: creditParams({ late: true, notify: true }),
    },
  },
});

function creditParams(how: { late: boolean; notify: boolean }) {
  return {
    type: 'creditDeposit' as const,
    params: ({ context }: { context: DepositContext }) => ({
      ...ref({ context }),
      payment: context.payment!,
      invoiceMessageId: context.invoiceMessageId,
      ...how,
    }),
  };
}

/** Expired, cancelled or failed: closes the invoice; a payment that lands later is credited. */
function closedState(reason: 'expired' | 'cancelled' | 'failed') {
  return {
    entry: ['startClosing' as const, closeParams(reason)],
    on: {
      // Telegram answered the invoice's sendPhoto after the close, which could not caption it then.
      INVOICE_SENT: {
        actions: [
          'assignInvoiceMessage' as const,
          {
            type: 'captionClosedInvoice' as const,
            params: ({ context, event }: { context: DepositContext; event: DepositEvent }) => ({
              ...ref({ context }),
              reason,
              invoiceMessageId: event.type === 'INVOICE_SENT' ? event.messageId : 0,
            }),
          },
        ],
      },
      CLOSED: { actions: 'doneClosing' as const },
      EFFECT_FAILED: {
        guard: { type: 'effectFailed' as const, params: { effect: 'closeDeposit' } },
        actions: 'doneClosing' as const,
      },
      PAYMENT_VERIFIED: [
        {
          guard: 'paidWhileClosing' as const,
          target: 'creditedWhileClosing',
          actions: 'assignPayment' as const,
        },
        { guard: 'isTheInvoicedPayment' as const, target: 'paidLate', actions: 'assignPayment' as const },
      ],
    },
  };
}

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
