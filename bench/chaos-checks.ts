// The chaos drill's end: settling the shop, its figures, and every invariant it promises.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../src/infra/db.ts';
import type { ChaosContext } from './chaos-types.ts';

const DELIVERED = /Pesanan berhasil/;
const FINAL_ORDER = ['delivered', 'expired', 'cancelled', 'refused', 'failed', 'refunded'];

/**
 * Pays every invoice still open (buyers who never paid, payments lost with a dead app),
 * then waits until no order, deposit or effect is in flight, twice in a row.
 */
export async function quiesce(ctx: ChaosContext, log: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + 180_000;
  let calm = 0;
  while (Date.now() < deadline) {
    const open = [
      ...(await ctx.db.selectFrom('orders').select('id').where('status', '=', 'awaiting_payment').execute()),
      ...(await ctx.db
        .selectFrom('deposits')
        .select('id')
        .where('status', '=', 'awaiting_payment')
        .execute()),
    ];
    for (const { id } of open) {
      const txn = ctx.pakasir.transaction(id);
      if (txn?.status === 'pending') await ctx.pakasir.simulatePayment(id).catch(() => undefined);
    }
    const moving = await inFlight(ctx.db);
    if (open.length === 0 && moving === 0) calm++;
    else calm = 0;
    if (calm >= 3) return true;
    await sleep(1000);
  }
  const { rows } = await sql<{ what: string; n: number }>`
    SELECT 'order ' || status AS what, count(*) AS n FROM orders WHERE status IN ('reserving', 'paid', 'undelivered') GROUP BY status
    UNION ALL SELECT 'deposit ' || status, count(*) FROM deposits WHERE status = 'creating' GROUP BY status
    UNION ALL SELECT name || ' ' || state || ' ' || coalesce(data->>'type', ''), count(*) FROM pgboss.job
      WHERE name LIKE 'actor-effects/%' AND state IN ('created', 'retry', 'active') GROUP BY 1
    UNION ALL SELECT 'delivery sending', count(*) FROM deliveries WHERE status = 'sending'
    UNION ALL SELECT 'broadcast ' || status, count(*) FROM broadcasts
      WHERE status NOT IN ('draft', 'done', 'cancelled') GROUP BY status`.execute(ctx.db);
  log(`still in flight: ${rows.map((r) => `${r.what} ×${r.n}`).join(', ')}`);
  return false;
}

