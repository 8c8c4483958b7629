import { escapeHtml as e, rupiah } from '../../format.ts';

const FIELD_NAMES = {
  name: 'nama',
  price: 'harga',
  description: 'deskripsi',
  categoryId: 'kategori',
  active: 'status aktif',
  snk: 'SNK',
} as const;

/** Admin menu, products and categories (Indonesian). */
export const adminCatalogId = {
  menu: {
    products: '🛒 Produk',
    categories: '🗂 Kategori',
    stock: '📦 Stok',
    vouchers: '🎟️ Voucher',
    snk: '📜 SNK',
    orders: '📋 Order',
    users: '👥 User',
    broadcast: '📣 Broadcast',
    templates: '🛠 Template',
    stats: '📊 Statistik',
    backup: '💾 Backup konfigurasi',
    restore: '♻️ Restore konfigurasi',
  },
  back: '⬅️ Kembali',
  backToMenu: '⬅️ Menu Admin',
  fieldName: (field: keyof typeof FIELD_NAMES): string => FIELD_NAMES[field],
  products: {
    title: (total: number) =>
      [
        `🛒 <b>Produk</b> (${total})`,
        '',
        'Pilih produk untuk melihat dan mengubahnya.',
        '⚡ Format cepat (ketik di sini):',
        '<code>kategori|kode|nama|harga|deskripsi</code> untuk menambah',
        '<code>kode|price=45000,name=Nama Baru</code> untuk mengubah (name, price, description, category, active)',
      ].join('\n'),
    empty: 'Belum ada produk.',
    line: (v: { name: string; active: boolean; available: number }) =>
      `${v.active ? '' : '🚫 '}${v.name} · stok ${v.available}`,
    add: '➕ Tambah Produk',
    screen: (v: {
      code: string;
      name: string;
      price: number;
      description: string;
      category: string | null;
      active: boolean;
      available: number;
      reserved: number;
      sold: number;
      revenue: number;
      snk: boolean;
    }) =>
      [
        `🛒 <b>${e(v.name)}</b>`,
        `🏷 Kode: <code>${e(v.code)}</code>`,
        `🗂 Kategori: ${v.category ? e(v.category) : '—'}`,
        `💰 Harga: <b>${rupiah(v.price)}</b>`,
        `📝 ${v.description ? e(v.description) : '<i>(tanpa deskripsi)</i>'}`,
        `📜 SNK: ${v.snk ? 'ada' : 'tidak ada'}`,
        '',
        `📦 Stok tersedia: <b>${v.available}</b> · dipesan: ${v.reserved} · terjual: ${v.sold}`,
        `💵 Omzet: <b>${rupiah(v.revenue)}</b>`,
        `${v.active ? '✅ Aktif (tampil di katalog)' : '🚫 Nonaktif (tidak tampil di katalog)'}`,
      ].join('\n'),
    editName: '✏️ Nama',
    editPrice: '💰 Harga',
    editDescription: '📝 Deskripsi',
    editCategory: '🗂 Kategori',
    editSnk: '📜 SNK',
    activate: '✅ Aktifkan',
    deactivate: '🚫 Nonaktifkan',
    moveUp: '⬆️ Naik',
    moveDown: '⬇️ Turun',
    remove: '🗑 Hapus',
    stock: '📦 Stok',
    activated: '✅ Produk diaktifkan',
    deactivated: '🚫 Produk dinonaktifkan',
    moved: '↕️ Urutan diubah',
    notMoved: 'Sudah di ujung daftar',
    gone: '⚠️ Produk ini sudah tidak ada.',
    askDelete: (name: string) => `🗑 Hapus produk <b>${e(name)}</b>? Stok yang belum terjual ikut terhapus.`,
    confirmDelete: '✅ Ya, hapus',
    keep: '❌ Tidak',
    deleted: (name: string) => `🗑 Produk <b>${e(name)}</b> dihapus.`,
    deleteRefused: (v: { name: string; sold: number; openOrders: number }) =>
      [
        `⛔ <b>${e(v.name)}</b> tidak bisa dihapus: sudah ada pesanan untuknya` +
          ` (${v.sold} item terjual/dipesan, ${v.openOrders} pesanan masih berjalan).`,
        'Nonaktifkan saja: produk hilang dari katalog, riwayat pesanan tetap utuh.',
      ].join('\n'),
    // Wizard
    askCategory: (list: string) =>
      `➕ <b>Produk baru</b> (1/5)\nKetik kategori (nomor, kode atau nama):\n${list}`,
    noCategories: '⚠️ Belum ada kategori. Buat kategori dulu di 🗂 Kategori.',
    askCode:
      '➕ <b>Produk baru</b> (2/5)\nKetik kode produk (huruf, angka, "-", "_" atau "."), contoh: <code>NETFLIX-1B</code>',
    askName: '➕ <b>Produk baru</b> (3/5)\nKetik nama produk:',
    askPrice:
      '➕ <b>Produk baru</b> (4/5)\nKetik harga dalam Rupiah, contoh: <code>45000</code>, <code>45.000</code> atau <code>45k</code>',
    askDescription: '➕ <b>Produk baru</b> (5/5)\nKetik deskripsi, atau <code>-</code> untuk melewati:',
    created: (name: string) =>
      `✅ Produk <b>${e(name)}</b> dibuat.\nMau tambah SNK (syarat &amp; ketentuan) untuk produk ini?`,
    addSnk: '📜 Tambah SNK',
    skipSnk: '⏭ Skip SNK',
    askSnk: (name: string) =>
      `📜 Ketik SNK untuk <b>${e(name)}</b> (boleh HTML Telegram: &lt;b&gt;, &lt;i&gt;, &lt;code&gt;…), atau <code>-</code> untuk menghapus:`,
    snkPreview: (snk: string) => `📜 SNK tersimpan. Begini tampilannya:\n\n${snk}`,
    snkRemoved: '📜 SNK dihapus.',
    // Edit prompts
    askEdit: (field: string, current: string) =>
      `✏️ Ketik ${field} baru.\nSekarang: ${current}${field === 'deskripsi' ? '\n(<code>-</code> untuk mengosongkan)' : ''}`,
    saved: '✅ Tersimpan.',
    conflict: (changes: string) => `⚠️ Produk ini baru saja diubah oleh admin lain: ${changes}. Simpan tetap?`,
    conflictChange: (field: string, from: string, to: string) => `${field} ${from} → ${to}`,
    nothingToConfirm: 'ℹ️ Tidak ada perubahan yang menunggu konfirmasi.',
    saveAnyway: '✅ Simpan tetap',
    ownerConflict: (v: { admin: string; product: string; changes: string }) =>
      `👀 Dua admin mengubah produk <b>${e(v.product)}</b> bersamaan. ${e(v.admin)} diminta konfirmasi sebelum menimpa: ${e(v.changes)}.`,
    answerYes: 'ketik ya atau tekan ✅ Simpan tetap',
  },
  expected: {
    category: (list: string) => `nomor, kode atau nama kategori yang ada (${list})`,
    code: 'kode 1–64 karakter: huruf, angka, "-", "_" atau ".", tanpa spasi',
    codeTaken: (code: string) => `kode yang belum dipakai ("${code}" sudah ada)`,
    name: 'nama 1–128 karakter',
    price: {
      format: 'harga berupa angka Rupiah, contoh 45000, 45.000, Rp 45.000 atau 45k',
      notPositive: 'harga lebih dari 0',
      tooLarge: `harga paling besar ${rupiah(100_000_000)}`,
    },
    description: 'deskripsi paling panjang 3000 karakter (atau - untuk melewati)',
    snk: (detail: string) => `HTML Telegram yang valid (${detail})`,
    categoryName: 'nama kategori 1–64 karakter',
    emoji: 'satu emoji (atau - tanpa emoji)',
  },
  lines: {
    createShape: 'kategori|kode|nama|harga|deskripsi',
    editShape: 'kode|field=nilai,... (field: name, price, description, category, active)',
    problem: (what: string) => `⚠️ Tidak disimpan. Yang diharapkan: ${what}.`,
    unknownProduct: (code: string) => `kode produk yang ada ("${code}" tidak ditemukan)`,
    unknownField: (field: string) =>
      `field name, price, description, category atau active ("${field}" tidak dikenal)`,
    active: 'active=ya atau active=tidak',
    created: (name: string, code: string) => `✅ Produk <b>${e(name)}</b> (<code>${e(code)}</code>) dibuat.`,
    updated: (code: string, fields: string) => `✅ <code>${e(code)}</code> diubah: ${e(fields)}.`,
    unchanged: (code: string) => `ℹ️ <code>${e(code)}</code> tidak berubah.`,
  },
  categories: {
    title: (total: number) =>
      `🗂 <b>Kategori</b> (${total})\nPilih kategori untuk mengubah nama, urutan, atau menghapusnya.`,
    empty: 'Belum ada kategori.',
    line: (v: { emoji: string | null; name: string; products: number }) =>
      `${v.emoji ? `${v.emoji} ` : ''}${v.name} (${v.products})`,
    add: '➕ Tambah Kategori',
    screen: (v: { emoji: string | null; name: string; code: string; products: number }) =>
      `🗂 <b>${v.emoji ? `${e(v.emoji)} ` : ''}${e(v.name)}</b>\n🏷 Kode: <code>${e(v.code)}</code>\n🛒 Produk: ${v.products}`,
    gone: '⚠️ Kategori ini sudah tidak ada.',
    rename: '✏️ Ganti Nama',
    remove: '🗑 Hapus',
    askName: '🗂 Ketik nama kategori:',
    askEmoji: '🗂 Ketik emoji kategori, atau <code>-</code> tanpa emoji:',
    askRename: (name: string) => `✏️ Ketik nama baru untuk kategori <b>${e(name)}</b>:`,
    created: (name: string) => `✅ Kategori <b>${e(name)}</b> dibuat.`,
    renamed: (name: string) => `✅ Nama kategori diubah jadi <b>${e(name)}</b>.`,
    deleted: '🗑 Kategori dihapus',
    deleteRefused: (products: number) =>
      `⛔ Kategori masih berisi ${products} produk: pindahkan atau hapus produknya dulu.`,
  },
};
