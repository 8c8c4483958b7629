import { listUserOrders } from '../../shop/orders.ts';
import { paidAmount } from '../../shop/pricing.ts';
import type { BotDeps } from '../context.ts';
import { localTime } from '../format.ts';
import type { Lang, Texts } from '../i18n.ts';
import { historyKeyboard } from '../keyboards/history.ts';
import type { Screen } from './screen.ts';

export const ORDERS_PER_PAGE = 5;

export async function historyScreen(
  deps: Pick<BotDeps, 'db' | 'config'>,
  t: Texts,
  lang: Lang,
  userId: number,
  page: number,
): Promise<Screen & { orderIds: string[] }> {
  const list = await listUserOrders(deps.db, userId, { page, pageSize: ORDERS_PER_PAGE });
  if (list.total === 0) return { text: t.history.empty, orderIds: [] };
  const entries = list.items.map((order) =>
    t.history.entry({
      orderId: order.id,
      date: localTime(order.createdAt, deps.config.BOT_TIMEZONE, lang),
      items: order.items.map((item) => t.history.item(item.productName, item.quantity)),
      ...paidAmount(order),
      status: t.history.status[order.status],
    }),
  );
  const text = [t.history.title(list.page, list.pages, list.total), '', entries.join('\n\n')].join('\n');
  const keyboard = historyKeyboard(t, { orders: list.items, page: list.page, pages: list.pages });
  // The orders shown, so the message can be re-rendered when one of them moves on.
  return { text, keyboard, orderIds: list.items.map((order) => order.id) };
}
