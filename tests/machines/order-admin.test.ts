import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { type OrderEvent, orderMachine } from '../../src/machines/order.ts';

const input = {
  actorId: 'INV1',
  userId: 42,
  lang: 'id' as const,
  method: 'qris' as const,
  lines: [{ productId: 1, quantity: 1 }],
  voucherCode: null,
};
const invoice = {
  txnId: 'T1',
  amount: 25_000,
  fee: 330,
  totalPayment: 25_330,
  paymentNumber: null,
  paymentUrl: 'https://pay/T1',
  expiresAt: new Date(Date.now() + 60_000).toISOString(),
};

function run(events: OrderEvent[]) {
  let [snapshot, actions] = initialTransition(orderMachine, input);
  const all = [...actions];
  for (const event of events) {
    [snapshot, actions] = transition(orderMachine, snapshot, event);
    all.push(...actions);
  }
  return { snapshot, types: all.map((a) => a.type) };
}

const awaiting: OrderEvent[] = [
  { type: 'RESERVED', total: 25_000 },
  { type: 'INVOICE_CREATED', ...invoice },
];

describe('order machine: admin events', () => {
  it('a manual mark-paid takes the normal paid → delivering path and keeps the note', () => {
    const { snapshot, types } = run([...awaiting, { type: 'ADMIN_MARK_PAID', adminId: 7, note: 'TRX123' }]);
    expect(snapshot.value).toBe('delivering');
    expect(types).toEqual(expect.arrayContaining(['confirmPayment', 'tellAdminsPaid', 'deliver']));
    expect(snapshot.context.adminNote).toEqual({ adminId: 7, note: 'TRX123' });
  });

  it('cancels an unpaid order and refunds a delivered one, nothing else', () => {
    expect(run([...awaiting, { type: 'ADMIN_CANCEL', adminId: 7 }]).snapshot.value).toBe('cancelled');
    const completed = run([
      ...awaiting,
      { type: 'ADMIN_MARK_PAID', adminId: 7, note: 'TRX123' },
      { type: 'DELIVERED', messageIds: [1] },
    ]).snapshot;
    expect(completed.value).toBe('completed');
    expect(completed.can({ type: 'ADMIN_MARK_PAID', adminId: 7, note: 'x' })).toBe(false);
    expect(completed.can({ type: 'ADMIN_CANCEL', adminId: 7 })).toBe(false);
    const [refunded, actions] = transition(orderMachine, completed, {
      type: 'ADMIN_REFUND',
      adminId: 7,
      note: 'salah',
    });
    expect(refunded.value).toBe('refunded');
    expect(actions.map((a) => a.type)).toContain('refundToBalance');
    expect(refunded.can({ type: 'ADMIN_REFUND', adminId: 7, note: 'again' })).toBe(false);
    expect(run(awaiting).snapshot.can({ type: 'ADMIN_REFUND', adminId: 7, note: 'x' })).toBe(false);
  });
});
