import type { SnkStatus } from '../../../machines/snk.ts';
import { escapeHtml as e } from '../../format.ts';

const STATUS: Record<SnkStatus, string> = {
  awaiting_proof: '⏳ Menunggu bukti',
  submitted: '📥 Dikirim',
  accepted: '✅ Diterima',
  rejected: '❌ Ditolak',
  expired: '⌛ Kedaluwarsa',
};

/** SNK (a product's terms) and the buyer's proof (Indonesian). */
export const snkId = {
  fulfilButton: '✅ Penuhi SNK',
  viewTermsButton: '📜 SNK',
  doneButton: '✅ Selesai',
  termsBeforeBuying: (product: string, terms: string) =>
    `📜 <b>Syarat &amp; Ketentuan ${e(product)}</b>\n\n${e(terms)}\n\nSetelah produk dikirim, kamu diminta mengirim bukti bahwa ketentuan ini diikuti (untuk garansi).`,
  cartLine: (products: string[]) =>
    `📜 Berlaku SNK untuk: ${products.map(e).join(', ')} — setelah dikirim, kirim bukti lewat tombol ✅ Penuhi SNK.`,
  proofPrompt: (product: string, maxFiles: number) =>
    `📸 Kirim bukti untuk <b>${e(product)}</b>: screenshot (boleh beberapa, maks ${maxFiles}) dan/atau catatan. Tekan <b>✅ Selesai</b> kalau sudah.`,
  received: (files: number, notes: number) =>
    `📥 Diterima: ${files} gambar, ${notes} catatan. Kirim lagi, atau tekan ✅ Selesai untuk mengirim ke admin.`,
  tooBig: (limitMb: number) =>
    `⚠️ File terlalu besar. Maksimal ${limitMb} MB per gambar — kirim screenshot yang lebih kecil ya.`,
  notImage: '⚠️ File ini bukan gambar. Kirim screenshot berformat JPEG, PNG atau WebP ya.',
  tooMany: (max: number) =>
    `⚠️ Maksimal ${max} gambar per pengiriman. Tekan ✅ Selesai untuk mengirim yang sudah ada.`,
  noteTooLong: (max: number) => `⚠️ Catatan terlalu panjang (maks ${max} karakter).`,
  downloadFailed: '⚠️ Gambarnya gagal diambil dari Telegram. Coba kirim lagi ya.',
  nothingYet: '⚠️ Belum ada bukti. Kirim screenshot atau catatan dulu ya.',
  submitted: '✅ Bukti terkirim ke admin. Kami kabari hasilnya ya 🙏',
  notOpen: 'ℹ️ SNK ini sedang tidak menunggu bukti.',
  reminder: (product: string, orderId: string) =>
    `⏰ Pengingat: kamu belum mengirim bukti SNK untuk <b>${e(product)}</b> (<code>${e(orderId)}</code>). Tekan ✅ Penuhi SNK supaya garansimu aman.`,
  accepted: (product: string, orderId: string) =>
    `✅ Bukti SNK untuk <b>${e(product)}</b> (<code>${e(orderId)}</code>) diterima admin. Garansimu aktif 🛡️`,
  rejected: (product: string, orderId: string, reason: string, canRetry: boolean) =>
    `❌ Bukti SNK untuk <b>${e(product)}</b> (<code>${e(orderId)}</code>) ditolak.\nAlasan: ${e(reason)}` +
    (canRetry
      ? '\n\nTekan ✅ Penuhi SNK untuk mengirim bukti lagi.'
      : '\n\nBatas pengiriman bukti sudah habis.'),
  expired: (product: string, orderId: string) =>
    `⌛ Batas waktu bukti SNK untuk <b>${e(product)}</b> (<code>${e(orderId)}</code>) sudah lewat.`,
  // Admins
  adminProof: (p: {
    orderId: string;
    buyer: string;
    product: string;
    terms: string;
    submission: number;
    notes: string[];
    files: number;
  }) =>
    [
      `📜 <b>Bukti SNK</b> (pengiriman ke-${p.submission})`,
      `🆔 <code>${e(p.orderId)}</code>`,
      `👤 ${p.buyer}`,
      `📦 ${e(p.product)}`,
      `🖼️ ${p.files} gambar`,
      ...(p.notes.length > 0 ? [`📝 ${p.notes.map(e).join('\n📝 ')}`] : []),
      '',
      `<blockquote>${e(p.terms)}</blockquote>`,
    ].join('\n'),
  acceptButton: '👍 Terima',
  rejectButton: '👎 Tolak (alasan)',
  askReason: (product: string, orderId: string) =>
    `✍️ Ketik alasan penolakan bukti SNK <b>${e(product)}</b> (<code>${e(orderId)}</code>):`,
  reasonExpected: 'alasan berupa teks (3–500 karakter)',
  decided: (outcome: 'accepted' | 'rejected'): string =>
    outcome === 'accepted' ? '✅ Diterima. Pembeli sudah dikabari.' : '❌ Ditolak. Pembeli sudah dikabari.',
  notSubmitted: 'ℹ️ Bukti ini sudah diputuskan atau belum dikirim.',
  status: (status: SnkStatus) => STATUS[status],
  reviewTitle: '📜 <b>SNK</b>',
  reviewCounts: (counts: Record<SnkStatus, number>) =>
    (Object.keys(STATUS) as SnkStatus[]).map((s) => `${STATUS[s]}: ${counts[s] ?? 0}`).join('\n'),
  reviewProducts: (rows: { product: string; count: number }[]) =>
    rows.length === 0
      ? ''
      : `\n<b>Per produk</b>\n${rows.map((r) => `• ${e(r.product)}: ${r.count}`).join('\n')}`,
  listTitle: (status: SnkStatus, page: number, pages: number) => `${STATUS[status]} — hal. ${page}/${pages}`,
  listEmpty: (status: SnkStatus) => `${STATUS[status]}: belum ada.`,
  listButton: (orderId: string, product: string) => `${orderId} · ${product}`.slice(0, 60),
  details: (p: {
    orderId: string;
    buyer: string;
    product: string;
    status: SnkStatus;
    submissions: number;
    decisions: string[];
    purged: string | null;
  }) =>
    [
      `📜 <b>SNK ${e(p.product)}</b>`,
      `🆔 <code>${e(p.orderId)}</code>`,
      `👤 ${p.buyer}`,
      `Status: ${STATUS[p.status]} · pengiriman: ${p.submissions}`,
      ...p.decisions.map(e),
      ...(p.purged ? [`🗑️ Bukti dihapus: ${e(p.purged)}`] : []),
    ].join('\n'),
  notFound: '🔍 Data SNK ini tidak ditemukan.',
  noProof: '🗂️ Tidak ada file bukti tersimpan.',
  back: '⬅️ Kembali',
};
