import { escapeHtml as e, rupiah } from '../../format.ts';
import type { balanceId } from '../id/balance.ts';

/** Balance, its ledger and top-ups (English). */
export const balanceEn: typeof balanceId = {
  overview: (balance) => `💰 <b>Your balance: ${rupiah(balance)}</b>`,
  historyTitle: '🧾 <b>Recent balance history</b>',
  noHistory: 'No balance history yet.',
  entry: (v) =>
    `• ${e(v.date)} · <b>${v.amount >= 0 ? '+' : '-'}${rupiah(Math.abs(v.amount))}</b> · ${v.reason} <code>${e(v.ref)}</code>`,
  reasons: {
    deposit: 'Top-up',
    order_payment: 'Order payment',
    late_payment: 'Late payment credited',
    refund: 'Refund',
    adjustment: 'Admin adjustment',
  },
  topupButton: '➕ Top Up',
  topupMenu: (minimum) =>
    [
      '➕ <b>Top up by QRIS</b>',
      'Pick an amount below, or type <code>/topup 30000</code> for another amount.',
      `Minimum ${rupiah(minimum)}.`,
    ].join('\n'),
  amountButton: (amount) => rupiah(amount),
  amountInvalid: (minimum) =>
    `⚠️ I couldn't read that amount. For example: <code>/topup 25000</code>, <code>/topup 25.000</code> or <code>/topup 25k</code> (minimum ${rupiah(minimum)}).`,
  belowMinimum: (minimum) =>
    `⚠️ The minimum top-up is ${rupiah(minimum)}. For example: <code>/topup ${minimum}</code>`,
  aboveMaximum: (maximum) => `⚠️ The maximum top-up is ${rupiah(maximum)} per payment.`,
  starting: (amount) => `⏳ Creating your <b>${rupiah(amount)}</b> top-up invoice... the QR is on its way.`,
  startingToast: '⏳ Creating the invoice...',
  tooManyOpenInvoices: (limit) =>
    `⚠️ You still have ${limit} unpaid invoices. Pay or cancel them first, then top up again.`,
};
