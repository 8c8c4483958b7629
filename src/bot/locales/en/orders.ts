import { escapeHtml as e, rupiah } from '../../format.ts';
import type { ordersId } from '../id/orders.ts';

/** Texts of the order, payment, delivery and top-up flows (English). */
export const ordersEn: typeof ordersId = {
  placing: '⏳ Processing your order...',
  invoiceCaption: (v) =>
    [
      '🧾 <b>QRIS Payment Invoice</b>',
      '',
      `🆔 Invoice: <code>${e(v.orderId)}</code>`,
      v.items,
      '',
      ...(v.discount > 0 ? [`Subtotal: ${rupiah(v.subtotal)}`, `🎟️ Discount: -${rupiah(v.discount)}`] : []),
      `💵 Price: ${rupiah(v.amount)}`,
      `🏦 Service fee: ${rupiah(v.fee)}`,
      `💰 <b>Total to pay: ${rupiah(v.totalPayment)}</b>`,
      '',
      `⏰ Pay before: <b>${e(v.expiresAt)}</b>`,
      '📲 Scan the QR above with any e-wallet or mobile banking app. Your item arrives automatically once paid. ✨',
    ].join('\n'),
  itemLine: (name, quantity, unitPrice) => `• ${e(name)} x${quantity} = ${rupiah(unitPrice * quantity)}`,
  paidAmount: (paid, fee) => (fee > 0 ? `${rupiah(paid)} (incl. service fee ${rupiah(fee)})` : rupiah(paid)),
  moreItems: (count) => `… +${count} more (full list in the message above)`,
  invoiceDetails: (orderId, count) =>
    `🧾 <b>Order details</b> <code>${e(orderId)}</code> · ${count} products`,
  detailsTotal: (totalPayment) => `💰 <b>Total to pay: ${rupiah(totalPayment)}</b>`,
  payButton: '💳 Open Payment Page',
  cancelButton: '❌ Cancel',
  refused: {
    sold_out: (v) =>
      v.available > 0
        ? `😔 Sorry, only ${v.available} of <b>${e(v.productName)}</b> left. Lower the quantity and try again.`
        : `😔 Sorry, <b>${e(v.productName)}</b> is sold out.`,
    voucher: (reason) => `🎟️ The voucher can't be used: ${e(reason)}. Remove it and check out again.`,
    unavailable: '😔 A product in your cart is no longer for sale. Check your cart and try again.',
    insufficient_balance: (balance) =>
      `💸 Your balance is not enough (balance: ${rupiah(balance)}). Top up via "💰 Saldo" or pay with QRIS.`,
    amount_out_of_range: (total) =>
      `⚠️ The total ${rupiah(total)} is outside QRIS limits (Rp 500 – Rp 10.000.000).`,
  },
  voucherReasons: {
    unknown: 'unknown voucher code',
    expired: 'the voucher has expired',
    not_yet_valid: 'the voucher is not valid yet',
    used_up: 'the voucher has been used up',
    below_minimum: 'the minimum purchase is not reached',
    already_used: 'you have already used this voucher',
    not_applicable: 'the voucher does not apply to the products in your cart',
  },
  failed: (orderId) =>
    `⚠️ Order <code>${e(orderId)}</code> failed because of a system problem. Nothing was charged. Please try again shortly 🙏`,
  refunded: (orderId, amount) =>
    `⚠️ Order <code>${e(orderId)}</code> failed because of a system problem. The ${rupiah(amount)} taken from your balance has been returned to it 💰. Please try again shortly 🙏`,
  expired: (orderId) =>
    `⌛ The payment time for invoice <code>${e(orderId)}</code> is over; the order was cancelled and the stock released.`,
  cancelled: (orderId) => `❌ Order <code>${e(orderId)}</code> cancelled. The stock was released.`,
  invoiceClosed: (orderId, reason) =>
    `🧾 Invoice <code>${e(orderId)}</code> — ${reason === 'expired' ? '⌛ expired' : '❌ cancelled'}`,
  methodName: { qris: 'QRIS', balance: 'Balance' },
  deliveredItem: (productName, index, content) =>
    `📦 <b>${e(productName)}</b> #${index}\n<code>${e(content)}</code>`,
  deliveredAsFile: (count) => `📄 ${count} items are attached below as a .txt file.`,
  lateCredited: (orderId, amount) =>
    `💰 Your payment for invoice <code>${e(orderId)}</code> arrived after it expired. We added ${rupiah(amount)} to your balance. See "💰 Saldo" 🙏`,
  adminLatePayment: (v) =>
    [
      '⚠️ <b>Late payment</b>',
      `🆔 <code>${e(v.orderId)}</code>`,
      `👤 ${v.buyer}`,
      `💰 ${rupiah(v.amount)} credited to the buyer's balance`,
      `🕒 ${e(v.time)}`,
    ].join('\n'),
  adminUndelivered: (orderId, buyer) =>
    `📭 Order <code>${e(orderId)}</code> is paid but not delivered to ${buyer} (bot blocked?). It will be retried automatically.`,
  deposit: {
    invoiceCaption: (v) =>
      [
        '💰 <b>Top up via QRIS</b>',
        '',
        `🆔 <code>${e(v.depositId)}</code>`,
        `💵 Amount: ${rupiah(v.amount)}`,
        `🏦 Service fee: ${rupiah(v.fee)}`,
        `💰 <b>Total to pay: ${rupiah(v.totalPayment)}</b>`,
        `⏰ Pay before: <b>${e(v.expiresAt)}</b>`,
      ].join('\n'),
    credited: (amount, balance) =>
      `✅ Top-up of ${rupiah(amount)} done! Your balance is now <b>${rupiah(balance)}</b> 💰`,
    paid: (depositId) => `✅ Top-up invoice <code>${e(depositId)}</code> paid.`,
    expired: (depositId) => `⌛ Top-up invoice <code>${e(depositId)}</code> has expired.`,
    cancelled: (depositId) => `❌ Top-up <code>${e(depositId)}</code> cancelled.`,
    failed: (depositId) =>
      `⚠️ Top-up <code>${e(depositId)}</code> could not be created because of a system problem. Please try again shortly 🙏`,
  },
};
