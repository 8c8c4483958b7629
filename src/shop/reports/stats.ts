import { type Kysely, sql } from 'kysely';
import type { Database } from '../../infra/database.ts';
import type { DailyPoint } from './chart.ts';

/**
 * Shop figures over the last `days` local calendar days (1 = today) in the shop's zone.
 * "Paid" means paid and not refunded; revenue is the orders' total (what the shop sells
 * for, the gateway's fee left out). Conversion: orders created in the period that were
 * paid ÷ orders created in the period that got an invoice or a balance payment.
 */
export interface ShopStats {
  revenue: number;
  paidOrders: number;
  invoices: number;
  paidOfInvoices: number;
  averageOrder: number;
  deposits: number;
  depositAmount: number;
  newUsers: number;
  topProducts: { name: string; quantity: number; revenue: number }[];
}

const TOP_PRODUCTS = 5;
export const LOW_STOCK_LIMIT = 3;

export async function shopStats(db: Kysely<Database>, days: number, timeZone: string): Promise<ShopStats> {
  const start = sql`(date_trunc('day', now() AT TIME ZONE ${timeZone}) - make_interval(days => ${days - 1})) AT TIME ZONE ${timeZone}`;
  const orders = await sql<{ revenue: number; paid: number; invoices: number; paidOfInvoices: number }>`
    SELECT
      coalesce(sum(total) FILTER (WHERE paid_at >= ${start} AND status <> 'refunded'), 0)::bigint AS revenue,
      count(*) FILTER (WHERE paid_at >= ${start} AND status <> 'refunded')::int AS paid,
      count(*) FILTER (WHERE created_at >= ${start} AND (txn_id IS NOT NULL OR payment_method = 'balance')
                       AND status <> 'refused')::int AS invoices,
      count(*) FILTER (WHERE created_at >= ${start} AND paid_at IS NOT NULL)::int AS "paidOfInvoices"
    FROM orders`.execute(db);
  const deposits = await sql<{ count: number; amount: number }>`
    SELECT count(*)::int AS count, coalesce(sum(amount), 0)::bigint AS amount
    FROM deposits WHERE status = 'paid' AND paid_at >= ${start}`.execute(db);
  const users = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM users WHERE created_at >= ${start}`.execute(db);
  const top = await sql<{ name: string; quantity: number; revenue: number }>`
    SELECT i.product_name AS name, sum(i.quantity)::int AS quantity,
           sum(i.quantity * i.unit_price)::bigint AS revenue
    FROM order_items i JOIN orders o ON o.id = i.order_id
    WHERE o.paid_at >= ${start} AND o.status <> 'refunded'
    GROUP BY i.product_name
    ORDER BY quantity DESC, revenue DESC, name
    LIMIT ${TOP_PRODUCTS}`.execute(db);
  const o = orders.rows[0] ?? { revenue: 0, paid: 0, invoices: 0, paidOfInvoices: 0 };
  const revenue = Number(o.revenue);
  return {
    revenue,
    paidOrders: o.paid,
    invoices: o.invoices,
    paidOfInvoices: o.paidOfInvoices,
    averageOrder: o.paid > 0 ? Math.round(revenue / o.paid) : 0,
    deposits: deposits.rows[0]?.count ?? 0,
    depositAmount: Number(deposits.rows[0]?.amount ?? 0),
    newUsers: users.rows[0]?.count ?? 0,
    topProducts: top.rows.map((r) => ({ ...r, revenue: Number(r.revenue) })),
  };
}

/** Revenue per local day over the last `days` days, days without sales as 0. */
export async function dailyRevenue(
  db: Kysely<Database>,
  days: number,
  timeZone: string,
): Promise<DailyPoint[]> {
  const { rows } = await sql<{ day: string; revenue: number }>`
    WITH days AS (
      SELECT generate_series(
        date_trunc('day', now() AT TIME ZONE ${timeZone}) - make_interval(days => ${days - 1}),
        date_trunc('day', now() AT TIME ZONE ${timeZone}),
        interval '1 day') AS day)
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(sum(o.total), 0)::bigint AS revenue
    FROM days d
    LEFT JOIN orders o
      ON o.status <> 'refunded' AND o.paid_at IS NOT NULL
     AND date_trunc('day', o.paid_at AT TIME ZONE ${timeZone}) = d.day
    GROUP BY d.day ORDER BY d.day`.execute(db);
  return rows.map((r) => ({ day: r.day, revenue: Number(r.revenue) }));
}

/** Active products with this many items or fewer left. */
export async function lowStock(db: Kysely<Database>, limit = LOW_STOCK_LIMIT) {
  const { rows } = await sql<{ code: string; name: string; available: number }>`
    SELECT p.code, p.name, count(s.id) FILTER (WHERE s.status = 'available')::int AS available
    FROM products p LEFT JOIN stock_items s ON s.product_id = p.id
    WHERE p.active
    GROUP BY p.id
    HAVING count(s.id) FILTER (WHERE s.status = 'available') <= ${limit}
    ORDER BY available, p.sort_order, p.name`.execute(db);
  return rows;
}
