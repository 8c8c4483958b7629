import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { type DepositEvent, depositMachine } from '../../src/machines/deposit.ts';

const input = { actorId: 'DEP1', userId: 42, lang: 'id' as const, amount: 50_000 };
const invoice = {
  txnId: 'D1',
  amount: 50_000,
  fee: 660,
  totalPayment: 50_660,
  paymentNumber: '000201...',
  paymentUrl: 'https://pay/D1',
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
};
const payment = {
  txnId: 'D1',
  amount: 50_000,
  fee: 660,
  totalPayment: 50_660,
  method: 'qris',
  completedAt: null,
};
const expiry = { type: 'xstate.after.invoiceExpiry.deposit.awaitingPayment' } as unknown as DepositEvent;

function run(events: DepositEvent[], start = initialTransition(depositMachine, input)) {
  let [snapshot, actions] = start;
  const all = [...actions];
  for (const event of events) {
    [snapshot, actions] = transition(depositMachine, snapshot, event);
    all.push(...actions);
  }
  const named = all.filter((a) => !a.type.startsWith('xstate.'));
  return { snapshot, actions: named.map((a) => ({ type: a.type, params: a.params })) };
}

const awaiting = () =>
  run([
    { type: 'INVOICE_CREATED', ...invoice },
    { type: 'INVOICE_SENT', messageId: 7 },
  ]);

describe('deposit machine', () => {
  it('an invoice message reported after the close is captioned as closed', () => {
    const late = run([
      { type: 'INVOICE_CREATED', ...invoice },
      expiry,
      { type: 'INVOICE_SENT', messageId: 9 },
    ]);
    expect(late.snapshot.value).toBe('expired');
    expect(late.actions).toEqual([
      { type: 'createDepositInvoice', params: expect.anything() },
      { type: 'sendDepositInvoice', params: expect.anything() },
      { type: 'closeDeposit', params: expect.objectContaining({ invoiceMessageId: null }) },
      {
        type: 'captionClosedInvoice',
        params: expect.objectContaining({ depositId: 'DEP1', reason: 'expired', invoiceMessageId: 9 }),
      },
    ]);
    expect(late.snapshot.context.invoiceMessageId).toBe(9);
  });

  it('a payment during the close is credited at once and announced only after the close', () => {
    const closing = run([expiry], [awaiting().snapshot, []]);
    expect(closing.snapshot.value).toBe('expired');
    expect(closing.actions.map((a) => a.type)).toEqual(['closeDeposit']);

    const paid = run([{ type: 'PAYMENT_VERIFIED', ...payment }], [closing.snapshot, []]);
    expect(paid.snapshot.value).toBe('creditedWhileClosing');
    expect(paid.actions).toEqual([
      { type: 'creditDeposit', params: expect.objectContaining({ late: true, notify: false }) },
    ]);

    const closed = run([{ type: 'CLOSED' }], [paid.snapshot, []]);
    expect(closed.snapshot.value).toBe('paidLate');
    expect(closed.actions).toEqual([
      { type: 'creditDeposit', params: expect.objectContaining({ late: true, notify: true }) },
    ]);
  });

  it('a payment after the close is credited and announced together', () => {
    const closed = run(
      [expiry, { type: 'CLOSED' }, { type: 'PAYMENT_VERIFIED', ...payment }],
      [awaiting().snapshot, []],
    );
    expect(closed.snapshot.value).toBe('paidLate');
    expect(closed.actions.at(-1)).toEqual({
      type: 'creditDeposit',
      params: expect.objectContaining({ late: true, notify: true }),
    });
  });

  it('a close that gave up does not hold the announcement back', () => {
    const gaveUp = run(
      [
        expiry,
        { type: 'PAYMENT_VERIFIED', ...payment },
        { type: 'EFFECT_FAILED', effect: 'closeDeposit', effectId: 'e9', error: 'no attempt succeeded' },
      ],
      [awaiting().snapshot, []],
    );
    expect(gaveUp.snapshot.value).toBe('paidLate');
  });

  it('an invoice that cannot be sent fails the top-up, which still takes a late payment', () => {
    const failed = run(
      [{ type: 'EFFECT_FAILED', effect: 'sendDepositInvoice', effectId: 'e1', error: '400' }],
      [run([{ type: 'INVOICE_CREATED', ...invoice }]).snapshot, []],
    );
    expect(failed.snapshot.value).toBe('failed');
    expect(failed.actions).toEqual([
      { type: 'closeDeposit', params: expect.objectContaining({ reason: 'failed', txnId: 'D1' }) },
    ]);
    const late = run([{ type: 'CLOSED' }, { type: 'PAYMENT_VERIFIED', ...payment }], [failed.snapshot, []]);
    expect(late.snapshot.value).toBe('paidLate');
  });
});
