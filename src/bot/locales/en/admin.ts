import { escapeHtml as e, rupiah } from '../../format.ts';
import type { adminId } from '../id/admin.ts';

/** The admin panel (English). */
export const adminEn: typeof adminId = {
  panel: (v) =>
    [
      `⚙️ <b>${e(v.store)} Admin Panel</b>`,
      `🕒 ${e(v.time)}`,
      '',
      '📅 <b>Today</b>',
      `🧾 Orders placed: <b>${v.ordersToday}</b>`,
      `✅ Orders paid: <b>${v.paidToday}</b>`,
      `💰 Revenue: <b>${rupiah(v.revenueToday)}</b>`,
      '',
      `🕒 Awaiting payment: <b>${v.awaitingPayment}</b>`,
      `⚠️ Paid, not delivered: <b>${v.undelivered.length}</b>`,
      ...v.undelivered.map((id) => `   • <code>${e(id)}</code>`),
      '',
      '📦 <b>Product stock</b> (⚠️ = 3 or fewer left)',
      ...(v.products.length > 0 ? v.products : ['No products yet.']),
      ...(v.moreProducts > 0 ? [`… and ${v.moreProducts} more products`] : []),
    ].join('\n'),
  productLine: (v) =>
    `${v.stock === 0 ? '❌' : v.low ? '⚠️' : '✅'} ${e(v.name)}: stock <b>${v.stock}</b> · sold ${v.sold}`,
  refresh: '🔄 Refresh',
  refreshed: '🔄 Refreshed',
};
