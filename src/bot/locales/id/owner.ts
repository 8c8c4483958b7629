import { escapeHtml as e, rupiah } from '../../format.ts';

export interface StatusView {
  store: string;
  lines: { ok: boolean; label: string; value: string }[];
}

export interface DigestView {
  store: string;
  date: string;
  today: { orders: number; revenue: number };
  yesterday: { orders: number; revenue: number };
  alerts: { info: number; warning: number; error: number; critical: number };
  backup: string | null;
  disk: string | null;
}

/** The owner bot (Indonesian). */
export const ownerId = {
  help: '🤖 Perintah pemilik: /status · /backup · /export_user &lt;id&gt; · /erase_user &lt;id&gt;',
  notOwner: '🙏 Maaf, bot ini khusus untuk pemilik toko. Untuk belanja, silakan pakai bot toko ya.',
  status: (v: StatusView) =>
    [
      `🩺 <b>Status ${e(v.store)}</b>`,
      ...v.lines.map((l) => `${l.ok ? '✅' : '❌'} ${e(l.label)}: ${e(l.value)}`),
    ].join('\n'),
  statusFailed: '❌ Status tidak bisa dibaca sekarang. Coba lagi sebentar lagi.',
  backupNotConfigured: 'ℹ️ Backup belum diatur di toko ini.',
  backupStarted: '⏳ Backup sedang berjalan…',
  backupDone: (file: string) => `✅ Backup selesai: <code>${e(file)}</code>`,
  backupFailed: (reason: string) => `❌ Backup gagal: ${e(reason)}`,
  usage: (command: string) => `ℹ️ Cara pakai: <code>/${command} &lt;id pengguna&gt;</code> (angka)`,
  userNotFound: (id: number) => `🔍 Pengguna <code>${id}</code> tidak ditemukan.`,
  exported: (id: number) => `📄 Data pengguna <code>${id}</code> (JSON).`,
  eraseConfirm: (id: number, orders: number) =>
    `⚠️ Hapus data pribadi pengguna <code>${id}</code>?\nNama, username, bahasa, bukti SNK dan percakapan dihapus. ${orders} pesanan dan catatan saldo tetap disimpan tanpa nama.`,
  eraseButton: '🗑️ Ya, hapus',
  cancelButton: '✖️ Batal',
  erased: (id: number) => `✅ Data pribadi pengguna <code>${id}</code> sudah dihapus.`,
  eraseCancelled: 'Dibatalkan, tidak ada yang dihapus.',
  digest: (v: DigestView) =>
    [
      `[${e(v.store)}] 📊 <b>Ringkasan harian</b> · ${e(v.date)}`,
      `🛒 Hari ini: ${v.today.orders} pesanan · ${rupiah(v.today.revenue)}`,
      `🗓️ Kemarin: ${v.yesterday.orders} pesanan · ${rupiah(v.yesterday.revenue)}`,
      `🚨 Peringatan 24 jam: ${v.alerts.critical} kritis · ${v.alerts.error} error · ${v.alerts.warning} warning · ${v.alerts.info} info`,
      `💾 Backup terakhir: ${v.backup ? e(v.backup) : 'belum ada'}`,
      `🗄️ Disk: ${v.disk ? e(v.disk) : 'tidak diketahui'}`,
    ].join('\n'),
};
