import { sql } from 'kysely';
import { listProducts } from '../../shop/catalog.ts';
import type { BotDeps } from '../context.ts';
import { localTime } from '../format.ts';
import type { Lang, Texts } from '../i18n.ts';
import { adminKeyboard } from '../keyboards/admin.ts';
import type { Screen } from './screen.ts';

export const LOW_STOCK = 3;
const PRODUCTS_SHOWN = 30;
const UNDELIVERED_SHOWN = 10;

interface OrderFigures {
  ordersToday: number;
  paidToday: number;
  revenueToday: number;
  awaitingPayment: number;
}

/** "Today" starts at midnight in the shop's time zone, not the server's. */
async function orderFigures(deps: BotDeps): Promise<OrderFigures> {
  const tz = deps.config.BOT_TIMEZONE;
  const { rows } = await sql<OrderFigures>`
    WITH day AS (SELECT date_trunc('day', now() AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS start)
    SELECT
      count(*) FILTER (WHERE o.created_at >= day.start)::int AS "ordersToday",
      count(*) FILTER (WHERE o.paid_at >= day.start)::int AS "paidToday",
      coalesce(sum(o.total) FILTER (WHERE o.paid_at >= day.start), 0)::int AS "revenueToday",
      count(*) FILTER (WHERE o.status = 'awaiting_payment')::int AS "awaitingPayment"
    FROM orders o CROSS JOIN day`.execute(deps.db);
  return rows[0] ?? { ordersToday: 0, paidToday: 0, revenueToday: 0, awaitingPayment: 0 };
}

async function undeliveredOrders(deps: BotDeps): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('orders')
    .select('id')
    .where('status', 'in', ['paid', 'undelivered'])
    .orderBy('paid_at')
    .limit(UNDELIVERED_SHOWN)
    .execute();
  return rows.map((r) => r.id);
}

/** A read-only snapshot of the shop for admins. */
export async function adminScreen(deps: BotDeps, t: Texts, lang: Lang): Promise<Screen> {
  const [figures, undelivered, products] = await Promise.all([
    orderFigures(deps),
    undeliveredOrders(deps),
    listProducts(deps.db, { page: 1, pageSize: PRODUCTS_SHOWN }),
  ]);
  const text = t.admin.panel({
    store: deps.config.BOT_STORE_NAME,
    time: localTime(new Date(), deps.config.BOT_TIMEZONE, lang),
    ...figures,
    undelivered,
    products: products.items.map((p) =>
      t.admin.productLine({ name: p.name, stock: p.stock, sold: p.sold, low: p.stock <= LOW_STOCK }),
    ),
    moreProducts: products.total - products.items.length,
  });
  return { text, keyboard: adminKeyboard(t) };
}
