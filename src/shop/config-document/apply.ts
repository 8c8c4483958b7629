import { sql } from 'kysely';
import type { AuditLog } from '../../infra/audit.ts';
import type { Db } from '../../infra/db.ts';
import { recordAdminAction } from '../admin-audit.ts';
import { type ConfigDiff, countsOf, diffConfig, diffHash, isEmptyDiff } from './diff.ts';
import { categoryKey, keyOf, productKey, voucherKey } from './keys.ts';
import {
  CATEGORY_FIELDS,
  type ConfigDocument,
  type FieldSpec,
  PRODUCT_FIELDS,
  TEMPLATE_FIELDS,
  VOUCHER_FIELDS,
  type VoucherEntry,
  writeField,
} from './schema.ts';
import { type ConfigState, readConfigState } from './state.ts';
import { writeTemplate } from './templates.ts';

export interface RestoreActor {
  /** Telegram id of whoever restores; 0 for the command line. */
  adminId: number;
  audit: AuditLog;
  /** `bot` or `cli`, for the audit trail. */
  via: 'bot' | 'cli';
}

export type RestoreResult =
  | { ok: true; diff: ConfigDiff; before: ConfigDocument }
  /** The shop changed since the preview: nothing was written; here is the change as it is now. */
  | { ok: false; reason: 'changed'; diff: ConfigDiff; hash: string };

/** What a restore would change, from a consistent snapshot (writes nothing). */
export async function previewRestore(
  db: Db,
  document: ConfigDocument,
): Promise<{ diff: ConfigDiff; hash: string }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const diff = diffConfig(await readConfigState(trx), document);
      return { diff, hash: diffHash(diff) };
    });
}

/**
 * Makes the shop's configuration what the (checked) document says, in one transaction:
 * all of it or nothing. The configuration tables are locked for the moment it takes, so
 * no admin edit slips between the comparison and the writes; with `expectedHash` (the
 * preview the owner confirmed) a shop that changed since is refused, not overwritten.
 * Stock, orders, the ledger and template history are never touched. `alsoInside` runs
 * in the same transaction (marking a draft applied).
 */
export async function applyRestore(
  db: Db,
  document: ConfigDocument,
  actor: RestoreActor,
  options: { expectedHash?: string; alsoInside?: (trx: Db) => Promise<void> } = {},
): Promise<RestoreResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await restoreOnce(db, document, actor, options);
    } catch (error) {
      // Taking four table locks can meet an admin's edit holding one of them the other way
      // round; PostgreSQL then aborts one side, and this side simply tries again.
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw error;
    }
  }
}

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

