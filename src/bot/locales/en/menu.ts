import { escapeHtml as e } from '../../format.ts';
import type { menuId } from '../id/menu.ts';

const count = (n: number) => n.toLocaleString('en-US');

/** Welcome, help, menus and the bot-wide notices (English). */
export const menuEn: typeof menuId = {
  labels: {
    catalog: '🛍️ Catalog',
    cart: '🛒 Cart',
    orders: '📦 Order History',
    balance: '💰 Balance',
    help: '❓ Help',
    admin: '⚙️ Admin',
  },
  welcome: (v) =>
    [
      `👋 Hi, <b>${e(v.name)}</b>! Welcome to <b>${e(v.store)}</b> 🛍️`,
      '',
      'Buy premium accounts, licence keys &amp; digital vouchers here. Pay with QRIS and your item is delivered automatically ⚡',
      '',
      '📊 <b>Shop stats</b>',
      `📦 Products available: <b>${count(v.products)}</b>`,
      `✅ Completed transactions: <b>${count(v.transactions)}</b>`,
      `👥 Users: <b>${count(v.users)}</b>`,
      '',
      'Pick a category below 👇',
    ].join('\n'),
  allProducts: '🧭 All Products',
  menuReady: '⌨️ The main menu is ready below 👇',
  help: (store) =>
    [
      `❓ <b>${e(store)} help</b>`,
      '',
      '🛍️ <b>Catalog</b> (/catalog): browse categories &amp; products',
      '🛒 <b>Cart</b> (/cart): change quantities, use a voucher, check out',
      '📦 <b>Order History</b> (/orders): order status &amp; resend your items',
      '💰 <b>Balance</b> (/balance): your balance and its history',
      '➕ <b>Top up</b>: /topup 25000',
      '🎟️ <b>Voucher</b>: /voucher CODE',
      '',
      '💳 How to buy: pick a product → 🛒 Add to Cart → ✅ Checkout QRIS → scan the QR. Your item arrives in this chat right after payment ✨',
    ].join('\n'),
  fallback: [
    "🤔 Sorry, I didn't understand that.",
    '',
    'Here is what I can do:',
    '🛍️ Catalog · 🛒 Cart · 📦 Order History · 💰 Balance · ❓ Help',
    'Or type /start, /catalog, /cart, /orders, /balance, /topup 25000, /help',
  ].join('\n'),
  invalidButton: '⚠️ This button is no longer valid. Please open the menu again 🙏',
  blocked:
    '🚫 Sorry, your account is blocked from this shop. Contact the admin if you think this is a mistake 🙏',
  spam: "🚫 Please don't spam... wait a few seconds and try again 🙏",
  spamReport: (v) =>
    [
      '🚨 <b>Spam detected</b>',
      `👤 ${v.user} (<code>${v.userId}</code>)`,
      `⚡ ${v.actions} actions in ${v.seconds} seconds`,
      'Their actions are held back for now. The next report for this user comes 10 minutes later at the earliest.',
    ].join('\n'),
  error: '⚠️ Sorry, something went wrong. Please try again in a moment 🙏',
  commands: {
    start: 'Start & main menu',
    catalog: 'Browse the catalog',
    cart: 'Show your cart',
    orders: 'Order history',
    balance: 'Check your balance',
    topup: 'Top up, e.g. /topup 25000',
    help: 'Help',
  },
};
