import { type Kysely, sql } from 'kysely';
import type { AuditLog } from '../infra/audit.ts';
import type { Database } from '../infra/database.ts';
import { recordAdminAction } from './admin-audit.ts';
import { type Page, pageWindow } from './catalog.ts';

type Db = Kysely<Database>;

export const MAX_PRICE = 100_000_000;
const OPEN_ORDER = ['reserving', 'awaiting_payment', 'paid', 'undelivered'] as const;

/** Who acts, and where the audit line goes. */
export interface Actor {
  adminId: number;
  audit: AuditLog;
}

export type PriceProblem = 'format' | 'notPositive' | 'tooLarge';

/**
 * Whole rupiah as sellers type them: "45000", "45.000", "45,000", "Rp 45.000", "45k",
 * "45rb". Anything else (decimals, words, zero, negatives, above MAX_PRICE) is refused.
 */
export function parseRupiah(
  input: string,
): { ok: true; value: number } | { ok: false; problem: PriceProblem } {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/^rp\.?/, '')
    .replace(/\s+/g, '');
  if (/^-\d/.test(text)) return { ok: false, problem: 'notPositive' };
  const match = /^(\d{1,3}(?:[.,]\d{3})+|\d{1,12})(k|rb|ribu)?$/.exec(text);
  if (!match) return { ok: false, problem: 'format' };
  const value = Number(match[1]!.replace(/[.,]/g, '')) * (match[2] ? 1000 : 1);
  if (value <= 0) return { ok: false, problem: 'notPositive' };
  if (value > MAX_PRICE) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value };
}

export const PRODUCT_CODE = /^[\w.-]{1,64}$/;

/** The fields an admin edits; what an edit prompt remembers it showed. */
export interface ProductFields {
  name: string;
  price: number;
  description: string;
  categoryId: number | null;
  active: boolean;
  snk: string | null;
}

