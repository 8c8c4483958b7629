import { InlineKeyboard } from 'grammy';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';
import { addPager } from './pager.ts';

export interface CategoryButton {
  id: number;
  name: string;
  emoji: string | null;
  productCount: number;
}

/** Two categories per row, then "all products". */
export function categoriesKeyboard(t: Texts, categories: CategoryButton[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  categories.forEach((c, index) => {
    keyboard.text(
      t.catalog.categoryButton(c.name, c.emoji, c.productCount),
      cb({ type: 'category', categoryId: c.id, page: 1 }),
    );
    if (index % 2 === 1) keyboard.row();
  });
  if (categories.length % 2 === 1) keyboard.row();
  return keyboard.text(t.menu.allProducts, cb({ type: 'category', categoryId: 'all', page: 1 }));
}

export function productListKeyboard(
  t: Texts,
  list: {
    categoryId: number | 'all';
    items: { id: number; name: string; price: number; stock: number }[];
    page: number;
    pages: number;
  },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const p of list.items) {
    keyboard
      .text(t.catalog.productButton(p.name, p.price, p.stock === 0), cb({ type: 'product', productId: p.id }))
      .row();
  }
  addPager(keyboard, t, list.page, list.pages, (page) =>
    cb({ type: 'category', categoryId: list.categoryId, page }),
  );
  return keyboard
    .text(t.catalog.backToCategories, cb({ type: 'categories' }))
    .text(t.catalog.openCart, cb({ type: 'cartShow' }));
}

const QUICK_QUANTITIES = [2, 5, 10];

/** ➖ [🔢 n: type a number] ➕, quick quantities that fit the stock, add to cart, back. */
export function productKeyboard(
  t: Texts,
  product: { id: number; categoryId: number | null; stock: number; snk?: string | null },
  quantity: number,
  max: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const back = cb({ type: 'category', categoryId: product.categoryId ?? 'all', page: 1 });
  if (product.stock > 0) {
    keyboard
      .text('➖', cb({ type: 'quantity', productId: product.id, quantity: quantity - 1 }))
      .text(`🔢 ${quantity}`, cb({ type: 'quantityAsk', productId: product.id }))
      .text('➕', cb({ type: 'quantity', productId: product.id, quantity: quantity + 1 }))
      .row();
    const quick = QUICK_QUANTITIES.filter((n) => n <= max);
    for (const n of quick)
      keyboard.text(`x${n}`, cb({ type: 'quantity', productId: product.id, quantity: n }));
    if (quick.length > 0) keyboard.row();
    keyboard.text(t.catalog.addToCart, cb({ type: 'cartAdd', productId: product.id, quantity })).row();
  }
  // Terms are read before paying: the buyer will be asked for proof after delivery.
  if (product.snk)
    keyboard.text(t.snk.viewTermsButton, cb({ type: 'snkTerms', productId: product.id })).row();
  return keyboard.text(t.catalog.back, back).text(t.catalog.openCart, cb({ type: 'cartShow' }));
}

export function addedKeyboard(t: Texts): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.catalog.viewCart, cb({ type: 'cartShow' }))
    .text(t.catalog.continueShopping, cb({ type: 'categories' }));
}