function restoreOnce(
  db: Db,
  document: ConfigDocument,
  actor: RestoreActor,
  options: { expectedHash?: string; alsoInside?: (trx: Db) => Promise<void> },
): Promise<RestoreResult> {
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE categories, products, vouchers, message_templates IN SHARE ROW EXCLUSIVE MODE`.execute(
      trx,
    );
    const state = await readConfigState(trx);
    const diff = diffConfig(state, document);
    const hash = diffHash(diff);
    if (options.expectedHash !== undefined && hash !== options.expectedHash)
      return { ok: false, reason: 'changed', diff, hash } as const;
    if (!isEmptyDiff(diff)) {
      await write(trx, state, document, diff, actor.adminId);
      await recordAdminAction(trx, actor.audit, {
        adminId: actor.adminId,
        action: 'config.restore',
        target: 'config',
        before: { counts: countsOf(state.document) },
        after: { via: actor.via, counts: countsOf(document), diff: summaryOf(diff) },
      });
    }
    await options.alsoInside?.(trx);
    return { ok: true, diff, before: state.document } as const;
  });
}

function columnsOf(
  fields: Record<string, FieldSpec<unknown>>,
  entry: Record<string, unknown>,
  skip: string[] = [],
) {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, spec]) => !skip.includes(spec.column))
      .map(([name, spec]) => [spec.column, writeField(spec, entry[name])]),
  );
}

async function write(
  trx: Db,
  state: ConfigState,
  document: ConfigDocument,
  diff: ConfigDiff,
  author: number,
) {
  const changed = (section: keyof ConfigDiff) =>
    new Set(diff[section].changed.map((c) => c.name.toLowerCase()));

  const categoryIds = new Map(state.categoryIds);
  const changedCategories = changed('categories');
  for (const c of document.categories) {
    const values = { code: c.code, ...columnsOf(CATEGORY_FIELDS, c) } as never;
    const id = categoryIds.get(categoryKey(c.code));
    if (id === undefined) {
      const row = await trx.insertInto('categories').values(values).returning('id').executeTakeFirstOrThrow();
      categoryIds.set(categoryKey(c.code), row.id);
    } else if (changedCategories.has(c.code.toLowerCase()))
      await trx.updateTable('categories').set(values).where('id', '=', id).execute();
  }

  const productIds = new Map([...state.products].map(([key, found]) => [key, found.id]));
  const changedProducts = changed('products');
  for (const p of document.products) {
    const values = {
      code: p.code,
      category_id: p.category === null ? null : (categoryIds.get(categoryKey(p.category)) ?? null),
      ...columnsOf(PRODUCT_FIELDS, p, ['category_code']),
    };
    const found = state.products.get(productKey(p.code));
    if (!found) {
      const row = await trx
        .insertInto('products')
        .values(values as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      productIds.set(productKey(p.code), row.id);
    } else if (changedProducts.has(p.code.toLowerCase()))
      // The version moves, so an admin's edit prompt opened before the restore notices.
      await trx
        .updateTable('products')
        .set({ ...values, version: found.version + 1, updated_at: sql`now()` } as never)
        .where('id', '=', found.id)
        .execute();
  }
  for (const r of diff.products.removed) {
    const found = state.products.get(productKey(r.name));
    if (!found) continue;
    if (r.outcome === 'deleted') await trx.deleteFrom('products').where('id', '=', found.id).execute();
    else
      await trx
        .updateTable('products')
        .set({ active: false, version: found.version + 1, updated_at: sql`now()` })
        .where('id', '=', found.id)
        .execute();
  }
  // After the products: a category is deleted only once nothing is in it.
  for (const r of diff.categories.removed) {
    const id = state.categoryIds.get(categoryKey(r.name));
    if (id === undefined) continue;
    if (r.outcome === 'deleted') await trx.deleteFrom('categories').where('id', '=', id).execute();
    else await trx.updateTable('categories').set({ active: false }).where('id', '=', id).execute();
  }

  const changedVouchers = changed('vouchers');
  for (const v of document.vouchers) {
    const values = {
      code: voucherKey(v.code),
      ...columnsOf(VOUCHER_FIELDS, v, ['scope_product_code', 'scope_category_code']),
      ...scopeIds(v, productIds, categoryIds),
    } as never;
    const id = state.voucherIds.get(voucherKey(v.code));
    if (id === undefined) await trx.insertInto('vouchers').values(values).execute();
    else if (changedVouchers.has(voucherKey(v.code).toLowerCase()))
      await trx.updateTable('vouchers').set(values).where('id', '=', id).execute();
  }
  for (const r of diff.vouchers.removed) {
    const id = state.voucherIds.get(voucherKey(r.name));
    if (id === undefined) continue;
    if (r.outcome === 'deleted') await trx.deleteFrom('vouchers').where('id', '=', id).execute();
    else await trx.updateTable('vouchers').set({ active: false }).where('id', '=', id).execute();
  }

  const touched = new Set([...diff.templates.added, ...diff.templates.changed.map((c) => c.name)]);
  for (const t of document.templates)
    if (touched.has(keyOf('templates', t)))
      await writeTemplate(trx, {
        key: t.key,
        locale: t.locale,
        columns: columnsOf(TEMPLATE_FIELDS, t),
        author,
      });
  for (const r of diff.templates.removed) {
    const [key = '', locale = ''] = r.name.split('/');
    await writeTemplate(trx, { key, locale, columns: null, author });
  }
}

/**
 * A voucher's scope references as ids, resolved by code against what this restore left
 * (checked: the codes are the document's own). A scope whose reference is null stays
 * null: the voucher applies to nothing, as it did when the document was taken.
 */
function scopeIds(
  v: VoucherEntry,
  productIds: Map<string, number>,
  categoryIds: Map<string, number>,
): { product_id: number | null; category_id: number | null } {
  const product = v.scope === 'product' && v.product !== null ? productIds.get(productKey(v.product)) : null;
  const category =
    v.scope === 'category' && v.category !== null ? categoryIds.get(categoryKey(v.category)) : null;
  return { product_id: product ?? null, category_id: category ?? null };
}

/** The diff with its names, bounded: the audit row says what changed without growing without end. */
function summaryOf(diff: ConfigDiff): Record<string, unknown> {
  const cap = <T>(list: T[]) =>
    list.length > 50 ? [...list.slice(0, 50), `+${list.length - 50} more`] : list;
  return Object.fromEntries(
    Object.entries(diff).map(([section, d]) => [
      section,
      {
        added: cap(d.added),
        changed: cap(d.changed.map((c) => `${c.name}: ${c.fields.join(', ')}`)),
        removed: cap(d.removed.map((r) => `${r.name}: ${r.outcome}`)),
        unchanged: d.unchanged,
      },
    ]),
  );
}
