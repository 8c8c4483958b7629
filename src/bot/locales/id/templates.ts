import type { TemplateKey } from '../../../messages/registry.ts';

/**
 * Default bodies of the editable messages (Indonesian). `{placeholder}` marks a value
 * the shop fills in (escaped for HTML); owners may override each one at runtime.
 */
export const templatesId: Record<TemplateKey, string> = {
  welcome: [
    '👋 Halo, <b>{nama}</b>! Selamat datang di <b>{store_name}</b> 🛍️',
    '',
    'Di sini kamu bisa beli akun premium, lisensi &amp; voucher digital. Bayar pakai QRIS, produk langsung dikirim otomatis ⚡',
    '',
    '📊 <b>Statistik toko</b>',
    '📦 Produk tersedia: <b>{total_produk}</b>',
    '✅ Transaksi sukses: <b>{total_transaksi}</b>',
    '👥 Pengguna: <b>{total_users}</b>',
    '',
    'Pilih kategori di bawah ya 👇',
  ].join('\n'),
  help: [
    '❓ <b>Bantuan {store_name}</b>',
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
  order_paid: '✅ Pembayaran <code>{order_id}</code> diterima! Produk sedang dikirim... 🚀',
  admin_order_paid: [
    '🛒 <b>Pesanan baru dibayar</b>',
    '🆔 <code>{order_id}</code>',
    '👤 {pembeli}',
    '{produk}',
    '💳 Metode: {metode}',
    '💰 Total: {total}',
    '🕒 {tanggal}',
  ].join('\n'),
  delivery_header: '🎉 <b>Pesanan berhasil!</b>\n🆔 <code>{order_id}</code>',
  resend_header: '🔁 <b>Kirim ulang pesanan</b>\n🆔 <code>{order_id}</code>',
  delivery_footer: 'Terima kasih sudah belanja! 💙 Simpan data ini baik-baik ya.',
  snk_terms: [
    '📜 <b>Syarat &amp; Ketentuan {produk}</b>',
    '🆔 <code>{order_id}</code>',
    '',
    '{snk}',
    '',
    'Halo {nama}, tekan <b>✅ Penuhi SNK</b> lalu kirim bukti (screenshot + catatan) bahwa kamu sudah mengikuti ketentuan di atas. Bukti ini dipakai untuk klaim garansi 🛡️',
  ].join('\n'),
};
