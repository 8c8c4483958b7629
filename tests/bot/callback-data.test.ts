import { describe, expect, it } from 'vitest';
import {
  type CallbackAction,
  decodeCallback,
  encodeCallback,
  MAX_CALLBACK_BYTES,
  orderCancelData,
  orderResendData,
} from '../../src/bot/callback-data.ts';

const actions: CallbackAction[] = [
  { type: 'categories' },
  { type: 'category', categoryId: 7, page: 2 },
  { type: 'category', categoryId: 'all', page: 1 },
  { type: 'product', productId: 42 },
  { type: 'quantity', productId: 42, quantity: 0 },
  { type: 'quantity', productId: 42, quantity: 100 },
  { type: 'noop' },
  { type: 'cartShow' },
  { type: 'cartClear' },
  { type: 'cartVoucher' },
  { type: 'cartVoucherRemove' },
  { type: 'cartAdd', productId: 3, quantity: 5 },
  { type: 'cartInc', productId: 3 },
  { type: 'cartDec', productId: 3 },
  { type: 'cartRemove', productId: 3 },
  { type: 'checkout', method: 'qris' },
  { type: 'checkout', method: 'balance' },
  { type: 'orderCancel', orderId: 'INV261122K7Q2MX' },
  { type: 'orderResend', orderId: 'INV261122K7Q2MX' },
  { type: 'ordersPage', page: 3 },
  { type: 'balance' },
  { type: 'topupMenu' },
  { type: 'topup', amount: 25_000 },
  { type: 'adminPanel' },
];

describe('callback data', () => {
  it.each(actions)('round-trips $type', (action) => {
    const data = encodeCallback(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(decodeCallback(data)).toEqual(action);
  });

  it('uses the agreed formats', () => {
    expect(orderCancelData('INV261122K7Q2MX')).toBe('order:cancel:INV261122K7Q2MX');
    expect(orderResendData('INV261122K7Q2MX')).toBe('order:resend:INV261122K7Q2MX');
    expect(encodeCallback({ type: 'category', categoryId: 7, page: 2 })).toBe('cat:7:2');
    expect(encodeCallback({ type: 'cartAdd', productId: 3, quantity: 5 })).toBe('cart:add:3:5');
    expect(encodeCallback({ type: 'checkout', method: 'balance' })).toBe('cart:checkout:balance');
    expect(encodeCallback({ type: 'ordersPage', page: 3 })).toBe('orders:page:3');
    expect(encodeCallback({ type: 'topup', amount: 25_000 })).toBe('topup:25000');
  });

  it.each([
    '',
    'cat',
    'cat:1',
    'cat:0:1',
    'cat:1:0',
    'cat:-1:1',
    'cat:1:1:1',
    'cat:abc:1',
    'cat:1.5:1',
    'cat:01:1',
    'prod:',
    'prod:1:2',
    'prod:1e3',
    'prod:99999999999',
    'qty:1',
    'qty:1:-2',
    'qty:1:2.5',
    'qty:1:99999999',
    'cart:add:1',
    'cart:add:1:2:3',
    'cart:inc:1:2',
    'cart:boom:1',
    'cart:checkout:cash',
    'cart:checkout',
    'order:cancel:',
    'order:cancel:inv-lowercase',
    'order:cancel:INV1:extra',
    'order:delete:INV1',
    'orders:page:0',
    'orders:pages:1',
    'topup:',
    'topup:-5',
    'topup:10000:1',
    '__proto__',
    'constructor',
    'toString',
    'cats ',
    ' cats',
    'CATS',
    `prod:1${' '.repeat(70)}`,
    'x'.repeat(65),
  ])('rejects %j', (data) => {
    expect(decodeCallback(data)).toBeNull();
  });

  it('refuses to encode a button it could not read back', () => {
    expect(() => encodeCallback({ type: 'product', productId: 1.5 })).toThrow();
    expect(() => encodeCallback({ type: 'orderCancel', orderId: 'has space' })).toThrow();
    expect(() => encodeCallback({ type: 'ordersPage', page: 0 })).toThrow();
    expect(() => encodeCallback({ type: 'orderCancel', orderId: 'A'.repeat(60) })).toThrow();
  });
});
