import { escapeHtml as e, rupiah } from '../../format.ts';
import type { cartId } from '../id/cart.ts';

/** The cart, vouchers and checkout (English). */
export const cartEn: typeof cartId = {
  title: '🛒 <b>Shopping Cart</b>',
  empty: '🛒 Your cart is still empty. Pick a product in 🛍️ Catalog first!',
  line: (v) =>
    [
      `${v.index}. <b>${e(v.name)}</b>`,
      `    ${v.quantity} × ${rupiah(v.unitPrice)} = <b>${rupiah(v.lineTotal)}</b>`,
    ].join('\n'),
  lineShort: (stock) => (stock > 0 ? `    ⚠️ Only ${stock} left` : '    ❌ Sold out'),
  lineGone: (name) => `❌ <s>${e(name)}</s> is no longer on sale`,
  subtotal: (amount) => `🧮 Subtotal: ${rupiah(amount)}`,
  voucherApplied: (code, discount, scope) =>
    `🎟️ Voucher <code>${e(code)}</code>${scope ? ` (${scope})` : ''}: -${rupiah(discount)}`,
  voucherScope: {
    product: (name) => `only for ${e(name)}`,
    category: (name) => `only for the ${e(name)} category`,
  },
  voucherNotValid: (code, reason) => `🎟️ Voucher <code>${e(code)}</code> does not apply: ${reason}`,
  total: (amount) => `💰 <b>Total: ${rupiah(amount)}</b>`,
  qrisTotal: (fee, totalPayment) =>
    `🏦 Paying by QRIS: ${rupiah(totalPayment)} (incl. ${rupiah(fee)} service fee)`,
  fixFirst: '⚠️ Please fix the marked products before checking out.',
  buttons: {
    clear: '🧹 Empty Cart',
    voucher: '🎟️ Use Voucher',
    removeVoucher: (code) => `❌ Remove Voucher ${code}`,
    checkoutQris: '✅ Checkout QRIS',
    checkoutBalance: '💰 Pay with Balance',
    confirmBalance: '✅ Yes, pay',
    notNow: '❌ No',
    continueShopping: '🛍️ Keep Shopping',
  },
  confirmBalance: (total, balance) =>
    [
      '💰 <b>Pay from your balance?</b>',
      `Total: <b>${rupiah(total)}</b>`,
      `Your balance: ${rupiah(balance)} → ${rupiah(balance - total)} left`,
    ].join('\n'),
  placed: {
    awaiting_payment: (orderId) => `✅ Order <code>${e(orderId)}</code> created — see the invoice below 👇`,
    paid: (orderId) => `✅ Order <code>${e(orderId)}</code> paid — your items are below 👇`,
    refused: (orderId) => `❌ Order <code>${e(orderId)}</code> could not be placed — the reason is below 👇`,
    closed: (orderId, status) => `🧾 Order <code>${e(orderId)}</code>: ${status}`,
  },
  cleared: '🧹 Cart emptied',
  removed: (name) => `🗑️ ${name} removed from your cart`,
  notInCart: 'This product is no longer in your cart',
  limitReached: (max, stock) =>
    stock === 0
      ? '❌ Sold out'
      : max < stock
        ? `⚠️ At most ${max} per product in one order`
        : `⚠️ Only ${stock} in stock`,
  askVoucher:
    '🎟️ Type your voucher code now (e.g. <code>HEMAT10</code>).\nOr send <code>/voucher CODE</code>. Changed your mind? Tap ❌ Cancel.',
  voucherExpected: 'a voucher code as text, e.g. HEMAT10',
  voucherNeedsCart: '🛒 Your cart is empty. Add a product first, then use a voucher.',
  voucherOk: (code, discount) =>
    `✅ Voucher <code>${e(code)}</code> applied! You save <b>${rupiah(discount)}</b> 🎉`,
  voucherRemoved: '🎟️ Voucher removed',
  voucherReasons: {
    unknown: 'this voucher code does not exist',
    expired: (until) => `the voucher expired on ${until}`,
    not_yet_valid: (from) => `the voucher is valid from ${from}`,
    used_up: 'the voucher has been fully used up',
    below_minimum: (minimum, scope) =>
      `it needs a minimum purchase of ${rupiah(minimum)}${scope ? ` (${scope})` : ''}`,
    already_used: 'you have already used this voucher',
    not_applicable: (scope) => `this voucher is ${scope}, and your cart has none of it`,
  },
  voucherRefused: (code, reason) => `😔 Voucher <code>${e(code)}</code> can't be used: ${reason}.`,
  tooManyOpenInvoices: (limit) =>
    `⚠️ You still have ${limit} unpaid invoices. Pay or cancel them in 📦 Order History first, then check out again.`,
  notReady:
    '⚠️ Some products in your cart are short on stock or no longer on sale. Please check your cart first.',
  voucherBlocksCheckout: (code, reason) =>
    `🎟️ Voucher <code>${e(code)}</code> no longer applies: ${reason}. Remove it and check out again.`,
};
