import { InlineKeyboard } from 'grammy';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';

export function adminKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      t.adminOps.panelOrders,
      cb({ type: 'adminOrders', status: 'all', period: 'all', buyerId: 0, productId: 0, page: 1 }),
    )
    .text(t.adminOps.panelUsers, cb({ type: 'adminUsers' }))
    .text(t.adminOps.panelStats, cb({ type: 'adminStats', period: 'd1' }))
    .row()
    .text(t.admin.refresh, cb({ type: 'adminPanel' }));
}
