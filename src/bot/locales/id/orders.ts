import { escapeHtml as e, rupiah } from '../../format.ts';

/** Texts of the order, payment, delivery and top-up flows (Indonesian). */
export const ordersId = {
  placing: '⏳ Pesanan sedang diproses...',
  invoiceCaption: (v: {
    orderId: string;
    items: string;
    subtotal: number;
    discount: number;
    amount: number;
    fee: number;
    totalPayment: number;
    expiresAt: string;
  }) =>
    [
      '🧾 <b>Tagihan Pembayaran QRIS</b>',
      '',
      `🆔 Invoice: <code>${e(v.orderId)}</code>`,
      v.items,
      '',
      ...(v.discount > 0 ? [`Subtotal: ${rupiah(v.subtotal)}`, `🎟️ Diskon: -${rupiah(v.discount)}`] : []),
      `💵 Harga: ${rupiah(v.amount)}`,
      `🏦 Biaya layanan: ${rupiah(v.fee)}`,
      `💰 <b>Total bayar: ${rupiah(v.totalPayment)}</b>`,
      '',
      `⏰ Bayar sebelum: <b>${e(v.expiresAt)}</b>`,
      '📲 Scan QR di atas dengan aplikasi e-wallet atau m-banking kamu. Produk dikirim otomatis setelah pembayaran. ✨',
    ].join('\n'),
  itemLine: (name: string, quantity: number, unitPrice: number) =>
    `• ${e(name)} x${quantity} = ${rupiah(unitPrice * quantity)}`,
  /** What was paid: the gateway's service fee included when there is one (plain text). */
  paidAmount: (paid: number, fee: number) =>
    fee > 0 ? `${rupiah(paid)} (termasuk biaya layanan ${rupiah(fee)})` : rupiah(paid),
  moreItems: (count: number) => `… +${count} lainnya (rincian lengkap di pesan atas)`,
  invoiceDetails: (orderId: string, count: number) =>
    `🧾 <b>Rincian pesanan</b> <code>${e(orderId)}</code> · ${count} produk`,
  detailsTotal: (totalPayment: number) => `💰 <b>Total bayar: ${rupiah(totalPayment)}</b>`,
  payButton: '💳 Buka Halaman Bayar',
  cancelButton: '❌ Batalkan',
  refused: {
    sold_out: (v: { productName: string; available: number }) =>
      v.available > 0
        ? `😔 Maaf, stok <b>${e(v.productName)}</b> tinggal ${v.available}. Kurangi jumlahnya lalu coba lagi ya.`
        : `😔 Maaf, <b>${e(v.productName)}</b> sudah habis terjual (sold out).`,
    voucher: (reason: string) =>
      `🎟️ Voucher tidak bisa dipakai: ${e(reason)}. Hapus voucher lalu checkout lagi ya.`,
    unavailable: '😔 Ada produk di keranjangmu yang sudah tidak dijual. Cek keranjang lalu coba lagi ya.',
    insufficient_balance: (balance: number) =>
      `💸 Saldo kamu tidak cukup (saldo: ${rupiah(balance)}). Isi saldo dulu lewat "💰 Saldo" atau bayar pakai QRIS ya.`,
    amount_out_of_range: (total: number) =>
      `⚠️ Total ${rupiah(total)} di luar batas pembayaran QRIS (Rp 500 – Rp 10.000.000).`,
  },
  voucherReasons: {
    unknown: 'kode voucher tidak dikenal',
    expired: 'voucher sudah kedaluwarsa',
    not_yet_valid: 'voucher belum berlaku',
    used_up: 'kuota voucher sudah habis',
    below_minimum: 'belum mencapai minimal belanja',
    already_used: 'kamu sudah memakai voucher ini',
    not_applicable: 'voucher tidak berlaku untuk produk di keranjangmu',
  },
  failed: (orderId: string) =>
    `⚠️ Pesanan <code>${e(orderId)}</code> gagal diproses karena gangguan sistem. Tidak ada dana yang terpotong. Silakan coba lagi sebentar lagi ya 🙏`,
  refunded: (orderId: string, amount: number) =>
    `⚠️ Pesanan <code>${e(orderId)}</code> gagal diproses karena gangguan sistem. Saldo ${rupiah(amount)} yang terpotong sudah dikembalikan ke saldo kamu 💰. Silakan coba lagi sebentar lagi ya 🙏`,
  expired: (orderId: string) =>
    `⌛ Waktu pembayaran invoice <code>${e(orderId)}</code> sudah habis, pesanan dibatalkan otomatis. Stok sudah dikembalikan.`,
  cancelled: (orderId: string) =>
    `❌ Pesanan <code>${e(orderId)}</code> dibatalkan. Stok sudah dikembalikan.`,
  invoiceClosed: (orderId: string, reason: 'expired' | 'cancelled' | 'failed') =>
    `🧾 Invoice <code>${e(orderId)}</code> — ${reason === 'expired' ? '⌛ kedaluwarsa' : '❌ dibatalkan'}`,
  methodName: { qris: 'QRIS', balance: 'Saldo' },
  deliveredItem: (productName: string, index: number, content: string) =>
    `📦 <b>${e(productName)}</b> #${index}\n<code>${e(content)}</code>`,
  deliveredAsFile: (count: number) => `📄 ${count} item dikirim sebagai file .txt di bawah ini.`,
  lateCredited: (orderId: string, amount: number) =>
    `💰 Pembayaran untuk invoice <code>${e(orderId)}</code> masuk setelah invoice kedaluwarsa. Dana ${rupiah(amount)} sudah kami tambahkan ke saldo kamu. Cek di "💰 Saldo" ya 🙏`,
  adminLatePayment: (v: { orderId: string; buyer: string; amount: number; time: string }) =>
    [
      '⚠️ <b>Pembayaran terlambat</b>',
      `🆔 <code>${e(v.orderId)}</code>`,
      `👤 ${v.buyer}`,
      `💰 ${rupiah(v.amount)} dikreditkan ke saldo pembeli`,
      `🕒 ${e(v.time)}`,
    ].join('\n'),
  adminUndelivered: (orderId: string, buyer: string) =>
    `📭 Pesanan <code>${e(orderId)}</code> sudah dibayar tapi belum terkirim ke ${buyer} (pembeli memblokir bot?). Akan dicoba lagi otomatis.`,
  deposit: {
    invoiceCaption: (v: {
      depositId: string;
      amount: number;
      fee: number;
      totalPayment: number;
      expiresAt: string;
    }) =>
      [
        '💰 <b>Isi Saldo via QRIS</b>',
        '',
        `🆔 <code>${e(v.depositId)}</code>`,
        `💵 Nominal: ${rupiah(v.amount)}`,
        `🏦 Biaya layanan: ${rupiah(v.fee)}`,
        `💰 <b>Total bayar: ${rupiah(v.totalPayment)}</b>`,
        `⏰ Bayar sebelum: <b>${e(v.expiresAt)}</b>`,
      ].join('\n'),
    credited: (amount: number, balance: number) =>
      `✅ Isi saldo ${rupiah(amount)} berhasil! Saldo kamu sekarang <b>${rupiah(balance)}</b> 💰`,
    paid: (depositId: string) => `✅ Invoice isi saldo <code>${e(depositId)}</code> sudah dibayar.`,
    expired: (depositId: string) => `⌛ Invoice isi saldo <code>${e(depositId)}</code> sudah kedaluwarsa.`,
    cancelled: (depositId: string) => `❌ Isi saldo <code>${e(depositId)}</code> dibatalkan.`,
    failed: (depositId: string) =>
      `⚠️ Isi saldo <code>${e(depositId)}</code> gagal dibuat karena gangguan sistem. Coba lagi sebentar lagi ya 🙏`,
  },
};
