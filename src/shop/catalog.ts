import { type Kysely, sql } from 'kysely';
import type { Database } from '../infra/database.ts';
import { recentRead } from './recent-read.ts';

export interface CategorySummary {
  id: number;
  code: string;
  name: string;
  emoji: string | null;
  productCount: number;
}

export interface ProductSummary {
  id: number;
  code: string;
  name: string;
  price: number;
  /** Items available to buy now. */
  stock: number;
  /** Items sold so far. */
  sold: number;
}

export interface ProductDetail extends ProductSummary {
  description: string;
  snk: string | null;
  categoryId: number | null;
  active: boolean;
}

export interface Page<T> {
  items: T[];
  /** 1-based, clamped into 1..pages. */
  page: number;
  /** At least 1, so an empty list still renders as "page 1 of 1". */
  pages: number;
  total: number;
}

/** Active categories with how many active products each holds. */
export async function listCategories(db: Kysely<Database>): Promise<CategorySummary[]> {
  const { rows } = await sql<CategorySummary>`
    SELECT c.id, c.code, c.name, c.emoji, count(p.id)::int AS "productCount"
    FROM categories c
    LEFT JOIN products p ON p.category_id = c.id AND p.active
    WHERE c.active
    GROUP BY c.id
    ORDER BY c.sort_order, c.name, c.id`.execute(db);
  return rows;
}

/** Clamps a requested page into range; `pages` is never below 1. */
export function pageWindow(total: number, page: number, pageSize: number) {
  const size = Math.max(1, Math.floor(pageSize));
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { page: current, pages, limit: size, offset: (current - 1) * size };
}

export async function listProducts(
  db: Kysely<Database>,
  options: { categoryId?: number; page: number; pageSize: number },
): Promise<Page<ProductSummary>> {
  const inCategory =
    options.categoryId === undefined ? sql`true` : sql`p.category_id = ${options.categoryId}`;
  const { rows: counted } = await sql<{ total: number }>`
    SELECT count(*)::int AS total FROM products p WHERE p.active AND ${inCategory}`.execute(db);
  const total = counted[0]?.total ?? 0;
  const window = pageWindow(total, options.page, options.pageSize);
  // LATERAL after ORDER BY/LIMIT: stock is counted only for the products on this page.
  const { rows } = await sql<ProductSummary>`
    SELECT p.id, p.code, p.name, p.price, s.stock, s.sold
    FROM products p
    CROSS JOIN LATERAL (${stockAggregate()}) s
    WHERE p.active AND ${inCategory}
    ORDER BY p.sort_order, p.name, p.id
    LIMIT ${window.limit} OFFSET ${window.offset}`.execute(db);
  return { items: rows, page: window.page, pages: window.pages, total };
}

/** By id, or by code (case-insensitive). Inactive products are returned too, flagged. */
export async function getProduct(
  db: Kysely<Database>,
  idOrCode: number | string,
): Promise<ProductDetail | undefined> {
  const match =
    typeof idOrCode === 'number' ? sql`p.id = ${idOrCode}` : sql`lower(p.code) = lower(${idOrCode})`;
  const { rows } = await sql<ProductDetail>`
    SELECT p.id, p.code, p.name, p.description, p.price, s.stock, s.sold, p.snk,
           p.category_id AS "categoryId", p.active
    FROM products p
    CROSS JOIN LATERAL (${stockAggregate()}) s
    WHERE ${match}
    ORDER BY p.id
    LIMIT 1`.execute(db);
  return rows[0];
}

export interface ShopStats {
  /** Active products that can be bought right now. */
  products: number;
  /** Orders that were paid (delivered, paid and waiting, or paid but not deliverable). */
  completedTransactions: number;
  users: number;
}

export async function shopStats(db: Kysely<Database>): Promise<ShopStats> {
  const { rows } = await sql<ShopStats>`
    SELECT
      (SELECT count(*)::int FROM products p
        WHERE p.active AND EXISTS (
          SELECT 1 FROM stock_items s WHERE s.product_id = p.id AND s.status = 'available')) AS products,
      (SELECT count(*)::int FROM orders
        WHERE status IN ('delivered', 'paid', 'undelivered')) AS "completedTransactions",
      (SELECT count(*)::int FROM users) AS users`.execute(db);
  return rows[0] ?? { products: 0, completedTransactions: 0, users: 0 };
}

/**
 * How long the welcome's counts and categories may be behind: three counts over whole
 * tables and a catalog query on every /start were too dear in a burst of new buyers.
 */
export const WELCOME_MAX_AGE_MS = 5_000;

/** `shopStats` at most WELCOME_MAX_AGE_MS old; concurrent askers share one query. */
export const recentShopStats = recentRead(WELCOME_MAX_AGE_MS, shopStats);

/** `listCategories` for the welcome, as recent; browsing the catalog reads it fresh. */
export const recentCategories = recentRead(WELCOME_MAX_AGE_MS, listCategories);

/** Available and sold counts of product `p` in a single pass over its stock rows. */
function stockAggregate() {
  return sql`
    SELECT count(*) FILTER (WHERE status = 'available')::int AS stock,
           count(*) FILTER (WHERE status = 'sold')::int AS sold
    FROM stock_items WHERE product_id = p.id`;
}
