import { escapeHtml as e } from '../../format.ts';
import type { adminTemplatesId } from '../id/admin-templates.ts';

const braces = (names: string[]) => names.map((n) => `{${n}}`).join(', ');

/** "🛠 Templates": the message templates screens (English). */
export const adminTemplatesEn: typeof adminTemplatesId = {
  names: {
    welcome: '👋 /start greeting',
    help: '❓ Help & how to order',
    order_paid: '✅ Payment received',
    admin_order_paid: '🛒 Admin notice: order paid',
    delivery_header: '🎉 Delivery header',
    resend_header: '🔁 Resend header',
    delivery_footer: '💙 Delivery footer',
    snk_terms: '📜 Terms message',
  },
  descriptions: {
    welcome: 'The /start greeting with shop figures (a photo + caption is allowed)',
    help: 'Help & how to order: /help and the ❓ Help button (a photo + caption is allowed)',
    order_paid: 'Order payment received (replaces the QRIS caption)',
    admin_order_paid: 'Notice to admins: a new order was paid',
    delivery_header: 'Header of the delivery message (above the items)',
    resend_header: 'Header of a delivery resent from the history',
    delivery_footer: 'Footer of the delivery message (below the items)',
    snk_terms: 'A product’s terms after delivery, with the ✅ Fulfil terms button',
  },
  localeName: { id: 'Indonesian', en: 'English' },
  listTitle: (v) =>
    [
      `🛠 <b>Message templates</b> (${v.total})`,
      v.owner
        ? 'Pick a template to preview, edit, browse its versions or restore the default.'
        : 'Pick a template to preview it (only owners can edit).',
    ].join('\n'),
  listButton: (v) => `${v.name} · ${v.version === null ? 'default' : `v${v.version}`}`,
  screen: (v) =>
    [
      `🛠 <b>${e(v.name)}</b> (${e(v.locale)})`,
      e(v.description),
      '',
      v.version === null
        ? '📌 Live: the built-in text (default)'
        : `📌 Live: version ${v.version}${v.photo ? ' 🖼 with photo' : ''}`,
      '',
      '🔤 <b>Allowed placeholders</b>:',
      ...(v.placeholders.length > 0 ? v.placeholders : ['— (no placeholders)']),
    ].join('\n'),
  placeholderLine: (v) =>
    `• <code>{${e(v.name)}}</code>${v.required ? ' <b>(required)</b>' : ''} — e.g. ${e(v.sample)}`,
  preview: '👁 Preview',
  edit: '✏️ Edit',
  history: '🕘 Version history',
  otherLocale: (name) => `🌐 ${name}`,
  back: '⬅️ Back',
  backToList: '⬅️ All templates',
  previewHeader: (v) =>
    `👁 <b>Preview of ${e(v.name)}</b> (${e(v.locale)}) — with sample values, exactly as buyers see it:`,
  askEdit: (v) =>
    [
      `✏️ <b>Edit ${e(v.name)}</b> (${e(v.locale)})`,
      v.media
        ? 'Send the new text (Telegram HTML), or send a <b>photo with a caption</b> for a picture message.'
        : 'Send the new text (Telegram HTML: &lt;b&gt;, &lt;i&gt;, &lt;code&gt;, &lt;a href&gt;…).',
      `Placeholders (* = required): ${v.placeholders}`,
      'You see a preview before it is saved.',
    ].join('\n'),
  expectedBody: 'the new template text (or a photo with a caption for the greeting / help)',
  problems: {
    empty: 'the text is empty',
    unknown: (names, allowed) =>
      `unknown placeholder ${braces(names)}. Allowed: ${allowed.length > 0 ? braces(allowed) : '(none)'}`,
    missing: (names) => `required placeholder missing: ${braces(names)}`,
    html: (detail) => `HTML that Telegram can read (${e(detail)})`,
    tooLong: (length, max) => `at most ${max} characters (now ${length})`,
    noMedia: 'this template takes text only, no photo',
  },
  refused: (reasons) => ['the template cannot be saved yet:', ...reasons.map((r) => `• ${r}`)].join('\n'),
  draftPreview: '👁 <b>Preview</b> (with sample values) — save it?',
  save: '✅ Save',
  confirmPrompt: 'Press ✅ Save on the preview, or send another text to replace it.',
  saved: (v) => `✅ Template <b>${e(v.name)}</b> saved as version ${v.version} and live now.`,
  nothingPending: '⚠️ There is no change waiting to be saved.',
  ownersOnly: '⛔ Only owners can change templates.',
  historyTitle: (v) =>
    [
      `🕘 <b>History of ${e(v.name)}</b> (${e(v.locale)}) — ${v.total} versions`,
      `📌 Live: ${v.active === null ? 'default' : `version ${v.active}`}`,
    ].join('\n'),
  versionLine: (v) =>
    `${v.active ? '📌' : '▫️'} <b>v${v.version}</b> — ${e(v.when)}, by ${e(v.author)}${v.photo ? ' 🖼' : ''}\n    <i>${e(v.excerpt)}</i>`,
  noVersions: 'Never changed: the built-in text is live.',
  rollbackTo: (version) => `↩️ Use v${version}`,
  rollbackDefault: '↩️ Restore default',
  rolledBack: (v) =>
    v.version === null
      ? `↩️ Template <b>${e(v.name)}</b> is back to the built-in text (default).`
      : `↩️ Template <b>${e(v.name)}</b> is back to version ${v.version}.`,
  unknownVersion: '⚠️ That version does not exist.',
  rollbackInvalid: '⚠️ That version no longer passes the checks, so it was not used.',
  author: (id) => (id === null ? 'system' : String(id)),
  ownerChanged: (v) =>
    `🛠 <b>Template changed</b>: ${e(v.name)} (<code>${e(v.key)}</code>, ${e(v.locale)}) — ${e(v.change)} by ${e(v.admin)}.`,
  changeSaved: (version) => `version ${version} saved`,
  changeRollback: (version) =>
    version === null ? 'restored to the default' : `restored to version ${version}`,
};
