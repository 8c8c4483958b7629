import { escapeHtml as e } from '../../format.ts';

export interface ProgressFigures {
  bar: string;
  percent: number;
  sent: number;
  blocked: number;
  failed: number;
  unknown: number;
  remaining: number;
  total: number;
  rate: string;
  eta: string | null;
}

export interface ReportFigures {
  outcome: 'done' | 'cancelled';
  total: number;
  sent: number;
  blocked: number;
  failed: number;
  unknown: number;
  notSent: number;
  duration: string;
  rate: string;
}

const STATUS: Record<string, string> = {
  draft: '📝 Draf',
  scheduled: '⏰ Terjadwal',
  freezing: '🚀 Dimulai',
  sending: '📤 Mengirim',
  paused: '⏸ Dijeda',
  finishing: '📤 Menyelesaikan',
  done: '✅ Selesai',
  cancelling: '⛔ Dibatalkan',
  cancelled: '⛔ Dibatalkan',
};

/** Broadcasts: compose, progress, report, history (Indonesian). */
export const broadcastId = {
  menu: '📣 <b>Broadcast</b>\n\nKirim pengumuman (restock, promo) ke pengguna bot.',
  newButton: '✍️ Broadcast baru',
  historyButton: '🗂 Riwayat',
  back: '⬅️ Kembali',
  askContent:
    '✍️ Kirim isi broadcast: <b>teks</b> (format HTML Telegram boleh, mis. <code>&lt;b&gt;tebal&lt;/b&gt;</code>) atau <b>foto dengan caption</b>.\n\nKetik BATAL untuk membatalkan.',
  expectedContent: 'teks atau foto dengan caption',
  badHtml: (detail: string) => `HTML tidak valid: ${e(detail)}`,
  tooLong: (max: number) => `teks maksimal ${max} karakter`,
  askButton:
    '🔗 Tambahkan tombol link? Kirim <code>Label | https://contoh.com</code>, atau kirim <code>-</code> tanpa tombol.\n\nKetik BATAL untuk membatalkan.',
  expectedButton: '<code>Label | https://…</code> atau <code>-</code>',
  askAudience: '👥 <b>Siapa penerimanya?</b>',
  audienceAll: '👥 Semua pengguna',
  audienceProduct: '🛍 Pembeli produk…',
  audienceCategory: '🗂 Pembeli kategori…',
  audienceInactive: '💤 Tidak aktif N hari…',
  audienceNever: '🆕 Belum pernah beli',
  askProduct: '🛍 Kirim kode produk (mis. <code>NETFLIX1</code>).\n\nKetik BATAL untuk membatalkan.',
  expectedProduct: 'kode produk yang ada',
  askCategory: '🗂 Kirim kode kategori.\n\nKetik BATAL untuk membatalkan.',
  expectedCategory: 'kode kategori yang ada',
  askDays: '💤 Tidak aktif berapa hari? Kirim angka 1–3650.\n\nKetik BATAL untuk membatalkan.',
  expectedDays: 'angka 1–3650',
  audienceLabel: {
    all: 'semua pengguna',
    product: (name: string) => `pembeli ${e(name)}`,
    category: (name: string) => `pembeli kategori ${e(name)}`,
    inactive: (days: number) => `tidak aktif ${days} hari`,
    never_bought: 'belum pernah beli',
  },
  confirm: (count: number, audience: string) =>
    `📣 <b>Siap dikirim</b>\n\nPenerima: <b>${count}</b> (${audience}).\nPengguna yang memblokir bot tidak ikut.`,
  empty: (audience: string) => `⚠️ Tidak ada penerima untuk pilihan ini (${audience}). Pilih penerima lain.`,
  testButton: '🧪 Kirim ke saya',
  sendNowButton: '🚀 Kirim sekarang',
  scheduleButton: '⏰ Jadwalkan',
  cancelButton: '❌ Batal',
  testSent: '🧪 Contoh terkirim di atas. Begini tampilannya di pengguna.',
  testFailed: (detail: string) => `⚠️ Contoh tidak bisa dikirim: ${e(detail)}`,
  askTime: (timeZone: string) =>
    `⏰ Kapan dikirim? Kirim <code>YYYY-MM-DD HH:mm</code> (zona ${e(timeZone)}).\n\nKetik BATAL untuk membatalkan.`,
  expectedTime: 'waktu <code>YYYY-MM-DD HH:mm</code> yang belum lewat',
  scheduled: (when: string) => `⏰ Broadcast dijadwalkan: <b>${e(when)}</b>.`,
  started: '🚀 Broadcast dimulai. Progres tampil di pesan berikut.',
  dropped: '❌ Broadcast dibatalkan, tidak ada yang dikirim.',
  gone: 'Broadcast ini sudah tidak bisa diubah.',
  progressTitle: '📣 <b>Broadcast berjalan</b>',
  pausedTitle: '⏸ <b>Broadcast dijeda</b>',
  scheduledTitle: (when: string) => `⏰ <b>Broadcast terjadwal</b> — ${e(when)}`,
  progress: (f: ProgressFigures) =>
    [
      `${f.bar} ${f.percent}%`,
      `✅ Terkirim: ${f.sent}   🚫 Blokir: ${f.blocked}   ⚠️ Gagal: ${f.failed}${f.unknown ? `   ❔ Tak pasti: ${f.unknown}` : ''}`,
      `⏳ Sisa: ${f.remaining} dari ${f.total}`,
      `⚡ ${f.rate} pesan/detik${f.eta ? ` · selesai ±${f.eta}` : ''}`,
    ].join('\n'),
  pauseButton: '⏸ Jeda',
  resumeButton: '▶️ Lanjutkan',
  stopButton: '⛔ Batalkan',
  paused: '⏸ Dijeda.',
  resumed: '▶️ Dilanjutkan.',
  stopped: '⛔ Dibatalkan.',
  report: (f: ReportFigures) =>
    [
      f.outcome === 'done' ? '✅ <b>Broadcast selesai</b>' : '⛔ <b>Broadcast dibatalkan</b>',
      '',
      `👥 Penerima: ${f.total}`,
      `✅ Terkirim: ${f.sent}`,
      `🚫 Memblokir bot: ${f.blocked}`,
      `⚠️ Gagal: ${f.failed}`,
      ...(f.unknown ? [`❔ Tak pasti (terputus saat dikirim): ${f.unknown}`] : []),
      ...(f.notSent ? [`⏹ Tidak dikirim: ${f.notSent}`] : []),
      `⏱ Durasi: ${f.duration} · ${f.rate} pesan/detik`,
    ].join('\n'),
  historyTitle: (total: number) => `🗂 <b>Riwayat broadcast</b> (${total})`,
  historyEmpty: 'Belum ada broadcast.',
  historyLine: (p: { when: string; status: string; sent: number; total: number | null; preview: string }) =>
    `• ${e(p.when)} — ${STATUS[p.status] ?? e(p.status)} — ${p.sent}/${p.total ?? '?'}\n  <i>${e(p.preview)}</i>`,
  status: (status: string) => STATUS[status] ?? status,
};
