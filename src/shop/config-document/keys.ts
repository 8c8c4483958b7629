import { normalizeVoucherCode } from '../vouchers.ts';
import type { CategoryEntry, ProductEntry, Section, TemplateEntry, VoucherEntry } from './schema.ts';

/**
 * How an entry is matched with what the shop has: categories and products by code in any
 * case (as the catalog import matches them), vouchers by their normalised code, templates
 * by key and language.
 */
export const categoryKey = (code: string) => code.trim().toLowerCase();
export const productKey = (code: string) => code.trim().toLowerCase();
export const voucherKey = (code: string) => normalizeVoucherCode(code);
export const templateKey = (key: string, locale: string) => `${key}/${locale}`;

type EntryOf = {
  categories: CategoryEntry;
  products: ProductEntry;
  vouchers: VoucherEntry;
  templates: TemplateEntry;
};

/** The key of an entry of a section, and the name shown for it. */
export function keyOf<S extends Section>(section: S, entry: EntryOf[S]): string {
  switch (section) {
    case 'categories':
      return categoryKey((entry as CategoryEntry).code);
    case 'products':
      return productKey((entry as ProductEntry).code);
    case 'vouchers':
      return voucherKey((entry as VoucherEntry).code);
    default: {
      const t = entry as TemplateEntry;
      return templateKey(t.key, t.locale);
    }
  }
}

export function labelOf<S extends Section>(section: S, entry: EntryOf[S]): string {
  if (section === 'templates') {
    const t = entry as TemplateEntry;
    return templateKey(t.key, t.locale);
  }
  return section === 'vouchers' ? voucherKey((entry as VoucherEntry).code) : (entry as CategoryEntry).code;
}
