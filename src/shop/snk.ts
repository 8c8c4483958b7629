import { sql } from 'kysely';
import type { Cipher } from '../infra/crypto.ts';
import type { Db } from '../infra/db.ts';

/** A buyer's proof files (encrypted at rest) and what admins already got. */

export const SNK_KIND = 'snk';
export const SNK_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const SNK_MAX_FILES = 10;
export const SNK_MAX_NOTE_CHARS = 1000;

export const snkActorId = (orderId: string, productId: number) => `${orderId}:${productId}`;

export function parseSnkActorId(actorId: string): { orderId: string; productId: number } | null {
  const match = /^([A-Z0-9]{1,40}):([1-9]\d{0,9})$/.exec(actorId);
  return match ? { orderId: match[1] as string, productId: Number(match[2]) } : null;
}

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** What the bytes are, by their magic numbers (never by the name or the declared type). */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return null;
}

export interface NewProof {
  actorId: string;
  submission: number;
  kind: 'image' | 'note';
  mime: string | null;
  sourceId: string;
  bytes: Buffer;
}

/** Stores one piece of proof, encrypted; a re-delivered update (same source) adds nothing. */
export async function storeProof(db: Db, cipher: Cipher, proof: NewProof): Promise<void> {
  const content = Buffer.from(cipher.encrypt(proof.bytes.toString('base64')), 'utf8');
  await db
    .insertInto('snk_proofs')
    .values({
      actor_id: proof.actorId,
      submission: proof.submission,
      kind: proof.kind,
      mime: proof.mime,
      size: proof.bytes.length,
      source_id: proof.sourceId,
      content,
    })
    .onConflict((oc) => oc.columns(['actor_id', 'submission', 'source_id']).doNothing())
    .execute();
}

export async function countProofs(
  db: Db,
  actorId: string,
  submission: number,
): Promise<{ images: number; notes: number }> {
  const rows = await db
    .selectFrom('snk_proofs')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
    .where('actor_id', '=', actorId)
    .where('submission', '=', submission)
    .groupBy('kind')
    .execute();
  const of = (kind: string) => Number(rows.find((r) => r.kind === kind)?.count ?? 0);
  return { images: of('image'), notes: of('note') };
}

export interface OpenedProof {
  kind: 'image' | 'note';
  mime: string | null;
  bytes: Buffer;
}

/** One submission's proof, decrypted, in the order it was sent. */
export async function readProofs(
  db: Db,
  cipher: Cipher,
  actorId: string,
  submission?: number,
): Promise<OpenedProof[]> {
  let query = db
    .selectFrom('snk_proofs')
    .select(['kind', 'mime', 'content'])
    .where('actor_id', '=', actorId)
    .orderBy('submission')
    .orderBy('id');
  if (submission !== undefined) query = query.where('submission', '=', submission);
  const rows = await query.execute();
  return rows.map((r) => ({
    kind: r.kind,
    mime: r.mime,
    bytes: Buffer.from(cipher.decrypt(r.content.toString('utf8')), 'base64'),
  }));
}

/** Deletes an actor's proof files; returns how many there were. */
export async function deleteProofs(db: Db, actorId: string): Promise<number> {
  const deleted = await db.deleteFrom('snk_proofs').where('actor_id', '=', actorId).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Proof older than `olderThan`, per actor: deleted, with their counts (the daily sweep). */
export async function deleteProofsBefore(
  db: Db,
  olderThan: Date,
): Promise<{ actorId: string; files: number }[]> {
  const { rows } = await sql<{ actor_id: string; files: number }>`
    WITH gone AS (DELETE FROM snk_proofs WHERE created_at < ${olderThan} RETURNING actor_id)
    SELECT actor_id, count(*)::int AS files FROM gone GROUP BY actor_id`.execute(db);
  return rows.map((r) => ({ actorId: r.actor_id, files: r.files }));
}

export async function forwardedTo(db: Db, actorId: string, submission: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('snk_forwards')
    .select('admin_id')
    .where('actor_id', '=', actorId)
    .where('submission', '=', submission)
    .execute();
  return new Set(rows.map((r) => Number(r.admin_id)));
}

export async function markForwarded(db: Db, actorId: string, submission: number, adminId: number) {
  await db
    .insertInto('snk_forwards')
    .values({ actor_id: actorId, submission, admin_id: adminId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Delivered products of an order that have terms (one snk actor each). */
export function productsWithTerms(db: Db, orderId: string) {
  return db
    .selectFrom('order_items')
    .innerJoin('products', 'products.id', 'order_items.product_id')
    .select(['products.id as productId', 'order_items.product_name as productName', 'products.snk as terms'])
    .where('order_items.order_id', '=', orderId)
    .where('products.snk', 'is not', null)
    .where('products.snk', '<>', '')
    .execute();
}

/** Names of those products (by id) that have terms: the cart says the terms apply. */
export async function namesWithTerms(db: Db, productIds: number[]): Promise<string[]> {
  if (productIds.length === 0) return [];
  const rows = await db
    .selectFrom('products')
    .select('name')
    .where('id', 'in', productIds)
    .where('snk', 'is not', null)
    .where('snk', '<>', '')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.name);
}

/** snk actors per status (the context's `status`), for the admins' overview. */
export async function countSnkByStatus(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<{ status: string; count: number }>`
    SELECT snapshot->'context'->>'status' AS status, count(*)::int AS count
    FROM actors WHERE kind = ${SNK_KIND} GROUP BY 1`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.status, r.count]));
}

export async function countSnkByProduct(db: Db): Promise<{ product: string; count: number }[]> {
  const { rows } = await sql<{ product: string; count: number }>`
    SELECT snapshot->'context'->>'productName' AS product, count(*)::int AS count
    FROM actors WHERE kind = ${SNK_KIND} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20`.execute(db);
  return rows;
}

/** One page of snk actors with this status, newest change first; and how many there are. */
export async function listSnk(db: Db, status: string, limit: number, offset: number) {
  const { rows } = await sql<{ id: string; product: string; total: number }>`
    SELECT id, snapshot->'context'->>'productName' AS product, count(*) OVER ()::int AS total
    FROM actors WHERE kind = ${SNK_KIND} AND snapshot->'context'->>'status' = ${status}
    ORDER BY updated_at DESC, id LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return { items: rows.map((r) => ({ actorId: r.id, product: r.product })), total: rows[0]?.total ?? 0 };
}
