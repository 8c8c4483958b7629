import type { OrderStatus } from '../../../infra/database.ts';
import { escapeHtml as e, rupiah } from '../../format.ts';

/** The buyer's order history (Indonesian). */
export const historyId = {
  title: (page: number, pages: number, total: number) =>
    `📦 <b>Riwayat Pesanan</b> · ${total} pesanan · hal. ${page}/${pages}`,
  empty: '📦 Kamu belum punya pesanan. Yuk mulai belanja di 🛍️ Katalog!',
  status: {
    reserving: '⏳ Sedang diproses',
    awaiting_payment: '🕒 Menunggu pembayaran',
    paid: '💳 Dibayar, sedang dikirim',
    delivered: '✅ Terkirim',
    undelivered: '⚠️ Dibayar, belum terkirim',
    expired: '⌛ Kedaluwarsa',
    cancelled: '❌ Dibatalkan',
    refused: '🚫 Ditolak',
    failed: '🚫 Gagal',
  } satisfies Record<OrderStatus, string>,
  entry: (v: { orderId: string; date: string; items: string[]; total: number; status: string }) =>
    [
      `🧾 <code>${e(v.orderId)}</code> · ${e(v.date)}`,
      ...v.items.map((item) => `• ${item}`),
      `💰 ${rupiah(v.total)} · ${v.status}`,
    ].join('\n'),
  item: (name: string, quantity: number) => `${e(name)} ×${quantity}`,
  more: (count: number) => `… +${count} lainnya`,
  resendButton: (orderId: string) => `🔁 Kirim ulang ${orderId}`,
  cancelButton: (orderId: string) => `❌ Batalkan ${orderId}`,
  resending: '🔁 Produk sedang dikirim ulang...',
  cancelling: '❌ Pesanan dibatalkan',
  notCancellable: '⚠️ Pesanan ini sudah tidak bisa dibatalkan',
  notResendable: '⚠️ Pesanan ini belum bisa dikirim ulang',
};
