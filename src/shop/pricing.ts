// The one place an order's amounts are worked out: the cart shows this quote and the
// order is created (and invoiced) from it, so the total shown is the total charged.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../infra/database.ts';
import { estimateQrisFee, isAmountAllowed } from '../infra/pakasir/index.ts';
import type { OrderLine } from './stock.ts';
import { evaluateVoucher, type VoucherResult } from './vouchers.ts';

export interface QuotedProduct {
  id: number;
  code: string;
  name: string;
  price: number;
  active: boolean;
  categoryId: number | null;
  /** Available stock items right now. */
  stock: number;
}

export interface QuoteLine {
  productId: number;
  quantity: number;
  /** Undefined when the product no longer exists. */
  product: QuotedProduct | undefined;
  /** Counted in the subtotal: the product exists and is on sale. */
  onSale: boolean;
  /** unit price × quantity (0 when not on sale). */
  lineTotal: number;
}

export interface Quote {
  lines: QuoteLine[];
  subtotal: number;
  voucher: { code: string; result: VoucherResult } | null;
  discount: number;
  total: number;
  /**
   * What a QRIS payment of `total` costs the buyer with the gateway's published fee;
   * null when QRIS cannot take the amount. The gateway's own figures win on the invoice.
   */
  qris: { fee: number; totalPayment: number } | null;
}

export interface QuoteInput {
  userId: number;
  lines: OrderLine[];
  voucherCode?: string | null;
  now?: Date;
}

/**
 * Subtotal, voucher discount (with every rule of vouchers.ts: a scoped voucher's
 * percentage or fixed amount applies to, and is capped at, its lines only) and total
 * from today's prices.
 */
export async function quoteOrder(db: Kysely<Database>, input: QuoteInput): Promise<Quote> {
  const products = await loadProducts(
    db,
    input.lines.map((l) => l.productId),
  );
  const lines = input.lines.map((line) => quoteLine(line, products.get(line.productId)));
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const voucher = input.voucherCode
    ? {
        code: input.voucherCode,
        result: await evaluateVoucher(db, {
          code: input.voucherCode,
          userId: input.userId,
          // A scoped voucher discounts only its own lines (see evaluateVoucher).
          lines: lines.map((l) => ({
            productId: l.productId,
            categoryId: l.product?.categoryId ?? null,
            total: l.lineTotal,
          })),
          ...(input.now ? { now: input.now } : {}),
        }),
      }
    : null;
  return { lines, subtotal, voucher, ...totals(subtotal, voucher?.result ?? null) };
}

/** The amounts that follow from a subtotal and a voucher verdict (pure). */
export function totals(
  subtotal: number,
  voucher: VoucherResult | null,
): Pick<Quote, 'discount' | 'total' | 'qris'> {
  // evaluateVoucher already caps the discount at the subtotal; capping again keeps
  // totals() safe for any caller.
  const discount = voucher?.ok ? Math.min(voucher.discount, subtotal) : 0;
  const total = subtotal - discount;
  const qris = isAmountAllowed('qris', total)
    ? { fee: estimateQrisFee(total), totalPayment: total + estimateQrisFee(total) }
    : null;
  return { discount, total, qris };
}

function quoteLine(line: OrderLine, product: QuotedProduct | undefined): QuoteLine {
  const onSale = product?.active === true;
  return {
    productId: line.productId,
    quantity: line.quantity,
    product,
    onSale,
    lineTotal: onSale ? product.price * line.quantity : 0,
  };
}

async function loadProducts(db: Kysely<Database>, ids: number[]): Promise<Map<number, QuotedProduct>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<QuotedProduct>`
    SELECT p.id, p.code, p.name, p.price, p.active, p.category_id AS "categoryId",
           (SELECT count(*)::int FROM stock_items s
             WHERE s.product_id = p.id AND s.status = 'available') AS stock
    FROM products p
    WHERE p.id = ANY(${ids}::int[])`.execute(db);
  return new Map(rows.map((p) => [p.id, p]));
}

/**
 * What the buyer pays for an order: the invoice's total payment (the gateway's fee
 * included) once there is an invoice, else the order total (balance payments have no fee).
 */
export function paidAmount(order: { total: number; fee: number | null; totalPayment: number | null }): {
  paid: number;
  fee: number;
} {
  if (order.totalPayment === null) return { paid: order.total, fee: 0 };
  return { paid: order.totalPayment, fee: order.fee ?? order.totalPayment - order.total };
}
