import type { Db } from '../infra/db.ts';

/** One buyer's data as a JSON document: never stock contents, message texts or gateway payloads. */
export interface UserExport {
  exportedAt: string;
  user: Record<string, unknown>;
  orders: Record<string, unknown>[];
  ledger: Record<string, unknown>[];
  deposits: Record<string, unknown>[];
  payments: Record<string, unknown>[];
  deliveries: Record<string, unknown>[];
  voucherRedemptions: Record<string, unknown>[];
}

/** Everything the shop keeps about one buyer, or null when there is no such user. */
export async function exportUser(db: Db, userId: number): Promise<UserExport | null> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  const orders = await db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const orderIds = orders.map((o) => o.id);
  const items = orderIds.length
    ? await db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).execute()
    : [];
  const deposits = await db
    .selectFrom('deposits')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const refs = [...orderIds, ...deposits.map((d) => d.id)];
  return {
    exportedAt: new Date().toISOString(),
    user,
    orders: orders.map((order) => ({ ...order, items: items.filter((item) => item.order_id === order.id) })),
    ledger: await db
      .selectFrom('balance_ledger')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute(),
    deposits,
    payments: refs.length
      ? await db
          .selectFrom('payments')
          .select([
            'ref_id',
            'purpose',
            'txn_id',
            'method',
            'amount',
            'fee',
            'total',
            'status',
            'created_at',
            'completed_at',
          ])
          .where('ref_id', 'in', refs)
          .orderBy('id')
          .execute()
      : [],
    // Metadata only: what was delivered is the stock item itself.
    deliveries: orderIds.length
      ? (
          await db
            .selectFrom('deliveries')
            .select(['order_id', 'status', 'attempts', 'message_ids', 'sent_at'])
            .where('order_id', 'in', orderIds)
            .execute()
        ).map(({ message_ids, ...rest }) => ({ ...rest, messages: message_ids.length }))
      : [],
    voucherRedemptions: await db
      .selectFrom('voucher_redemptions')
      .innerJoin('vouchers', 'vouchers.id', 'voucher_redemptions.voucher_id')
      .select(['vouchers.code', 'voucher_redemptions.order_id', 'voucher_redemptions.created_at'])
      .where('voucher_redemptions.user_id', '=', userId)
      .execute(),
  };
}
