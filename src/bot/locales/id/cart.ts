import { escapeHtml as e, rupiah } from '../../format.ts';

/** The cart, vouchers and checkout (Indonesian). */
export const cartId = {
  title: '🛒 <b>Keranjang Belanja</b>',
  empty: '🛒 Keranjangmu masih kosong. Yuk pilih produk dulu di 🛍️ Katalog!',
  line: (v: { index: number; name: string; quantity: number; unitPrice: number; lineTotal: number }) =>
    [
      `${v.index}. <b>${e(v.name)}</b>`,
      `    ${v.quantity} × ${rupiah(v.unitPrice)} = <b>${rupiah(v.lineTotal)}</b>`,
    ].join('\n'),
  lineShort: (stock: number) => (stock > 0 ? `    ⚠️ Stok tinggal ${stock}` : '    ❌ Stok habis'),
  lineGone: (name: string) => `❌ <s>${e(name)}</s> sudah tidak dijual`,
  subtotal: (amount: number) => `🧮 Subtotal: ${rupiah(amount)}`,
  voucherApplied: (code: string, discount: number, scope?: string) =>
    `🎟️ Voucher <code>${e(code)}</code>${scope ? ` (${scope})` : ''}: -${rupiah(discount)}`,
  /** A scoped voucher's scope, as a phrase ("khusus produk Netflix"). */
  voucherScope: {
    product: (name: string) => `khusus produk ${e(name)}`,
    category: (name: string) => `khusus kategori ${e(name)}`,
  },
  voucherNotValid: (code: string, reason: string) =>
    `🎟️ Voucher <code>${e(code)}</code> tidak berlaku: ${reason}`,
  total: (amount: number) => `💰 <b>Total: ${rupiah(amount)}</b>`,
  qrisTotal: (fee: number, totalPayment: number) =>
    `🏦 Bayar via QRIS: ${rupiah(totalPayment)} (termasuk biaya layanan ${rupiah(fee)})`,
  fixFirst: '⚠️ Perbaiki dulu produk yang ditandai sebelum checkout ya.',
  buttons: {
    clear: '🧹 Kosongkan',
    voucher: '🎟️ Pakai Voucher',
    removeVoucher: (code: string) => `❌ Hapus Voucher ${code}`,
    checkoutQris: '✅ Checkout QRIS',
    checkoutBalance: '💰 Bayar pakai Saldo',
    continueShopping: '🛍️ Lanjut Belanja',
    confirmBalance: '✅ Ya, bayar',
    notNow: '❌ Tidak',
  },
  confirmBalance: (total: number, balance: number) =>
    [
      '💰 <b>Bayar pakai saldo?</b>',
      `Total: <b>${rupiah(total)}</b>`,
      `Saldo kamu: ${rupiah(balance)} → sisa ${rupiah(balance - total)}`,
    ].join('\n'),
  /** The cart message once its order moves on ("⏳ Pesanan sedang diproses..." before). */
  placed: {
    awaiting_payment: (orderId: string) =>
      `✅ Pesanan <code>${e(orderId)}</code> dibuat — lihat invoice di bawah 👇`,
    paid: (orderId: string) =>
      `✅ Pesanan <code>${e(orderId)}</code> dibayar — produknya dikirim di bawah 👇`,
    refused: (orderId: string) =>
      `❌ Pesanan <code>${e(orderId)}</code> tidak jadi dibuat — alasannya ada di bawah 👇`,
    closed: (orderId: string, status: string) => `🧾 Pesanan <code>${e(orderId)}</code>: ${status}`,
  },
  cleared: '🧹 Keranjang dikosongkan',
  removed: (name: string) => `🗑️ ${name} dihapus dari keranjang`,
  notInCart: 'Produk ini sudah tidak ada di keranjang',
  limitReached: (max: number, stock: number) =>
    stock === 0
      ? '❌ Stok habis'
      : max < stock
        ? `⚠️ Maksimal ${max} per produk dalam satu pesanan`
        : `⚠️ Stok tersedia cuma ${stock}`,
  askVoucher:
    '🎟️ Ketik kode vouchernya sekarang ya (contoh: <code>HEMAT10</code>).\nAtau langsung kirim <code>/voucher KODE</code>. Tidak jadi? Tekan ❌ Batal.',
  voucherExpected: 'kode voucher berupa teks, contoh HEMAT10',
  voucherNeedsCart: '🛒 Keranjangmu masih kosong. Tambahkan produk dulu, baru pakai voucher ya.',
  voucherOk: (code: string, discount: number) =>
    `✅ Voucher <code>${e(code)}</code> dipakai! Kamu hemat <b>${rupiah(discount)}</b> 🎉`,
  voucherRemoved: '🎟️ Voucher dilepas',
  /** Why a voucher was refused, as a phrase; dates are already formatted in the shop's time zone. */
  voucherReasons: {
    unknown: 'kode voucher tidak ditemukan',
    expired: (until: string) => `voucher sudah kedaluwarsa sejak ${until}`,
    not_yet_valid: (from: string) => `voucher baru bisa dipakai mulai ${from}`,
    used_up: 'kuota voucher sudah habis',
    below_minimum: (minimum: number, scope?: string) =>
      `minimal belanja ${rupiah(minimum)}${scope ? ` (${scope})` : ''}`,
    already_used: 'kamu sudah pernah memakai voucher ini',
    not_applicable: (scope: string) => `voucher ini ${scope}, dan produk itu tidak ada di keranjangmu`,
  },
  voucherRefused: (code: string, reason: string) =>
    `😔 Voucher <code>${e(code)}</code> tidak bisa dipakai: ${reason}.`,
  tooManyOpenInvoices: (limit: number) =>
    `⚠️ Kamu masih punya ${limit} tagihan yang belum dibayar. Bayar atau batalkan dulu lewat 📦 Riwayat Pesanan, lalu checkout lagi ya.`,
  notReady: '⚠️ Ada produk di keranjang yang stoknya kurang atau sudah tidak dijual. Cek keranjangmu dulu ya.',
  voucherBlocksCheckout: (code: string, reason: string) =>
    `🎟️ Voucher <code>${e(code)}</code> tidak berlaku lagi: ${reason}. Hapus voucher lalu checkout lagi ya.`,
};
