import { MAX_QUANTITY_PER_LINE } from '../../machines/checkout.ts';
import {
  type CategorySummary,
  listCategories,
  listProducts,
  type ProductDetail,
  recentCategories,
} from '../../shop/catalog.ts';
import type { BotDeps } from '../context.ts';
import type { Texts } from '../i18n.ts';
import { categoriesKeyboard, productKeyboard, productListKeyboard } from '../keyboards/catalog.ts';
import type { Screen } from './screen.ts';

export const PRODUCTS_PER_PAGE = 8;

/** Categories worth showing: the ones with something in them (`recent`: up to a few seconds old). */
export async function visibleCategories(
  deps: BotDeps,
  options: { recent?: boolean } = {},
): Promise<CategorySummary[]> {
  const categories = options.recent ? await recentCategories(deps.db) : await listCategories(deps.db);
  return categories.filter((c) => c.productCount > 0);
}

export async function categoriesScreen(deps: BotDeps, t: Texts): Promise<Screen> {
  const categories = await visibleCategories(deps);
  return { text: t.catalog.categoriesTitle, keyboard: categoriesKeyboard(t, categories) };
}

export async function productListScreen(
  deps: BotDeps,
  t: Texts,
  categoryId: number | 'all',
  page: number,
): Promise<Screen | null> {
  const category =
    categoryId === 'all' ? null : ((await listCategories(deps.db)).find((c) => c.id === categoryId) ?? null);
  // An id that is not an active category: a stale or crafted button.
  if (categoryId !== 'all' && !category) return null;
  const list = await listProducts(deps.db, {
    ...(category ? { categoryId: category.id } : {}),
    page,
    pageSize: PRODUCTS_PER_PAGE,
  });
  const first = (list.page - 1) * PRODUCTS_PER_PAGE;
  const lines = list.items.map((p, i) => t.catalog.productLine({ index: first + i + 1, ...p }));
  const text = [
    t.catalog.listTitle({
      category: category?.name ?? null,
      page: list.page,
      pages: list.pages,
      total: list.total,
    }),
    '',
    ...(lines.length > 0
      ? [lines.join('\n\n'), '', t.catalog.listFooter]
      : [category ? t.catalog.listEmpty : t.catalog.noCategories]),
  ].join('\n');
  const keyboard = productListKeyboard(t, {
    categoryId: category ? category.id : 'all',
    items: list.items,
    page: list.page,
    pages: list.pages,
  });
  return { text, keyboard };
}

/** The most a buyer can pick for one product right now. */
export function maxQuantity(stock: number): number {
  return Math.max(0, Math.min(stock, MAX_QUANTITY_PER_LINE));
}

export function productScreen(t: Texts, product: ProductDetail, quantity: number): Screen {
  const text = t.catalog.product({ ...product, quantity });
  return { text, keyboard: productKeyboard(t, product, quantity, maxQuantity(product.stock)) };
}
