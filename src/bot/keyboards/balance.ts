import { InlineKeyboard } from 'grammy';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

export const TOPUP_AMOUNTS = [10_000, 25_000, 50_000, 100_000];

export function balanceKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard().text(t.balance.topupButton, cb({ type: 'topupMenu' }));
}

/** Quick amounts, two per row. */
export function topupKeyboard(t: Texts): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  TOPUP_AMOUNTS.forEach((amount, index) => {
    keyboard.text(t.balance.amountButton(amount), cb({ type: 'topup', amount }));
    if (index % 2 === 1) keyboard.row();
  });
  return keyboard;
}
