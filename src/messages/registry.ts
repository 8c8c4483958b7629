// Every message the shop says through a template: its key, the placeholders it may
// use (with sample values for previews and validation) and which of them it must use.
// Defaults live in the locale files (src/bot/locales/<lang>/templates.ts).

export interface PlaceholderSpec {
  /** Shown in previews and used to check an override's HTML. */
  sample: string;
  /** An override without it is refused (an invoice without its order id is useless). */
  required?: boolean;
  /** The value is an HTML fragment built by the shop (a list of items), not escaped. */
  html?: boolean;
}

export interface TemplateSpec {
  /** What the template is for, in the admin's words. */
  description: string;
  placeholders: Record<string, PlaceholderSpec>;
  /** Telegram's limit for where it goes: 4096 for a message, 1024 for a caption. */
  maxLength: number;
  /** An override may carry a photo; the text then goes as its caption (at most CAPTION chars). */
  media?: boolean;
}

const MESSAGE = 4096;
/** Telegram's limit for a photo's caption. */
export const CAPTION = 1024;

export const TEMPLATES = {
  welcome: {
    description: 'Sapaan /start dengan statistik toko',
    maxLength: MESSAGE,
    media: true,
    placeholders: {
      nama: { sample: 'Budi' },
      store_name: { sample: 'Toko Digital' },
      total_users: { sample: '1.250' },
      total_produk: { sample: '42' },
      total_transaksi: { sample: '3.870' },
    },
  },
  help: {
    description: 'Bantuan & cara order (/help dan tombol ❓ Bantuan)',
    maxLength: MESSAGE,
    media: true,
    placeholders: {
      store_name: { sample: 'Toko Digital' },
    },
  },
  order_paid: {
    description: 'Pembayaran pesanan diterima (menggantikan keterangan QRIS)',
    maxLength: 1024,
    placeholders: {
      order_id: { sample: 'INV261201K7Q2MX', required: true },
    },
  },
  admin_order_paid: {
    description: 'Pemberitahuan ke admin: pesanan baru dibayar',
    maxLength: MESSAGE,
    placeholders: {
      order_id: { sample: 'INV261201K7Q2MX', required: true },
      pembeli: { sample: 'Budi @budi (<code>12345</code>)', html: true },
      produk: { sample: '• Netflix Premium 1 Bulan x1 = Rp 25.000', html: true },
      metode: { sample: 'QRIS' },
      total: { sample: 'Rp 25.000' },
      tanggal: { sample: '1 Des 2026 14.05 WIB' },
    },
  },
  delivery_header: {
    description: 'Judul pesan pengiriman produk (di atas daftar item)',
    maxLength: 512,
    placeholders: { order_id: { sample: 'INV261201K7Q2MX', required: true } },
  },
  resend_header: {
    description: 'Judul pesan kirim ulang produk dari riwayat',
    maxLength: 512,
    placeholders: { order_id: { sample: 'INV261201K7Q2MX', required: true } },
  },
  delivery_footer: {
    description: 'Penutup pesan pengiriman produk (di bawah daftar item)',
    maxLength: 512,
    placeholders: {},
  },
  snk_terms: {
    description: 'Syarat & ketentuan produk setelah dikirim, dengan tombol ✅ Penuhi SNK',
    maxLength: MESSAGE,
    placeholders: {
      produk: { sample: 'Netflix Premium 1 Bulan', required: true },
      order_id: { sample: 'INV261201K7Q2MX' },
      nama: { sample: 'Budi' },
      snk: { sample: '1. Jangan ubah PIN profil.\n2. Login di 1 perangkat.', html: true, required: true },
    },
  },
} as const satisfies Record<string, TemplateSpec>;

export type TemplateKey = keyof typeof TEMPLATES;

export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as TemplateKey[];

export type PlaceholderOf<K extends TemplateKey> = keyof (typeof TEMPLATES)[K]['placeholders'] & string;

export function isTemplateKey(key: string): key is TemplateKey {
  return Object.hasOwn(TEMPLATES, key);
}

export function specOf(key: TemplateKey): TemplateSpec {
  return TEMPLATES[key];
}
