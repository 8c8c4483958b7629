import { escapeHtml as e } from '../../format.ts';

/** Stock, vouchers, SNK and low-stock notices for admins (Indonesian). */
export const adminStockId = {
  back: '⬅️ Kembali',
  pickProduct: '📦 <b>Kelola Stok</b>\nPilih produk:',
  productLine: (v: { name: string; available: number }) => `${v.name} (${v.available})`,
  stockScreen: (v: {
    name: string;
    code: string;
    available: number;
    reserved: number;
    sold: number;
    threshold: number;
  }) =>
    [
      `📦 <b>Stok ${e(v.name)}</b> (<code>${e(v.code)}</code>)`,
      `✅ Tersedia: <b>${v.available}</b>`,
      `⏳ Dipesan: ${v.reserved}`,
      `💰 Terjual: ${v.sold}`,
      `⚠️ Batas stok menipis: ${v.threshold}`,
    ].join('\n'),
  addLines: '➕ Tambah (1 baris = 1 item)',
  addBlocks: '➕ Tambah (blok, pisah baris kosong)',
  viewItems: '👁️ Lihat Stok',
  setThreshold: '⚠️ Atur Batas Menipis',
  askStock: (v: { name: string; mode: 'line' | 'block' }) =>
    [
      `➕ <b>Tambah stok ${e(v.name)}</b>`,
      v.mode === 'line'
        ? 'Tempel itemnya, <b>satu item per baris</b>.'
        : 'Tempel itemnya, <b>pisahkan tiap item dengan satu baris kosong</b> (item boleh beberapa baris).',
      'Atau kirim file <b>.txt</b> / <b>.csv</b> (maks. 20 MB).',
    ].join('\n'),
  expectedStock: 'teks stok atau file .txt / .csv',
  fileTooBig: (mb: string) => `file .txt / .csv paling besar 20 MB (file ini ${mb} MB)`,
  fileNotText: 'file teks .txt atau .csv (file ini bukan teks)',
  fileEmpty: 'file .txt / .csv yang berisi item (file ini kosong)',
  fileUnreadable: 'file yang bisa diunduh; coba kirim lagi',
  nothingToAdd: 'minimal satu item yang tidak kosong dan paling panjang 4.000 karakter',
  progress: (done: number, total: number) => `⏳ Menyimpan stok… ${done}/${total}`,
  added: (v: {
    name: string;
    added: number;
    existing: number;
    repeated: number;
    empty: number;
    tooLong: number;
    available: number;
  }) =>
    [
      `✅ <b>Stok ${e(v.name)} ditambahkan: ${v.added}</b>`,
      `♻️ Duplikat dilewati: ${v.existing + v.repeated} (sudah ada di stok: ${v.existing}, berulang di kiriman: ${v.repeated})`,
      `🚫 Ditolak: ${v.empty + v.tooLong} (kosong: ${v.empty}, lebih dari 4.000 karakter: ${v.tooLong})`,
      `📦 Stok tersedia sekarang: <b>${v.available}</b>`,
    ].join('\n'),
  itemsTitle: (v: { name: string; total: number }) =>
    `👁️ <b>Stok tersedia ${e(v.name)}</b> (${v.total})\nIsi disamarkan. Tekan 👁 untuk melihat satu item, 🗑 untuk menghapus.`,
  itemLine: (v: { id: number; masked: string }) => `#${v.id} <code>${e(v.masked)}</code>`,
  noItems: 'Belum ada stok tersedia.',
  revealed: (v: { id: number; content: string }) => `🔓 <b>Item #${v.id}</b>\n<code>${e(v.content)}</code>`,
  itemGone: '⚠️ Item itu sudah tidak ada.',
  confirmRemove: (v: { id: number; masked: string }) =>
    `🗑 Hapus item #${v.id} (<code>${e(v.masked)}</code>) dari stok?`,
  yesRemove: '✅ Ya, hapus',
  no: '❌ Tidak',
  removed: (id: number) => `🗑 Item #${id} dihapus dari stok.`,
  notRemovable: '⚠️ Item itu sudah dipesan atau terjual, jadi tidak dihapus.',
  askThreshold: (v: { name: string; threshold: number }) =>
    `⚠️ Batas stok menipis ${e(v.name)} sekarang <b>${v.threshold}</b>.\nKetik angka baru (0–1000):`,
  expectedThreshold: 'angka 0–1000, contoh: 5',
  thresholdSet: (v: { name: string; threshold: number }) =>
    `✅ Batas stok menipis ${e(v.name)}: <b>${v.threshold}</b>`,
  lowStock: (v: { name: string; code: string; available: number; threshold: number }) =>
    `⚠️ <b>Stok menipis</b>: ${e(v.name)} (<code>${e(v.code)}</code>) tinggal <b>${v.available}</b> (batas ${v.threshold}).`,
  openStock: '📦 Buka Stok',
  unknownProduct: '⚠️ Produk itu tidak ditemukan.',

  voucherMenu: '🎟️ <b>Voucher</b>',
  voucherNew: '➕ Buat Voucher',
  voucherList: '📋 Daftar Voucher',
  askVoucher: [
    '🎟️ <b>Buat voucher</b> — ketik satu baris:',
    '<code>KODE | NOMINAL | BATAS_PAKAI</code>',
    'Contoh: <code>HEMAT10 | 10% | 100</code> atau <code>DISKON5K | 5000 | 50</code>',
    'Tambahan (boleh): <code>| min=50000 | peruser=1 | mulai=2026-12-01 | sampai=2026-12-31 23:59</code>',
    'Khusus satu produk/kategori (boleh): <code>| produk:NETFLIX-1B</code> atau <code>| kategori:Streaming</code>',
    'KODE <code>ACAK</code> = kode acak; BATAS_PAKAI <code>-</code> = tanpa batas.',
  ].join('\n'),
  voucherScoped: '🎯 Voucher Produk/Kategori',
  pickScopeKind:
    '🎯 <b>Voucher khusus</b>\nDiskonnya hanya untuk produk atau kategori yang kamu pilih. Pilih jenisnya:',
  scopeKindProduct: '🛒 Satu Produk',
  scopeKindCategory: '🗂 Satu Kategori',
  pickScopeProduct: (total: number) => `🛒 <b>Pilih produk</b> untuk voucher (${total} produk):`,
  pickScopeCategory: (total: number) => `🗂 <b>Pilih kategori</b> untuk voucher (${total} kategori):`,
  askVoucherFor: (scope: string) =>
    [
      `🎯 Voucher ${scope} — ketik satu baris:`,
      '<code>KODE | NOMINAL | BATAS_PAKAI</code>',
      'Contoh: <code>HEMAT10 | 10% | 100</code>; tambahan <code>| min=… | peruser=… | mulai=… | sampai=…</code> juga bisa.',
      'Minimal belanja dihitung dari produk yang termasuk saja.',
    ].join('\n'),
  scopeGone: '⚠️ Produk atau kategori itu sudah tidak ada.',
  scopeDeleted: 'produk/kategorinya sudah dihapus (tidak berlaku)',
  scopeProduct: (name: string) => `khusus produk ${e(name)}`,
  scopeCategory: (name: string) => `khusus kategori ${e(name)}`,
  scopeNotFound: (what: string) =>
    `produk (kode) atau kategori (nama) yang ada; "${e(what)}" tidak ditemukan`,
  voucherProblem: {
    format: 'tiga bagian dipisah "|": KODE | NOMINAL | BATAS_PAKAI, contoh: HEMAT10 | 10% | 100',
    code: 'KODE 3–32 karakter huruf A–Z, angka 0–9, "-" atau "_" (tanpa spasi), atau ACAK',
    value: 'NOMINAL persen (10%) atau rupiah (5000)',
    percent: 'persen 1–100, contoh: 10%',
    uses: 'BATAS_PAKAI angka 1 ke atas, atau - untuk tanpa batas',
    option: 'tambahan min=, peruser=, mulai= atau sampai=',
    min: 'min= rupiah, contoh: min=50000',
    perUser: 'peruser= angka 1 ke atas, contoh: peruser=1',
    date: 'tanggal TTTT-BB-HH atau TTTT-BB-HH JJ:MM, contoh: sampai=2026-12-31',
    window: 'sampai= setelah mulai=',
    scope: 'satu cakupan saja: produk:KODE atau kategori:Nama',
  },
  voucherProblemAt: (what: string, part: string | undefined) => (part ? `${what} (bukan "${part}")` : what),
  voucherExists: (code: string) => `kode yang belum dipakai (${code} sudah ada)`,
  voucherCreated: (v: { code: string; summary: string }) =>
    `✅ Voucher <code>${e(v.code)}</code> dibuat: ${v.summary}`,
  voucherSummary: (v: { value: string; uses: string; extra: string[] }) =>
    [`diskon ${v.value}, ${v.uses}`, ...v.extra].join(', '),
  unlimited: 'tanpa batas',
  usesOf: (used: number, max: number | null) =>
    max === null ? `dipakai ${used}×` : `dipakai ${used}/${max}`,
  minPurchase: (amount: string) => `min. belanja ${amount}`,
  perUser: (n: number) => `${n}× per pembeli`,
  validFrom: (when: string) => `mulai ${when}`,
  validUntil: (when: string) => `sampai ${when}`,
  voucherListTitle: (total: number) => `📋 <b>Daftar voucher</b> (${total})`,
  voucherLine: (v: { code: string; active: boolean; summary: string }) =>
    `${v.active ? '🟢' : '⚪️'} <code>${e(v.code)}</code> — ${v.summary}`,
  noVouchers: 'Belum ada voucher.',
  deactivate: (code: string) => `⛔ Matikan ${code}`,
  deactivated: (code: string) => `⛔ Voucher ${code} dimatikan.`,
  alreadyInactive: '⚠️ Voucher itu sudah tidak aktif.',

  snkMenu: [
    '📜 <b>Kelola SNK</b>',
    'Ketik <code>product_id|SNK baru</code> atau <code>product_id|hapus</code> (product_id = kode atau id produk),',
    'atau tekan 📋 Pilih Produk.',
  ].join('\n'),
  snkPick: '📋 Pilih Produk',
  snkProofs: '🧾 Bukti SNK pembeli',
  snkPickTitle: '📜 <b>SNK</b> — pilih produk:',
  askSnk: (name: string) =>
    `📜 Ketik SNK baru untuk <b>${e(name)}</b> (HTML Telegram boleh), atau <code>hapus</code>:`,
  expectedSnkLine: 'product_id|SNK baru atau product_id|hapus, contoh: NETFLIX-1B|Login maks. 1 perangkat',
  expectedSnkText: 'teks SNK (paling panjang 3.000 karakter) atau hapus',
  snkBadHtml: (detail: string) =>
    `HTML yang bisa dibaca Telegram (${detail}); tutup setiap tag, mis. <b>…</b>`,
  snkUnknownProduct: (ref: string) => `kode atau id produk yang ada ("${ref}" tidak ditemukan)`,
  snkPreview: (v: { name: string; snk: string | null }) =>
    v.snk === null
      ? `👀 <b>Pratinjau</b>: SNK <b>${e(v.name)}</b> akan <b>dihapus</b>.`
      : `👀 <b>Pratinjau SNK ${e(v.name)}</b>\n\n${v.snk}`,
  snkConfirmPrompt: 'Tekan ✅ Simpan, atau ketik teks lain untuk mengganti.',
  save: '✅ Simpan',
  snkSaved: (name: string) => `✅ SNK ${e(name)} disimpan.`,
  snkRemoved: (name: string) => `🗑 SNK ${e(name)} dihapus.`,
  snkNothingPending: '⚠️ Tidak ada SNK yang menunggu disimpan.',
  ownerSnkChanged: (v: { name: string; code: string; admin: string; removed: boolean }) =>
    `📜 SNK <b>${e(v.name)}</b> (<code>${e(v.code)}</code>) ${v.removed ? 'dihapus' : 'diubah'} oleh admin ${e(v.admin)}.`,
};
