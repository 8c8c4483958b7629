import { escapeHtml as e, rupiah } from '../../format.ts';
import type { catalogId } from '../id/catalog.ts';

/** Categories, product lists and product pages (English). */
export const catalogEn: typeof catalogId = {
  categoriesTitle: '🛍️ <b>Catalog</b>\nPick a category 👇',
  noCategories: '😔 Nothing is on sale right now. Please check back later!',
  categoryButton: (name, emoji, products) => `${emoji ? `${emoji} ` : ''}${name} (${products})`,
  listTitle: (v) =>
    `🛍️ <b>${v.category === null ? 'All Products' : e(v.category)}</b> · ${v.total} products · page ${v.page}/${v.pages}`,
  listEmpty: '😔 No products in this category yet.',
  productLine: (v) =>
    [
      `${v.index}. <b>${e(v.name)}</b>`,
      `    💵 ${rupiah(v.price)} · ${v.stock > 0 ? `📦 Stock: ${v.stock}` : '❌ Sold out'} · 🔥 Sold: ${v.sold}`,
    ].join('\n'),
  productButton: (name, price, soldOut) => `${soldOut ? '❌ ' : ''}${name} · ${rupiah(price)}`,
  listFooter: 'Tap a product to see the details 👇',
  product: (v) =>
    [
      `🛍️ <b>${e(v.name)}</b>`,
      ...(v.description.trim() ? ['', e(v.description.trim())] : []),
      '',
      `💵 Price: <b>${rupiah(v.price)}</b>`,
      v.stock > 0 ? `📦 Stock: <b>${v.stock}</b>` : '❌ <b>Sold out</b>',
      `🔥 Sold: ${v.sold}`,
      ...(v.stock > 0
        ? ['', `🔢 Quantity: <b>${v.quantity}</b> → Total <b>${rupiah(v.price * v.quantity)}</b>`]
        : ['', '😔 This product is out of stock. Please check back later!']),
    ].join('\n'),
  soldOut: '❌ Sold out',
  addToCart: '🛒 Add to Cart',
  back: '⬅️ Back',
  backToCategories: '⬅️ Categories',
  openCart: '🛒 Cart',
  previous: '◀️',
  next: '▶️',
  quantityMin: '⚠️ The minimum quantity is 1',
  quantityMax: (max, stock) =>
    max < stock
      ? `⚠️ At most ${max} per product in one order`
      : `⚠️ Only ${stock} in stock, quantity set to ${max}`,
  unavailable: '😔 This product is no longer on sale.',
  added: (name, quantity) => `✅ ${quantity}× ${name} added to your cart`,
  addedMessage: (v) =>
    [
      `✅ <b>${v.quantity}× ${e(v.name)}</b> added to your cart!`,
      `🛒 Cart: ${v.lines} products · Subtotal ${rupiah(v.subtotal)}`,
    ].join('\n'),
  viewCart: '🛒 View Cart',
  continueShopping: '🛍️ Keep Shopping',
  invalidQuantity: '⚠️ The quantity must be a positive whole number',
  overStock: (v) =>
    v.canAdd > 0
      ? `⚠️ Only ${v.stock} ${v.name} left and your cart already has ${v.inCart}. You can add at most ${v.canAdd} more.`
      : `⚠️ Your cart already holds ${v.inCart}× ${v.name}, the most you can buy right now.`,
  askQuantity: (name, max) => `🔢 How many <b>${e(name)}</b> would you like? Type a number (1–${max}).`,
  quantityExpected: (max) => `a number from 1 to ${max}, e.g. 2`,
  quantityOverStock: (max, stock) =>
    max < stock
      ? `at most ${max} per order (a number from 1 to ${max})`
      : `at most ${max}, only ${stock} in stock`,
  typedNumberHint: '🔢 Want a different quantity? Open the product, tap the 🔢 button, then type the number.',
  cartFull: (max) => `⚠️ Your cart is full (at most ${max} different products). Please check out first.`,
};
