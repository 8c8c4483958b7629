import { type Kysely, sql } from 'kysely';
import type { ActorRuntime } from '../actors/runtime.ts';
import { restore } from '../actors/snapshot.ts';
import type { AuditLog } from '../infra/audit.ts';
import type { Database, OrderStatus } from '../infra/database.ts';
import type { Db } from '../infra/db.ts';
import type { OrderEvent } from '../machines/order.ts';
import { recordAdminAction } from './admin-audit.ts';
import { credit } from './ledger.ts';

export const ADMIN_ORDERS_PAGE = 8;

export type PeriodDays = 1 | 7 | 30 | null;

export interface AdminOrderFilter {
  statuses: OrderStatus[] | null;
  /** Today (1), last 7 or 30 local calendar days, counted in `timeZone`; null = any time. */
  days: PeriodDays;
  buyerId: number | null;
  productId: number | null;
  timeZone: string;
}

export interface AdminOrderRow {
  id: string;
  userId: number;
  status: OrderStatus;
  total: number;
  createdAt: Date;
}

/** Start of the local day `days - 1` days before today, in the shop's zone. */
export function periodStart(days: number, timeZone: string) {
  return sql<Date>`(date_trunc('day', now() AT TIME ZONE ${timeZone}) - make_interval(days => ${days - 1})) AT TIME ZONE ${timeZone}`;
}

export async function listAdminOrders(
  db: Kysely<Database>,
  filter: AdminOrderFilter,
  page: number,
): Promise<{ rows: AdminOrderRow[]; total: number }> {
  let query = db.selectFrom('orders as o');
  if (filter.statuses) query = query.where('o.status', 'in', filter.statuses);
  if (filter.days) query = query.where('o.created_at', '>=', periodStart(filter.days, filter.timeZone));
  if (filter.buyerId) query = query.where('o.user_id', '=', filter.buyerId);
  if (filter.productId) {
    const productId = filter.productId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('order_items as i')
          .select('i.order_id')
          .whereRef('i.order_id', '=', 'o.id')
          .where('i.product_id', '=', productId),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .select(['o.id', 'o.user_id as userId', 'o.status', 'o.total', 'o.created_at as createdAt'])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(ADMIN_ORDERS_PAGE)
      .offset((page - 1) * ADMIN_ORDERS_PAGE)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as AdminOrderRow[], total: count.n };
}

export interface JournalLine {
  at: Date;
  event: string;
  from: string | null;
  to: string;
}

/** The order actor's state history: every journalled event with the states around it. */
export async function orderJournal(db: Db, orderId: string): Promise<JournalLine[]> {
  const rows = await db
    .selectFrom('actor_journal')
    .select(['created_at', 'event', 'state_before', 'state_after'])
    .where('kind', '=', 'order')
    .where('actor_id', '=', orderId)
    .orderBy('revision')
    .execute();
  return rows.map((r) => ({
    at: new Date(r.created_at as unknown as string),
    event: String((r.event as { type?: unknown }).type ?? 'START'),
    from: r.state_before,
    to: r.state_after,
  }));
}

export async function deliveryMessages(
  db: Db,
  orderId: string,
): Promise<{ status: string; messageIds: number[] } | null> {
  const row = await db
    .selectFrom('deliveries')
    .select(['status', 'message_ids'])
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return row ? { status: row.status, messageIds: row.message_ids } : null;
}

/** What an admin may ask of an order, typed or pressed. */
export type AdminOrderCommand =
  | { status: 'paid'; note: string }
  | { status: 'cancelled'; note: string }
  | { status: 'refunded'; note: string }
  | { status: 'completed'; note: string };

export type LineParse =
  | { ok: true; orderId: string; command: AdminOrderCommand }
  | { ok: false; problem: 'format' | 'status' | 'note' };

const LINE_STATUSES = ['paid', 'cancelled', 'refunded', 'completed'] as const;
const NOTE_MAX = 200;

/** `order_id|status|catatan`; a note is required for `paid` (transfer reference) and `refunded`. */
export function parseOrderLine(line: string): LineParse {
  const parts = line.split('|').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3 || !/^[A-Z0-9]{1,40}$/i.test(parts[0] ?? '')) {
    return { ok: false, problem: 'format' };
  }
  const status = (parts[1] ?? '').toLowerCase();
  if (!(LINE_STATUSES as readonly string[]).includes(status)) return { ok: false, problem: 'status' };
  const note = (parts[2] ?? '').slice(0, NOTE_MAX);
  if ((status === 'paid' || status === 'refunded') && note === '') return { ok: false, problem: 'note' };
  return {
    ok: true,
    orderId: (parts[0] ?? '').toUpperCase(),
    command: { status, note } as AdminOrderCommand,
  };
}

function eventFor(command: AdminOrderCommand, adminId: number): OrderEvent {
  switch (command.status) {
    case 'paid':
      return { type: 'ADMIN_MARK_PAID', adminId, note: command.note };
    case 'cancelled':
      return { type: 'ADMIN_CANCEL', adminId };
    case 'refunded':
      return { type: 'ADMIN_REFUND', adminId, note: command.note };
    case 'completed':
      // "Completed" for an order stuck undelivered: try the delivery again now.
      return { type: 'RETRY_DELIVERY' };
  }
}

export type AdminOrderResult =
  | { outcome: 'applied'; state: string }
  | { outcome: 'duplicate'; state: string }
  | { outcome: 'refused'; state: string }
  | { outcome: 'missing' };

export interface AdminOrderDeps {
  db: Db;
  runtime: ActorRuntime;
  audit: AuditLog;
}

/**
 * Sends the admin's command to the order actor as its own event, never writing the orders
 * table. The machine decides: a transition it does not allow is refused with the current
 * state; the dedupe key `admin:<orderId>:<status>` makes the same command a no-op.
 */
export async function applyAdminOrderCommand(
  deps: AdminOrderDeps,
  adminId: number,
  orderId: string,
  command: AdminOrderCommand,
): Promise<AdminOrderResult> {
  const kind = deps.runtime.registry.get('order');
  const row = await deps.db
    .selectFrom('actors')
    .select(['state', 'snapshot', 'machine_version'])
    .where('kind', '=', 'order')
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!row) return { outcome: 'missing' };
  const dedupeKey = `admin:${orderId}:${command.status}`;
  const seen = await deps.db
    .selectFrom('actor_journal')
    .select('revision')
    .where('kind', '=', 'order')
    .where('actor_id', '=', orderId)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  if (seen) return { outcome: 'duplicate', state: row.state };
  const event = eventFor(command, adminId);
  const snapshot = restore(kind, row.snapshot as never, row.machine_version);
  if (!snapshot.can(event)) return { outcome: 'refused', state: row.state };
  const result = await deps.runtime.send('order', orderId, event, { dedupeKey });
  if (result.status !== 'applied') return { outcome: 'duplicate', state: result.state ?? row.state };
  await recordAdminAction(deps.db, deps.audit, {
    adminId,
    action: `order.${command.status}`,
    target: `order:${orderId}`,
    before: { state: row.state },
    after: { state: result.state, ...(command.note ? { note: command.note } : {}) },
  });
  return { outcome: 'applied', state: result.state };
}

/** The admin refund's booking: ('refund', orderId) once, and the order marked refunded. */
export async function refundOrderToBalance(
  db: Kysely<Database>,
  p: { orderId: string; userId: number; amount: number; note: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const booked =
      p.amount > 0
        ? await credit(trx, {
            userId: p.userId,
            amount: p.amount,
            reason: 'refund',
            ref: p.orderId,
            note: p.note,
          })
        : { applied: false };
    return booked.applied;
  });
}
