import { escapeHtml as e } from '../../format.ts';
import type { adminStockId } from '../id/admin-stock.ts';

/** Stock, vouchers, SNK and low-stock notices for admins (English). */
export const adminStockEn: typeof adminStockId = {
  back: '⬅️ Back',
  pickProduct: '📦 <b>Manage stock</b>\nPick a product:',
  productLine: (v) => `${v.name} (${v.available})`,
  stockScreen: (v) =>
    [
      `📦 <b>Stock of ${e(v.name)}</b> (<code>${e(v.code)}</code>)`,
      `✅ Available: <b>${v.available}</b>`,
      `⏳ Reserved: ${v.reserved}`,
      `💰 Sold: ${v.sold}`,
      `⚠️ Low-stock threshold: ${v.threshold}`,
    ].join('\n'),
  addLines: '➕ Add (1 line = 1 item)',
  addBlocks: '➕ Add (blocks, blank line between)',
  viewItems: '👁️ View stock',
  setThreshold: '⚠️ Set low-stock threshold',
  askStock: (v) =>
    [
      `➕ <b>Add stock to ${e(v.name)}</b>`,
      v.mode === 'line'
        ? 'Paste the items, <b>one item per line</b>.'
        : 'Paste the items, <b>one blank line between items</b> (an item may span lines).',
      'Or send a <b>.txt</b> / <b>.csv</b> file (up to 20 MB).',
    ].join('\n'),
  expectedStock: 'stock text or a .txt / .csv file',
  fileTooBig: (mb) => `a .txt / .csv file of at most 20 MB (this one is ${mb} MB)`,
  fileNotText: 'a .txt or .csv text file (this file is not text)',
  fileEmpty: 'a .txt / .csv file with items in it (this file is empty)',
  fileUnreadable: 'a file that can be downloaded; try sending it again',
  nothingToAdd: 'at least one item that is not empty and at most 4,000 characters long',
  progress: (done, total) => `⏳ Saving stock… ${done}/${total}`,
  added: (v) =>
    [
      `✅ <b>Stock added to ${e(v.name)}: ${v.added}</b>`,
      `♻️ Duplicates skipped: ${v.existing + v.repeated} (already in stock: ${v.existing}, repeated in the upload: ${v.repeated})`,
      `🚫 Rejected: ${v.empty + v.tooLong} (empty: ${v.empty}, over 4,000 characters: ${v.tooLong})`,
      `📦 Available now: <b>${v.available}</b>`,
    ].join('\n'),
  itemsTitle: (v) =>
    `👁️ <b>Available stock of ${e(v.name)}</b> (${v.total})\nContents are masked. 👁 shows one item, 🗑 removes it.`,
  itemLine: (v) => `#${v.id} <code>${e(v.masked)}</code>`,
  noItems: 'No stock available yet.',
  revealed: (v) => `🔓 <b>Item #${v.id}</b>\n<code>${e(v.content)}</code>`,
  itemGone: '⚠️ That item no longer exists.',
  confirmRemove: (v) => `🗑 Remove item #${v.id} (<code>${e(v.masked)}</code>) from stock?`,
  yesRemove: '✅ Yes, remove',
  no: '❌ No',
  removed: (id) => `🗑 Item #${id} removed from stock.`,
  notRemovable: '⚠️ That item is reserved or sold, so it stays.',
  askThreshold: (v) =>
    `⚠️ Low-stock threshold of ${e(v.name)} is <b>${v.threshold}</b>.\nType a new number (0–1000):`,
  expectedThreshold: 'a number 0–1000, e.g. 5',
  thresholdSet: (v) => `✅ Low-stock threshold of ${e(v.name)}: <b>${v.threshold}</b>`,
  lowStock: (v) =>
    `⚠️ <b>Low stock</b>: ${e(v.name)} (<code>${e(v.code)}</code>) is down to <b>${v.available}</b> (threshold ${v.threshold}).`,
  openStock: '📦 Open stock',
  unknownProduct: '⚠️ That product was not found.',

  voucherMenu: '🎟️ <b>Vouchers</b>',
  voucherNew: '➕ New voucher',
  voucherList: '📋 Voucher list',
  askVoucher: [
    '🎟️ <b>New voucher</b> — type one line:',
    '<code>CODE | AMOUNT | MAX_USES</code>',
    'E.g. <code>HEMAT10 | 10% | 100</code> or <code>DISKON5K | 5000 | 50</code>',
    'Optional: <code>| min=50000 | peruser=1 | from=2026-12-01 | until=2026-12-31 23:59</code>',
    'For one product/category only (optional): <code>| product:NETFLIX-1B</code> or <code>| category:Streaming</code>',
    'CODE <code>RANDOM</code> = a random code; MAX_USES <code>-</code> = no limit.',
  ].join('\n'),
  voucherScoped: '🎯 Product/Category Voucher',
  pickScopeKind:
    '🎯 <b>Scoped voucher</b>\nThe discount applies only to the product or category you pick. Choose:',
  scopeKindProduct: '🛒 One Product',
  scopeKindCategory: '🗂 One Category',
  pickScopeProduct: (total) => `🛒 <b>Pick a product</b> for the voucher (${total} products):`,
  pickScopeCategory: (total) => `🗂 <b>Pick a category</b> for the voucher (${total} categories):`,
  askVoucherFor: (scope) =>
    [
      `🎯 Voucher ${scope} — type one line:`,
      '<code>CODE | AMOUNT | MAX_USES</code>',
      'E.g. <code>HEMAT10 | 10% | 100</code>; options <code>| min=… | peruser=… | from=… | until=…</code> work too.',
      'The minimum purchase counts the matching products only.',
    ].join('\n'),
  scopeGone: '⚠️ That product or category no longer exists.',
  scopeDeleted: 'its product/category was deleted (applies to nothing)',
  scopeProduct: (name) => `only for ${e(name)}`,
  scopeCategory: (name) => `only for the ${e(name)} category`,
  scopeNotFound: (what) => `an existing product (code) or category (name); "${e(what)}" was not found`,
  voucherProblem: {
    format: 'three parts separated by "|": CODE | AMOUNT | MAX_USES, e.g. HEMAT10 | 10% | 100',
    code: 'a CODE of 3–32 letters A–Z, digits 0–9, "-" or "_" (no spaces), or RANDOM',
    value: 'an AMOUNT in percent (10%) or rupiah (5000)',
    percent: 'a percentage 1–100, e.g. 10%',
    uses: 'MAX_USES as a number from 1, or - for no limit',
    option: 'options min=, peruser=, from= or until=',
    min: 'min= in rupiah, e.g. min=50000',
    perUser: 'peruser= as a number from 1, e.g. peruser=1',
    date: 'a date YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. until=2026-12-31',
    window: 'until= after from=',
    scope: 'one scope only: product:CODE or category:Name',
  },
  voucherProblemAt: (what, part) => (part ? `${what} (not "${part}")` : what),
  voucherExists: (code) => `a code not in use yet (${code} exists)`,
  voucherCreated: (v) => `✅ Voucher <code>${e(v.code)}</code> created: ${v.summary}`,
  voucherSummary: (v) => [`${v.value} off, ${v.uses}`, ...v.extra].join(', '),
  unlimited: 'no limit',
  usesOf: (used, max) => (max === null ? `used ${used}×` : `used ${used}/${max}`),
  minPurchase: (amount) => `min. purchase ${amount}`,
  perUser: (n) => `${n}× per buyer`,
  validFrom: (when) => `from ${when}`,
  validUntil: (when) => `until ${when}`,
  voucherListTitle: (total) => `📋 <b>Vouchers</b> (${total})`,
  voucherLine: (v) => `${v.active ? '🟢' : '⚪️'} <code>${e(v.code)}</code> — ${v.summary}`,
  noVouchers: 'No vouchers yet.',
  deactivate: (code) => `⛔ Turn off ${code}`,
  deactivated: (code) => `⛔ Voucher ${code} turned off.`,
  alreadyInactive: '⚠️ That voucher is already off.',

  snkMenu: [
    '📜 <b>Manage terms (SNK)</b>',
    'Type <code>product_id|new terms</code> or <code>product_id|hapus</code> (product_id = product code or id),',
    'or press 📋 Pick a product.',
  ].join('\n'),
  snkPick: '📋 Pick a product',
  snkProofs: "🧾 Buyers' proofs",
  snkPickTitle: '📜 <b>Terms</b> — pick a product:',
  askSnk: (name) =>
    `📜 Type the new terms for <b>${e(name)}</b> (Telegram HTML allowed), or <code>hapus</code> to remove:`,
  expectedSnkLine: 'product_id|new terms or product_id|hapus, e.g. NETFLIX-1B|Login on 1 device only',
  expectedSnkText: 'the terms text (at most 3,000 characters) or hapus',
  snkBadHtml: (detail) => `HTML Telegram can read (${detail}); close every tag, e.g. <b>…</b>`,
  snkUnknownProduct: (ref) => `an existing product code or id ("${ref}" was not found)`,
  snkPreview: (v) =>
    v.snk === null
      ? `👀 <b>Preview</b>: the terms of <b>${e(v.name)}</b> will be <b>removed</b>.`
      : `👀 <b>Preview of the terms of ${e(v.name)}</b>\n\n${v.snk}`,
  snkConfirmPrompt: 'Press ✅ Save, or type other text to replace it.',
  save: '✅ Save',
  snkSaved: (name) => `✅ Terms of ${e(name)} saved.`,
  snkRemoved: (name) => `🗑 Terms of ${e(name)} removed.`,
  snkNothingPending: '⚠️ No terms are waiting to be saved.',
  ownerSnkChanged: (v) =>
    `📜 Terms of <b>${e(v.name)}</b> (<code>${e(v.code)}</code>) ${v.removed ? 'removed' : 'changed'} by admin ${e(v.admin)}.`,
};
