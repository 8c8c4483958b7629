import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, OrderItemsTable, OrderStatus, OrdersTable } from '../infra/database.ts';
import type { Page } from './catalog.ts';
import { pageWindow } from './catalog.ts';
import { quoteOrder } from './pricing.ts';
import { type OrderLine, reserveForOrder } from './stock.ts';
import { lockVoucher, redeemVoucher, type VoucherRefusal } from './vouchers.ts';

export type PaymentMethod = 'qris' | 'balance';

export interface OrderItem {
  productId: number;
  productCode: string;
  productName: string;
  unitPrice: number;
  quantity: number;
}

export interface OrderDetail {
  id: string;
  userId: number;
  status: OrderStatus;
  method: PaymentMethod;
  subtotal: number;
  discount: number;
  total: number;
  voucherCode: string | null;
  fee: number | null;
  totalPayment: number | null;
  txnId: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  paidAt: Date | null;
  deliveredAt: Date | null;
  items: OrderItem[];
}

export interface CreateOrderInput {
  orderId: string;
  userId: number;
  method: PaymentMethod;
  lines: OrderLine[];
  voucherCode?: string | null;
  now?: Date;
}

export type CreateOrderResult =
  | { ok: true; order: OrderDetail }
  | { ok: false; reason: 'unavailable'; productId: number }
  | { ok: false; reason: 'voucher'; voucherReason: VoucherRefusal; minPurchase?: number }
  | { ok: false; reason: 'sold_out'; productId: number; productName: string; available: number };

type Refusal = Extract<CreateOrderResult, { ok: false }>;

/** Thrown inside the transaction to undo its writes and hand a refusal to the caller. */
class Refused extends Error {
  readonly result: Refusal;
  constructor(result: Refusal) {
    super(result.reason);
    this.result = result;
  }
}

/**
 * Creates an order with price snapshots, voucher use and reserved stock, all or nothing.
 * Takes the root Db (it opens its own transaction). Calling again with the same orderId
 * returns the order already created, so a retried request never reserves twice.
 */
