import { escapeHtml as e, rupiah } from '../../format.ts';
import type { ownerId } from '../id/owner.ts';

/** The owner bot (English). */
export const ownerEn: typeof ownerId = {
  help: '🤖 Owner commands: /status · /backup · /export_user &lt;id&gt; · /erase_user &lt;id&gt;',
  notOwner: "🙏 Sorry, this bot is for the shop's owner. To shop, please use the shop's bot.",
  status: (v) =>
    [
      `🩺 <b>${e(v.store)} status</b>`,
      ...v.lines.map((l) => `${l.ok ? '✅' : '❌'} ${e(l.label)}: ${e(l.value)}`),
    ].join('\n'),
  statusFailed: '❌ The status cannot be read right now. Try again in a moment.',
  backupNotConfigured: 'ℹ️ Backups are not configured for this shop.',
  backupStarted: '⏳ Backup running…',
  backupDone: (file) => `✅ Backup done: <code>${e(file)}</code>`,
  backupFailed: (reason) => `❌ Backup failed: ${e(reason)}`,
  usage: (command) => `ℹ️ Usage: <code>/${command} &lt;user id&gt;</code> (a number)`,
  userNotFound: (id) => `🔍 No user <code>${id}</code>.`,
  exported: (id) => `📄 Data of user <code>${id}</code> (JSON).`,
  eraseConfirm: (id, orders) =>
    `⚠️ Erase the personal data of user <code>${id}</code>?\nName, username, language, SNK proofs and conversations are removed. ${orders} orders and the balance records are kept without the name.`,
  eraseButton: '🗑️ Yes, erase',
  cancelButton: '✖️ Cancel',
  erased: (id) => `✅ The personal data of user <code>${id}</code> is erased.`,
  eraseCancelled: 'Cancelled, nothing erased.',
  digest: (v) =>
    [
      `[${e(v.store)}] 📊 <b>Daily digest</b> · ${e(v.date)}`,
      `🛒 Today: ${v.today.orders} orders · ${rupiah(v.today.revenue)}`,
      `🗓️ Yesterday: ${v.yesterday.orders} orders · ${rupiah(v.yesterday.revenue)}`,
      `🚨 Alerts, last 24 h: ${v.alerts.critical} critical · ${v.alerts.error} error · ${v.alerts.warning} warning · ${v.alerts.info} info`,
      `💾 Latest backup: ${v.backup ? e(v.backup) : 'none yet'}`,
      `🗄️ Disk: ${v.disk ? e(v.disk) : 'unknown'}`,
    ].join('\n'),
};
