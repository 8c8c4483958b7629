import { listUserOrders, type OrderDetail } from '../../shop/orders.ts';
import { paidAmount } from '../../shop/pricing.ts';
import type { BotDeps } from '../context.ts';
import { localTime } from '../format.ts';
import type { Lang, Texts } from '../i18n.ts';
import { historyKeyboard } from '../keyboards/history.ts';
import type { Screen } from './screen.ts';
import { fitLines, TEXT_LIMIT, visibleLength } from './telegram-limits.ts';

/** At most this many orders on a page; fewer when their text would pass Telegram's limit. */
export const ORDERS_PER_PAGE = 5;
/** The history browses a buyer's newest orders, up to this many. */
export const HISTORY_ORDERS = 200;

interface HistoryPage {
  orders: OrderDetail[];
  entries: string[];
}

export async function historyScreen(
  deps: Pick<BotDeps, 'db' | 'config'>,
  t: Texts,
  lang: Lang,
  userId: number,
  page: number,
): Promise<Screen & { orderIds: string[] }> {
  const list = await listUserOrders(deps.db, userId, { page: 1, pageSize: HISTORY_ORDERS });
  if (list.total === 0) return { text: t.history.empty, orderIds: [] };
  // The widest title any page can get, so every page fits whatever its number.
  const budget = TEXT_LIMIT - visibleLength(t.history.title(HISTORY_ORDERS, HISTORY_ORDERS, list.total)) - 2;
  const pages = paginate(
    list.items.map((order) => ({ order, entry: renderEntry(deps, t, lang, order, budget) })),
    budget,
  );
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages.length);
  const shown = pages[current - 1]!;
  const text = [t.history.title(current, pages.length, list.total), '', shown.entries.join('\n\n')].join(
    '\n',
  );
  return {
    text,
    keyboard: historyKeyboard(t, { orders: shown.orders, page: current, pages: pages.length }),
    // The orders shown, so the message can be re-rendered when one of them moves on.
    orderIds: shown.orders.map((order) => order.id),
  };
}

/** One order; an order too long for a page on its own shows its first items, then "+k more". */
function renderEntry(
  deps: Pick<BotDeps, 'config'>,
  t: Texts,
  lang: Lang,
  order: OrderDetail,
  budget: number,
): string {
  const items = order.items.map((item) => t.history.item(item.productName, item.quantity));
  return fitLines(items, budget, (kept, omitted) =>
    t.history.entry({
      orderId: order.id,
      date: localTime(order.createdAt, deps.config.BOT_TIMEZONE, lang),
      items: omitted > 0 ? [...kept, t.history.more(omitted)] : kept,
      ...paidAmount(order),
      status: t.history.status[order.status],
    }),
  ).text;
}

/** Fills pages in order, each up to ORDERS_PER_PAGE entries and `budget` characters. */
function paginate(rendered: { order: OrderDetail; entry: string }[], budget: number): HistoryPage[] {
  const pages: HistoryPage[] = [];
  let page: HistoryPage = { orders: [], entries: [] };
  let length = 0;
  for (const { order, entry } of rendered) {
    const size = visibleLength(entry);
    const full = page.entries.length === ORDERS_PER_PAGE || length + 2 + size > budget;
    if (page.entries.length > 0 && full) {
      pages.push(page);
      page = { orders: [], entries: [] };
      length = 0;
    }
    length += (page.entries.length > 0 ? 2 : 0) + size;
    page.orders.push(order);
    page.entries.push(entry);
  }
  pages.push(page);
  return pages;
}
