import { InlineKeyboard } from 'grammy';
import type { Page } from '../../shop/catalog.ts';
import type { AdminCategory, AdminProduct, AdminProductLine } from '../../shop/catalog-admin.ts';
import { encodeCallback as cb } from '../callback-data.ts';
import type { Texts } from '../i18n.ts';
import { addPager } from './pager.ts';

export function adminProductListKeyboard(t: Texts, list: Page<AdminProductLine>): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const p of list.items)
    keyboard.text(t.adminCatalog.products.line(p), cb({ type: 'adminProduct', productId: p.id })).row();
  addPager(keyboard, t, list.page, list.pages, (page) => cb({ type: 'adminProducts', page }));
  return keyboard
    .text(t.adminCatalog.products.add, cb({ type: 'adminProductNew' }))
    .row()
    .text(t.adminCatalog.backToMenu, cb({ type: 'adminPanel' }));
}

export function adminProductKeyboard(t: Texts, product: AdminProduct): InlineKeyboard {
  const p = t.adminCatalog.products;
  const productId = product.id;
  const edit = (field: 'name' | 'price' | 'desc' | 'cat' | 'snk') =>
    cb({ type: 'adminProductEdit', productId, field });
  return new InlineKeyboard()
    .text(p.editName, edit('name'))
    .text(p.editPrice, edit('price'))
    .text(p.editDescription, edit('desc'))
    .row()
    .text(p.editCategory, edit('cat'))
    .text(p.editSnk, edit('snk'))
    .text(p.stock, cb({ type: 'adminStock', productId }))
    .row()
    .text(product.active ? p.deactivate : p.activate, cb({ type: 'adminProductToggle', productId }))
    .text(p.moveUp, cb({ type: 'adminProductMove', productId, direction: 'up' }))
    .text(p.moveDown, cb({ type: 'adminProductMove', productId, direction: 'down' }))
    .row()
    .text(p.remove, cb({ type: 'adminProductDelete', productId }))
    .text(t.adminCatalog.back, cb({ type: 'adminProducts', page: 1 }));
}

export function adminDeleteRefusedKeyboard(t: Texts, product: AdminProduct): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (product.active)
    keyboard.text(
      t.adminCatalog.products.deactivate,
      cb({ type: 'adminProductToggle', productId: product.id }),
    );
  return keyboard.text(t.adminCatalog.back, cb({ type: 'adminProduct', productId: product.id }));
}

export function adminDeleteConfirmKeyboard(t: Texts, productId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.adminCatalog.products.confirmDelete, cb({ type: 'adminProductDeleteConfirmed', productId }))
    .text(t.adminCatalog.products.keep, cb({ type: 'adminProduct', productId }));
}

export function adminCreatedKeyboard(t: Texts, productId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t.adminCatalog.products.addSnk, cb({ type: 'adminProductEdit', productId, field: 'snk' }))
    .text(t.adminCatalog.products.skipSnk, cb({ type: 'adminProduct', productId }));
}

export function adminSaveAnywayKeyboard(t: Texts, productId: number): InlineKeyboard {
  return new InlineKeyboard().text(
    t.adminCatalog.products.saveAnyway,
    cb({ type: 'adminProductSave', productId }),
  );
}

export function adminCategoryListKeyboard(t: Texts, list: Page<AdminCategory>): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const c of list.items)
    keyboard.text(t.adminCatalog.categories.line(c), cb({ type: 'adminCategory', categoryId: c.id })).row();
  addPager(keyboard, t, list.page, list.pages, (page) => cb({ type: 'adminCategories', page }));
  return keyboard
    .text(t.adminCatalog.categories.add, cb({ type: 'adminCategoryNew' }))
    .row()
    .text(t.adminCatalog.backToMenu, cb({ type: 'adminPanel' }));
}

export function adminCategoryKeyboard(t: Texts, categoryId: number): InlineKeyboard {
  const c = t.adminCatalog.categories;
  return new InlineKeyboard()
    .text(c.rename, cb({ type: 'adminCategoryRename', categoryId }))
    .text(t.adminCatalog.products.moveUp, cb({ type: 'adminCategoryMove', categoryId, direction: 'up' }))
    .text(t.adminCatalog.products.moveDown, cb({ type: 'adminCategoryMove', categoryId, direction: 'down' }))
    .row()
    .text(c.remove, cb({ type: 'adminCategoryDelete', categoryId }))
    .text(t.adminCatalog.back, cb({ type: 'adminCategories', page: 1 }));
}
