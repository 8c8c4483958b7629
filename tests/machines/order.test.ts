import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { type OrderEvent, orderMachine } from '../../src/machines/order.ts';

const input = {
  actorId: 'INV1',
  userId: 42,
  lang: 'id' as const,
  method: 'qris' as const,
  lines: [{ productId: 1, quantity: 2 }],
  voucherCode: null,
};
const invoice = {
  txnId: 'T1',
  amount: 50_000,
  fee: 660,
  totalPayment: 50_660,
  paymentNumber: '000201...',
  paymentUrl: 'https://pay/T1',
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
};
const payment = {
  txnId: 'T1',
  amount: 50_000,
  fee: 660,
  totalPayment: 50_660,
  method: 'qris',
  completedAt: null,
};

function run(events: OrderEvent[], start = initialTransition(orderMachine, input)) {
  let [snapshot, actions] = start;
  const all = [...actions];
  for (const event of events) {
    [snapshot, actions] = transition(orderMachine, snapshot, event);
    all.push(...actions);
  }
  return { snapshot, types: all.map((a) => a.type), actions: all };
}

describe('order machine', () => {
  it('reserves, invoices, waits with a timer from expired_at, then delivers once paid', () => {
    const { snapshot, types, actions } = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'INVOICE_SENT', messageId: 7 },
      { type: 'PAYMENT_VERIFIED', ...payment },
      { type: 'DELIVERED', messageIds: [8] },
    ]);
    expect(snapshot.value).toBe('completed');
    expect(types).toEqual([
      'reserveStock',
      'createInvoice',
      'sendInvoice',
      'xstate.raise',
      'xstate.cancel',
      'confirmPayment',
      'tellAdminsPaid',
      'deliver',
    ]);
    const timer = actions.find((a) => a.type === 'xstate.raise')?.params as { delay: number };
    expect(timer.delay).toBeGreaterThan(55_000);
    expect(timer.delay).toBeLessThanOrEqual(60_000);
    expect(snapshot.context.invoiceMessageId).toBe(7);
  });

  it('ignores a payment for another transaction', () => {
    const { snapshot } = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'PAYMENT_VERIFIED', ...payment, txnId: 'OTHER' },
    ]);
    expect(snapshot.value).toBe('awaitingPayment');
  });

  it('releases the order when the timer fires, and credits a payment that lands afterwards', () => {
    const { snapshot, types } = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'xstate.after.invoiceExpiry.order.awaitingPayment' } as unknown as OrderEvent,
      { type: 'RELEASED' },
      { type: 'PAYMENT_VERIFIED', ...payment },
    ]);
    expect(types).toContain('releaseOrder');
    expect(types.at(-1)).toBe('creditLatePayment');
    expect(snapshot.value).toBe('lateCredited');
    expect(snapshot.status).toBe('done');
  });

  it('a payment during the release is credited at once and announced after the release', () => {
    const during = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'xstate.after.invoiceExpiry.order.awaitingPayment' } as unknown as OrderEvent,
      { type: 'PAYMENT_VERIFIED', ...payment },
    ]);
    expect(during.snapshot.value).toBe('creditedWhileReleasing');
    expect(during.actions.at(-1)).toMatchObject({ type: 'creditLatePayment', params: { notify: false } });
    const released = run([{ type: 'RELEASED' }], [during.snapshot, []]);
    expect(released.snapshot.value).toBe('lateCredited');
    expect(released.actions).toMatchObject([{ type: 'creditLatePayment', params: { notify: true } }]);
  });

  it('a cancel releases the stock and cancels the invoice', () => {
    const { snapshot, actions } = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'INVOICE_SENT', messageId: 7 },
      { type: 'CANCEL' },
    ]);
    expect(snapshot.value).toBe('cancelled');
    expect(actions.at(-1)).toMatchObject({
      type: 'releaseOrder',
      params: { reason: 'cancelled', txnId: 'T1', invoiceMessageId: 7 },
    });
  });

  it('an invoice message reported after the payment or a cancel is captioned with the outcome', () => {
    const invoiced: OrderEvent[] = [
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
    ];
    const paid = run([
      ...invoiced,
      { type: 'PAYMENT_VERIFIED', ...payment },
      { type: 'INVOICE_SENT', messageId: 7 },
    ]);
    expect(paid.snapshot.value).toBe('delivering');
    expect(paid.actions.find((a) => a.type === 'confirmPayment')?.params).toMatchObject({
      invoiceMessageId: null,
    });
    expect(paid.actions.at(-1)).toMatchObject({
      type: 'captionInvoice',
      params: { orderId: 'INV1', invoiceMessageId: 7, outcome: 'paid' },
    });
    expect(paid.snapshot.context.invoiceMessageId).toBe(7);
    const cancelled = run([...invoiced, { type: 'CANCEL' }, { type: 'INVOICE_SENT', messageId: 8 }]);
    expect(cancelled.snapshot.value).toBe('cancelled');
    expect(cancelled.actions.at(-1)).toMatchObject({
      type: 'captionInvoice',
      params: { invoiceMessageId: 8, outcome: 'cancelled' },
    });
  });

  it('refuses a sold-out order and tells the buyer', () => {
    const { snapshot, actions } = run([
      { type: 'REFUSED', reason: 'sold_out', productName: 'Netflix', available: 0 },
    ]);
    expect(snapshot.value).toBe('refused');
    expect(actions.at(-1)).toMatchObject({
      type: 'tellRefused',
      params: { refusal: { reason: 'sold_out' } },
    });
  });

  it('pays with balance without an invoice', () => {
    const balanceInput = { ...input, method: 'balance' as const };
    const { snapshot, types } = run(
      [
        { type: 'RESERVED', total: 50_000 },
        { type: 'BALANCE_DEBITED', amount: 50_000 },
      ],
      initialTransition(orderMachine, balanceInput),
    );
    expect(types).toEqual(['reserveStock', 'debitBalance', 'confirmPayment', 'tellAdminsPaid', 'deliver']);
    expect(snapshot.value).toBe('delivering');
  });

  it('a buyer who blocked the bot leaves the order undelivered, retried by a timer', () => {
    const { snapshot, types } = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'PAYMENT_VERIFIED', ...payment },
      { type: 'DELIVERY_BLOCKED', error: 'blocked' },
    ]);
    expect(snapshot.value).toBe('undelivered');
    expect(types.slice(-2)).toEqual(['markUndelivered', 'xstate.raise']);
    const retried = run([{ type: 'RETRY_DELIVERY' }], [snapshot, []]);
    expect(retried.snapshot.value).toBe('delivering');
    expect(retried.snapshot.context.deliveryAttempts).toBe(2);
  });

  it('resend from history only re-sends, it never delivers anew', () => {
    const done = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'PAYMENT_VERIFIED', ...payment },
      { type: 'DELIVERED', messageIds: [8] },
    ]);
    const again = run([{ type: 'RESEND' }], [done.snapshot, []]);
    expect(again.types).toEqual(['resend']);
    expect(again.snapshot.value).toBe('completed');
  });

  it('an invoice that cannot be sent fails the order: the release cancels it at the gateway', () => {
    const { snapshot, types, actions } = run([
      { type: 'RESERVED', total: 50_000 },
      { type: 'INVOICE_CREATED', ...invoice },
      { type: 'EFFECT_FAILED', effect: 'sendInvoice', effectId: 'e1', error: '400: caption is too long' },
    ]);
    expect(snapshot.value).toBe('failed');
    expect(types.slice(-2)).toEqual(['xstate.cancel', 'releaseOrder']);
    expect(actions.at(-1)?.params).toMatchObject({ reason: 'failed', txnId: 'T1', amount: 50_000 });
  });

  it('a balance order whose debit never reports back is released, to be refunded', () => {
    const balance = initialTransition(orderMachine, { ...input, method: 'balance' });
    const stale = run(
      [
        { type: 'RESERVED', total: 50_000 },
        // A late failure of an earlier effect decides nothing about the debit.
        { type: 'EFFECT_FAILED', effect: 'reserveStock', effectId: 'e0', error: 'lost' },
      ],
      balance,
    );
    expect(stale.snapshot.value).toBe('payingWithBalance');
    const failed = run(
      [{ type: 'EFFECT_FAILED', effect: 'debitBalance', effectId: 'e1', error: 'no attempt succeeded' }],
      [stale.snapshot, []],
    );
    expect(failed.snapshot.value).toBe('failed');
    expect(failed.types).toEqual(['releaseOrder']);
    expect(failed.actions[0]?.params).toMatchObject({ reason: 'failed', txnId: null, amount: 50_000 });
  });
});
