import { InlineKeyboard } from 'grammy';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

export function adminKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.adminStock.stockButton, cb({ type: 'adminStockList', page: 1 }))
    .text(t.adminStock.voucherButton, cb({ type: 'adminVoucherMenu' }))
    .text(t.adminStock.snkButton, cb({ type: 'adminSnkMenu' }))
    .row()
    .text(t.admin.refresh, cb({ type: 'adminPanel' }));
}
