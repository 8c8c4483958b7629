import { escapeHtml as e } from '../../format.ts';
import type { adminConfigId } from '../id/admin-config.ts';

/** Configuration backup and restore (English). */
export const adminConfigEn: typeof adminConfigId = {
  exportCaption: (c) =>
    [
      '💾 <b>Shop configuration backup</b>',
      `${c.categories} categories · ${c.products} products · ${c.vouchers} vouchers · ${c.templates} templates`,
      'Stock, orders, users and balances are not included (they are in the encrypted database backups).',
      'To restore: ♻️ Restore configuration, then send this file.',
    ].join('\n'),
  ownersOnly: '🔒 Only the shop owners can restore the configuration.',
  askFile: [
    '♻️ <b>Restore configuration</b>',
    'Send the JSON file from 💾 Config backup (at most 5 MB).',
    'Everything is checked first and you see the differences; nothing changes until you confirm.',
  ].join('\n'),
  expectedFile: 'a configuration backup JSON file (sent as a document)',
  fileTooBig: (mb) => `the file is ${mb} MB, at most 5 MB`,
  fileUnreadable: 'the file could not be downloaded, please send it again',
  fileNotText: 'this file is not JSON text',
  problems: (lines, more) =>
    [
      '❌ <b>This file cannot be restored</b> — nothing was changed. Problems:',
      ...lines.map((l) => `• <code>${e(l)}</code>`),
      ...(more > 0 ? [`… and ${more} more`] : []),
      '',
      'Fix them and send it again, or type ❌ Cancel.',
    ].join('\n'),
  nothingToChange: '✅ The shop configuration already matches this file exactly. Nothing to change.',
  preview: (summary) =>
    [
      '♻️ <b>Restore preview</b>',
      summary,
      '',
      'Apply all of it at once? Stock and order history are not touched.',
    ].join('\n'),
  changedSincePreview: (summary) =>
    [
      '⚠️ <b>The shop changed since the preview</b> (someone edited it). Nothing was changed. The latest differences:',
      summary,
      '',
      'Apply these?',
    ].join('\n'),
  applyButton: '✅ Apply',
  dropButton: '❌ Cancel',
  applied: (summary) => ['✅ <b>Configuration restored</b>', summary].join('\n'),
  dropped: '❌ Restore cancelled, nothing was changed.',
  draftGone:
    '⚠️ This preview has expired or was cancelled. Send the file again through ♻️ Restore configuration.',
  alreadyApplied: '✅ This restore was already applied.',
  beforeCaption: '🗄 The configuration before the restore — keep it just in case.',
  ownerNotice: (who, summary) => [`♻️ <b>Shop configuration restored</b> by ${e(who)}`, summary].join('\n'),
  viaCli: 'the command line (npm run config:import)',
  kinds: {
    categories: '🗂 Categories',
    products: '🛒 Products',
    vouchers: '🎟️ Vouchers',
    templates: '🛠 Templates',
  },
  countLine: (kind, added, changed, removed, unchanged) =>
    `${kind}: +${added} new · ~${changed} changed · −${removed} removed · ${unchanged} unchanged`,
  removedHow: {
    deleted: 'deleted',
    deactivated: 'deactivated (has stock/orders, history kept)',
    default: 'back to the default text',
  },
  more: (n) => `… and ${n} more`,
};
