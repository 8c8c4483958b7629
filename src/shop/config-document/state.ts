import { sql } from 'kysely';
import type { Db } from '../../infra/db.ts';
import { isTemplateKey } from '../../messages/registry.ts';
import { categoryKey, productKey, voucherKey } from './keys.ts';
import {
  CATEGORY_FIELDS,
  CONFIG_FORMAT,
  CONFIG_VERSION,
  type ConfigDocument,
  type FieldSpec,
  PRODUCT_FIELDS,
  readField,
  TEMPLATE_FIELDS,
  VOUCHER_FIELDS,
} from './schema.ts';

/** The shop's configuration as a document, with what a restore needs to change it. */
export interface ConfigState {
  document: ConfigDocument;
  categoryIds: Map<string, number>;
  products: Map<string, { id: number; version: number }>;
  voucherIds: Map<string, number>;
  /** Products (by key) with stock items or order lines: a restore deactivates them, never deletes. */
  productsInUse: Set<string>;
  /** Vouchers (by key) that were redeemed: kept for the orders that used them. */
  vouchersInUse: Set<string>;
}

function entryOf(fields: Record<string, FieldSpec<unknown>>, row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, readField(spec, row)]));
}

/**
 * Reads everything a configuration document holds. Run it in one snapshot (a repeatable
 * read transaction, or the restore's own locked transaction) so the parts agree.
 */
export async function readConfigState(db: Db, now = new Date()): Promise<ConfigState> {
  const categories = await db
    .selectFrom('categories')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  const products = await db
    .selectFrom('products as p')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .selectAll('p')
    .select('c.code as category_code')
    .select((eb) =>
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('stock_items as s')
              .select(sql.lit(1).as('x'))
              .whereRef('s.product_id', '=', 'p.id'),
          ),
          eb.exists(
            eb
              .selectFrom('order_items as i')
              .select(sql.lit(1).as('x'))
              .whereRef('i.product_id', '=', 'p.id'),
          ),
        ])
        .as('in_use'),
    )
    .orderBy('p.sort_order')
    .orderBy('p.code')
    .execute();
  // A scope is written as the product's or category's code (ids differ between shops).
  const vouchers = await db
    .selectFrom('vouchers as v')
    .leftJoin('products as sp', 'sp.id', 'v.product_id')
    .leftJoin('categories as sc', 'sc.id', 'v.category_id')
    .selectAll('v')
    .select(['sp.code as scope_product_code', 'sc.code as scope_category_code'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('voucher_redemptions as r')
            .select(sql.lit(1).as('x'))
            .whereRef('r.voucher_id', '=', 'v.id'),
        )
        .as('in_use'),
    )
    .orderBy('v.code')
    .execute();
  const templates = await db
    .selectFrom('message_templates as t')
    .innerJoin('message_template_versions as v', (join) =>
      join
        .onRef('v.key', '=', 't.key')
        .onRef('v.locale', '=', 't.locale')
        .onRef('v.version', '=', 't.active_version'),
    )
    .selectAll('v')
    .orderBy('t.key')
    .orderBy('t.locale')
    .execute();

  const document = {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    exportedAt: now.toISOString(),
    categories: categories.map((row) => ({ code: row.code, ...entryOf(CATEGORY_FIELDS, row) })),
    products: products.map((row) => ({ code: row.code, ...entryOf(PRODUCT_FIELDS, row) })),
    vouchers: vouchers.map((row) => ({ code: row.code, ...entryOf(VOUCHER_FIELDS, row) })),
    // An override of a template the shop no longer has would make the document unrestorable.
    templates: templates
      .filter((row) => isTemplateKey(row.key))
      .map((row) => ({
        key: row.key,
        locale: row.locale,
        ...entryOf(TEMPLATE_FIELDS, row),
      })),
  } as ConfigDocument;
  return {
    document,
    categoryIds: new Map(categories.map((c) => [categoryKey(c.code), c.id])),
    products: new Map(products.map((p) => [productKey(p.code), { id: p.id, version: p.version }])),
    voucherIds: new Map(vouchers.map((v) => [voucherKey(v.code), v.id])),
    productsInUse: new Set(products.filter((p) => p.in_use).map((p) => productKey(p.code))),
    vouchersInUse: new Set(vouchers.filter((v) => v.in_use).map((v) => voucherKey(v.code))),
  };
}

/** The configuration document as it is now, read in one consistent snapshot. */
export function exportConfig(db: Db, now = new Date()): Promise<ConfigDocument> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => (await readConfigState(trx, now)).document);
}
