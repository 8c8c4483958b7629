import { type Kysely, sql } from 'kysely';
import type { Cipher } from '../infra/crypto.ts';
import type { Database } from '../infra/database.ts';
import { pageWindow } from './catalog.ts';
import { addStock } from './stock.ts';

/** One item longer than this is refused: it would not fit a delivery message. */
export const MAX_ITEM_CHARS = 4000;

/** `line`: one item per line; `block`: items separated by a blank line (multi-line items). */
export type StockMode = 'line' | 'block';

export interface ParsedStock {
  items: string[];
  /** Blank lines between items (line mode). */
  empty: number;
  tooLong: number;
  /** Items repeated inside the same paste or file (kept once). */
  repeated: number;
}

/** Splits pasted text or a file into items, counting what is refused. */
export function parseStockText(text: string, mode: StockMode): ParsedStock {
  const normalized = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '');
  const pieces =
    mode === 'line'
      ? normalized.split('\n').map((line) => line.trim())
      : normalized
          .split(/\n[ \t]*\n/)
          .map((block) => block.replace(/[ \t]+$/gm, '').trim())
          .filter((block) => block.length > 0);
  const result: ParsedStock = { items: [], empty: 0, tooLong: 0, repeated: 0 };
  const seen = new Set<string>();
  for (const piece of pieces) {
    if (piece.length === 0) result.empty++;
    else if (piece.length > MAX_ITEM_CHARS) result.tooLong++;
    else if (seen.has(piece)) result.repeated++;
    else {
      seen.add(piece);
      result.items.push(piece);
    }
  }
  return result;
}

export interface StockUpload {
  added: number;
  /** Already in this product's stock (by the encrypted fingerprint). */
  existing: number;
  repeated: number;
  empty: number;
  tooLong: number;
}

/** Adds parsed items and clears the low-stock mark once stock is back above the threshold. */
export async function addParsedStock(
  db: Kysely<Database>,
  cipher: Cipher,
  productId: number,
  parsed: ParsedStock,
  onProgress?: (done: number, total: number) => Promise<void> | void,
): Promise<StockUpload> {
  const { added, duplicates } = await addStock(db, cipher, productId, parsed.items, { onProgress });
  await sql`
    UPDATE products p SET low_stock_notified_at = NULL
    WHERE p.id = ${productId} AND p.low_stock_notified_at IS NOT NULL
      AND (SELECT count(*) FROM stock_items s WHERE s.product_id = p.id AND s.status = 'available')
          > p.low_stock_threshold`.execute(db);
  return {
    added,
    existing: duplicates,
    repeated: parsed.repeated,
    empty: parsed.empty,
    tooLong: parsed.tooLong,
  };
}

/** "ab…yz": enough to tell items apart on a screen others may see, never the whole item. */
export function maskItem(content: string): string {
  const flat = content.replace(/\s+/g, ' ');
  const chars = [...flat];
  if (chars.length <= 4) return '•'.repeat(chars.length);
  const keep = chars.length >= 10 ? 2 : 1;
  return `${chars.slice(0, keep).join('')}…${chars.slice(-keep).join('')}`;
}

export interface MaskedItem {
  id: number;
  masked: string;
}

/** Unsold (available) items of a product, oldest first, masked; one page at a time. */
export async function availableItemsPage(
  db: Kysely<Database>,
  cipher: Cipher,
  productId: number,
  options: { page: number; pageSize: number },
): Promise<{ items: MaskedItem[]; page: number; pages: number; total: number }> {
  const { rows: counted } = await sql<{ total: number }>`
    SELECT count(*)::int AS total FROM stock_items
    WHERE product_id = ${productId} AND status = 'available'`.execute(db);
  const total = counted[0]?.total ?? 0;
  const { page, pages, limit, offset } = pageWindow(total, options.page, options.pageSize);
  const rows = await db
    .selectFrom('stock_items')
    .select(['id', 'content_enc'])
    .where('product_id', '=', productId)
    .where('status', '=', 'available')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const items = rows.map((row) => ({ id: row.id, masked: maskOrUnreadable(cipher, row.content_enc) }));
  return { items, page, pages, total };
}

function maskOrUnreadable(cipher: Cipher, enc: string): string {
  try {
    return maskItem(cipher.decrypt(enc));
  } catch {
    return '⚠️';
  }
}

export interface StockItemInfo {
  id: number;
  productId: number;
  status: 'available' | 'reserved' | 'sold';
  content: string;
}

