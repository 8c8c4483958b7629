import { type Kysely, sql } from 'kysely';
import type { Database } from '../../infra/database.ts';

const HEADER = [
  'order_id',
  'created_at',
  'paid_at',
  'status',
  'user_id',
  'username',
  'method',
  'items',
  'subtotal',
  'discount',
  'total',
  'fee',
  'total_payment',
  'txn_id',
];

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Local date `from` through `to` (inclusive, YYYY-MM-DD in the shop's zone), one row per order. */
export async function ordersCsv(
  db: Kysely<Database>,
  range: { from: string; to: string },
  timeZone: string,
): Promise<{ csv: string; rows: number }> {
  const { rows } = await sql<Record<string, string | number | null>>`
    SELECT o.id AS order_id,
           to_char(o.created_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD HH24:MI:SS') AS created_at,
           to_char(o.paid_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD HH24:MI:SS') AS paid_at,
           o.status, o.user_id, u.username, o.payment_method AS method,
           (SELECT string_agg(i.product_name || ' x' || i.quantity, '; ' ORDER BY i.product_name)
              FROM order_items i WHERE i.order_id = o.id) AS items,
           o.subtotal, o.discount, o.total, o.fee, o.total_payment, o.txn_id
    FROM orders o LEFT JOIN users u ON u.id = o.user_id
    WHERE o.created_at >= (${range.from}::date)::timestamp AT TIME ZONE ${timeZone}
      AND o.created_at < ((${range.to}::date + 1)::timestamp AT TIME ZONE ${timeZone})
    ORDER BY o.created_at, o.id`.execute(db);
  const lines = [HEADER.join(','), ...rows.map((r) => HEADER.map((h) => csvField(r[h] ?? null)).join(','))];
  return { csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
}

/** "2026-11-01 2026-11-30" → the range, or null when it is not two valid dates in order. */
export function parseDateRange(text: string): { from: string; to: string } | null {
  const match = /^\s*(\d{4}-\d{2}-\d{2})\s*(?:\s|-|–|s\/d|sd)\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(text);
  if (!match) return null;
  const [, from = '', to = ''] = match;
  const valid = (d: string) =>
    !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  if (!valid(from) || !valid(to) || from > to) return null;
  return { from, to };
}
