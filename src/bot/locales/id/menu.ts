import { escapeHtml as e } from '../../format.ts';

const count = (n: number) => n.toLocaleString('id-ID');

/** Welcome, help, menus and the bot-wide notices (Indonesian). */
export const menuId = {
  labels: {
    catalog: '🛍️ Katalog',
    cart: '🛒 Keranjang',
    orders: '📦 Riwayat Pesanan',
    balance: '💰 Saldo',
    help: '❓ Bantuan',
    admin: '⚙️ Admin',
  },
  welcome: (v: { name: string; store: string; products: number; transactions: number; users: number }) =>
    [
      `👋 Halo, <b>${e(v.name)}</b>! Selamat datang di <b>${e(v.store)}</b> 🛍️`,
      '',
      'Di sini kamu bisa beli akun premium, lisensi &amp; voucher digital. Bayar pakai QRIS, produk langsung dikirim otomatis ⚡',
      '',
      '📊 <b>Statistik toko</b>',
      `📦 Produk tersedia: <b>${count(v.products)}</b>`,
      `✅ Transaksi sukses: <b>${count(v.transactions)}</b>`,
      `👥 Pengguna: <b>${count(v.users)}</b>`,
      '',
      'Pilih kategori di bawah ya 👇',
    ].join('\n'),
  allProducts: '🧭 Semua Produk',
  menuReady: '⌨️ Menu utama sudah siap di bawah 👇',
  help: (store: string) =>
    [
      `❓ <b>Bantuan ${e(store)}</b>`,
      '',
      '🛍️ <b>Katalog</b> (/katalog): lihat kategori &amp; produk',
      '🛒 <b>Keranjang</b> (/keranjang): atur jumlah, pakai voucher, checkout',
      '📦 <b>Riwayat Pesanan</b> (/pesanan): status pesanan &amp; kirim ulang produk',
      '💰 <b>Saldo</b> (/saldo): cek saldo &amp; riwayatnya',
      '➕ <b>Isi saldo</b>: /topup 25000',
      '🎟️ <b>Voucher</b>: /voucher KODE',
      '',
      '💳 Cara beli: pilih produk → 🛒 Tambah ke Keranjang → ✅ Checkout QRIS → scan QR-nya. Produk dikirim otomatis ke chat ini setelah bayar ✨',
    ].join('\n'),
  fallback: [
    '🤔 Maaf, aku belum paham pesan itu.',
    '',
    'Yang bisa aku bantu:',
    '🛍️ Katalog · 🛒 Keranjang · 📦 Riwayat Pesanan · 💰 Saldo · ❓ Bantuan',
    'Atau ketik /start, /katalog, /keranjang, /pesanan, /saldo, /topup 25000, /help',
  ].join('\n'),
  invalidButton: '⚠️ Tombol ini sudah tidak berlaku. Buka menunya lagi ya 🙏',
  blocked: '🚫 Maaf, akun kamu diblokir dari toko ini. Hubungi admin kalau menurutmu ini keliru 🙏',
  spam: '🚫 Jangan spam ya... tunggu beberapa detik lalu coba lagi 🙏',
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
