import { escapeHtml as e, rupiah } from '../../format.ts';
import type { adminOpsId } from '../id/admin-ops.ts';

/** Admins' orders, users and statistics screens (English). */
export const adminOpsEn: typeof adminOpsId = {
  panelOrders: '📋 Orders',
  panelUsers: '👥 Users',
  panelStats: '📊 Statistics',
  back: '⬅️ Back',
  prev: '◀️',
  next: '▶️',
  cancelPrompt: '❌ Cancel',
  statusFilter: {
    all: 'All statuses',
    aw: '🕒 Awaiting payment',
    pd: '💳 Paid',
    dl: '✅ Delivered',
    ud: '⚠️ Undelivered',
    cx: '❌ Cancelled',
    ex: '⌛ Expired',
    rf: '↩️ Refunded',
  },
  periodFilter: { all: 'Any time', d1: 'Today', d7: '7 days', d30: '30 days' },
  ordersTitle: (v: { total: number; page: number; pages: number; filters: string }) =>
    `📋 <b>Orders</b> · ${v.total} orders · page ${v.page}/${v.pages}\n🔎 ${e(v.filters)}`,
  ordersEmpty: 'No matching orders.',
  orderRow: (id: string, total: number, status: string) => `${id} · ${rupiah(total)} · ${status}`,
  buyerFilter: (id: number) => `buyer ${id}`,
  productFilter: (name: string) => `product ${name}`,
  filterBuyerButton: '👤 Buyer',
  filterProductButton: '📦 Product',
  filterResetButton: '♻️ Reset',
  lineButton: '✏️ Set status (line)',
  askBuyer: "👤 Type the buyer's id or @username:",
  askProduct: '📦 Type a product code (e.g. NETFLIX-1B):',
  askLine:
    '✏️ Send one line: <code>order_id|status|catatan</code>\nStatus: <code>paid</code>, <code>cancelled</code>, <code>refunded</code>, <code>completed</code> (a note is required for paid and refunded).',
  expectedUser: 'a numeric id or @username of a known user',
  expectedProduct: 'an existing product code, e.g. NETFLIX-1B',
  expectedLine: 'order_id|status|note, e.g. INV123|paid|TRX123',
  expectedNote: 'a note of 1–200 characters (e.g. the transfer reference)',
  lineProblem: {
    format: 'Format: order_id|status|note',
    status: 'Status must be paid, cancelled, refunded or completed',
    note: 'A note is required for paid and refunded',
  },
  order: (v: {
    id: string;
    buyer: string;
    status: string;
    created: string;
    items: string[];
    subtotal: number;
    discount: number;
    total: number;
    fee: number | null;
    totalPayment: number | null;
    method: string;
    txnId: string | null;
    history: string[];
    delivery: string;
  }) =>
    [
      `🧾 <b>Order <code>${e(v.id)}</code></b>`,
      `👤 ${e(v.buyer)}`,
      `📌 ${v.status} · 🕒 ${e(v.created)}`,
      '',
      ...v.items,
      '',
      `Subtotal: ${rupiah(v.subtotal)}`,
      ...(v.discount > 0 ? [`Discount: -${rupiah(v.discount)}`] : []),
      `Total: <b>${rupiah(v.total)}</b>`,
      ...(v.fee !== null
        ? [`Service fee: ${rupiah(v.fee)} · Paid: ${rupiah(v.totalPayment ?? v.total)}`]
        : []),
      `💳 ${e(v.method)}${v.txnId ? ` · TRX <code>${e(v.txnId)}</code>` : ''}`,
      '',
      '📜 <b>History</b>',
      ...v.history,
      '',
      `📦 Delivery: ${e(v.delivery)}`,
    ].join('\n'),
  historyLine: (at: string, event: string, from: string | null, to: string) =>
    `• ${e(at)} · ${e(event)}: ${e(from ?? '—')} → ${e(to)}`,
  noDelivery: 'not sent yet',
  delivery: (status: string, ids: number[]) =>
    `${status}${ids.length ? ` (messages ${ids.join(', ')})` : ''}`,
  resendButton: '🔁 Resend',
  cancelButton: '❌ Cancel order',
  markPaidButton: '💳 Mark paid',
  refundButton: '↩️ Refund to balance',
  confirmCancel: (id: string) => `❓ Cancel order <code>${e(id)}</code>? Its stock is released.`,
  yes: '✅ Yes',
  no: '❌ No',
  askPaidNote: (id: string) =>
    `💳 Mark <code>${e(id)}</code> as paid. Type the transfer reference (required):`,
  askRefundNote: (id: string) =>
    `↩️ Refund <code>${e(id)}</code> to the buyer's balance. Type the reason (required):`,
  result: {
    applied: (id: string, state: string) => `✅ <code>${e(id)}</code>: done (now: ${e(state)}).`,
    duplicate: (id: string, state: string) =>
      `ℹ️ <code>${e(id)}</code>: this was already done, nothing changed (status: ${e(state)}).`,
    refused: (id: string, state: string) =>
      `🚫 <code>${e(id)}</code>: not possible from the current state (<b>${e(state)}</b>).`,
    missing: (id: string) => `❓ Order <code>${e(id)}</code> not found.`,
  },
  resending: '🔁 Resending…',
  notResendable: 'This order cannot be resent yet.',
  buyerRefunded: (id: string, amount: number, note: string) =>
    `↩️ Order <code>${e(id)}</code> refunded: ${rupiah(amount)} added to your balance.\n📝 ${e(note)}`,
  users: (v: { total: number; active30: number; buyers: number; blocked: number; botBlocked: number }) =>
    [
      '👥 <b>Users</b>',
      `Total: <b>${v.total}</b>`,
      `Active in 30 days: <b>${v.active30}</b>`,
      `Buyers: <b>${v.buyers}</b>`,
      `Blocked by admin: <b>${v.blocked}</b>`,
      `Blocked the bot: <b>${v.botBlocked}</b>`,
    ].join('\n'),
  findButton: '🔎 Find a user',
  askUser: '🔎 Type an id or @username:',
  user: (v: {
    id: number;
    name: string;
    username: string | null;
    blocked: boolean;
    botBlocked: boolean;
    orders: number;
    paidOrders: number;
    spent: number;
    balance: number;
    recentOrders: string[];
    ledger: string[];
  }) =>
    [
      `👤 <b>${e(v.name)}</b>${v.username ? ` @${e(v.username)}` : ''} · <code>${v.id}</code>`,
      v.blocked ? '⛔ Blocked by admin' : '✅ Active',
      ...(v.botBlocked ? ['🔕 Blocked the bot'] : []),
      `🧾 Orders: ${v.orders} (paid ${v.paidOrders})`,
      `💰 Total spent: ${rupiah(v.spent)}`,
      `👛 Balance: <b>${rupiah(v.balance)}</b>`,
      '',
      '🧾 <b>Recent orders</b>',
      ...(v.recentOrders.length ? v.recentOrders : ['—']),
      '',
      '📒 <b>Balance ledger</b>',
      ...(v.ledger.length ? v.ledger : ['—']),
    ].join('\n'),
  ledgerLine: (at: string, amount: number, reason: string, note: string | null) =>
    `• ${e(at)} · ${amount > 0 ? '+' : ''}${rupiah(amount)} · ${e(reason)}${note ? ` · ${e(note)}` : ''}`,
  userOrdersButton: '📋 All orders',
  blockButton: '⛔ Block',
  unblockButton: '✅ Unblock',
  adjustButton: '👛 Adjust balance',
  confirmBlock: (name: string) => `❓ Block <b>${e(name)}</b>? They can no longer shop.`,
  confirmUnblock: (name: string) => `❓ Unblock <b>${e(name)}</b>?`,
  blocked: '⛔ Blocked.',
  unblocked: '✅ Unblocked.',
  unchanged: 'Nothing changed.',
  askAdjust:
    '👛 Type the amount and reason, e.g. <code>+10000 promo bonus</code> or <code>-5000 correction</code> (reason required):',
  expectedAdjust: '+amount or -amount then a reason, e.g. +10000 promo bonus',
  adjusted: (amount: number, balance: number) =>
    `✅ Balance changed ${amount > 0 ? '+' : ''}${rupiah(amount)}. Balance now: <b>${rupiah(balance)}</b>.`,
  adjustInsufficient: (balance: number) => `🚫 Not enough balance (balance: ${rupiah(balance)}).`,
  buyerAdjusted: (amount: number, balance: number, reason: string) =>
    `👛 An admin changed your balance: ${amount > 0 ? '+' : ''}${rupiah(amount)}.\n📝 ${e(reason)}\nBalance now: <b>${rupiah(balance)}</b>`,
  noUser: 'User not found.',
  stats: (v: {
    period: string;
    revenue: number;
    paidOrders: number;
    conversion: string;
    averageOrder: number;
    deposits: number;
    depositAmount: number;
    newUsers: number;
    top: string[];
    lowStock: string[];
  }) =>
    [
      `📊 <b>Statistics · ${e(v.period)}</b>`,
      `💰 Revenue: <b>${rupiah(v.revenue)}</b>`,
      `✅ Paid orders: <b>${v.paidOrders}</b>`,
      `🎯 Conversion: <b>${v.conversion}</b>`,
      `🧮 Average order: <b>${rupiah(v.averageOrder)}</b>`,
      `👛 Deposits: <b>${v.deposits}</b> (${rupiah(v.depositAmount)})`,
      `🆕 New users: <b>${v.newUsers}</b>`,
      '',
      '🏆 <b>Top products</b>',
      ...(v.top.length ? v.top : ['—']),
      '',
      '📉 <b>Low stock</b>',
      ...(v.lowStock.length ? v.lowStock : ['—']),
    ].join('\n'),
  topLine: (name: string, quantity: number, revenue: number) =>
    `• ${e(name)} ×${quantity} · ${rupiah(revenue)}`,
  lowLine: (code: string, name: string, available: number) =>
    `• ${e(name)} (<code>${e(code)}</code>): ${available}`,
  chartButton: '📈 30-day chart',
  chartTitle: 'Revenue per day, last 30 days',
  chartCaption: '📈 Revenue per day, last 30 days',
  csv7: '📄 CSV 7 days',
  csv30: '📄 CSV 30 days',
  csvAsk: '📄 CSV range…',
  askRange: '📄 Type a date range: <code>2026-11-01 2026-11-30</code>',
  expectedRange: 'two dates YYYY-MM-DD, e.g. 2026-11-01 2026-11-30',
  csvCaption: (from: string, to: string, rows: number) => `📄 Orders ${from} to ${to}: ${rows} rows`,
  sending: '⏳ Preparing…',
};
