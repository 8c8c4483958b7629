import { escapeHtml as e } from '../../format.ts';
import type { menuId } from '../id/menu.ts';

/** Menus and the bot-wide notices (English; welcome and help are in templates.ts). */
export const menuEn: typeof menuId = {
  labels: {
    catalog: '🛍️ Catalog',
    cart: '🛒 Cart',
    orders: '📦 Order History',
    balance: '💰 Balance',
    help: '❓ Help',
    admin: '⚙️ Admin',
  },
  allProducts: '🧭 All Products',
  menuReady: '⌨️ The main menu is ready below 👇',
  fallback: [
    "🤔 Sorry, I didn't understand that.",
    '',
    'Here is what I can do:',
    '🛍️ Catalog · 🛒 Cart · 📦 Order History · 💰 Balance · ❓ Help',
    'Or type /start, /catalog, /cart, /orders, /balance, /topup 25000, /help',
  ].join('\n'),
  supportContact: (contact) => `💬 Need help? Contact the seller: ${e(contact)}`,
  invalidButton: '⚠️ This button is no longer valid. Please open the menu again 🙏',
  blocked:
    '🚫 Sorry, your account is blocked from this shop. Contact the admin if you think this is a mistake 🙏',
  spam: "🚫 Please don't spam... wait a few seconds and try again 🙏",
  maintenance:
    '🛠️ The shop is <b>under brief maintenance</b>, so new orders and top-ups are paused. You can still browse the catalogue, and your cart is kept. Please try again in a little while 🙏',
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
