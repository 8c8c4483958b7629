import { type Kysely, sql } from 'kysely';
import type { Cipher } from '../infra/crypto.ts';
import type { Database } from '../infra/database.ts';

/** Rows per INSERT: well under Postgres' 65,535 bind parameters. */
const INSERT_BATCH = 1000;

/** `content_hash` under the derived fingerprint key (see infra/crypto deriveKey). */
export const FINGERPRINT_VERSION = 2;

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
  options: { onProgress?: (done: number, total: number) => Promise<void> | void } = {},
): Promise<{ added: number; duplicates: number }> {
  const items = contents.map((line) => line.trim()).filter((line) => line.length > 0);
  // Rows still fingerprinted the old way would not be recognised as duplicates.
  await upgradeStockKeys(db, cipher, { productId });
  const unique = new Map<string, string>();
  for (const item of items) {
    const hash = cipher.hash(item);
    if (!unique.has(hash)) unique.set(hash, item);
  }
  const rows = [...unique].map(([hash, item]) => ({
    product_id: productId,
    content_enc: cipher.encrypt(item),
    content_hash: hash,
    fingerprint_version: FINGERPRINT_VERSION,
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
    await options.onProgress?.(Math.min(start + INSERT_BATCH, rows.length), rows.length);
  }
  return { added, duplicates: items.length - added };
}

export interface KeyUpgrade {
  upgraded: number;
  /** Rows another process upgraded meanwhile, or whose item is already stocked under the new key. */
  skipped: number;
  /** Rows the key cannot decrypt: left as they are. */
  unreadable: number;
}

/**
 * Moves stock rows written before key separation (fingerprint version 1) to the derived
 * keys: new fingerprint, and re-encrypted when still in the v1 format. Batched, and
 * idempotent: run at every start, and by addStock for its product, it does nothing once
 * done (an empty partial index). Safe with several processes at once.
 */
export async function upgradeStockKeys(
  db: Kysely<Database>,
  cipher: Cipher,
  options: { productId?: number; batchSize?: number } = {},
): Promise<KeyUpgrade> {
  const result: KeyUpgrade = { upgraded: 0, skipped: 0, unreadable: 0 };
  let after = 0;
  let analyzed = false;
  for (;;) {
    let query = db
      .selectFrom('stock_items')
      .select(['id', 'content_enc'])
      // A literal, so the planner uses the partial index on old rows.
      .where('fingerprint_version', '<', sql.lit(FINGERPRINT_VERSION))
      .where('id', '>', after)
      .orderBy('id')
      .limit(options.batchSize ?? 1000);
    if (options.productId !== undefined) query = query.where('product_id', '=', options.productId);
    const rows = await query.execute();
    const last = rows.at(-1);
    if (!last) return result;
    after = last.id;
    const values = [];
    for (const row of rows) {
      let plain: string;
      try {
        plain = cipher.decrypt(row.content_enc);
      } catch {
        result.unreadable += 1;
        continue;
      }
      const enc = cipher.isCurrent(row.content_enc) ? row.content_enc : cipher.encrypt(plain);
      values.push(sql`(${row.id}::bigint, ${cipher.hash(plain)}, ${enc})`);
    }
    if (values.length === 0) continue;
    // Statistics first: on a table just filled or restored the planner has none and checks
    // each row against the whole product instead of the (product, hash) index.
    if (!analyzed) await sql`ANALYZE stock_items`.execute(db);
    analyzed = true;
    const { rows: done } = await sql<{ id: number }>`
      UPDATE stock_items s
      SET content_hash = v.hash, content_enc = v.enc, fingerprint_version = ${FINGERPRINT_VERSION}
      FROM (VALUES ${sql.join(values)}) AS v (id, hash, enc)
      WHERE s.id = v.id AND s.fingerprint_version < ${FINGERPRINT_VERSION}
        AND NOT EXISTS (
          SELECT 1 FROM stock_items o
          WHERE o.product_id = s.product_id AND o.content_hash = v.hash AND o.id <> s.id)
      RETURNING s.id`.execute(db);
    result.upgraded += done.length;
    result.skipped += values.length - done.length;
  }
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
