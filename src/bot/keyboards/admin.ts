import { InlineKeyboard } from 'grammy';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

export function adminKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard().text(t.admin.refresh, cb({ type: 'adminPanel' }));
}