/** One item in clear, for an admin who asked to see it (the caller audits that). */
export async function revealItem(
  db: Kysely<Database>,
  cipher: Cipher,
  itemId: number,
): Promise<StockItemInfo | null> {
  const row = await db
    .selectFrom('stock_items')
    .select(['id', 'product_id', 'status', 'content_enc'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    productId: row.product_id,
    status: row.status,
    content: cipher.decrypt(row.content_enc),
  };
}

/** Deletes an item that is still for sale; reserved and sold items stay (orders hold them). */
export async function removeAvailableItem(
  db: Kysely<Database>,
  itemId: number,
): Promise<{ productId: number } | null> {
  const row = await db
    .deleteFrom('stock_items')
    .where('id', '=', itemId)
    .where('status', '=', 'available')
    .returning('product_id')
    .executeTakeFirst();
  return row ? { productId: row.product_id } : null;
}

export async function lowStockThreshold(db: Kysely<Database>, productId: number): Promise<number> {
  const row = await db
    .selectFrom('products')
    .select('low_stock_threshold')
    .where('id', '=', productId)
    .executeTakeFirst();
  return row?.low_stock_threshold ?? 0;
}

export async function setLowStockThreshold(
  db: Kysely<Database>,
  productId: number,
  threshold: number,
): Promise<{ before: number } | null> {
  const { rows } = await sql<{ before: number }>`
    UPDATE products p SET low_stock_threshold = ${threshold}, low_stock_notified_at = NULL
    FROM (SELECT id, low_stock_threshold AS before FROM products WHERE id = ${productId} FOR UPDATE) old
    WHERE p.id = old.id
    RETURNING old.before`.execute(db);
  return rows[0] ?? null;
}

export interface LowStockProduct {
  id: number;
  code: string;
  name: string;
  available: number;
  threshold: number;
}

/**
 * Marks the products that are now at or below their threshold and were not yet reported,
 * and returns them: each crossing is reported once, whoever calls this concurrently.
 */
export async function claimLowStock(db: Kysely<Database>, productIds: number[]): Promise<LowStockProduct[]> {
  if (productIds.length === 0) return [];
  const { rows } = await sql<LowStockProduct>`
    WITH counted AS (
      SELECT p.id, (SELECT count(*)::int FROM stock_items s
                    WHERE s.product_id = p.id AND s.status = 'available') AS available
      FROM products p WHERE p.id = ANY(${productIds}::int[]))
    UPDATE products p SET low_stock_notified_at = now()
    FROM counted c
    WHERE p.id = c.id AND p.low_stock_notified_at IS NULL AND c.available <= p.low_stock_threshold
    RETURNING p.id, p.code, p.name, c.available, p.low_stock_threshold AS threshold`.execute(db);
  return rows;
}

export interface StockProductRow {
  id: number;
  code: string;
  name: string;
  available: number;
  threshold: number;
}

/** Every product (active or not) with its available stock, for the admin's product picker. */
export async function stockProductsPage(
  db: Kysely<Database>,
  options: { page: number; pageSize: number },
): Promise<{ items: StockProductRow[]; page: number; pages: number; total: number }> {
  const { rows: counted } = await sql<{ total: number }>`SELECT count(*)::int AS total FROM products`.execute(
    db,
  );
  const total = counted[0]?.total ?? 0;
  const { page, pages, limit, offset } = pageWindow(total, options.page, options.pageSize);
  const { rows } = await sql<StockProductRow>`
    SELECT p.id, p.code, p.name, p.low_stock_threshold AS threshold,
           (SELECT count(*)::int FROM stock_items s
             WHERE s.product_id = p.id AND s.status = 'available') AS available
    FROM products p
    ORDER BY p.sort_order, p.name, p.id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return { items: rows, page, pages, total };
}

/** A product's SNK text (null = none), with the old one for the audit trail. */
export async function setProductSnk(
  db: Kysely<Database>,
  productId: number,
  snk: string | null,
): Promise<{ before: string | null } | null> {
  const { rows } = await sql<{ before: string | null }>`
    UPDATE products p SET snk = ${snk}, version = p.version + 1, updated_at = now()
    FROM (SELECT id, snk AS before FROM products WHERE id = ${productId} FOR UPDATE) old
    WHERE p.id = old.id
    RETURNING old.before`.execute(db);
  return rows[0] ?? null;
}
