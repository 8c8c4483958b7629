import type { Api } from 'grammy';
import type { Config } from '../../infra/config.ts';
import type { OrderStatus } from '../../infra/database.ts';
import type { Db } from '../../infra/db.ts';
import type { Logger } from '../../infra/logger.ts';
import { getOrder } from '../../shop/orders.ts';
import { type Texts, texts } from '../i18n.ts';
import { historyScreen } from '../views/history.ts';
import { isNotModified, markup, type Screen } from '../views/screen.ts';
import { forgetScreen, screensShowing, trackScreen } from './tracked.ts';

export interface ScreenDeps {
  db: Db;
  api: Api;
  config: Config;
  logger: Logger;
}

/** The cart message's text once its order has moved on; null while it is still being placed. */
export function checkoutNote(t: Texts, order: { id: string; status: OrderStatus }): string | null {
  switch (order.status) {
    case 'reserving':
      return null;
    case 'awaiting_payment':
      return t.cart.placed.awaiting_payment(order.id);
    case 'paid':
    case 'delivered':
    case 'undelivered':
      return t.cart.placed.paid(order.id);
    case 'refused':
    case 'failed':
      return t.cart.placed.refused(order.id);
    case 'expired':
    case 'cancelled':
    case 'refunded':
      return t.cart.placed.closed(order.id, t.history.status[order.status]);
  }
}

/** A message that is gone or can no longer be edited: stop tracking it. */
function isGoneMessage(error: unknown): boolean {
  const description = (error as { description?: string } | null)?.description ?? '';
  return /message to edit not found|can't be edited|message not found/i.test(description);
}

async function edit(deps: ScreenDeps, chatId: number, messageId: number, screen: Screen): Promise<void> {
  try {
    await deps.api.editMessageText(chatId, messageId, screen.text, {
      parse_mode: 'HTML',
      reply_markup: markup(screen.keyboard),
      link_preview_options: { is_disabled: true },
    });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}

/**
 * Edits every tracked message that shows the order to the order's current state: the
 * cart's "being placed" note and history pages. Best effort: a screen that cannot be
 * edited is dropped and logged, and never fails the order's own work. `checkoutNote: false`
 * leaves the cart's note alone (a caller that knows it reads the same as before).
 */
export async function refreshOrderScreens(
  deps: ScreenDeps,
  orderId: string,
  options: { checkoutNote?: boolean } = {},
): Promise<void> {
  try {
    const tracked = await screensShowing(deps.db, orderId);
    const screens = options.checkoutNote === false ? tracked.filter((s) => s.screen !== 'checkout') : tracked;
    if (screens.length === 0) return;
    const order = await getOrder(deps.db, orderId);
    if (!order) return;
    for (const s of screens) {
      const t = texts(s.lang);
      try {
        if (s.screen === 'checkout') {
          const note = checkoutNote(t, order);
          if (note) await edit(deps, s.chat_id, s.message_id, { text: note });
          continue;
        }
        const page = await historyScreen(deps, t, s.lang, s.chat_id, s.page);
        await edit(deps, s.chat_id, s.message_id, page);
        await trackScreen(deps.db, {
          chatId: s.chat_id,
          messageId: s.message_id,
          screen: 'history',
          orderIds: page.orderIds,
          page: s.page,
          lang: s.lang,
        });
      } catch (error) {
        if (isGoneMessage(error)) await forgetScreen(deps.db, s.chat_id, s.message_id);
        else deps.logger.warn({ err: error, orderId, screen: s.screen }, 'screen not refreshed');
      }
    }
  } catch (error) {
    deps.logger.warn({ err: error, orderId }, 'screens not refreshed');
  }
}
