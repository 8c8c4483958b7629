import { escapeHtml as e, rupiah } from '../../format.ts';

/** The admin panel (Indonesian). */
export const adminId = {
  panel: (v: {
    store: string;
    time: string;
    ordersToday: number;
    paidToday: number;
    revenueToday: number;
    awaitingPayment: number;
    undelivered: string[];
    products: string[];
    moreProducts: number;
  }) =>
    [
      `⚙️ <b>Panel Admin ${e(v.store)}</b>`,
      `🕒 ${e(v.time)}`,
      '',
      '📅 <b>Hari ini</b>',
      `🧾 Pesanan dibuat: <b>${v.ordersToday}</b>`,
      `✅ Pesanan dibayar: <b>${v.paidToday}</b>`,
      `💰 Omzet: <b>${rupiah(v.revenueToday)}</b>`,
      '',
      `🕒 Menunggu pembayaran: <b>${v.awaitingPayment}</b>`,
      `⚠️ Dibayar, belum terkirim: <b>${v.undelivered.length}</b>`,
      ...v.undelivered.map((id) => `   • <code>${e(id)}</code>`),
      '',
      '📦 <b>Stok produk</b> (⚠️ = sisa ≤ 3)',
      ...(v.products.length > 0 ? v.products : ['Belum ada produk.']),
      ...(v.moreProducts > 0 ? [`… dan ${v.moreProducts} produk lain`] : []),
    ].join('\n'),
  productLine: (v: { name: string; stock: number; sold: number; low: boolean }) =>
    `${v.stock === 0 ? '❌' : v.low ? '⚠️' : '✅'} ${e(v.name)}: stok <b>${v.stock}</b> · terjual ${v.sold}`,
  refresh: '🔄 Muat Ulang',
  refreshed: '🔄 Diperbarui',
};
