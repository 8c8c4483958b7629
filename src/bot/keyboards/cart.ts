import { InlineKeyboard } from 'grammy';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

const LABEL_CHARS = 22;

const shorten = (name: string) => (name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name);

/** Per line ➖ [n× name] ➕ 🗑️, then voucher, clear and the two ways to pay. */
export function cartKeyboard(
  t: Texts,
  cart: { lines: { productId: number; name: string; quantity: number }[]; voucherCode: string | null },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const line of cart.lines) {
    keyboard
      .text('➖', cb({ type: 'cartDec', productId: line.productId }))
      .text(`${line.quantity}× ${shorten(line.name)}`, cb({ type: 'noop' }))
      .text('➕', cb({ type: 'cartInc', productId: line.productId }))
      .text('🗑️', cb({ type: 'cartRemove', productId: line.productId }))
      .row();
  }
  const { buttons } = t.cart;
  if (cart.voucherCode === null) keyboard.text(buttons.voucher, cb({ type: 'cartVoucher' }));
  else keyboard.text(buttons.removeVoucher(cart.voucherCode), cb({ type: 'cartVoucherRemove' }));
  return keyboard
    .text(buttons.clear, cb({ type: 'cartClear' }))
    .row()
    .text(buttons.checkoutQris, cb({ type: 'checkout', method: 'qris' }))
    .row()
    .text(buttons.checkoutBalance, cb({ type: 'checkout', method: 'balance' }))
    .row()
    .text(buttons.continueShopping, cb({ type: 'categories' }));
}

/** "Ya, bayar" places the order; "Tidak" shows the cart again. */
export function confirmBalanceKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.cart.buttons.confirmBalance, cb({ type: 'checkoutBalanceConfirmed' }))
    .text(t.cart.buttons.notNow, cb({ type: 'cartShow' }));
}

export function emptyCartKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard().text(t.cart.buttons.continueShopping, cb({ type: 'categories' }));
}