export async function createOrder(db: Kysely<Database>, input: CreateOrderInput): Promise<CreateOrderResult> {
  const lines = mergeLines(input.lines);
  try {
    return await db.transaction().execute(async (trx) => {
      // Serialises concurrent retries of the same order id.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`order/${input.orderId}`}, 0))`.execute(trx);
      const existing = await getOrder(trx, input.orderId);
      if (existing) return { ok: true, order: existing };

      // Locked first, so the quote's voucher checks hold until this transaction ends.
      if (input.voucherCode) await lockVoucher(trx, input.voucherCode);
      const quote = await quoteOrder(trx, {
        userId: input.userId,
        lines,
        voucherCode: input.voucherCode ?? null,
        ...(input.now ? { now: input.now } : {}),
      });
      const missing = quote.lines.find((l) => !l.onSale);
      if (missing) throw new Refused({ ok: false, reason: 'unavailable', productId: missing.productId });
      const priced = quote.lines.map((l) => ({ ...l, product: l.product! }));
      const checked = quote.voucher?.result;
      if (checked && !checked.ok) {
        throw new Refused({
          ok: false,
          reason: 'voucher',
          voucherReason: checked.reason,
          ...(checked.minPurchase !== undefined ? { minPurchase: checked.minPurchase } : {}),
        });
      }
      const voucher = checked?.ok ? { id: checked.voucher.id, code: checked.voucher.code } : undefined;

      await trx
        .insertInto('orders')
        .values({
          id: input.orderId,
          user_id: input.userId,
          status: 'reserving',
          payment_method: input.method,
          subtotal: quote.subtotal,
          discount: quote.discount,
          total: quote.total,
          voucher_code: voucher?.code ?? null,
        })
        .execute();
      await trx
        .insertInto('order_items')
        .values(
          priced.map((l) => ({
            order_id: input.orderId,
            product_id: l.productId,
            product_code: l.product.code,
            product_name: l.product.name,
            unit_price: l.product.price,
            quantity: l.quantity,
          })),
        )
        .execute();
      if (voucher)
        await redeemVoucher(trx, { voucherId: voucher.id, userId: input.userId, orderId: input.orderId });

      const reserved = await reserveForOrder(trx, input.orderId, lines);
      if (!reserved.ok) {
        throw new Refused({
          ok: false,
          reason: 'sold_out',
          productId: reserved.productId,
          productName: priced.find((l) => l.productId === reserved.productId)?.product.name ?? '',
          available: reserved.available,
        });
      }
      const order = await getOrder(trx, input.orderId);
      return { ok: true, order: order! };
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

/** One line per product; quantities must be positive whole numbers. */
function mergeLines(lines: OrderLine[]): OrderLine[] {
  if (lines.length === 0) throw new Error('An order needs at least one line');
  const merged = new Map<number, number>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      throw new Error(`Invalid quantity ${line.quantity} for product ${line.productId}`);
    merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

export async function getOrder(db: Kysely<Database>, orderId: string): Promise<OrderDetail | undefined> {
  const [order] = await withItems(
    db,
    await db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', orderId)
      .$castTo<Selectable<OrdersTable>>()
      .execute(),
  );
  return order;
}

export interface OrderPatch {
  status: OrderStatus;
  fee: number | null;
  totalPayment: number | null;
  txnId: string | null;
  expiresAt: Date | null;
  paidAt: Date | null;
  deliveredAt: Date | null;
}

/**
 * Applies the given fields; returns false when the order does not exist. `status` is the
 * order actor's to write: its projection (src/effects/projections.ts) sets it in the
 * transaction of each event, so it follows the actor exactly.
 */
export async function updateOrder(
  db: Kysely<Database>,
  orderId: string,
  patch: Partial<OrderPatch>,
): Promise<boolean> {
  const set = {
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.fee !== undefined && { fee: patch.fee }),
    ...(patch.totalPayment !== undefined && { total_payment: patch.totalPayment }),
    ...(patch.txnId !== undefined && { txn_id: patch.txnId }),
    ...(patch.expiresAt !== undefined && { expires_at: patch.expiresAt }),
    ...(patch.paidAt !== undefined && { paid_at: patch.paidAt }),
    ...(patch.deliveredAt !== undefined && { delivered_at: patch.deliveredAt }),
  };
  if (Object.keys(set).length === 0) {
    const row = await db.selectFrom('orders').select('id').where('id', '=', orderId).executeTakeFirst();
    return row !== undefined;
  }
  const result = await db.updateTable('orders').set(set).where('id', '=', orderId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A buyer's order history, newest first. */
export async function listUserOrders(
  db: Kysely<Database>,
  userId: number,
  options: { page: number; pageSize: number },
): Promise<Page<OrderDetail>> {
  const counted = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const window = pageWindow(total, options.page, options.pageSize);
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(window.limit)
    .offset(window.offset)
    .$castTo<Selectable<OrdersTable>>()
    .execute();
  return { items: await withItems(db, rows), page: window.page, pages: window.pages, total };
}

/** Unpaid orders and deposits of a user: used to cap how many invoices one buyer holds open. */
export async function countOpenInvoices(db: Kysely<Database>, userId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT
      (SELECT count(*) FROM orders
        WHERE user_id = ${userId} AND status IN ('reserving', 'awaiting_payment'))
      + (SELECT count(*) FROM deposits
        WHERE user_id = ${userId} AND status IN ('creating', 'awaiting_payment')) AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Oldest first, for sweeps that resume or expire orders in a given state. */
export async function listOrdersByStatus(
  db: Kysely<Database>,
  status: OrderStatus,
  limit: number,
): Promise<OrderDetail[]> {
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('status', '=', status)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .$castTo<Selectable<OrdersTable>>()
    .execute();
  return withItems(db, rows);
}

/** Attaches items to orders with one query for the whole list. */
async function withItems(db: Kysely<Database>, rows: Selectable<OrdersTable>[]): Promise<OrderDetail[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom('order_items')
    .selectAll()
    .where(
      'order_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('order_id')
    .orderBy('product_id')
    .execute();
  const byOrder = new Map<string, OrderItem[]>();
  for (const item of items) {
    const list = byOrder.get(item.order_id) ?? [];
    list.push(toItem(item));
    byOrder.set(item.order_id, list);
  }
  return rows.map((row) => toDetail(row, byOrder.get(row.id) ?? []));
}

function toItem(row: Selectable<OrderItemsTable>): OrderItem {
  return {
    productId: row.product_id,
    productCode: row.product_code,
    productName: row.product_name,
    unitPrice: row.unit_price,
    quantity: row.quantity,
  };
}

function toDetail(row: Selectable<OrdersTable>, items: OrderItem[]): OrderDetail {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    method: row.payment_method,
    subtotal: row.subtotal,
    discount: row.discount,
    total: row.total,
    voucherCode: row.voucher_code,
    fee: row.fee,
    totalPayment: row.total_payment,
    txnId: row.txn_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    deliveredAt: row.delivered_at,
    items,
  };
}