export const PRODUCT_FIELDS = ['name', 'price', 'description', 'categoryId', 'active', 'snk'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

export interface AdminProduct extends ProductFields {
  id: number;
  code: string;
  categoryName: string | null;
  version: number;
  available: number;
  reserved: number;
  sold: number;
  /** Sum of paid order lines (unit price × quantity) for this product. */
  revenue: number;
  openOrders: number;
}

export async function getAdminProduct(db: Db, productId: number): Promise<AdminProduct | undefined> {
  const { rows } = await sql<AdminProduct>`
    SELECT p.id, p.code, p.name, p.price, p.description, p.category_id AS "categoryId", p.active, p.snk,
           p.version, c.name AS "categoryName",
           s.available, s.reserved, s.sold, o.revenue, o.open AS "openOrders"
    FROM products p
    LEFT JOIN categories c ON c.id = p.category_id
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE status = 'available')::int AS available,
             count(*) FILTER (WHERE status = 'reserved')::int AS reserved,
             count(*) FILTER (WHERE status = 'sold')::int AS sold
      FROM stock_items WHERE product_id = p.id) s
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(i.unit_price * i.quantity) FILTER (WHERE o.paid_at IS NOT NULL), 0)::int AS revenue,
             count(DISTINCT o.id) FILTER (WHERE o.status IN ('reserving', 'awaiting_payment', 'paid', 'undelivered'))::int AS open
      FROM order_items i JOIN orders o ON o.id = i.order_id WHERE i.product_id = p.id) o
    WHERE p.id = ${productId}`.execute(db);
  return rows[0];
}

export async function findProductByCode(db: Db, code: string) {
  return db
    .selectFrom('products')
    .select(['id', 'code'])
    .where(sql`lower(code)`, '=', code.trim().toLowerCase())
    .executeTakeFirst();
}

export interface AdminProductLine {
  id: number;
  code: string;
  name: string;
  price: number;
  active: boolean;
  available: number;
}

/** Every product, active or not, in category order then position. */
export async function listAdminProducts(
  db: Db,
  page: number,
  pageSize: number,
): Promise<Page<AdminProductLine>> {
  const total = Number(
    (
      await db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const window = pageWindow(total, page, pageSize);
  const { rows } = await sql<AdminProductLine>`
    SELECT p.id, p.code, p.name, p.price, p.active,
           (SELECT count(*)::int FROM stock_items s WHERE s.product_id = p.id AND s.status = 'available') AS available
    FROM products p LEFT JOIN categories c ON c.id = p.category_id
    ORDER BY c.sort_order NULLS LAST, c.id, p.sort_order, p.name, p.id
    LIMIT ${window.limit} OFFSET ${window.offset}`.execute(db);
  return { items: rows, page: window.page, pages: window.pages, total };
}

export interface AdminCategory {
  id: number;
  code: string;
  name: string;
  emoji: string | null;
  products: number;
}

export async function listAdminCategories(
  db: Db,
  page: number,
  pageSize: number,
): Promise<Page<AdminCategory>> {
  const all = await allCategories(db);
  const window = pageWindow(all.length, page, pageSize);
  return {
    items: all.slice(window.offset, window.offset + window.limit),
    page: window.page,
    pages: window.pages,
    total: all.length,
  };
}

export async function allCategories(db: Db): Promise<AdminCategory[]> {
  const { rows } = await sql<AdminCategory>`
    SELECT c.id, c.code, c.name, c.emoji, count(p.id)::int AS products
    FROM categories c LEFT JOIN products p ON p.category_id = c.id
    GROUP BY c.id ORDER BY c.sort_order, c.name, c.id`.execute(db);
  return rows;
}

export async function getAdminCategory(db: Db, categoryId: number): Promise<AdminCategory | undefined> {
  return (await allCategories(db)).find((c) => c.id === categoryId);
}

/** A category as typed: its list number, code or name (case-insensitive). */
export async function findCategory(db: Db, typed: string): Promise<AdminCategory | undefined> {
  const all = await allCategories(db);
  const text = typed.trim().toLowerCase();
  if (/^\d{1,4}$/.test(text)) {
    const byNumber = all[Number(text) - 1];
    if (byNumber) return byNumber;
  }
  return all.find((c) => c.code.toLowerCase() === text || c.name.toLowerCase() === text);
}

/** "Game Online" → "game-online", made unique against the codes in use. */
async function categoryCode(db: Db, name: string): Promise<string> {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'kategori';
  const taken = new Set((await db.selectFrom('categories').select('code').execute()).map((c) => c.code));
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  return code;
}

export async function createCategory(
  db: Db,
  actor: Actor,
  input: { name: string; emoji: string | null },
): Promise<{ id: number; code: string }> {
  return db.transaction().execute(async (trx) => {
    const code = await categoryCode(trx, input.name);
    const last = await trx
      .selectFrom('categories')
      .select((eb) => eb.fn.max('sort_order').as('max'))
      .executeTakeFirst();
    const row = await trx
      .insertInto('categories')
      .values({ code, name: input.name, emoji: input.emoji, sort_order: Number(last?.max ?? 0) + 1 })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'category.create',
      target: `category:${code}`,
      after: { name: input.name, emoji: input.emoji },
    });
    return row;
  });
}

export async function renameCategory(
  db: Db,
  actor: Actor,
  categoryId: number,
  input: { name: string; emoji?: string | null },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('categories')
      .select(['code', 'name', 'emoji'])
      .where('id', '=', categoryId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return false;
    const emoji = input.emoji === undefined ? before.emoji : input.emoji;
    await trx
      .updateTable('categories')
      .set({ name: input.name, emoji })
      .where('id', '=', categoryId)
      .execute();
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'category.rename',
      target: `category:${before.code}`,
      before: { name: before.name, emoji: before.emoji },
      after: { name: input.name, emoji },
    });
    return true;
  });
}

export type DeleteCategoryResult =
  | { ok: true }
  | { ok: false; reason: 'notFound' }
  | { ok: false; reason: 'hasProducts'; products: number };

export async function deleteCategory(
  db: Db,
  actor: Actor,
  categoryId: number,
): Promise<DeleteCategoryResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('categories')
      .selectAll()
      .where('id', '=', categoryId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'notFound' } as const;
    // FOR UPDATE on the category row: a product created into it meanwhile waits for us.
    const held = Number(
      (
        await trx
          .selectFrom('products')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('category_id', '=', categoryId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (held > 0) return { ok: false, reason: 'hasProducts', products: held } as const;
    await trx.deleteFrom('categories').where('id', '=', categoryId).execute();
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'category.delete',
      target: `category:${row.code}`,
      before: { name: row.name, emoji: row.emoji },
    });
    return { ok: true } as const;
  });
}