async function inFlight(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM orders WHERE status IN ('reserving', 'paid', 'undelivered'))
         + (SELECT count(*) FROM deposits WHERE status = 'creating')
         + (SELECT count(*) FROM pgboss.job WHERE name LIKE 'actor-effects/%'
              AND state IN ('created', 'retry', 'active'))
         + (SELECT count(*) FROM deliveries WHERE status = 'sending')
         + (SELECT count(*) FROM broadcasts WHERE status NOT IN ('draft', 'done', 'cancelled')) AS n`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function countFigures(ctx: ChaosContext): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    SELECT
      (SELECT count(*) FROM actors WHERE kind = 'order') AS order_actors,
      (SELECT count(*) FROM orders) AS orders,
      (SELECT count(*) FROM orders WHERE status = 'delivered') AS delivered,
      (SELECT count(*) FROM orders WHERE status = 'refused') AS refused,
      (SELECT count(*) FROM orders WHERE status = 'failed') AS failed,
      (SELECT count(*) FROM orders WHERE status = 'delivered' AND payment_method = 'balance') AS paid_by_balance,
      (SELECT count(*) FROM deposits WHERE status = 'paid') AS deposits_paid,
      (SELECT count(*) FROM stock_items WHERE status = 'sold') AS items_sold,
      (SELECT count(*) FROM balance_ledger) AS ledger_entries,
      (SELECT count(*) FROM pgboss.job WHERE dead_letter = 'actor-effects-dead' AND state = 'failed') AS dead_letters`.execute(
    ctx.db,
  );
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** Every invariant the drill promises; each broken one is a line. */
export async function checkBooks(ctx: ChaosContext): Promise<string[]> {
  const problems: string[] = [];
  const { db, telegram, pakasir, botToken } = ctx;

  // Money the gateway took is never lost: each completed transaction paid its order or deposit.
  for (const txn of pakasir.transactions().filter((t) => t.status === 'completed')) {
    const order = await db
      .selectFrom('orders')
      .select(['status', 'user_id'])
      .where('id', '=', txn.orderId)
      .executeTakeFirst();
    const deposit = await db
      .selectFrom('deposits')
      .select('status')
      .where('id', '=', txn.orderId)
      .executeTakeFirst();
    if (order && order.status !== 'delivered') {
      // A payment after the order closed becomes balance (a late payment).
      const late = await db
        .selectFrom('balance_ledger')
        .select('id')
        .where('reason', '=', 'late_payment')
        .where('ref', 'like', `%${txn.orderId}%`)
        .executeTakeFirst();
      if (!late) {
        const rows = await db
          .selectFrom('payments')
          .select(['txn_id', 'status'])
          .where('ref_id', '=', txn.orderId)
          .execute();
        const journal = await db
          .selectFrom('actor_journal')
          .select(['revision', 'state_after', sql<string>`event->>'type'`.as('event')])
          .where('kind', '=', 'order')
          .where('actor_id', '=', txn.orderId)
          .orderBy('revision')
          .execute();
        const actor = await db
          .selectFrom('actors')
          .select(['state', 'status'])
          .where('kind', '=', 'order')
          .where('id', '=', txn.orderId)
          .executeTakeFirst();
        problems.push(
          `order ${txn.orderId} was paid at the gateway (${txn.txnId}) but is ${order.status}; payments: ${JSON.stringify(rows)}; actor: ${JSON.stringify(actor)}; journal: ${journal.map((j) => `${j.revision}:${j.event}→${j.state_after}`).join(' ')}`,
        );
      }
    }
    if (deposit && deposit.status !== 'paid') {
      const late = await db
        .selectFrom('balance_ledger')
        .select('id')
        .where('ref', 'like', `%${txn.orderId}%`)
        .executeTakeFirst();
      if (!late) {
        const rows = await db
          .selectFrom('payments')
          .select(['txn_id', 'status'])
          .where('ref_id', '=', txn.orderId)
          .execute();
        problems.push(
          `deposit ${txn.orderId} was paid at the gateway (${txn.txnId}) but is ${deposit.status}; payments: ${JSON.stringify(rows)}`,
        );
      }
    }
    if (!order && !deposit) problems.push(`gateway transaction ${txn.orderId} has no order or deposit`);
  }

  // Delivered exactly once, with exactly the items bought.
  const orders = await db.selectFrom('orders').select(['id', 'user_id', 'status']).execute();
  const items = await db
    .selectFrom('order_items')
    .select(['order_id', sql<number>`sum(quantity)`.as('quantity')])
    .groupBy('order_id')
    .execute();
  const bought = new Map(items.map((i) => [i.order_id, Number(i.quantity)]));
  const sold = await db
    .selectFrom('stock_items')
    .select(['order_id', 'status', sql<number>`count(*)`.as('n')])
    .where('order_id', 'is not', null)
    .groupBy(['order_id', 'status'])
    .execute();
  const soldBy = new Map<string, number>();
  for (const row of sold) {
    if (row.status === 'sold') soldBy.set(row.order_id!, Number(row.n));
    else if (row.status === 'reserved') {
      const order = orders.find((o) => o.id === row.order_id);
      if (order && FINAL_ORDER.includes(order.status))
        problems.push(`order ${row.order_id} is ${order.status} but still holds ${row.n} reserved item(s)`);
    }
  }
  for (const order of orders) {
    if (!FINAL_ORDER.includes(order.status) && order.status !== 'awaiting_payment')
      problems.push(`order ${order.id} is stuck in ${order.status}`);
    const sent = telegram
      .chat(botToken, order.user_id)
      .events()
      .filter(
        (m) =>
          m.kind === 'message' &&
          m.from === 'bot' &&
          DELIVERED.test(m.text ?? '') &&
          (m.text ?? '').includes(order.id),
      );
    const copies = sent.length;
    if (order.status === 'delivered') {
      if (copies === 0) problems.push(`order ${order.id} is delivered but its buyer got nothing`);
      // Telegram accepted the items, then the process died before recording it: the next
      // attempt sends the same items again rather than risk a paid order without them.
      // Only that is allowed: a kill between the copies, and the very same items.
      for (let i = 1; i < copies; i++) {
        const [a, b] = [sent[i - 1]!, sent[i]!];
        const killed = ctx.kills.some((k) => k >= a.at && k <= b.at);
        if (killed && a.text === b.text)
          ctx.counted.redelivered_after_kill = (ctx.counted.redelivered_after_kill ?? 0) + 1;
        else problems.push(`order ${order.id} was delivered ${copies} times without a kill in between`);
      }
      if ((soldBy.get(order.id) ?? 0) !== bought.get(order.id))
        problems.push(
          `order ${order.id} bought ${bought.get(order.id)} but holds ${soldBy.get(order.id) ?? 0} sold item(s)`,
        );
    } else {
      if (copies !== 0)
        problems.push(`order ${order.id} is ${order.status} but was delivered ${copies} times`);
      if (soldBy.has(order.id)) problems.push(`order ${order.id} is ${order.status} but holds sold items`);
    }
  }

  // No stock oversold: never more sold than imported, no item in two orders.
  const { rows: stockRows } = await sql<{ code: string; total: number; sold: number }>`
    SELECT p.code, count(s.id) AS total, count(s.id) FILTER (WHERE s.status = 'sold') AS sold
    FROM products p LEFT JOIN stock_items s ON s.product_id = p.id GROUP BY p.code`.execute(db);
  for (const row of stockRows)
    if (Number(row.sold) > Number(row.total)) problems.push(`${row.code}: ${row.sold} sold of ${row.total}`);

  // The ledger: never negative, and each user's sum is the money that made it.
  const { rows: ledger } = await sql<{ user_id: number; balance: number; negative_ever: boolean }>`
    SELECT user_id, sum(amount) AS balance,
      bool_or(running < 0) AS negative_ever
    FROM (SELECT user_id, amount, sum(amount) OVER (PARTITION BY user_id ORDER BY id) AS running
          FROM balance_ledger) entries
    GROUP BY user_id`.execute(db);
  const { rows: expected } = await sql<{ user_id: number; expected: number }>`
    SELECT user_id, sum(amount) AS expected FROM (
      SELECT user_id, amount FROM deposits WHERE status = 'paid'
      UNION ALL
      SELECT o.user_id, -o.total FROM orders o
        WHERE o.payment_method = 'balance' AND o.status IN ('paid', 'delivered', 'undelivered')
      UNION ALL
      SELECT user_id, amount FROM balance_ledger WHERE reason = 'late_payment'
    ) moves GROUP BY user_id`.execute(db);
  const want = new Map(expected.map((r) => [Number(r.user_id), Number(r.expected)]));
  for (const row of ledger) {
    const balance = Number(row.balance);
    if (row.negative_ever) problems.push(`user ${row.user_id}: the balance went below zero`);
    if (balance !== (want.get(Number(row.user_id)) ?? 0))
      problems.push(
        `user ${row.user_id}: ledger ${balance}, deposits and orders say ${want.get(Number(row.user_id)) ?? 0}`,
      );
    want.delete(Number(row.user_id));
  }
  for (const [userId, amount] of want)
    if (amount !== 0) problems.push(`user ${userId}: no ledger but deposits and orders say ${amount}`);

  // No actor half-way: nothing in flight, no dead letter.
  const moving = await inFlight(db);
  if (moving > 0) problems.push(`${moving} order(s), deposit(s) or effect(s) still in flight`);
  const { rows: dead } = await sql<{ n: number }>`
    SELECT count(*) AS n FROM pgboss.job WHERE dead_letter = 'actor-effects-dead' AND state = 'failed'`.execute(
    db,
  );
  if (Number(dead[0]?.n ?? 0) > 0) problems.push(`${dead[0]?.n} effect(s) dead-lettered`);
  return problems;
}
