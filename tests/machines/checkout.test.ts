import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { type CheckoutEvent, checkoutMachine, MAX_QUANTITY_PER_LINE } from '../../src/machines/checkout.ts';

function run(events: CheckoutEvent[]) {
  let [snapshot, actions] = initialTransition(checkoutMachine, { actorId: '42' });
  const all = [...actions];
  for (const event of events) {
    [snapshot, actions] = transition(checkoutMachine, snapshot, event);
    all.push(...actions);
  }
  return { snapshot, actions: all };
}

describe('checkout machine (the cart)', () => {
  it('adds, merges, changes and removes lines', () => {
    const { snapshot } = run([
      { type: 'ADD', productId: 1, quantity: 2 },
      { type: 'ADD', productId: 1, quantity: 3 },
      { type: 'ADD', productId: 2, quantity: 1 },
      { type: 'SET_QUANTITY', productId: 2, quantity: 4 },
      { type: 'REMOVE', productId: 1 },
    ]);
    expect(snapshot.context.items).toEqual([{ productId: 2, quantity: 4 }]);
  });

  it('rejects nonsense quantities and clamps huge ones', () => {
    const { snapshot } = run([
      { type: 'ADD', productId: 1, quantity: 0 },
      { type: 'ADD', productId: 2, quantity: 2.5 },
      { type: 'ADD', productId: 3, quantity: 1_000_000 },
      { type: 'SET_QUANTITY', productId: 3, quantity: -1 },
    ]);
    expect(snapshot.context.items).toEqual([{ productId: 3, quantity: MAX_QUANTITY_PER_LINE }]);
  });

  it('refuses to check out an empty cart', () => {
    const { snapshot, actions } = run([{ type: 'CHECKOUT', orderId: 'INV1', method: 'qris', lang: 'id' }]);
    expect(actions).toEqual([]);
    expect(snapshot.context.lastOrderId).toBeNull();
  });

  it('hands the cart and voucher to a new order and empties itself', () => {
    const { snapshot, actions } = run([
      { type: 'ADD', productId: 1, quantity: 2 },
      { type: 'APPLY_VOUCHER', code: ' hemat10 ' },
      { type: 'CHECKOUT', orderId: 'INV1', method: 'qris', lang: 'en' },
    ]);
    expect(actions).toEqual([
      expect.objectContaining({
        type: 'placeOrder',
        params: {
          orderId: 'INV1',
          userId: 42,
          lang: 'en',
          method: 'qris',
          lines: [{ productId: 1, quantity: 2 }],
          voucherCode: 'HEMAT10',
        },
      }),
    ]);
    expect(snapshot.context).toMatchObject({ items: [], voucher: null, lastOrderId: 'INV1' });
  });
});
