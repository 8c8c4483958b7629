import { InlineKeyboard } from 'grammy';
import { encodeCallback as cb, orderCancelData, orderResendData } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';
import { addPager } from './pager.ts';

/** Which orders can still be cancelled or resent from the history. */
export const CANCELLABLE = new Set(['reserving', 'awaiting_payment']);
export const RESENDABLE = new Set(['delivered', 'undelivered']);

/** "Ya, batalkan" cancels the order; "Tidak" leaves it as it is. */
export function confirmCancelKeyboard(t: Texts, orderId: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.history.confirmCancelButton, cb({ type: 'orderCancelConfirmed', orderId }))
    .text(t.history.keepButton, cb({ type: 'orderKeep', orderId }));
}

export function historyKeyboard(
  t: Texts,
  list: { orders: { id: string; status: string }[]; page: number; pages: number },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const order of list.orders) {
    if (RESENDABLE.has(order.status))
      keyboard.text(t.history.resendButton(order.id), orderResendData(order.id)).row();
    if (CANCELLABLE.has(order.status))
      keyboard.text(t.history.cancelButton(order.id), orderCancelData(order.id)).row();
  }
  return addPager(keyboard, t, list.page, list.pages, (page) => cb({ type: 'ordersPage', page }));
}
