import { escapeHtml as e, rupiah } from '../../format.ts';
import type { historyId } from '../id/history.ts';

/** The buyer's order history (English). */
export const historyEn: typeof historyId = {
  title: (page, pages, total) => `📦 <b>Order History</b> · ${total} orders · page ${page}/${pages}`,
  empty: "📦 You don't have any orders yet. Start shopping in 🛍️ Catalog!",
  status: {
    reserving: '⏳ Processing',
    awaiting_payment: '🕒 Awaiting payment',
    paid: '💳 Paid, being delivered',
    delivered: '✅ Delivered',
    undelivered: '⚠️ Paid, not delivered yet',
    expired: '⌛ Expired',
    cancelled: '❌ Cancelled',
    refused: '🚫 Refused',
    failed: '🚫 Failed',
    refunded: '↩️ Refunded to balance',
  },
  entry: (v) =>
    [
      `🧾 <code>${e(v.orderId)}</code> · ${e(v.date)}`,
      ...v.items.map((item) => `• ${item}`),
      `💰 ${rupiah(v.paid)}${v.fee > 0 ? ` (incl. service fee ${rupiah(v.fee)})` : ''} · ${v.status}`,
    ].join('\n'),
  item: (name, quantity) => `${e(name)} ×${quantity}`,
  more: (count) => `… +${count} more`,
  resendButton: (orderId) => `🔁 Resend ${orderId}`,
  cancelButton: (orderId) => `❌ Cancel ${orderId}`,
  confirmCancel: (orderId) =>
    `❓ Cancel order <code>${e(orderId)}</code>?\nIts stock is released and the invoice can no longer be paid.`,
  confirmCancelButton: '✅ Yes, cancel',
  keepButton: '❌ No',
  cancelRequested: (orderId) => `⏳ Cancelling order <code>${e(orderId)}</code>...`,
  kept: (orderId) => `👍 Okay, order <code>${e(orderId)}</code> stays open.`,
  resending: '🔁 Resending your items...',
  cancelling: '❌ Order cancelled',
  notCancellable: '⚠️ This order can no longer be cancelled',
  notResendable: '⚠️ This order cannot be resent yet',
};
