import { escapeHtml as e } from '../../format.ts';

/** Menus and the bot-wide notices (Indonesian; welcome and help are in templates.ts). */
export const menuId = {
  labels: {
    catalog: '🛍️ Katalog',
    cart: '🛒 Keranjang',
    orders: '📦 Riwayat Pesanan',
    balance: '💰 Saldo',
    help: '❓ Bantuan',
    admin: '⚙️ Admin',
  },
  allProducts: '🧭 Semua Produk',
  menuReady: '⌨️ Menu utama sudah siap di bawah 👇',
  fallback: [
    '🤔 Maaf, aku belum paham pesan itu.',
    '',
    'Yang bisa aku bantu:',
    '🛍️ Katalog · 🛒 Keranjang · 📦 Riwayat Pesanan · 💰 Saldo · ❓ Bantuan',
    'Atau ketik /start, /katalog, /keranjang, /pesanan, /saldo, /topup 25000, /help',
  ].join('\n'),
  supportContact: (contact: string) => `💬 Butuh bantuan? Hubungi penjual: ${e(contact)}`,
  invalidButton: '⚠️ Tombol ini sudah tidak berlaku. Buka menunya lagi ya 🙏',
  blocked: '🚫 Maaf, akun kamu diblokir dari toko ini. Hubungi admin kalau menurutmu ini keliru 🙏',
  spam: '🚫 Jangan spam ya... tunggu beberapa detik lalu coba lagi 🙏',
  maintenance:
    '🛠️ Toko <b>sedang pemeliharaan</b> sebentar, jadi pesanan dan isi saldo baru belum bisa diproses. Katalog tetap bisa dilihat dan keranjangmu tetap tersimpan. Coba lagi beberapa saat lagi ya 🙏',
  spamReport: (v: { user: string; userId: number; actions: number; seconds: number }) =>
    [
      '🚨 <b>Spam terdeteksi</b>',
      `👤 ${v.user} (<code>${v.userId}</code>)`,
      `⚡ ${v.actions} aksi dalam ${v.seconds} detik`,
      'Aksinya ditahan sementara. Laporan berikutnya untuk pengguna ini paling cepat 10 menit lagi.',
    ].join('\n'),
  error: '⚠️ Maaf, ada gangguan sebentar. Coba lagi sebentar lagi ya 🙏',
  commands: {
    start: 'Mulai & menu utama',
    catalog: 'Lihat katalog produk',
    cart: 'Lihat keranjang belanja',
    orders: 'Riwayat pesanan',
    balance: 'Cek saldo',
    topup: 'Isi saldo, contoh: /topup 25000',
    help: 'Bantuan',
  },
};
