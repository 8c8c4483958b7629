import type { SnkStatus } from '../../../machines/snk.ts';
import { escapeHtml as e } from '../../format.ts';
import type { snkId } from '../id/snk.ts';

const STATUS: Record<SnkStatus, string> = {
  awaiting_proof: '⏳ Awaiting proof',
  submitted: '📥 Submitted',
  accepted: '✅ Accepted',
  rejected: '❌ Rejected',
  expired: '⌛ Expired',
};

/** SNK (a product's terms) and the buyer's proof (English). */
export const snkEn: typeof snkId = {
  fulfilButton: '✅ Penuhi SNK',
  viewTermsButton: '📜 SNK',
  doneButton: '✅ Selesai',
  termsBeforeBuying: (product, terms) =>
    `📜 <b>Terms for ${e(product)}</b>\n\n${e(terms)}\n\nAfter delivery you will be asked for proof that you followed them (for the warranty).`,
  cartLine: (products) =>
    `📜 Terms apply to: ${products.map(e).join(', ')} — after delivery, send proof with ✅ Penuhi SNK.`,
  proofPrompt: (product, maxFiles) =>
    `📸 Send proof for <b>${e(product)}</b>: screenshots (several are fine, at most ${maxFiles}) and/or a note. Press <b>✅ Selesai</b> when done.`,
  received: (files, notes) =>
    `📥 Got ${files} image(s), ${notes} note(s). Send more, or press ✅ Selesai to send them to the admins.`,
  tooBig: (limitMb) =>
    `⚠️ That file is too big. At most ${limitMb} MB per image — please send a smaller screenshot.`,
  notImage: '⚠️ That file is not an image. Please send a JPEG, PNG or WebP screenshot.',
  tooMany: (max) => `⚠️ At most ${max} images per submission. Press ✅ Selesai to send what you have.`,
  noteTooLong: (max) => `⚠️ That note is too long (at most ${max} characters).`,
  downloadFailed: '⚠️ The image could not be fetched from Telegram. Please send it again.',
  nothingYet: '⚠️ No proof yet. Send a screenshot or a note first.',
  submitted: '✅ Proof sent to the admins. We will tell you the outcome 🙏',
  notOpen: 'ℹ️ These terms are not waiting for proof.',
  reminder: (product, orderId) =>
    `⏰ Reminder: you have not sent proof for the terms of <b>${e(product)}</b> (<code>${e(orderId)}</code>) yet. Press ✅ Penuhi SNK to keep your warranty.`,
  accepted: (product, orderId) =>
    `✅ Your proof for <b>${e(product)}</b> (<code>${e(orderId)}</code>) was accepted. Your warranty is active 🛡️`,
  rejected: (product, orderId, reason, canRetry) =>
    `❌ Your proof for <b>${e(product)}</b> (<code>${e(orderId)}</code>) was rejected.\nReason: ${e(reason)}` +
    (canRetry ? '\n\nPress ✅ Penuhi SNK to send proof again.' : '\n\nNo submissions left.'),
  expired: (product, orderId) =>
    `⌛ The time to send proof for <b>${e(product)}</b> (<code>${e(orderId)}</code>) is over.`,
  adminProof: (p) =>
    [
      `📜 <b>SNK proof</b> (submission ${p.submission})`,
      `🆔 <code>${e(p.orderId)}</code>`,
      `👤 ${p.buyer}`,
      `📦 ${e(p.product)}`,
      `🖼️ ${p.files} image(s)`,
      ...(p.notes.length > 0 ? [`📝 ${p.notes.map(e).join('\n📝 ')}`] : []),
      '',
      `<blockquote>${e(p.terms)}</blockquote>`,
    ].join('\n'),
  acceptButton: '👍 Terima',
  rejectButton: '👎 Tolak (alasan)',
  askReason: (product, orderId) =>
    `✍️ Type the reason for rejecting the proof for <b>${e(product)}</b> (<code>${e(orderId)}</code>):`,
  reasonExpected: 'a reason as text (3–500 characters)',
  decided: (outcome) =>
    outcome === 'accepted' ? '✅ Accepted. The buyer was told.' : '❌ Rejected. The buyer was told.',
  notSubmitted: 'ℹ️ This proof was already decided or not submitted.',
  status: (status) => STATUS[status],
  reviewTitle: '📜 <b>SNK</b>',
  reviewCounts: (counts) =>
    (Object.keys(STATUS) as SnkStatus[]).map((s) => `${STATUS[s]}: ${counts[s] ?? 0}`).join('\n'),
  reviewProducts: (rows) =>
    rows.length === 0
      ? ''
      : `\n<b>Per product</b>\n${rows.map((r) => `• ${e(r.product)}: ${r.count}`).join('\n')}`,
  listTitle: (status, page, pages) => `${STATUS[status]} — page ${page}/${pages}`,
  listEmpty: (status) => `${STATUS[status]}: none yet.`,
  listButton: (orderId, product) => `${orderId} · ${product}`.slice(0, 60),
  details: (p) =>
    [
      `📜 <b>SNK ${e(p.product)}</b>`,
      `🆔 <code>${e(p.orderId)}</code>`,
      `👤 ${p.buyer}`,
      `Status: ${STATUS[p.status]} · submissions: ${p.submissions}`,
      ...p.decisions.map(e),
      ...(p.purged ? [`🗑️ Proof purged: ${e(p.purged)}`] : []),
    ].join('\n'),
  notFound: '🔍 No such SNK record.',
  noProof: '🗂️ No proof files stored.',
  back: '⬅️ Back',
};
