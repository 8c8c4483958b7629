import { escapeHtml as e, rupiah } from '../../format.ts';

/** Balance, its ledger and top-ups (Indonesian). */
export const balanceId = {
  overview: (balance: number) => `💰 <b>Saldo kamu: ${rupiah(balance)}</b>`,
  historyTitle: '🧾 <b>Riwayat saldo terakhir</b>',
  noHistory: 'Belum ada riwayat saldo.',
  entry: (v: { date: string; amount: number; reason: string; ref: string }) =>
    `• ${e(v.date)} · <b>${v.amount >= 0 ? '+' : '-'}${rupiah(Math.abs(v.amount))}</b> · ${v.reason} <code>${e(v.ref)}</code>`,
  reasons: {
    deposit: 'Isi saldo',
    order_payment: 'Bayar pesanan',
    late_payment: 'Pembayaran telat dikreditkan',
    refund: 'Pengembalian dana',
    adjustment: 'Penyesuaian admin',
  },
  topupButton: '➕ Isi Saldo',
  topupMenu: (minimum: number) =>
    [
      '➕ <b>Isi Saldo via QRIS</b>',
      'Pilih nominal di bawah, atau ketik <code>/topup 30000</code> untuk nominal lain.',
      `Minimal ${rupiah(minimum)}.`,
    ].join('\n'),
  amountButton: (amount: number) => rupiah(amount),
  amountInvalid: (minimum: number) =>
    `⚠️ Nominalnya belum bisa aku baca. Contoh: <code>/topup 25000</code>, <code>/topup 25.000</code> atau <code>/topup 25k</code> (minimal ${rupiah(minimum)}).`,
  belowMinimum: (minimum: number) =>
    `⚠️ Minimal isi saldo ${rupiah(minimum)} ya. Contoh: <code>/topup ${minimum}</code>`,
  aboveMaximum: (maximum: number) => `⚠️ Maksimal isi saldo ${rupiah(maximum)} sekali bayar.`,
  starting: (amount: number) =>
    `⏳ Membuat tagihan isi saldo <b>${rupiah(amount)}</b>... QR-nya segera dikirim ya.`,
  startingToast: '⏳ Membuat tagihan...',
  tooManyOpenInvoices: (limit: number) =>
    `⚠️ Kamu masih punya ${limit} tagihan yang belum dibayar. Bayar atau batalkan dulu, lalu isi saldo lagi ya.`,
};
