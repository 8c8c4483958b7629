import { type Kysely, sql } from 'kysely';
import type { Cipher } from '../infra/crypto.ts';
import type { Database } from '../infra/database.ts';

/** Rows per INSERT: well under Postgres' 65,535 bind parameters. */
const INSERT_BATCH = 1000;

export interface OrderLine {
  productId: number;
  quantity: number;
}

export type ReserveResult = { ok: true } | { ok: false; productId: number; available: number };

/**
 * Adds items (one per line) encrypted at rest. Blank lines are skipped; an item already
 * in this product's stock, or repeated in `contents`, counts as a duplicate.
 */
export async function addStock(
  db: Kysely<Database>,
  cipher: Cipher,
  productId: number,
  contents: string[],
): Promise<{ added: number; duplicates: number }> {
  const items = contents.map((line) => line.trim()).filter((line) => line.length > 0);
  const unique = new Map<string, string>();
  for (const item of items) {
    const hash = cipher.hash(item);
    if (!unique.has(hash)) unique.set(hash, item);
  }
  const rows = [...unique].map(([hash, item]) => ({
    product_id: productId,
    content_enc: cipher.encrypt(item),
    content_hash: hash,
  }));
  let added = 0;
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const inserted = await db
      .insertInto('stock_items')
      .values(rows.slice(start, start + INSERT_BATCH))
      .onConflict((oc) => oc.columns(['product_id', 'content_hash']).doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  return { added, duplicates: items.length - added };
}

/**
 * Reserves items for an order inside the caller's transaction. SKIP LOCKED lets
 * concurrent buyers take different rows instead of queueing on the same ones; on a
 * shortfall nothing is undone here: the caller must roll its transaction back.
 */
export async function reserveForOrder(
  trx: Kysely<Database>,
  orderId: string,
  lines: OrderLine[],
): Promise<ReserveResult> {
  const ordered = [...lines].sort((a, b) => a.productId - b.productId);
  for (const line of ordered) {
    const { rows } = await sql<{ id: number }>`
      WITH picked AS (
        SELECT id FROM stock_items
        WHERE product_id = ${line.productId} AND status = 'available'
        ORDER BY id
        LIMIT ${line.quantity}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE stock_items s SET status = 'reserved', order_id = ${orderId}, reserved_at = now()
      FROM picked WHERE s.id = picked.id
      RETURNING s.id`.execute(trx);
    if (rows.length < line.quantity) return { ok: false, productId: line.productId, available: rows.length };
  }
  return { ok: true };
}

/** Returns an unpaid order's items to the shelf; sold items are never touched. */
export async function releaseStock(db: Kysely<Database>, orderId: string): Promise<number> {
  const result = await db
    .updateTable('stock_items')
    .set({ status: 'available', order_id: null, reserved_at: null })
    .where('order_id', '=', orderId)
    .where('status', '=', 'reserved')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Reserved → sold. Calling it again changes nothing and returns 0. */
export async function markSold(db: Kysely<Database>, orderId: string): Promise<number> {
  const result = await db
    .updateTable('stock_items')
    .set({ status: 'sold', sold_at: sql`now()` })
    .where('order_id', '=', orderId)
    .where('status', '=', 'reserved')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface OrderContent {
  productId: number;
  productName: string;
  content: string;
}

/** The decrypted items held by an order (reserved or sold), for delivery and resends. */
export async function orderContents(
  db: Kysely<Database>,
  cipher: Cipher,
  orderId: string,
): Promise<OrderContent[]> {
  const { rows } = await sql<{ productId: number; productName: string; enc: string }>`
    SELECT s.product_id AS "productId", coalesce(oi.product_name, p.name) AS "productName",
           s.content_enc AS enc
    FROM stock_items s
    JOIN products p ON p.id = s.product_id
    LEFT JOIN order_items oi ON oi.order_id = s.order_id AND oi.product_id = s.product_id
    WHERE s.order_id = ${orderId} AND s.status IN ('reserved', 'sold')
    ORDER BY s.product_id, s.id`.execute(db);
  return rows.map((row) => ({
    productId: row.productId,
    productName: row.productName,
    content: cipher.decrypt(row.enc),
  }));
}

export async function stockCounts(
  db: Kysely<Database>,
  productId: number,
): Promise<{ available: number; reserved: number; sold: number }> {
  const { rows } = await sql<{ available: number; reserved: number; sold: number }>`
    SELECT count(*) FILTER (WHERE status = 'available')::int AS available,
           count(*) FILTER (WHERE status = 'reserved')::int AS reserved,
           count(*) FILTER (WHERE status = 'sold')::int AS sold
    FROM stock_items WHERE product_id = ${productId}`.execute(db);
  return rows[0] ?? { available: 0, reserved: 0, sold: 0 };
}
