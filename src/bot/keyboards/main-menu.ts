import { Keyboard } from 'grammy';
import type { Texts } from '../i18n.ts';
import { texts } from '../i18n.ts';

export type MenuEntry = keyof Texts['menu']['labels'];

/** Both languages' labels: a buyer whose Telegram language changed may still hold the old keyboard. */
export function menuLabels(entry: MenuEntry): string[] {
  return [...new Set([texts('id').menu.labels[entry], texts('en').menu.labels[entry]])];
}

const ALL_LABELS = new Set(
  (Object.keys(texts('id').menu.labels) as MenuEntry[]).flatMap((entry) => menuLabels(entry)),
);

export function isMenuLabel(text: string): boolean {
  return ALL_LABELS.has(text.trim());
}

/** The persistent reply keyboard; admins also get the admin panel. */
export function mainMenuKeyboard(t: Texts, isAdmin: boolean): Keyboard {
  const { labels } = t.menu;
  const keyboard = new Keyboard()
    .text(labels.catalog)
    .text(labels.cart)
    .row()
    .text(labels.orders)
    .text(labels.balance)
    .row()
    .text(labels.help);
  if (isAdmin) keyboard.text(labels.admin);
  return keyboard.resized().persistent();
}
