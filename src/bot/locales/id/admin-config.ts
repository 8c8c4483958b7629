import { escapeHtml as e } from '../../format.ts';

interface Counts {
  categories: number;
  products: number;
  vouchers: number;
  templates: number;
}

/** Configuration backup and restore (Indonesian). */
export const adminConfigId = {
  exportCaption: (c: Counts) =>
    [
      '💾 <b>Backup konfigurasi toko</b>',
      `${c.categories} kategori · ${c.products} produk · ${c.vouchers} voucher · ${c.templates} template`,
      'Stok, pesanan, pengguna dan saldo tidak ikut (ada di backup database yang terenkripsi).',
      'Untuk memulihkan: ♻️ Restore konfigurasi, lalu kirim file ini.',
    ].join('\n'),
  ownersOnly: '🔒 Restore konfigurasi hanya untuk owner toko.',
  askFile: [
    '♻️ <b>Restore konfigurasi</b>',
    'Kirim file JSON dari 💾 Backup konfigurasi (paling besar 5 MB).',
    'Semuanya dicek dulu dan kamu lihat perbedaannya; tidak ada yang berubah sebelum kamu konfirmasi.',
  ].join('\n'),
  expectedFile: 'file JSON backup konfigurasi (kirim sebagai dokumen)',
  fileTooBig: (mb: string) => `file ${mb} MB terlalu besar, paling besar 5 MB`,
  fileUnreadable: 'file-nya tidak bisa diunduh, coba kirim lagi',
  fileNotText: 'file ini bukan teks JSON',
  problems: (lines: string[], more: number) =>
    [
      '❌ <b>File ini belum bisa dipulihkan</b> — tidak ada yang diubah. Masalahnya:',
      ...lines.map((l) => `• <code>${e(l)}</code>`),
      ...(more > 0 ? [`… dan ${more} masalah lain`] : []),
      '',
      'Perbaiki lalu kirim lagi, atau ketik ❌ Batal.',
    ].join('\n'),
  nothingToChange: '✅ Konfigurasi toko sudah sama persis dengan file ini. Tidak ada yang perlu diubah.',
  preview: (summary: string) =>
    [
      '♻️ <b>Pratinjau restore</b>',
      summary,
      '',
      'Terapkan semuanya sekaligus? Stok dan riwayat pesanan tidak disentuh.',
    ].join('\n'),
  changedSincePreview: (summary: string) =>
    [
      '⚠️ <b>Toko berubah sejak pratinjau</b> (ada yang mengedit). Tidak ada yang diubah. Perbedaan terbaru:',
      summary,
      '',
      'Terapkan yang ini?',
    ].join('\n'),
  applyButton: '✅ Terapkan',
  dropButton: '❌ Batal',
  applied: (summary: string) => ['✅ <b>Konfigurasi dipulihkan</b>', summary].join('\n'),
  dropped: '❌ Restore dibatalkan, tidak ada yang diubah.',
  draftGone:
    '⚠️ Pratinjau ini sudah kedaluwarsa atau dibatalkan. Kirim file-nya lagi lewat ♻️ Restore konfigurasi.',
  alreadyApplied: '✅ Restore ini sudah diterapkan.',
  beforeCaption: '🗄 Konfigurasi sebelum restore — simpan untuk berjaga-jaga.',
  ownerNotice: (who: string, summary: string) =>
    [`♻️ <b>Konfigurasi toko dipulihkan</b> oleh ${e(who)}`, summary].join('\n'),
  viaCli: 'baris perintah (npm run config:import)',
  kinds: { categories: '🗂 Kategori', products: '🛒 Produk', vouchers: '🎟️ Voucher', templates: '🛠 Template' },
  countLine: (kind: string, added: number, changed: number, removed: number, unchanged: number) =>
    `${kind}: +${added} baru · ~${changed} diubah · −${removed} dihapus · ${unchanged} tetap`,
  removedHow: {
    deleted: 'dihapus',
    deactivated: 'dinonaktifkan (ada stok/pesanan, riwayat tetap)',
    default: 'kembali ke teks bawaan',
  },
  more: (n: number) => `… dan ${n} lainnya`,
};
