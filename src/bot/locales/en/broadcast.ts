import { escapeHtml as e } from '../../format.ts';
import type { broadcastId, ProgressFigures, ReportFigures } from '../id/broadcast.ts';

const STATUS: Record<string, string> = {
  draft: '📝 Draft',
  scheduled: '⏰ Scheduled',
  freezing: '🚀 Starting',
  sending: '📤 Sending',
  paused: '⏸ Paused',
  finishing: '📤 Finishing',
  done: '✅ Done',
  cancelling: '⛔ Cancelled',
  cancelled: '⛔ Cancelled',
};

/** Broadcasts: compose, progress, report, history (English). */
export const broadcastEn: typeof broadcastId = {
  menu: '📣 <b>Broadcast</b>\n\nSend an announcement (restock, promo) to the bot’s users.',
  newButton: '✍️ New broadcast',
  historyButton: '🗂 History',
  back: '⬅️ Back',
  askContent:
    '✍️ Send the broadcast: a <b>text</b> (Telegram HTML allowed, e.g. <code>&lt;b&gt;bold&lt;/b&gt;</code>) or a <b>photo with a caption</b>.\n\nType CANCEL to cancel.',
  expectedContent: 'a text or a photo with a caption',
  badHtml: (detail: string) => `invalid HTML: ${e(detail)}`,
  tooLong: (max: number) => `at most ${max} characters`,
  askButton:
    '🔗 Add a link button? Send <code>Label | https://example.com</code>, or <code>-</code> for none.\n\nType CANCEL to cancel.',
  expectedButton: '<code>Label | https://…</code> or <code>-</code>',
  askAudience: '👥 <b>Who receives it?</b>',
  audienceAll: '👥 Everyone',
  audienceProduct: '🛍 Buyers of a product…',
  audienceCategory: '🗂 Buyers of a category…',
  audienceInactive: '💤 Inactive for N days…',
  audienceNever: '🆕 Never bought',
  askProduct: '🛍 Send the product code (e.g. <code>NETFLIX1</code>).\n\nType CANCEL to cancel.',
  expectedProduct: 'an existing product code',
  askCategory: '🗂 Send the category code.\n\nType CANCEL to cancel.',
  expectedCategory: 'an existing category code',
  askDays: '💤 Inactive for how many days? Send a number 1–3650.\n\nType CANCEL to cancel.',
  expectedDays: 'a number 1–3650',
  audienceLabel: {
    all: 'everyone',
    product: (name: string) => `buyers of ${e(name)}`,
    category: (name: string) => `buyers in ${e(name)}`,
    inactive: (days: number) => `inactive for ${days} days`,
    never_bought: 'never bought',
  },
  confirm: (count: number, audience: string) =>
    `📣 <b>Ready to send</b>\n\nRecipients: <b>${count}</b> (${audience}).\nUsers who blocked the bot are left out.`,
  empty: (audience: string) => `⚠️ No recipients for this choice (${audience}). Pick another audience.`,
  testButton: '🧪 Send to me',
  sendNowButton: '🚀 Send now',
  scheduleButton: '⏰ Schedule',
  cancelButton: '❌ Cancel',
  testSent: '🧪 The sample is above: this is what users will see.',
  testFailed: (detail: string) => `⚠️ The sample could not be sent: ${e(detail)}`,
  askTime: (timeZone: string) =>
    `⏰ When? Send <code>YYYY-MM-DD HH:mm</code> (time zone ${e(timeZone)}).\n\nType CANCEL to cancel.`,
  expectedTime: 'a time <code>YYYY-MM-DD HH:mm</code> not yet past',
  scheduled: (when: string) => `⏰ Broadcast scheduled: <b>${e(when)}</b>.`,
  started: '🚀 Broadcast started. Its progress shows in the next message.',
  dropped: '❌ Broadcast cancelled, nothing was sent.',
  gone: 'This broadcast can no longer be changed.',
  progressTitle: '📣 <b>Broadcast running</b>',
  pausedTitle: '⏸ <b>Broadcast paused</b>',
  scheduledTitle: (when: string) => `⏰ <b>Broadcast scheduled</b> — ${e(when)}`,
  progress: (f: ProgressFigures) =>
    [
      `${f.bar} ${f.percent}%`,
      `✅ Sent: ${f.sent}   🚫 Blocked: ${f.blocked}   ⚠️ Failed: ${f.failed}${f.unknown ? `   ❔ Uncertain: ${f.unknown}` : ''}`,
      `⏳ Remaining: ${f.remaining} of ${f.total}`,
      `⚡ ${f.rate} messages/s${f.eta ? ` · done in ~${f.eta}` : ''}`,
    ].join('\n'),
  pauseButton: '⏸ Pause',
  resumeButton: '▶️ Resume',
  stopButton: '⛔ Cancel',
  paused: '⏸ Paused.',
  resumed: '▶️ Resumed.',
  stopped: '⛔ Cancelled.',
  report: (f: ReportFigures) =>
    [
      f.outcome === 'done' ? '✅ <b>Broadcast done</b>' : '⛔ <b>Broadcast cancelled</b>',
      '',
      `👥 Recipients: ${f.total}`,
      `✅ Sent: ${f.sent}`,
      `🚫 Blocked the bot: ${f.blocked}`,
      `⚠️ Failed: ${f.failed}`,
      ...(f.unknown ? [`❔ Uncertain (cut off while sending): ${f.unknown}`] : []),
      ...(f.notSent ? [`⏹ Not sent: ${f.notSent}`] : []),
      `⏱ Took ${f.duration} · ${f.rate} messages/s`,
    ].join('\n'),
  historyTitle: (total: number) => `🗂 <b>Broadcast history</b> (${total})`,
  historyEmpty: 'No broadcasts yet.',
  historyLine: (p: { when: string; status: string; sent: number; total: number | null; preview: string }) =>
    `• ${e(p.when)} — ${STATUS[p.status] ?? e(p.status)} — ${p.sent}/${p.total ?? '?'}\n  <i>${e(p.preview)}</i>`,
  status: (status: string) => STATUS[status] ?? status,
};
