import { escapeHtml as e, rupiah } from '../../format.ts';

/** Categories, product lists and product pages (Indonesian). */
export const catalogId = {
  categoriesTitle: '🛍️ <b>Katalog</b>\nPilih kategori yang kamu mau 👇',
  noCategories: '😔 Belum ada produk yang dijual saat ini. Cek lagi nanti ya!',
  categoryButton: (name: string, emoji: string | null, products: number) =>
    `${emoji ? `${emoji} ` : ''}${name} (${products})`,
  listTitle: (v: { category: string | null; page: number; pages: number; total: number }) =>
    `🛍️ <b>${v.category === null ? 'Semua Produk' : e(v.category)}</b> · ${v.total} produk · hal. ${v.page}/${v.pages}`,
  listEmpty: '😔 Belum ada produk di kategori ini.',
  productLine: (v: { index: number; name: string; price: number; stock: number; sold: number }) =>
    [
      `${v.index}. <b>${e(v.name)}</b>`,
      `    💵 ${rupiah(v.price)} · ${v.stock > 0 ? `📦 Stok: ${v.stock}` : '❌ Stok habis'} · 🔥 Terjual: ${v.sold}`,
    ].join('\n'),
  productButton: (name: string, price: number, soldOut: boolean) =>
    `${soldOut ? '❌ ' : ''}${name} · ${rupiah(price)}`,
  listFooter: 'Ketuk produk untuk lihat detail 👇',
  product: (v: {
    name: string;
    description: string;
    price: number;
    stock: number;
    sold: number;
    quantity: number;
  }) =>
    [
      `🛍️ <b>${e(v.name)}</b>`,
      ...(v.description.trim() ? ['', e(v.description.trim())] : []),
      '',
      `💵 Harga: <b>${rupiah(v.price)}</b>`,
      v.stock > 0 ? `📦 Stok: <b>${v.stock}</b>` : '❌ <b>Stok habis</b>',
      `🔥 Terjual: ${v.sold}`,
      ...(v.stock > 0
        ? ['', `🔢 Jumlah: <b>${v.quantity}</b> → Total <b>${rupiah(v.price * v.quantity)}</b>`]
        : ['', '😔 Produk ini sedang kosong. Cek lagi nanti ya!']),
    ].join('\n'),
  soldOut: '❌ Stok habis',
  addToCart: '🛒 Tambah ke Keranjang',
  back: '⬅️ Kembali',
  backToCategories: '⬅️ Kategori',
  openCart: '🛒 Keranjang',
  previous: '◀️',
  next: '▶️',
  quantityMin: '⚠️ Jumlah minimal 1 ya',
  quantityMax: (max: number, stock: number) =>
    max < stock
      ? `⚠️ Maksimal ${max} per produk dalam satu pesanan`
      : `⚠️ Stok cuma ${stock}, jumlah disesuaikan jadi ${max}`,
  unavailable: '😔 Produk ini sudah tidak dijual.',
  added: (name: string, quantity: number) => `✅ ${quantity}× ${name} masuk keranjang`,
  addedMessage: (v: { name: string; quantity: number; lines: number; subtotal: number }) =>
    [
      `✅ <b>${v.quantity}× ${e(v.name)}</b> masuk keranjang!`,
      `🛒 Keranjang: ${v.lines} produk · Subtotal ${rupiah(v.subtotal)}`,
    ].join('\n'),
  viewCart: '🛒 Lihat Keranjang',
  continueShopping: '🛍️ Lanjut Belanja',
  invalidQuantity: '⚠️ Jumlahnya harus bilangan bulat positif ya',
  overStock: (v: { name: string; stock: number; inCart: number; canAdd: number }) =>
    v.canAdd > 0
      ? `⚠️ Stok ${v.name} tinggal ${v.stock} dan di keranjang sudah ${v.inCart}. Kamu bisa tambah paling banyak ${v.canAdd} lagi.`
      : `⚠️ Keranjangmu sudah berisi ${v.inCart}× ${v.name}, itu jumlah maksimal yang bisa dibeli sekarang.`,
  askQuantity: (name: string, max: number) =>
    `🔢 Mau beli berapa <b>${e(name)}</b>? Ketik angkanya (1–${max}).`,
  quantityExpected: (max: number) => `angka 1–${max}, contoh: 2`,
  quantityOverStock: (max: number, stock: number) =>
    max < stock
      ? `paling banyak ${max} per pesanan (angka 1–${max})`
      : `paling banyak ${max}, stok tersedia cuma ${stock}`,
  typedNumberHint: '🔢 Mau ubah jumlah? Buka produknya, tekan tombol 🔢, lalu ketik angkanya.',
  cartFull: (max: number) => `⚠️ Keranjang penuh (maksimal ${max} produk berbeda). Checkout dulu ya.`,
};
