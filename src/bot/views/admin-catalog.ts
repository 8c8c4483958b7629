import {
  type AdminProduct,
  getAdminCategory,
  getAdminProduct,
  listAdminCategories,
  listAdminProducts,
} from '../../shop/catalog-admin.ts';
import type { BotDeps } from '../context.ts';
import type { Texts } from '../i18n.ts';
import {
  adminCategoryKeyboard,
  adminCategoryListKeyboard,
  adminProductKeyboard,
  adminProductListKeyboard,
} from '../keyboards/admin-catalog.ts';
import type { Screen } from './screen.ts';

const PAGE_SIZE = 8;

export async function adminProductListScreen(
  deps: Pick<BotDeps, 'db'>,
  t: Texts,
  page: number,
): Promise<Screen> {
  const list = await listAdminProducts(deps.db, page, PAGE_SIZE);
  const title = t.adminCatalog.products.title(list.total);
  return {
    text: list.total === 0 ? `${title}\n\n${t.adminCatalog.products.empty}` : title,
    keyboard: adminProductListKeyboard(t, list),
  };
}

export function adminProductView(t: Texts, product: AdminProduct): Screen {
  return {
    text: t.adminCatalog.products.screen({
      ...product,
      category: product.categoryName,
      snk: product.snk !== null,
    }),
    keyboard: adminProductKeyboard(t, product),
  };
}

/** Null when the product is gone. */
export async function adminProductScreen(
  deps: Pick<BotDeps, 'db'>,
  t: Texts,
  productId: number,
): Promise<Screen | null> {
  const product = await getAdminProduct(deps.db, productId);
  return product ? adminProductView(t, product) : null;
}

export async function adminCategoryListScreen(
  deps: Pick<BotDeps, 'db'>,
  t: Texts,
  page: number,
): Promise<Screen> {
  const list = await listAdminCategories(deps.db, page, PAGE_SIZE);
  const title = t.adminCatalog.categories.title(list.total);
  return {
    text: list.total === 0 ? `${title}\n\n${t.adminCatalog.categories.empty}` : title,
    keyboard: adminCategoryListKeyboard(t, list),
  };
}

export async function adminCategoryScreen(
  deps: Pick<BotDeps, 'db'>,
  t: Texts,
  categoryId: number,
): Promise<Screen | null> {
  const category = await getAdminCategory(deps.db, categoryId);
  return category
    ? { text: t.adminCatalog.categories.screen(category), keyboard: adminCategoryKeyboard(t, categoryId) }
    : null;
}
