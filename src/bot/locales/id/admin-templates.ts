import type { TemplateKey } from '../../../messages/registry.ts';
import { escapeHtml as e } from '../../format.ts';

const braces = (names: string[]) => names.map((n) => `{${n}}`).join(', ');

/** "🛠 Template": the message templates screens (Indonesian). */
export const adminTemplatesId = {
  /** Short names of the templates, for buttons and titles. */
  names: {
    welcome: '👋 Sapaan /start',
    help: '❓ Bantuan & cara order',
    order_paid: '✅ Pembayaran diterima',
    admin_order_paid: '🛒 Notif admin: order dibayar',
    delivery_header: '🎉 Judul pengiriman',
    resend_header: '🔁 Judul kirim ulang',
    delivery_footer: '💙 Penutup pengiriman',
    snk_terms: '📜 Pesan SNK',
  } satisfies Record<TemplateKey, string>,
  descriptions: {
    welcome: 'Sapaan /start dengan statistik toko (boleh pakai foto + caption)',
    help: 'Bantuan & cara order: /help dan tombol ❓ Bantuan (boleh pakai foto + caption)',
    order_paid: 'Pembayaran pesanan diterima (menggantikan keterangan QRIS)',
    admin_order_paid: 'Pemberitahuan ke admin: pesanan baru dibayar',
    delivery_header: 'Judul pesan pengiriman produk (di atas daftar item)',
    resend_header: 'Judul pesan kirim ulang produk dari riwayat',
    delivery_footer: 'Penutup pesan pengiriman produk (di bawah daftar item)',
    snk_terms: 'Syarat & ketentuan produk setelah dikirim, dengan tombol ✅ Penuhi SNK',
  } satisfies Record<TemplateKey, string>,
  localeName: { id: 'Indonesia', en: 'English' },
  listTitle: (v: { total: number; owner: boolean }) =>
    [
      `🛠 <b>Template pesan</b> (${v.total})`,
      v.owner
        ? 'Pilih template untuk pratinjau, ubah, riwayat versi atau kembalikan default.'
        : 'Pilih template untuk melihat pratinjaunya (mengubah hanya bisa oleh owner).',
    ].join('\n'),
  listButton: (v: { name: string; version: number | null }) =>
    `${v.name} · ${v.version === null ? 'default' : `v${v.version}`}`,
  screen: (v: {
    name: string;
    description: string;
    locale: string;
    version: number | null;
    photo: boolean;
    placeholders: string[];
  }) =>
    [
      `🛠 <b>${e(v.name)}</b> (${e(v.locale)})`,
      e(v.description),
      '',
      v.version === null
        ? '📌 Aktif: teks bawaan (default)'
        : `📌 Aktif: versi ${v.version}${v.photo ? ' 🖼 dengan foto' : ''}`,
      '',
      '🔤 <b>Placeholder yang boleh dipakai</b>:',
      ...(v.placeholders.length > 0 ? v.placeholders : ['— (tanpa placeholder)']),
    ].join('\n'),
  placeholderLine: (v: { name: string; sample: string; required: boolean }) =>
    `• <code>{${e(v.name)}}</code>${v.required ? ' <b>(wajib)</b>' : ''} — contoh: ${e(v.sample)}`,
  preview: '👁 Pratinjau',
  edit: '✏️ Ubah',
  history: '🕘 Riwayat versi',
  otherLocale: (name: string) => `🌐 ${name}`,
  back: '⬅️ Kembali',
  backToList: '⬅️ Daftar template',
  previewHeader: (v: { name: string; locale: string }) =>
    `👁 <b>Pratinjau ${e(v.name)}</b> (${e(v.locale)}) — dengan contoh nilai, persis seperti yang dilihat pembeli:`,
  askEdit: (v: { name: string; locale: string; placeholders: string; media: boolean }) =>
    [
      `✏️ <b>Ubah ${e(v.name)}</b> (${e(v.locale)})`,
      v.media
        ? 'Kirim teks baru (HTML Telegram), atau kirim <b>foto dengan caption</b> untuk pesan bergambar.'
        : 'Kirim teks baru (HTML Telegram: &lt;b&gt;, &lt;i&gt;, &lt;code&gt;, &lt;a href&gt;…).',
      `Placeholder (* = wajib): ${v.placeholders}`,
      'Sebelum disimpan kamu lihat pratinjaunya dulu.',
    ].join('\n'),
  expectedBody: 'teks template baru (atau foto dengan caption untuk sapaan / bantuan)',
  problems: {
    empty: 'teksnya masih kosong',
    unknown: (names: string[], allowed: string[]) =>
      `placeholder tidak dikenal: ${braces(names)}. Yang boleh: ${allowed.length > 0 ? braces(allowed) : '(tidak ada)'}`,
    missing: (names: string[]) => `placeholder wajib belum ada: ${braces(names)}`,
    html: (detail: string) => `HTML yang bisa dibaca Telegram (${e(detail)})`,
    tooLong: (length: number, max: number) => `paling panjang ${max} karakter (sekarang ${length})`,
    noMedia: 'template ini hanya teks, tanpa foto',
  },
  refused: (reasons: string[]) =>
    ['template belum bisa disimpan:', ...reasons.map((r) => `• ${r}`)].join('\n'),
  draftPreview: '👁 <b>Pratinjau</b> (dengan contoh nilai) — simpan?',
  save: '✅ Simpan',
  confirmPrompt: 'Tekan ✅ Simpan di pratinjau, atau kirim teks lain untuk menggantinya.',
  saved: (v: { name: string; version: number }) =>
    `✅ Template <b>${e(v.name)}</b> disimpan sebagai versi ${v.version} dan langsung aktif.`,
  nothingPending: '⚠️ Tidak ada perubahan yang menunggu disimpan.',
  ownersOnly: '⛔ Hanya owner yang bisa mengubah template.',
  historyTitle: (v: { name: string; locale: string; total: number; active: number | null }) =>
    [
      `🕘 <b>Riwayat ${e(v.name)}</b> (${e(v.locale)}) — ${v.total} versi`,
      `📌 Aktif: ${v.active === null ? 'default' : `versi ${v.active}`}`,
    ].join('\n'),
  versionLine: (v: {
    version: number;
    when: string;
    author: string;
    active: boolean;
    photo: boolean;
    excerpt: string;
  }) =>
    `${v.active ? '📌' : '▫️'} <b>v${v.version}</b> — ${e(v.when)}, oleh ${e(v.author)}${v.photo ? ' 🖼' : ''}\n    <i>${e(v.excerpt)}</i>`,
  noVersions: 'Belum pernah diubah: yang aktif teks bawaan.',
  rollbackTo: (version: number) => `↩️ Pakai v${version}`,
  rollbackDefault: '↩️ Kembalikan default',
  rolledBack: (v: { name: string; version: number | null }) =>
    v.version === null
      ? `↩️ Template <b>${e(v.name)}</b> kembali ke teks bawaan (default).`
      : `↩️ Template <b>${e(v.name)}</b> kembali ke versi ${v.version}.`,
  unknownVersion: '⚠️ Versi itu tidak ada.',
  rollbackInvalid: '⚠️ Versi itu tidak lolos pemeriksaan sekarang, jadi tidak dipakai.',
  author: (id: number | null) => (id === null ? 'sistem' : String(id)),
  ownerChanged: (v: { name: string; key: string; locale: string; admin: string; change: string }) =>
    `🛠 <b>Template diubah</b>: ${e(v.name)} (<code>${e(v.key)}</code>, ${e(v.locale)}) — ${e(v.change)} oleh ${e(v.admin)}.`,
  changeSaved: (version: number) => `versi ${version} disimpan`,
  changeRollback: (version: number | null) =>
    version === null ? 'dikembalikan ke default' : `dikembalikan ke versi ${version}`,
};