export type Direction = 'up' | 'down';

/** Swaps with the neighbour and renumbers 1..n, so equal positions (all 0 from an import) order too. */
function reordered<T extends { id: number }>(rows: T[], id: number, direction: Direction): T[] | null {
  const at = rows.findIndex((r) => r.id === id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at === -1 || to < 0 || to >= rows.length) return null;
  const next = [...rows];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}

export async function moveCategory(
  db: Db,
  actor: Actor,
  categoryId: number,
  direction: Direction,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('categories')
      .select(['id', 'code'])
      .orderBy('sort_order')
      .orderBy('name')
      .orderBy('id')
      .forUpdate()
      .execute();
    const next = reordered(rows, categoryId, direction);
    if (!next) return false;
    for (const [i, row] of next.entries())
      await trx
        .updateTable('categories')
        .set({ sort_order: i + 1 })
        .where('id', '=', row.id)
        .execute();
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'category.move',
      target: `category:${rows.find((r) => r.id === categoryId)?.code}`,
      before: { position: rows.findIndex((r) => r.id === categoryId) + 1 },
      after: { position: next.findIndex((r) => r.id === categoryId) + 1 },
    });
    return true;
  });
}

export interface NewProduct {
  categoryId: number | null;
  code: string;
  name: string;
  price: number;
  description: string;
}

export type CreateProductResult =
  | { ok: true; id: number }
  | { ok: false; reason: 'codeTaken' | 'unknownCategory' };

export async function createProduct(db: Db, actor: Actor, input: NewProduct): Promise<CreateProductResult> {
  return db.transaction().execute(async (trx) => {
    if (input.categoryId !== null) {
      const category = await trx
        .selectFrom('categories')
        .select('id')
        .where('id', '=', input.categoryId)
        .forShare()
        .executeTakeFirst();
      if (!category) return { ok: false, reason: 'unknownCategory' } as const;
    }
    if (await findProductByCode(trx, input.code)) return { ok: false, reason: 'codeTaken' } as const;
    const last = await trx
      .selectFrom('products')
      .select((eb) => eb.fn.max('sort_order').as('max'))
      .where('category_id', input.categoryId === null ? 'is' : '=', input.categoryId)
      .executeTakeFirst();
    const row = await trx
      .insertInto('products')
      .values({
        code: input.code,
        category_id: input.categoryId,
        name: input.name,
        price: input.price,
        description: input.description,
        sort_order: Number(last?.max ?? 0) + 1,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'codeTaken' } as const;
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'product.create',
      target: `product:${input.code}`,
      after: { ...input },
    });
    return { ok: true, id: row.id } as const;
  });
}

export interface FieldChange {
  field: ProductField;
  from: unknown;
  to: unknown;
}

export type UpdateProductResult =
  | { ok: true; product: ProductFields & { version: number } }
  | { ok: false; reason: 'notFound' | 'unknownCategory' }
  /** Someone saved since `seen`: what they changed, and the version to confirm against. */
  | { ok: false; reason: 'conflict'; changed: FieldChange[]; version: number };

function fieldsOf(row: {
  name: string;
  price: number;
  description: string;
  category_id: number | null;
  active: boolean;
  snk: string | null;
}): ProductFields {
  return {
    name: row.name,
    price: row.price,
    description: row.description,
    categoryId: row.category_id,
    active: row.active,
    snk: row.snk,
  };
}

export function diffFields(from: Partial<ProductFields>, to: Partial<ProductFields>): FieldChange[] {
  return PRODUCT_FIELDS.filter((f) => f in from && f in to && from[f] !== to[f]).map((field) => ({
    field,
    from: from[field],
    to: to[field],
  }));
}

/**
 * Saves `changes` if the product is still at `expectedVersion` (the version the admin
 * was shown); otherwise nothing is written and the caller learns what changed since,
 * given `seen` (the values shown). Every save bumps the version, so no save is lost.
 */
