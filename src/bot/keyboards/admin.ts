import { InlineKeyboard } from 'grammy';
import { type CallbackAction, encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

type MenuLabel = keyof Texts['adminCatalog']['menu'];

/** One button of the admin menu: its label and what it opens. */
export interface AdminMenuEntry {
  label: MenuLabel;
  action: CallbackAction;
}

/** The admin menu, in order. A feature adds its entry with one line. */
export const adminMenuEntries: AdminMenuEntry[] = [
  { label: 'products', action: { type: 'adminProducts', page: 1 } },
  { label: 'categories', action: { type: 'adminCategories', page: 1 } },
  { label: 'stock', action: { type: 'adminStockList', page: 1 } },
  { label: 'vouchers', action: { type: 'adminVoucherMenu' } },
  { label: 'snk', action: { type: 'adminSnkMenu' } },
  {
    label: 'orders',
    action: { type: 'adminOrders', status: 'all', period: 'all', buyerId: 0, productId: 0, page: 1 },
  },
  { label: 'users', action: { type: 'adminUsers' } },
  { label: 'broadcast', action: { type: 'adminBroadcastMenu' } },
  { label: 'templates', action: { type: 'adminTemplates', page: 1 } },
  { label: 'stats', action: { type: 'adminStats', period: 'd1' } },
  { label: 'backup', action: { type: 'adminConfigExport' } },
  { label: 'restore', action: { type: 'adminConfigRestore' } },
];

/** Two entries a row. */
export function adminKeyboard(t: Texts): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  adminMenuEntries.forEach((entry, i) => {
    keyboard.text(t.adminCatalog.menu[entry.label], cb(entry.action));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard.row().text(t.admin.refresh, cb({ type: 'adminPanel' }));
}
