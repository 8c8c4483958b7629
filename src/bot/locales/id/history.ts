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
    refunded: '↩️ Dikembalikan ke saldo',
  } satisfies Record<OrderStatus, string>,
  entry: (v: { orderId: string; date: string; items: string[]; paid: number; fee: number; status: string }) =>
    [
      `🧾 <code>${e(v.orderId)}</code> · ${e(v.date)}`,
      ...v.items.map((item) => `• ${item}`),
      `💰 ${rupiah(v.paid)}${v.fee > 0 ? ` (termasuk biaya layanan ${rupiah(v.fee)})` : ''} · ${v.status}`,
    ].join('\n'),
  item: (name: string, quantity: number) => `${e(name)} ×${quantity}`,
  more: (count: number) => `… +${count} lainnya`,
  resendButton: (orderId: string) => `🔁 Kirim ulang ${orderId}`,
  cancelButton: (orderId: string) => `❌ Batalkan ${orderId}`,
  confirmCancel: (orderId: string) =>
    `❓ Batalkan pesanan <code>${e(orderId)}</code>?\nStoknya dilepas dan invoicenya tidak bisa dibayar lagi.`,
  confirmCancelButton: '✅ Ya, batalkan',
  keepButton: '❌ Tidak',
  cancelRequested: (orderId: string) => `⏳ Pesanan <code>${e(orderId)}</code> sedang dibatalkan...`,
  kept: (orderId: string) => `👍 Oke, pesanan <code>${e(orderId)}</code> tidak dibatalkan.`,
  resending: '🔁 Produk sedang dikirim ulang...',
  cancelling: '❌ Pesanan dibatalkan',
  notCancellable: '⚠️ Pesanan ini sudah tidak bisa dibatalkan',
  notResendable: '⚠️ Pesanan ini belum bisa dikirim ulang',
};