export async function updateProduct(
  db: Db,
  actor: Actor,
  input: {
    productId: number;
    expectedVersion: number;
    seen: Partial<ProductFields>;
    changes: Partial<ProductFields>;
  },
): Promise<UpdateProductResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('products')
      .selectAll()
      .where('id', '=', input.productId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'notFound' } as const;
    const current = fieldsOf(row);
    if (row.version !== input.expectedVersion) {
      const changed = diffFields({ ...current, ...input.seen }, current);
      return { ok: false, reason: 'conflict', changed, version: row.version } as const;
    }
    if (input.changes.categoryId !== undefined && input.changes.categoryId !== null) {
      const category = await trx
        .selectFrom('categories')
        .select('id')
        .where('id', '=', input.changes.categoryId)
        .executeTakeFirst();
      if (!category) return { ok: false, reason: 'unknownCategory' } as const;
    }
    const next = { ...current, ...input.changes };
    const updated = await trx
      .updateTable('products')
      .set({
        name: next.name,
        price: next.price,
        description: next.description,
        category_id: next.categoryId,
        active: next.active,
        snk: next.snk,
        version: row.version + 1,
        updated_at: sql`now()`,
      })
      .where('id', '=', row.id)
      .returning('version')
      .executeTakeFirstOrThrow();
    const changes = diffFields(current, next);
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'product.update',
      target: `product:${row.code}`,
      before: Object.fromEntries(changes.map((c) => [c.field, c.from])),
      after: Object.fromEntries(changes.map((c) => [c.field, c.to])),
    });
    return { ok: true, product: { ...next, version: updated.version } } as const;
  });
}

export async function moveProduct(
  db: Db,
  actor: Actor,
  productId: number,
  direction: Direction,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const product = await trx
      .selectFrom('products')
      .select(['code', 'category_id'])
      .where('id', '=', productId)
      .executeTakeFirst();
    if (!product) return false;
    const rows = await trx
      .selectFrom('products')
      .select(['id'])
      .where('category_id', product.category_id === null ? 'is' : '=', product.category_id)
      .orderBy('sort_order')
      .orderBy('name')
      .orderBy('id')
      .forUpdate()
      .execute();
    const next = reordered(rows, productId, direction);
    if (!next) return false;
    for (const [i, row] of next.entries())
      await trx
        .updateTable('products')
        .set({ sort_order: i + 1 })
        .where('id', '=', row.id)
        .execute();
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'product.move',
      target: `product:${product.code}`,
      before: { position: rows.findIndex((r) => r.id === productId) + 1 },
      after: { position: next.findIndex((r) => r.id === productId) + 1 },
    });
    return true;
  });
}

export type DeleteProductResult =
  | { ok: true }
  | { ok: false; reason: 'notFound' }
  /** Orders name it (sold items, open or past orders): it can only be deactivated. */
  | { ok: false; reason: 'inUse'; sold: number; openOrders: number };

export async function deleteProduct(db: Db, actor: Actor, productId: number): Promise<DeleteProductResult> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('products')
      .selectAll()
      .where('id', '=', productId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'notFound' } as const;
    const { rows } = await sql<{ sold: number; orders: number; open: number }>`
      SELECT (SELECT count(*)::int FROM stock_items WHERE product_id = ${productId} AND status <> 'available') AS sold,
             (SELECT count(*)::int FROM order_items WHERE product_id = ${productId}) AS orders,
             (SELECT count(DISTINCT o.id)::int FROM order_items i JOIN orders o ON o.id = i.order_id
               WHERE i.product_id = ${productId} AND o.status IN (${sql.join(OPEN_ORDER.map((s) => sql`${s}`))})) AS open`.execute(
      trx,
    );
    const usage = rows[0] ?? { sold: 0, orders: 0, open: 0 };
    if (usage.sold > 0 || usage.orders > 0)
      return { ok: false, reason: 'inUse', sold: usage.sold, openOrders: usage.open } as const;
    const removed = await trx
      .deleteFrom('stock_items')
      .where('product_id', '=', productId)
      .executeTakeFirst();
    await trx.deleteFrom('products').where('id', '=', productId).execute();
    await recordAdminAction(trx, actor.audit, {
      adminId: actor.adminId,
      action: 'product.delete',
      target: `product:${row.code}`,
      before: { ...fieldsOf(row), unsoldStockRemoved: Number(removed.numDeletedRows) },
    });
    return { ok: true } as const;
  });
}
