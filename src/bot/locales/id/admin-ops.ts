import { escapeHtml as e, rupiah } from '../../format.ts';

/** Admins' orders, users and statistics screens (Indonesian). */
export const adminOpsId = {
  panelOrders: '📋 Pesanan',
  panelUsers: '👥 Pengguna',
  panelStats: '📊 Statistik',
  back: '⬅️ Kembali',
  prev: '◀️',
  next: '▶️',
  cancelPrompt: '❌ Batal',
  statusFilter: {
    all: 'Semua status',
    aw: '🕒 Menunggu bayar',
    pd: '💳 Dibayar',
    dl: '✅ Terkirim',
    ud: '⚠️ Belum terkirim',
    cx: '❌ Dibatalkan',
    ex: '⌛ Kedaluwarsa',
    rf: '↩️ Refund',
  },
  periodFilter: { all: 'Semua waktu', d1: 'Hari ini', d7: '7 hari', d30: '30 hari' },
  ordersTitle: (v: { total: number; page: number; pages: number; filters: string }) =>
    `📋 <b>Pesanan</b> · ${v.total} pesanan · hal. ${v.page}/${v.pages}\n🔎 ${e(v.filters)}`,
  ordersEmpty: 'Tidak ada pesanan yang cocok.',
  orderRow: (id: string, total: number, status: string) => `${id} · ${rupiah(total)} · ${status}`,
  buyerFilter: (id: number) => `pembeli ${id}`,
  productFilter: (name: string) => `produk ${name}`,
  filterBuyerButton: '👤 Pembeli',
  filterProductButton: '📦 Produk',
  filterResetButton: '♻️ Reset',
  lineButton: '✏️ Ubah status (baris)',
  askBuyer: '👤 Ketik ID atau @username pembeli:',
  askProduct: '📦 Ketik kode produk (mis. NETFLIX-1B):',
  askLine:
    '✏️ Kirim satu baris: <code>order_id|status|catatan</code>\nStatus: <code>paid</code>, <code>cancelled</code>, <code>refunded</code>, <code>completed</code> (catatan wajib untuk paid dan refunded).',
  expectedUser: 'ID angka atau @username pengguna yang terdaftar',
  expectedProduct: 'kode produk yang ada, contoh: NETFLIX-1B',
  expectedLine: 'order_id|status|catatan, contoh: INV123|paid|TRX123',
  expectedNote: 'catatan 1–200 karakter (mis. nomor referensi transfer)',
  lineProblem: {
    format: 'Format: order_id|status|catatan',
    status: 'Status harus paid, cancelled, refunded atau completed',
    note: 'Catatan wajib untuk paid dan refunded',
  },
  order: (v: {
    id: string;
    buyer: string;
    status: string;
    created: string;
    items: string[];
    subtotal: number;
    discount: number;
    total: number;
    fee: number | null;
    totalPayment: number | null;
    method: string;
    txnId: string | null;
    history: string[];
    delivery: string;
  }) =>
    [
      `🧾 <b>Pesanan <code>${e(v.id)}</code></b>`,
      `👤 ${e(v.buyer)}`,
      `📌 ${v.status} · 🕒 ${e(v.created)}`,
      '',
      ...v.items,
      '',
      `Subtotal: ${rupiah(v.subtotal)}`,
      ...(v.discount > 0 ? [`Diskon: -${rupiah(v.discount)}`] : []),
      `Total: <b>${rupiah(v.total)}</b>`,
      ...(v.fee !== null
        ? [`Biaya layanan: ${rupiah(v.fee)} · Dibayar: ${rupiah(v.totalPayment ?? v.total)}`]
        : []),
      `💳 ${e(v.method)}${v.txnId ? ` · TRX <code>${e(v.txnId)}</code>` : ''}`,
      '',
      '📜 <b>Riwayat</b>',
      ...v.history,
      '',
      `📦 Pengiriman: ${e(v.delivery)}`,
    ].join('\n'),
  historyLine: (at: string, event: string, from: string | null, to: string) =>
    `• ${e(at)} · ${e(event)}: ${e(from ?? '—')} → ${e(to)}`,
  noDelivery: 'belum dikirim',
  delivery: (status: string, ids: number[]) => `${status}${ids.length ? ` (pesan ${ids.join(', ')})` : ''}`,
  resendButton: '🔁 Kirim ulang',
  cancelButton: '❌ Batalkan',
  markPaidButton: '💳 Tandai dibayar',
  refundButton: '↩️ Refund ke saldo',
  confirmCancel: (id: string) => `❓ Batalkan pesanan <code>${e(id)}</code>? Stoknya dilepas.`,
  yes: '✅ Ya',
  no: '❌ Tidak',
  askPaidNote: (id: string) => `💳 Tandai <code>${e(id)}</code> dibayar. Ketik referensi transfer (wajib):`,
  askRefundNote: (id: string) => `↩️ Refund <code>${e(id)}</code> ke saldo pembeli. Ketik alasannya (wajib):`,
  result: {
    applied: (id: string, state: string) =>
      `✅ <code>${e(id)}</code>: diproses (status sekarang: ${e(state)}).`,
    duplicate: (id: string, state: string) =>
      `ℹ️ <code>${e(id)}</code>: perintah ini sudah pernah dijalankan, tidak ada yang berubah (status: ${e(state)}).`,
    refused: (id: string, state: string) =>
      `🚫 <code>${e(id)}</code>: tidak bisa dari status sekarang (<b>${e(state)}</b>).`,
    missing: (id: string) => `❓ Pesanan <code>${e(id)}</code> tidak ditemukan.`,
  },
  resending: '🔁 Mengirim ulang…',
  notResendable: 'Pesanan ini belum bisa dikirim ulang.',
  buyerRefunded: (id: string, amount: number, note: string) =>
    `↩️ Pesanan <code>${e(id)}</code> di-refund: ${rupiah(amount)} masuk ke saldo kamu.\n📝 ${e(note)}`,
  users: (v: { total: number; active30: number; buyers: number; blocked: number; botBlocked: number }) =>
    [
      '👥 <b>Pengguna</b>',
      `Total: <b>${v.total}</b>`,
      `Aktif 30 hari: <b>${v.active30}</b>`,
      `Pernah beli: <b>${v.buyers}</b>`,
      `Diblokir admin: <b>${v.blocked}</b>`,
      `Memblokir bot: <b>${v.botBlocked}</b>`,
    ].join('\n'),
  findButton: '🔎 Cari pengguna',
  askUser: '🔎 Ketik ID atau @username:',
  user: (v: {
    id: number;
    name: string;
    username: string | null;
    blocked: boolean;
    botBlocked: boolean;
    orders: number;
    paidOrders: number;
    spent: number;
    balance: number;
    recentOrders: string[];
    ledger: string[];
  }) =>
    [
      `👤 <b>${e(v.name)}</b>${v.username ? ` @${e(v.username)}` : ''} · <code>${v.id}</code>`,
      v.blocked ? '⛔ Diblokir admin' : '✅ Aktif',
      ...(v.botBlocked ? ['🔕 Memblokir bot'] : []),
      `🧾 Pesanan: ${v.orders} (dibayar ${v.paidOrders})`,
      `💰 Total belanja: ${rupiah(v.spent)}`,
      `👛 Saldo: <b>${rupiah(v.balance)}</b>`,
      '',
      '🧾 <b>Pesanan terakhir</b>',
      ...(v.recentOrders.length ? v.recentOrders : ['—']),
      '',
      '📒 <b>Mutasi saldo</b>',
      ...(v.ledger.length ? v.ledger : ['—']),
    ].join('\n'),
  ledgerLine: (at: string, amount: number, reason: string, note: string | null) =>
    `• ${e(at)} · ${amount > 0 ? '+' : ''}${rupiah(amount)} · ${e(reason)}${note ? ` · ${e(note)}` : ''}`,
  userOrdersButton: '📋 Semua pesanan',
  blockButton: '⛔ Blokir',
  unblockButton: '✅ Buka blokir',
  adjustButton: '👛 Ubah saldo',
  confirmBlock: (name: string) => `❓ Blokir <b>${e(name)}</b>? Dia tidak bisa belanja lagi.`,
  confirmUnblock: (name: string) => `❓ Buka blokir <b>${e(name)}</b>?`,
  blocked: '⛔ Diblokir.',
  unblocked: '✅ Blokir dibuka.',
  unchanged: 'Tidak ada yang berubah.',
  askAdjust:
    '👛 Ketik jumlah dan alasan, mis. <code>+10000 bonus promo</code> atau <code>-5000 koreksi</code> (alasan wajib):',
  expectedAdjust: '+jumlah atau -jumlah lalu alasan, contoh: +10000 bonus promo',
  adjusted: (amount: number, balance: number) =>
    `✅ Saldo diubah ${amount > 0 ? '+' : ''}${rupiah(amount)}. Saldo sekarang: <b>${rupiah(balance)}</b>.`,
  adjustInsufficient: (balance: number) => `🚫 Saldo tidak cukup (saldo: ${rupiah(balance)}).`,
  buyerAdjusted: (amount: number, balance: number, reason: string) =>
    `👛 Saldo kamu diubah admin: ${amount > 0 ? '+' : ''}${rupiah(amount)}.\n📝 ${e(reason)}\nSaldo sekarang: <b>${rupiah(balance)}</b>`,
  noUser: 'Pengguna tidak ditemukan.',
  stats: (v: {
    period: string;
    revenue: number;
    paidOrders: number;
    conversion: string;
    averageOrder: number;
    deposits: number;
    depositAmount: number;
    newUsers: number;
    top: string[];
    lowStock: string[];
  }) =>
    [
      `📊 <b>Statistik · ${e(v.period)}</b>`,
      `💰 Omzet: <b>${rupiah(v.revenue)}</b>`,
      `✅ Pesanan dibayar: <b>${v.paidOrders}</b>`,
      `🎯 Konversi: <b>${v.conversion}</b>`,
      `🧮 Rata-rata pesanan: <b>${rupiah(v.averageOrder)}</b>`,
      `👛 Deposit: <b>${v.deposits}</b> (${rupiah(v.depositAmount)})`,
      `🆕 Pengguna baru: <b>${v.newUsers}</b>`,
      '',
      '🏆 <b>Produk terlaris</b>',
      ...(v.top.length ? v.top : ['—']),
      '',
      '📉 <b>Stok menipis</b>',
      ...(v.lowStock.length ? v.lowStock : ['—']),
    ].join('\n'),
  topLine: (name: string, quantity: number, revenue: number) =>
    `• ${e(name)} ×${quantity} · ${rupiah(revenue)}`,
  lowLine: (code: string, name: string, available: number) =>
    `• ${e(name)} (<code>${e(code)}</code>): ${available}`,
  chartButton: '📈 Grafik 30 hari',
  chartTitle: 'Omzet per hari, 30 hari terakhir',
  chartCaption: '📈 Omzet per hari, 30 hari terakhir',
  csv7: '📄 CSV 7 hari',
  csv30: '📄 CSV 30 hari',
  csvAsk: '📄 CSV rentang…',
  askRange: '📄 Ketik rentang tanggal: <code>2026-11-01 2026-11-30</code>',
  expectedRange: 'dua tanggal YYYY-MM-DD, contoh: 2026-11-01 2026-11-30',
  csvCaption: (from: string, to: string, rows: number) => `📄 Pesanan ${from} s/d ${to}: ${rows} baris`,
  sending: '⏳ Menyiapkan…',
};
